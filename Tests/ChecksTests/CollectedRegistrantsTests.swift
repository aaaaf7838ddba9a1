import Diagnostics
import Planner
@testable import Checks
import Registrations
import Testing

/// The registrants `check --registrations` collects while it reads a list
/// (``RegistrationOptions/collectRegistrants``) are the people of the participants it read
/// before: the same people in the same order, each at their first row, with the same sessions.
@Suite struct CollectedRegistrantsTests {
    /// Each person as `row: sorted unique session numbers`.
    static func people(_ r: Registrants) -> [String] {
        (0..<r.count).map { p in
            "\(r.location(of: p).line): " + Set(r.sessions(of: p)).sorted().map(String.init).joined(separator: " ")
        }
    }

    /// The list read with participants (the former path) and with collected registrants, in one
    /// go and, when `cut` is given, as a checker plus a part from the row boundary at `cut` on
    /// (the regions of a large list read on two cores).
    static func both(_ csv: String, _ p: Programme, cut: Int? = nil) throws -> (before: [String], collected: [String], findings: Bool) {
        var full = RegistrationChecker(programme: p, delegations: nil, options: RegistrationOptions(file: "list.csv", collectParticipants: true))
        try full.feed(Array(csv.utf8))
        let old = try full.finish()
        let before = people(Registrants(participants: old.participants, programme: p, file: "list.csv"))
        var options = RegistrationOptions(file: "list.csv")
        options.collectRegistrants = true
        var checker = RegistrationChecker(programme: p, delegations: nil, options: options)
        let bytes = Array(csv.utf8)
        if let cut {
            try checker.feed(bytes[..<cut])
            var part = try #require(checker.part())
            try part.feed(bytes[cut...])
            try part.finish()
            try checker.append(part)
        } else {
            try checker.feed(bytes)
        }
        let new = try checker.finish()
        let collected = people(try #require(new.registrants))
        return (before, collected, new.report.findings == old.report.findings)
    }

    static let lists: [String] = [
        // One row per person, with ids; a repeated id merges; a conflicting id is left out.
        """
        id,given name,family name,email,delegation,activities,sessions
        P1,Ana,Pérez,ana@example.org,MEX,,mx-opening;mx-panel
        P2,Luis,Díaz,luis@example.org,CHL,bog,
        P1,Ana,Pérez,ana@example.org,MEX,,mx-closing
        P3,Eva,Ruiz,eva@example.org,BRA,gva,mx-side
        P3,Otra,Persona,otra@example.org,BRA,,gva-1

        P4,Joe,Bloggs,joe@example.org,ARG,,nope
        P5,Too,Few,fields@example.org
        P6,Sam,Lee,sam@example.org,ARG,,bog-x
        """,
        // No id column: a shared address in the one-row-per-person shape is a new person (row-n).
        """
        given name,family name,email,delegation,activities,sessions
        Ana,Pérez,Ana@Example.org,MEX,,mx-opening
        Luis,Díaz,ana@example.org,CHL,,mx-panel;bog-2
        Eva,Ruiz,,BRA,mx-side-event,
        Eva,Ruiz,,BRA,,gva-1
        Ana,Pérez,Ana@Example.org,MEX,gva,
        """,
        // One row per registration: rows merge by id, else by e-mail, else by name.
        """
        participant id,given name,family name,email,delegation,activity,session
        P1,Ana,Pérez,ana@example.org,MEX,,mx-opening
        P2,Luis,Díaz,luis@example.org,CHL,bog,
        P1,Ana,Pérez,ana@example.org,MEX,,mx-closing
        ,Eva,Ruiz,eva@example.org,BRA,,gva-1
        ,Eva,Ruiz,EVA@example.org,BRA,,gva-2
        ,Max,Mann,,BRA,,side-0
        ,MAX,Mann,,bra,,side-1
        P1,ANA,PEREZ,ana@example.org,MEX,gva,
        P2,Luis,Díaz,luis@example.org,CHL,,bog-2
        """,
    ]

    @Test("the same people and sessions as the participants, in one go", arguments: lists.indices)
    func sameAsParticipants(list: Int) throws {
        let p = try programme("conflicts.yaml").programme
        let (before, collected, findings) = try Self.both(Self.lists[list], p)
        #expect(!before.isEmpty)
        #expect(collected == before)
        #expect(findings)
    }

    @Test("the same people when the rows after a boundary are read as a part", arguments: lists.indices)
    func sameWithPart(list: Int) throws {
        let p = try programme("conflicts.yaml").programme
        let csv = Self.lists[list]
        let bytes = Array(csv.utf8)
        // Every boundary after the header: each line break.
        let header = try #require(bytes.firstIndex(of: 10)) + 1
        for cut in bytes.indices where cut > header && bytes[cut - 1] == 10 {
            let (before, collected, findings) = try Self.both(csv, p, cut: cut)
            #expect(collected == before, "cut at byte \(cut)")
            #expect(findings, "cut at byte \(cut)")
        }
    }
}
