import Checks
import Diagnostics
import Foundation
import Planner
@testable import Registrations
import Testing

@Suite("registration checks")
struct CheckTests {
    @Test("each check code finds exactly the planted problem")
    func everyCode() throws {
        let r = try check(fixture: "checks.csv")
        #expect(summary(r) == [
            "3 missing-field given name",
            "4 invalid-email email",
            "5 duplicate family name [2]",
            "6 duplicate-email email [2]",
            "7 unknown-delegation delegation",
            "8 unknown-activity activities",
            "9 unknown-session sessions",
            "10 overlapping-sessions sessions",
            "12 over-capacity sessions",
            "14 over-quota delegation [13]",
            "16 over-quota role [15]",
            // c1-closing: five picked it and the two heads on rows 15 and 16 registered for all of
            // c1, which takes a seat in it (as `check --registrations` counts them): 7 for 5 seats.
            "16 over-capacity sessions",
            "17 formula-injection notes",
            "18 dates-outside arrival",
            "19 dates-outside departure",
        ])
        #expect(r.report.rows == 18)
        #expect(r.report.errorCount == 12)
        #expect(r.report.warningCount == 3)
    }

    @Test("messages name the row's field and value only")
    func messages() throws {
        let f = try check(fixture: "checks.csv").report.findings
        func message(_ code: String) -> String? { f.first { $0.code == code }?.message }
        #expect(message("duplicate") == "'ana PEREZ' of delegation 'MEX' repeats row 2 (the same name once case, accents, hyphens and spaces are ignored); remove one of the rows")
        #expect(message("invalid-email") == "e-mail 'bruno@example' is not an address like name@example.org (one @, a domain with a dot, no spaces)")
        #expect(message("unknown-delegation") == "unknown delegation 'CHI' (did you mean 'CHL'?); the delegations are listed in 'Fixtures/delegations.yaml'")
        #expect(message("unknown-session") == "unknown session 'c1-nope'; the sessions are listed in 'Fixtures/mini.yaml'")
        #expect(message("over-capacity") == "session 'c1-dialogue' 2024-04-04 15:00–16:30 has 3 registrants but room 'small' of venue 'sre' holds 2 (1 too many); this row is the first beyond it: move the session to a larger room or close its registration")
        #expect(message("overlapping-sessions") == "session 'c1-dialogue' (2024-04-04 15:00–16:30) overlaps session 'c1-panel' (2024-04-04 14:30–16:00) of the same person on the same row; keep one of them")
        #expect(f.first { $0.code == "formula-injection" }?.value == "=1+2")
        #expect(f.first { $0.code == "duplicate" }?.value == "ana PEREZ")
    }

    @Test("valid tricky rows give nothing: line breaks and delimiters in quotes, namesakes in other delegations, phone numbers")
    func validTricky() throws {
        let r = try check(fixture: "valid-tricky.csv", participants: true)
        #expect(summary(r) == [])
        #expect(r.participants.map(\.rows) == [[2], [3], [4], [5]])
        #expect(r.participants[2].sessions == ["c1-opening", "c1-closing"])
    }

    @Test("one row per registration: the same person on several rows is one participant")
    func perRegistration() throws {
        let r = try check(fixture: "per-registration.csv", participants: true)
        #expect(summary(r) == ["4 overlapping-sessions session [3]", "5 duplicate session [2]"])
        let ana = try #require(r.participants.first)
        #expect(ana.id == "P1")
        #expect(ana.rows == [2, 3, 4, 5])
        #expect(ana.sessions == ["c1-opening", "c1-panel", "c1-dialogue"])
        #expect(r.participants.map(\.id) == ["P1", "P2", "P3"])
    }

    @Test("an activity registration brings all its sessions, in time order")
    func activitySessions() throws {
        let r = try check(fixture: "checks.csv", participants: true)
        let leo = try #require(r.participants.first { $0.id == "P14" })
        #expect(leo.sessions == ["c1-opening", "c1-panel", "c1-dialogue", "c1-closing"])
        #expect(leo.activities == ["c1"])
        let ana = try #require(r.participants.first { $0.id == "P1" })
        #expect(ana.activities == ["c1"] && ana.sessions == ["c1-opening"])
    }

    @Test("without an id column, a participant is known by the e-mail in lower case")
    func fallbackID() throws {
        let r = try check(text: "given name,family name,email,delegation,sessions\nAna,Pérez,Ana.Perez@Example.org,MEX,c1-opening\n",
                          participants: true)
        #expect(r.participants.map(\.id) == ["ana.perez@example.org"])
    }

    @Test("the JSON output decodes into the documented shape")
    func json() throws {
        struct Finding: Decodable, Equatable {
            var row: Int?; var column: String?; var code: String; var severity: String; var message: String
            var value: String?; var related_rows: [Int]
        }
        struct Summary: Decodable { var rows: Int; var errors: Int; var warnings: Int; var by_code: [String: Int] }
        struct Report: Decodable { var findings: [Finding]; var summary: Summary }
        let text = try check(fixture: "checks.csv").report.json
        let report = try JSONDecoder().decode(Report.self, from: Data(text.utf8))
        #expect(report.findings.count == 15)
        #expect(report.findings[2] == Finding(row: 5, column: "family name", code: "duplicate", severity: "error",
                                              message: "'ana PEREZ' of delegation 'MEX' repeats row 2 (the same name once case, accents, hyphens and spaces are ignored); remove one of the rows",
                                              value: "ana PEREZ", related_rows: [2]))
        #expect(report.summary.rows == 18 && report.summary.errors == 12 && report.summary.warnings == 3)
        #expect(report.summary.by_code["over-quota"] == 2)
        // Keys are sorted and every key is present, null included.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(object.keys.sorted() == ["columns", "findings", "sheet", "summary"])
        #expect(object["sheet"] is NSNull)
        let columns = try #require(object["columns"] as? [[String: Any]])
        #expect(columns.count == 11 && columns[1]["column"] as? String == "B" && columns[1]["field"] as? String == "given-name")
        #expect(columns[10]["header"] as? String == "notes" && columns[10]["field"] is NSNull)
        #expect(text.contains("\"related_rows\" : [\n\n      ],\n      \"row\"") || text.contains("\"related_rows\" : [],"))
        #expect(text == (try check(fixture: "checks.csv").report.json))
    }

    @Test("text output groups by code, errors first, and ends with a summary")
    func text() throws {
        let out = try check(fixture: "spanish-multiline.csv").report.text(colour: false)
        #expect(out == """
            columns read: given-name = 'Nombre' (A), family-name = 'Apellido(s)' (B), email = 'Correo electrónico' (C), delegation = 'Delegación' (D), role = 'Función' (E), sessions = 'Sesiones' (F)
            columns ignored (checked for formulas only): 'Notas' (G)

            duplicate-email (1 finding)
              spanish-multiline.csv:4:3: error: e-mail 'luis@example.org' is also the address of a different person on row 3; each person needs their own address [duplicate-email]

            spanish-multiline.csv: 3 rows, 1 error, 0 warnings (duplicate-email 1)

            """)
    }
}
