import Checks
import Diagnostics
import Foundation
import Planner
import Publishing
import Registrations
import Testing

/// The compact list personal feeds read (``FeedPeople``) holds the same people as the
/// participants `check` and `agenda` read: same ids and merging, e-mails, delegations, rows, and
/// the same sessions once whole activities are expanded.
@Suite struct FeedPeopleTests {
    /// The list read both ways, person by person: (id, e-mail, delegation, rows, sessions, whole activities).
    static func both(_ csv: String, _ programme: Programme) throws -> (full: [[String]], compact: [[String]]) {
        func read(_ options: RegistrationOptions) throws -> RegistrationChecker.Result {
            var checker = RegistrationChecker(programme: programme, delegations: nil, options: options)
            try checker.feed(Array(csv.utf8))
            return try checker.finish()
        }
        let full = try read(RegistrationOptions(file: "list.csv", collectParticipants: true)).participants.map { p in
            [p.id, p.email, p.delegation, p.rows.map(String.init).joined(separator: " "),
             Set(p.sessions.map(\.rawValue)).sorted().joined(separator: " "), p.wholeActivities.map(\.rawValue).sorted().joined(separator: " ")]
        }
        var options = RegistrationOptions(file: "list.csv")
        options.collectFeedPeople = true
        let people = try read(options).feedPeople
        let compact = (0..<people.count).map { i in
            var sessions = Set<String>(), whole = Set<String>()
            people.forEachSession(i) { sessions.insert(people.sessionIDs[Int($0)].rawValue) }
            people.forEachWholeActivity(i) { a in
                whole.insert(people.activityIDs[Int(a)].rawValue)
                for s in people.activitySessions[Int(a)] { sessions.insert(people.sessionIDs[Int(s)].rawValue) }
            }
            return [people.id(i), people.email(i), people.delegation(i), people.rows(i).map(String.init).joined(separator: " "),
                    sessions.sorted().joined(separator: " "), whole.sorted().joined(separator: " ")]
        }
        return (full, compact)
    }

    @Test("one row per person, with sessions and whole activities")
    func onePerRow() throws {
        let programme = try Workspace("feed-people-1").programme().programme
        let csv = try String(contentsOf: try #require(Bundle.module.url(forResource: "Fixtures/mini-registrations", withExtension: "csv")), encoding: .utf8)
        let (full, compact) = try Self.both(csv, programme)
        #expect(full.count == 3)
        #expect(compact == full)
    }

    @Test("rows of one person merge: by id, by e-mail, by name; errors and blanks as the participants have them")
    func merged() throws {
        let programme = try Workspace("feed-people-2").programme().programme
        let withID = """
            participant id,given name,family name,email,delegation,activity,session
            P1,Ana,Pérez,ana@example.org,MEX,,r1
            P2,Luis,Díaz,luis@example.org,CHL,ministerial,
            P1,Ana,Pérez,ana@example.org,MEX,,m1
            P3,Eva,Ruiz,,BRA,rounds,
            P1,ANA,PEREZ,ana@example.org,MEX,rounds,
            P4,Joe,Bloggs,not-an-address,ARG,,zz9
            P2,Luis,Díaz,luis@example.org,CHL,,r2

            """
        let (full, compact) = try Self.both(withID, programme)
        #expect(full.count >= 3)
        #expect(compact == full)
        let byEmail = """
            given name,family name,email,delegation,session
            Ana,Pérez,Ana@Example.org,MEX,r1
            Ana,Pérez,ana@example.org,MEX,m1
            Luis,Díaz,,CHL,r2
            Luis,Díaz,,CHL,r1
            Eva,Ruiz,eva@example.org, bra ,r1

            """
        let (full2, compact2) = try Self.both(byEmail, programme)
        #expect(full2.count >= 3)
        #expect(compact2 == full2)
    }

    @Test("built from participants, the compact list gives the same people")
    func fromParticipants() throws {
        let programme = try Workspace("feed-people-3").programme().programme
        var list = Workspace.people(programme)
        list[2].rows = []
        let people = FeedPeople(list)
        #expect(people.count == list.count)
        for (i, p) in list.enumerated() {
            #expect(people.id(i) == p.id && people.email(i) == p.email && people.delegation(i) == p.delegation && people.rows(i) == p.rows)
            var sessions: [SessionID] = []
            people.forEachSession(i) { sessions.append(people.sessionIDs[Int($0)]) }
            #expect(sessions == p.sessions)
        }
    }

    @Test("who is left out: no e-mail (white space only), or a row with an error that makes the feed wrong")
    func keptOnes() throws {
        let programme = try Workspace("feed-people-4").programme().programme
        var list = Workspace.people(programme)
        list[0].email = " \t"
        let bad = Diagnostic.error("unknown-session", "no such session", at: SourceLocation(file: "list.csv", line: 4, column: 8))
        let warning = Diagnostic.warning("overlapping-sessions", "overlap", at: SourceLocation(file: "list.csv", line: 3, column: 8))
        #expect(keptPeople(FeedPeople(list), findings: [bad, warning]) == [1])
        var old = list
        #expect(leaveOut(&old, findings: [bad, warning]) == 2 && old.map(\.id) == ["P2"])
    }
}
