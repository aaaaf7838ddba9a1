import CivilTime
import Diagnostics
import Foundation
import ICalendar
@testable import Planner
import Testing

/// The programme with every location set to one place, so that the same content read from two
/// files (YAML and JSON) compares equal.
private func unlocated(_ p: Programme) -> Programme {
    let nowhere = SourceLocation(file: "-", line: 0, column: 0)
    var p = p
    p.file = "-"
    p.location = nowhere
    for i in p.venues.indices {
        p.venues[i].location = nowhere
        for r in p.venues[i].rooms.indices { p.venues[i].rooms[r].location = nowhere }
    }
    for i in p.activities.indices {
        p.activities[i].location = nowhere
        for s in p.activities[i].sessions.indices { p.activities[i].sessions[s].location = nowhere }
    }
    for i in p.people.indices { p.people[i].location = nowhere }
    for i in p.transfers.rules.indices { p.transfers.rules[i].location = nowhere }
    return p
}

private func fixture(_ name: String, _ ext: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: ext))
    return try String(contentsOf: url, encoding: .utf8)
}

/// The repository's root, found from this file.
private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A node tree written back as JSON with every scalar as a string: the same content in the other form.
private func json(_ node: ProgrammeNode) -> String {
    func quoted(_ s: String) -> String {
        let data = try! JSONEncoder().encode(s)
        return String(decoding: data, as: UTF8.self)
    }
    switch node.content {
    case .scalar(let s): return quoted(s)
    case .sequence(let items): return "[" + items.map(json).joined(separator: ",\n") + "]"
    case .mapping(let pairs): return "{" + pairs.map { quoted($0.key.string ?? "") + ": " + json($0.value) }.joined(separator: ",\n") + "}"
    }
}

private func errors(_ text: String, path: String = "p.json") -> [String] { loadErrors(text, path: path) }

/// A valid JSON programme; `session` is on line 10, `venueExtra` on line 3.
private func programme(session: String = #"{"id": "s1", "title": "Opening", "room": "plenary", "start": "2024-12-11T09:00", "end": "2024-12-11T10:30"}"#,
                       venueExtra: String = "") -> String {
    """
    {"programme": {"id": "t", "title": {"en": "Test"}, "organiser": {"name": "S", "email": "s@example.org"},
                   "updated": "2024-03-01T12:00:00Z"},
     "venues": [{"id": "cepal", "name": "ECLAC", "city": "Santiago", "country": "CHL",\(venueExtra)
                 "timezone": "America/Santiago",
                 "rooms": [{"id": "plenary", "capacity": 400}]}],
     "activities": [
      {"id": "a1", "kind": "ministerial", "title": "A", "venue": "cepal", "status": "confirmed",
       "start": "2024-12-11", "end": "2024-12-12",
       "sessions": [
    \(session)
       ]}]}

    """
}

@Suite("programme loader: the JSON form")
struct JSONProgrammeTests {
    private let loader = ProgrammeLoader(zones: SystemZones())

    @Test("the form follows the extension, in any case")
    func formByPath() {
        #expect(ProgrammeFormat(path: "a/b.json") == .json)
        #expect(ProgrammeFormat(path: "B.JSON") == .json)
        #expect(ProgrammeFormat(path: "b.yaml") == .yaml)
        #expect(ProgrammeFormat(path: "json") == .yaml)
    }

    @Test("the mini fixture written as JSON (numbers as numbers) loads to the same programme as its YAML")
    func miniAgrees() throws {
        let yaml = try loader.load(text: try fixture("mini", "yaml"), path: "mini.yaml")
        let json = try loader.load(text: try fixture("mini", "json"), path: "mini.json")
        #expect(unlocated(json.programme) == unlocated(yaml.programme))
        #expect(json.diagnostics.map(\.code) == yaml.diagnostics.map(\.code))
        #expect(json.programme.venues[0].rooms[0].capacity == 700)
        #expect(json.programme.venues[0].geo == Geo(lat: 46.2266, lon: 6.1402))
    }

    @Test("the embedded programme, written back as JSON, loads to the same programme", arguments: [
        "Calendars/cartagena40.yaml", "Tests/PlannerTests/Fixtures/mini.yaml", "Tests/AgendaTests/Fixtures/agenda.yaml",
    ])
    func roundTrip(_ relative: String) throws {
        let path = repository.appendingPathComponent(relative).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let yaml = try loader.load(text: text, path: path)
        let tree = try YAMLReader.read(text, file: path)
        let json = try loader.load(text: json(tree), path: "p.json")
        #expect(unlocated(json.programme) == unlocated(yaml.programme))
        #expect(json.diagnostics.map(\.message) == yaml.diagnostics.map(\.message))
    }

