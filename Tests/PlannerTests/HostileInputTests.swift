import Diagnostics
import Foundation
import ICalendar
import Planner
import Testing

/// The bad-input corpus for the programme loader: every case fails with one exact, located error
/// (the CLI turns it into exit code 2; see Tests/CLITests/FailureTests.swift), and quickly.
@Suite("programme loader: hostile input")
struct HostileInputTests {
    private func text(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/hostile/\(name)", withExtension: "yaml"))
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }

    private func errors(_ text: String) -> [String] { loadErrors(text, path: "p.yaml") }

    @Test("the base fixture loads, so every case below fails for its one change")
    func baseLoads() throws {
        #expect(errors(try text("base")) == ["loaded"])
    }

    @Test("an empty file, and one of blank lines and comments")
    func empty() {
        let expected = ["1:1: the file is empty; a programme needs 'programme', 'venues' and 'activities' [empty-file]"]
        #expect(errors("") == expected)
        #expect(errors("\n\n# nothing yet\n") == expected)
    }

    @Test("a truncated file stops at the end of the text, where the flow mapping is left open")
    func truncated() throws {
        #expect(errors(try text("truncated")) == [
            "24:1: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 23) [yaml-syntax]"
        ])
    }

    @Test("a NUL byte is refused with its line")
    func nul() throws {
        #expect(errors(try text("nul")) == ["9:1: the file contains a NUL byte; it is not a text file [invalid-text]"])
    }

    @Test("a 10 MB single line is refused with its place and without echoing it")
    func longLine() {
        let huge = String(repeating: "x", count: 10 * 1024 * 1024)
        #expect(errors(huge + ": 1\n") == ["1:10485761: invalid YAML: mapping values are not allowed in this context [yaml-syntax]"])
        let value = errors("programme: {id: \"" + huge + "\"\n")
        #expect(value.count == 1)
        #expect(value.first?.hasSuffix("[yaml-syntax]") == true)
        #expect(value.allSatisfy { $0.count < 500 }, "a message echoes the long line")
    }

    @Test("deep nesting is refused before Yams recurses into it", arguments: [
        ("flow", String(repeating: "[", count: 100_000), "1:75"),
        ("block", (0..<10_000).map { String(repeating: " ", count: $0) + "- a:\n" }.joined(), "64:64"),
        ("compact", String(repeating: "- ", count: 50_000) + "x\n", "1:138"),
    ])
    func deepNesting(_ shape: String, _ text: String, _ place: String) {
        _ = shape
        #expect(errors("programme: " + text) == ["\(place): the YAML nests more than 64 levels deep here; a programme needs about 8 [yaml-too-deep]"])
    }

    @Test("an alias bomb (billion laughs) is refused at its first anchor, before anything is expanded")
    func aliasBomb() throws {
        #expect(errors(try text("alias-bomb")) == [
            "2:7: an anchor ('&') is not allowed in a programme; write the value out in full (quote a text that starts with '&') [yaml-anchor]"
        ])
    }

    @Test("an alias alone is refused too, and a quoted star or ampersand is plain text")
    func aliasAlone() throws {
        let base = try text("base")
        #expect(errors(base.replacingOccurrences(of: "city: Santiago", with: "city: *santiago")) == [
            "10:11: an alias ('*') is not allowed in a programme; write the value out in full (quote a text that starts with '*') [yaml-anchor]"
        ])
        #expect(errors(base.replacingOccurrences(of: "city: Santiago", with: "city: '*Santiago & Co'")) == ["loaded"])
        #expect(errors(base.replacingOccurrences(of: "city: Santiago", with: "city: R&D * 2 # &x")) == ["loaded"])
        #expect(errors(base.replacingOccurrences(of: "city: Santiago", with: "city: |\n      *Santiago\n      &x")) == ["loaded"])
    }

    @Test("duplicate keys")
    func duplicateKeys() throws {
        #expect(errors(try text("duplicate-keys")) == ["10:5: key 'city' appears twice in one mapping; keep one [duplicate-key]"])
    }

    @Test("wrong types are each reported at their value")
    func wrongTypes() throws {
        #expect(errors(try text("wrong-types")) == [
            "13:37: 'capacity' must be a whole number of at least 1, not 'many' [wrong-type]",
            "17:12: the activity's 'title' must be a text or a mapping of language codes to texts ({en: ..., es: ...}) [wrong-type]",
        ])
    }

    @Test("2024-02-30 does not exist")
    func february30() throws {
        #expect(errors(try text("february-30")) == [
            "23:62: 'start' of session 's1' is '2024-02-30T09:00'; write a date and time that exist, such as 2024-12-11T09:00 [invalid-time]"
        ])
    }

    @Test("an unknown time zone names the venue and the way out")
    func unknownZone() throws {
        #expect(errors(try text("unknown-zone")) == [
            "12:15: unknown time zone 'America/Atlantis' for venue 'cepal'; use an IANA name such as America/Santiago or Europe/Zurich [unknown-timezone]"
        ])
    }

    @Test("America/Santiago 2024-09-08T00:30 falls in the DST gap: an error, never shifted")
    func dstGap() throws {
        #expect(errors(try text("dst-gap")) == [
            "23:62: 2024-09-08T00:30 does not exist in America/Santiago: clocks jump from UTC-04:00 to UTC-03:00 (daylight saving); move session 's1' out of the gap [nonexistent-local-time]"
        ])
    }

    @Test("Europe/Zurich 2024-10-27T02:30 happens twice: an error, never guessed")
    func dstOverlap() throws {
        #expect(errors(try text("dst-overlap")) == [
            "23:62: 2024-10-27T02:30 happens twice in Europe/Zurich (at 2024-10-27T00:30:00Z, UTC+02:00, and at 2024-10-27T01:30:00Z, UTC+01:00); move session 's1' out of the repeated hour [ambiguous-local-time]"
        ])
    }

    @Test("a programme over the size limit is refused before parsing")
    func tooLarge() {
        #expect(ProgrammeLoader.maximumSize == 256 * 1024 * 1024)
    }

    @Test("a session text over its limit is one located text-too-long error; at the limit it loads")
    func textLimits() throws {
        let base = try text("base")
        func with(_ field: String, _ size: Int) -> String {
            base.replacingOccurrences(of: "{id: s1, title: {en: Opening},", with: "{id: s1, \(field): {en: \"\(String(repeating: "d", count: size))\"}, title: {en: Opening},")
                .replacingOccurrences(of: "title: {en: Opening}, title", with: "title")
        }
        #expect(errors(with("description", TextLimits.text)) == ["loaded"])
        #expect(errors(with("description", TextLimits.text + 1)) == [
            "23:36: the session's 'description' in 'en' has 65537 bytes; the limit is 65536 bytes (descriptions and notes): "
                + "shorten it or publish the long text elsewhere and link it [text-too-long]",
        ])
        let title = base.replacingOccurrences(of: "title: {en: Opening}", with: "title: {en: \"\(String(repeating: "t", count: TextLimits.title + 1))\"}")
        #expect(errors(title) == [
            "23:30: the session's 'title' in 'en' has 2001 bytes; the limit is 2000 bytes (titles and names): "
                + "shorten it or publish the long text elsewhere and link it [text-too-long]",
        ])
        let huge = base.replacingOccurrences(of: "title: {en: Opening}", with: "title: {en: Opening}, description: \"\(String(repeating: "x", count: 2_000_000))\"")
        let found = errors(huge)
        #expect(found.count == 1 && found[0].hasSuffix("[text-too-long]") && found[0].count < 300, "\(found.map { $0.prefix(200) })")
    }

    @Test("a text far over the limit, in any YAML style and under any key, is one text-too-long error at its place, with its size", arguments: [
        // (the line changed, what replaces it, the expected message's start, its place)
        ("end: 2024-09-09", "end: 2024-09-09\n    description: |\n      HUGE\n      more", "the activity's 'description' has 3000006 bytes; the limit is 65536 bytes", "21:18"),
        ("end: 2024-09-09", "end: 2024-09-09\n    description: >-\n\n      HUGE\n       more", "the activity's 'description' has 3000007 bytes; the limit is 65536 bytes", "21:18"),
        ("end: 2024-09-09", "end: 2024-09-09\n    note: HUGE\n      more", "'note' has 3000005 bytes; the limit is 65536 bytes", "21:11"),
        ("end: 2024-09-09", "end: 2024-09-09\n    note: {es: 'HUGE'}", "'note' in 'es' has 3000000 bytes; the limit is 65536 bytes", "21:16"),
        ("title: {en: A}", "title: \"HUGE\\u00e9\"", "the activity's 'title' has 3000002 bytes; the limit is 2000 bytes", "17:12"),
        ("end: 2024-09-09", "end: 2024-09-09\n    venue: HUGE", "'venue' has 3000000 bytes; no text may be longer than 65536 bytes", "21:12"),
    ])
    func hugeTexts(_ line: String, _ replacement: String, _ message: String, _ place: String) throws {
        let huge = String(repeating: "x", count: 3_000_000)
        let changed = try text("base").replacingOccurrences(of: "    venue: cepal\n", with: "")
            .replacingOccurrences(of: "    sessions:\n      - {id: s1, title: {en: Opening}, room: plenary, start: 2024-09-07T09:00, end: 2024-09-07T10:30}", with: "")
            .replacingOccurrences(of: line, with: replacement.replacingOccurrences(of: "HUGE", with: huge))
        let found = errors(changed)
        #expect(found.count == 1, "\(found.map { $0.prefix(200) })")
        #expect(found.first?.hasPrefix("\(place): \(message)") == true, "\(found.map { $0.prefix(200) })")
        #expect(found.first?.hasSuffix("[text-too-long]") == true && (found.first?.count ?? 0) < 300)
    }

    @Test("a 300-character id and an id holding a NUL: one invalid-id each, quoted at most 80 characters")
    func hostileIDs() throws {
        let base = try text("base")
        let long = String(repeating: "i", count: 300)
        #expect(errors(base.replacingOccurrences(of: "- id: a1", with: "- id: \(long)")) == [
            "15:9: an activity's 'id' '\(long.prefix(79))…' is 300 characters long; an id has at most 100 [invalid-id]",
        ])
        #expect(errors(base.replacingOccurrences(of: "{id: s1,", with: #"{id: "s1\0X","#)) == [
            "23:14: a session's 'id' 's1\\u{0}X' contains a NUL character; ids use only ASCII letters, digits, '-', '_' and '.' [invalid-id]",
        ])
    }

    @Test("a message quotes at most 80 characters of a long value, whatever the check")
    func longValuesQuoted() throws {
        let base = try text("base")
        let long = String(repeating: "v", count: 5000)
        for changed in [base.replacingOccurrences(of: "    venue: cepal", with: "    venue: \(long)"),
                        base.replacingOccurrences(of: "country: CHL", with: "country: \(long)"),
                        base.replacingOccurrences(of: "timezone: America/Santiago", with: "timezone: \(long)"),
                        base.replacingOccurrences(of: "start: 2024-09-07\n", with: "start: \(long)\n")] {
            let found = errors(changed)
            #expect(!found.isEmpty && found != ["loaded"])
            for message in found {
                #expect(message.contains(String(repeating: "v", count: 79) + "…"), "\(message.prefix(200))")
                #expect(!message.contains(String(repeating: "v", count: 80)), "\(message.prefix(200))")
            }
        }
    }
}
