import Checks
import Diagnostics
import Foundation
import Planner
import Registrations
import Testing

/// One list with a row per session registration (a registration system's export), read the way
/// every command reads it: `registrations check`, `check --registrations`, and the participants
/// that `feeds --registrations` and `agenda --participant` use. The CLI side is in
/// `CLITests/SameListCommandTests`.
@Suite("one list, one model")
struct SameListTests {
    /// The headers of the export, mapped as `--columns` maps them.
    static let columns: [RegistrationColumn: String] = [
        .registrationID: "reg_id", .givenName: "given_names", .familyName: "family_names", .delegation: "delegation_code",
        .activities: "activity_code", .sessions: "session_code",
    ]

    func read() throws -> RegistrationChecker.Result {
        try check(try fixtureBytes("per-session.csv"), file: "per-session.csv", columns: Self.columns, participants: true)
    }

    /// The list as `check --registrations` reads it (`CheckInput`): registrants collected as
    /// session numbers while the rows are checked.
    func readForCheck() throws -> RegistrationChecker.Result {
        let (programme, list) = try miniProgramme()
        var options = RegistrationOptions(file: "per-session.csv", columns: Self.columns)
        options.collectRegistrants = true
        var checker = RegistrationChecker(programme: programme, delegations: list, options: options)
        try checker.feed(try fixtureBytes("per-session.csv"))
        return try checker.finish()
    }