    @Test("a value's place is its first character; columns count Unicode scalars")
    func places() throws {
        let text = programme(session: #"   {"id": "s-1", "title": "Ópening", "room": "plenary", "start": "2024-12-11T09:00", "end": "2024-12-11T10:30"}"#)
        let p = try loader.load(text: text, path: "p.json").programme
        #expect(p.activities[0].sessions[0].location == SourceLocation(file: "p.json", line: 10, column: 4))
        #expect(p.activities[0].location == SourceLocation(file: "p.json", line: 7, column: 3))
        #expect(p.venues[0].rooms[0].location == SourceLocation(file: "p.json", line: 5, column: 24))
    }

    @Test("the base JSON programme loads")
    func baseLoads() {
        #expect(errors(programme()) == ["loaded"])
    }

    @Test("a key written twice is an error at its first place, as in YAML")
    func duplicateKey() {
        let session = #"{"id": "s1", "title": "O", "room": "plenary", "start": "2024-12-11T09:00", "end": "2024-12-11T10:30", "room": "x"}"#
        #expect(errors(programme(session: session)) == ["10:28: key 'room' appears twice in one mapping; keep one [duplicate-key]"])
        let yaml = errors("a: {b: 1, c: 2, b: 3, c: 4}\n", path: "p.yaml")
        let json = errors(#"{"a": {"b": 1, "c": 2, "b": 3, "c": 4}}"#)
        #expect(yaml == ["1:5: key 'b', 'c' appears twice in one mapping; keep one [duplicate-key]"])
        #expect(json == ["1:8: key 'b', 'c' appears twice in one mapping; keep one [duplicate-key]"])
    }

    @Test("an unknown key names the nearest known one, at the key")
    func unknownKey() {
        let session = #"{"id": "s1", "title": "O", "rom": "plenary", "start": "2024-12-11T09:00", "end": "2024-12-11T10:30"}"#
        #expect(errors(programme(session: session)) == [
            "10:1: a session needs 'room' [missing-key]",
            "10:28: unknown key 'rom' in a session; did you mean 'room'? [unknown-key]",
        ])
    }

    @Test("a value of the wrong kind is an error at the value")
    func wrongType() {
        #expect(errors(programme(venueExtra: #" "geo": {"lat": "north", "lon": 1},"#)) == [
            "3:99: 'lat' must be a number from -90.0 to 90.0, not 'north' [wrong-type]"
        ])
        let session = #"{"id": ["s1"], "title": "O", "room": "plenary", "start": "2024-12-11T09:00", "end": "2024-12-11T10:30"}"#
        #expect(errors(programme(session: session)) == ["10:8: a session's 'id' must be a text value [wrong-type]"])
    }

    @Test("syntax errors are located at the offending character", arguments: [
        (#"{"programme": {"id": "t",}}"#, "1:26: invalid JSON: a comma before '}' (a trailing comma); remove it [json-syntax]"),
        (#"{"programme": [1, 2,]}"#, "1:21: invalid JSON: a comma before ']' (a trailing comma); remove it [json-syntax]"),
        ("{\"programme\": {\"id\" \"t\"}}", "1:21: invalid JSON: expected ':' after the key but found '\"' [json-syntax]"),
        ("{'programme': 1}", "1:2: invalid JSON: expected a key in double quotes but found ''' (in the object at line 1) [json-syntax]"),
        ("{\"a\": tru}", "1:7: invalid JSON: expected a value (an object, a list, a \"text\", a number, true, false or null) but found 't'; put texts in double quotes [json-syntax]"),
        ("{\"a\": 01}", "1:7: invalid JSON: a number with a leading zero; write it without, or in double quotes as a text [json-syntax]"),
        ("{\"a\": \"x\ny\"}", "1:9: invalid JSON: a line break inside a text (the text starts on line 1); close the text with '\"' or write the break as \\n [json-syntax]"),
        ("{\"a\": \"\\q\"}", "1:8: invalid JSON: an unknown escape in a text; use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX [json-syntax]"),
        ("{\"a\": \"\\ud800x\"}", "1:14: invalid JSON: a \\u escape of a high surrogate not followed by a low one; write the character itself [json-syntax]"),
        ("{\"a\": 1}\n{\"b\": 2}", "2:1: invalid JSON: unexpected '{' after the end of the JSON value; a file holds one object [json-syntax]"),
        ("{\"a\": [1,\n 2", "2:3: invalid JSON: the file ends inside the list at line 1; close it with ']' [json-syntax]"),
        ("{\"é\": \"ü\" x}", "1:11: invalid JSON: expected ',' or '}' but found 'x' (in the object at line 1) [json-syntax]"),
        ("  \n ", "1:1: the file is empty; a programme needs 'programme', 'venues' and 'activities' [empty-file]"),
    ])
    func syntax(_ text: String, _ expected: String) {
        #expect(errors(text) == [expected])
    }

    @Test("escapes decode to the characters they stand for")
    func escapes() throws {
        let session = #"{"id": "s1", "title": "\u00d3pening \"1\" \/ \ud83d\ude00\t", "room": "plenary", "start": "2024-12-11T09:00", "end": "2024-12-11T10:30"}"#
        let p = try loader.load(text: programme(session: session), path: "p.json").programme
        #expect(p.activities[0].sessions[0].title.text("en") == "Ópening \"1\" / 😀")
    }

    @Test("nesting deeper than 64 levels is refused at the bracket that goes too deep")
    func deep() {
        let text = String(repeating: "[", count: 100_000)
        #expect(errors(text) == ["1:65: the JSON nests more than 64 levels deep here; a programme needs about 8 [json-too-deep]"])
        let ok = "{\"programme\": " + String(repeating: "[", count: 60) + String(repeating: "]", count: 60) + "}"
        #expect(errors(ok).contains("1:15: 'programme' must be a mapping of keys to values [wrong-type]"))
    }

    @Test("a byte order mark and CRLF line ends are accepted")
    func bomAndCRLF() throws {
        let text = "\u{FEFF}" + programme().replacingOccurrences(of: "\n", with: "\r\n")
        let p = try loader.load(text: text, path: "p.json").programme
        #expect(p.activities[0].sessions[0].location.line == 10)
    }

    @Test("trimming matches Foundation's whitespace set", arguments: [
        "plain", " lead", "trail\t", "\u{00A0}nbsp\u{3000}", "  ", "", "\u{2003}é\u{200B}", "\u{200B}\u{200C}x\u{FEFF}", "a b", "\n keep newline\n",
    ])
    func trimming(_ s: String) {
        #expect(trimmedSpaces(s) == s.trimmingCharacters(in: .whitespaces))
    }
}
