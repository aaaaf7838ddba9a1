import Diagnostics
import Foundation
import ICalendar
import Planner
import Testing

/// Ids follow one grammar in both programme forms; every edge case is one located `invalid-id`.
@Suite("ids: one grammar, checked where they are read")
struct IDGrammarTests {
    /// The kinds of id, each as it appears in ``programme(_:_:)``.
    enum Kind: String, CaseIterable { case programme, venue, room, activity, session, person }

    /// The edge cases outside the grammar and a part of the reason each gives.
    static let invalid: [(String, String)] = [
        ("round-1..2", "contains '..'"),
        ("a..", "contains '..'"),
        ("/etc", "contains '/'"),
        ("a/b", "contains '/'"),
        ("a\\b", "contains '\\'"),
        ("s1\u{0}X", "contains a NUL character"),
        ("a\nb", "a control character (U+000A)"),
        ("tab\there", "a control character (U+0009)"),
        ("del\u{7F}", "a control character (U+007F)"),
        (".hidden", "starts with '.'"),
        ("..", "starts with '.'"),
        ("a b", "contains a space"),
        ("ñandú", "a non-ASCII character"),
        ("a:b", "contains ':'"),
        (String(repeating: "x", count: 101), "is 101 characters long; an id has at most 100"),
        (String(repeating: "y", count: 300), "is 300 characters long; an id has at most 100"),
    ]

    /// Ids inside the grammar, at its edges.
    static let valid = ["a", "A", "0", "a.b", "a_b-c.1", "x.", "-", "_", "a.b.c", String(repeating: "z", count: 100)]

    /// A JSON string literal (also a YAML double-quoted scalar): only `"`, `\` and control characters escaped.
    static func literal(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where u.value < 0x20 || u.value == 0x7F:
                let h = String(u.value, radix: 16, uppercase: true)
                out += "\\u" + String(repeating: "0", count: 4 - h.count) + h
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    /// A programme, valid in YAML and JSON alike, with the id of `kind` (and every reference to it) `id`.
    static func programme(_ kind: Kind, _ id: String) -> String {
        func v(_ k: Kind, _ normal: String) -> String { k == kind ? literal(id) : literal(normal) }
        return """
        {"programme": {"id": \(v(.programme, "t")), "title": "T", "organiser": {"name": "S", "email": "s@example.org"},
          "updated": "2024-03-01T12:00:00Z"},
         "people": [
          {"id": \(v(.person, "p1")), "name": "Ana"}],
         "venues": [
          {"id": \(v(.venue, "cepal")), "name": "ECLAC", "city": "Santiago", "country": "CHL", "timezone": "America/Santiago",
           "rooms": [
            {"id": \(v(.room, "plenary")), "capacity": 400}]}],
         "activities": [
          {"id": \(v(.activity, "a1")), "kind": "ministerial", "title": "A", "venue": \(v(.venue, "cepal")), "status": "confirmed",
           "start": "2024-09-07", "end": "2024-09-09", "sessions": [
            {"id": \(v(.session, "s1")), "title": "Opening", "room": \(v(.room, "plenary")), "chairs": [\(v(.person, "p1"))],
             "start": "2024-09-07T09:00", "end": "2024-09-07T10:30"}]}]}

        """
    }

    /// The line of the id of `kind` in ``programme(_:_:)``.
    static func line(_ kind: Kind) -> Int {
        switch kind {
        case .programme: return 1
        case .person: return 4
        case .venue: return 6
        case .room: return 8
        case .activity: return 10
        case .session: return 12
        }
    }

    func load(_ text: String, _ path: String) -> (Programme?, [Diagnostic]) {
        do throws(DiagnosticError) {
            let r = try ProgrammeLoader(zones: SystemZones()).load(text: text, path: path)
            return (r.programme, r.diagnostics)
        } catch {
            return (nil, error.diagnostics)
        }
    }

    @Test("every edge case outside the grammar is one invalid-id error at the id, in YAML and in JSON",
          arguments: Kind.allCases)
    func invalidIDs(_ kind: Kind) {
        for (id, reason) in Self.invalid {
            for path in ["p.yaml", "p.json"] {
                let (programme, found) = load(Self.programme(kind, id), path)
                #expect(programme == nil)
                let errors = found.filter { $0.severity == .error }
                #expect(errors.map(\.code) == ["invalid-id"], "\(kind) \(Quoting.bounded(id)) in \(path): \(errors.map(\.message))")
                guard let e = errors.first else { continue }
                #expect(e.location?.file == path)
                #expect(e.location?.line == Self.line(kind), "\(kind) \(Quoting.bounded(id)) in \(path)")
                #expect(e.message.contains(reason), "\(e.message)")
                #expect(e.message.count < 300, "the message quotes at most 80 characters of the id")
                #expect(!e.message.contains("\n") && !e.message.contains("\u{0}"))
                #expect(FileNameComponent(id) == nil)
            }
        }
    }

    @Test("ids at the grammar's edges load, in YAML and in JSON, and are their own file names", arguments: Kind.allCases)
    func validIDs(_ kind: Kind) {
        for id in Self.valid {
            for path in ["p.yaml", "p.json"] {
                let (programme, found) = load(Self.programme(kind, id), path)
                #expect(programme != nil, "\(kind) '\(id)' in \(path): \(found.map(\.message))")
                #expect(FileNameComponent(id)?.text == id)
            }
        }
    }

    @Test("two ids of one kind that differ only in case are a duplicate-id at the second")
    func caseFolding() {
        let two = """
        {"programme": {"id": "t", "title": "T", "organiser": {"name": "S", "email": "s@example.org"}, "updated": "2024-03-01T12:00:00Z"},
         "people": [{"id": "Ana", "name": "A"},
          {"id": "ana", "name": "B"}],
         "venues": [{"id": "v", "name": "V", "city": "C", "country": "CHL", "timezone": "America/Santiago",
           "rooms": [{"id": "R1"},
            {"id": "r1"}]},
          {"id": "V", "name": "W", "city": "C", "country": "CHL", "timezone": "America/Santiago", "rooms": [{"id": "r"}]}],
         "activities": [{"id": "Round", "kind": "other", "title": "A", "status": "tentative", "start": "2024-09"},
          {"id": "ROUND", "kind": "other", "title": "B", "status": "tentative", "start": "2024-09"}]}
        """
        for path in ["p.yaml", "p.json"] {
            let errors = load(two, path).1.filter { $0.severity == .error }
            #expect(errors.map { "\($0.location?.line ?? 0) \($0.code)" } == ["3 duplicate-id", "6 duplicate-id", "7 duplicate-id", "9 duplicate-id"],
                    "\(errors.map(\.message))")
            #expect(errors.first?.message == "person id 'ana' differs from 'Ana' (line 2) only in case; "
                    + "file systems that ignore case would give both one file, so rename one")
        }
    }

    @Test("a name made for an id outside the grammar (a programme built in code) is inside it, stable and distinct")
    func standInNames() {
        var seen: Set<String> = []
        for (id, _) in Self.invalid {
            let name = FileNameComponent(naming: id).text
            #expect(IDGrammar.problem(name) == nil, "\(name)")
            #expect(name == FileNameComponent(naming: id).text)
            #expect(seen.insert(name).inserted, "\(Quoting.bounded(id)) and another id share '\(name)'")
        }
        for id in Self.valid { #expect(FileNameComponent(naming: id).text == id) }
    }
}