    @Test("a row with a session registers for it only: no false duplicate, quota counts people, capacity counts seats")
    func rowSemantics() throws {
        let r = try read()
        #expect(summary(r) == [
            "8 over-quota delegation_code [2, 4, 6]",
            "11 over-capacity session_code",
            "11 overlapping-sessions session_code [10]",
            "12 session-activity-mismatch activity_code",
            "14 duplicate session_code [4]",
            "15 duplicate activity_code [9]",
        ])
        let message = { (code: String) in r.report.findings.first { $0.code == code }?.message ?? "" }
        #expect(message("over-quota").hasPrefix("delegation 'MEX' has 4 registrants for activity 'c1', above its quota of 3"))
        #expect(message("over-capacity").hasPrefix("session 'c1-dialogue' 2024-04-04 15:00–16:30 has 3 registrants but room 'small' of venue 'sre' holds 2 (1 too many)"))
        #expect(message("session-activity-mismatch") == "session 'c1-opening' belongs to activity 'c1', not 'c2'; a row with a session registers for that session only: write its own activity 'c1' or leave the activity empty")
        #expect(message("duplicate").contains("is registered for session 'c1-opening' again (first on row 4)"))
    }

    @Test("the rows of one person merge; each follows exactly the sessions picked, or all of a whole activity")
    func participants() throws {
        let people = try read().participants
        #expect(people.map(\.id) == ["ana@example.org", "bruno@example.org", "carla@example.org", "diego@example.org",
                                     "elena@example.org", "fabio@example.org", "gina@example.org"])
        #expect(people.map { $0.sessions.map(\.rawValue) } == [
            ["c1-opening", "c1-closing"], ["c1-opening", "c1-panel"], ["c1-dialogue", "c1-closing"], ["c1-dialogue"],
            ["c1-opening", "c1-panel", "c1-dialogue", "c1-closing"], ["c1-panel", "c1-dialogue"], ["c1-opening", "c2-opening"],
        ])
        #expect(people.map(\.wholeActivities) == [[], [], [], [], ["c1"], [], []])
        #expect(people[1].rows == [4, 5, 14])
        // Elena's whole activity takes no seat in the parallel panel and dialogue.
        #expect(people[4].seats.map(\.session) == ["c1-opening", "c1-closing"])
    }

    @Test("the four commands read one list alike: the same findings, rows, participants and seats per session")
    func fourCommandsInProcess() throws {
        let (programme, _) = try miniProgramme()
        // `registrations check`: the rows streamed without collecting participants.
        let listCheck = try check(try fixtureBytes("per-session.csv"), file: "per-session.csv", columns: Self.columns, participants: false)
        // `feeds --registrations` and `agenda --participant`: the same reader, collecting participants
        // (`RegistrationInput.participants` hands these to feeds and agenda).
        let collected = try read()
        #expect(collected.report.findings == listCheck.report.findings, "the same findings, each a Diagnostic, in the same order")
        #expect(collected.report.rows == listCheck.report.rows && listCheck.report.rows == 14)
        #expect(DiagnosticRenderer.text(listCheck.report.table, colour: false) == DiagnosticRenderer.text(collected.report.table, colour: false))

        // `check --registrations` adds the list's findings as they are, and finds no second
        // overlap or capacity count of its own.
        let forCheck = try readForCheck()
        #expect(forCheck.report.findings == listCheck.report.findings)
        let registrants = try #require(forCheck.registrants)
        #expect(registrants.count == 7)
        let report = ProgrammeChecks.run(programme, registrants: registrants, adding: forCheck.report.findings)
        let fromCheck = report.diagnostics.filter { $0.location?.file == "per-session.csv" }.sorted(by: Diagnostic.tableOrdered)
        #expect(fromCheck == listCheck.report.findings)
        #expect(report.counts["registrants"] == 7)

        // Feeds and agenda: each person follows exactly the sessions picked (every session only
        // for a whole activity); the seats they take give the counts the capacity rule reported.
        let people = collected.participants
        #expect(Dictionary(uniqueKeysWithValues: people.map { ($0.id, $0.sessions.map(\.rawValue)) })["diego@example.org"] == ["c1-dialogue"])
        #expect(people.first { $0.id == "fabio@example.org" }?.sessions.map(\.rawValue) == ["c1-panel", "c1-dialogue"])
        var seats: [String: Int] = [:]
        for p in people { for seat in p.seats { seats[seat.session.rawValue, default: 0] += 1 } }
        #expect(seats["c1-dialogue"] == 3 && seats["c1-panel"] == 2 && seats["c1-closing"] == 3)
        let capacity = Dictionary(uniqueKeysWithValues: programme.activities.flatMap(\.sessions).map { s in
            (s.id.rawValue, programme.venues.first { $0.rooms.contains { $0.id == s.room } }?.room(s.room)?.capacity ?? .max)
        })
        let over = listCheck.report.findings.filter { $0.code == "over-capacity" }
        #expect(over.map { $0.cell?.value ?? "" }.sorted() == seats.filter { $0.value > capacity[$0.key]! }.map(\.key).sorted())
        for d in over { #expect(d.message.contains("has \(seats[d.cell!.value!]!) registrants")) }
    }

    @Test("the same participant id with a different name or e-mail is an error, and the rows are not merged")
    func conflictingID() throws {
        let text = """
            id,given name,family name,email,delegation,session
            P1,Ana,Pérez,ana@example.org,MEX,c1-opening
            P1,ANA,PEREZ,ana@example.org,MEX,c1-panel
            P1,Bruno,Díaz,bruno@example.org,MEX,c1-closing
            P2,Carla,Ruiz,carla@example.org,MEX,c1-opening
            P2,Carla,Ruiz,carla.other@example.org,MEX,c1-panel

            """
        let r = try check(text: text, participants: true)
        #expect(summary(r) == ["4 conflicting-id id [2]", "6 conflicting-id id [5]"])
        #expect(r.report.findings.first?.message == "participant id 'P1' is already used on row 2 with a different name; one id is one person: give this person their own id, or correct the row to match row 2")
        #expect(r.participants.map(\.id) == ["P1", "P2"])
        #expect(r.participants[0].sessions == ["c1-opening", "c1-panel"], "Bruno's session is not in Ana's feed")
        #expect(r.participants[1].sessions == ["c1-opening"])
    }
}
