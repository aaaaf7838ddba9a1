import Diagnostics
import Testing
@testable import Checks
import Planner

@Suite("registrants and formatting")
struct RegistrantsTests {
    @Test("a session listed twice for one person counts once; unknown numbers are ignored")
    func duplicates() throws {
        let p = try programme("conflicts.yaml").programme
        let closing = try #require(p.sessionNumbers["mx-closing"])
        var list = Registrants(file: "list.csv")
        for row in 2...4 { list.append(sessions: [closing, closing, 9_999], row: row, sessionCount: p.sessionOrder.count) }
        #expect(list.count == 3)
        #expect(Array(list.sessions(of: 0)) == [Int32(closing), Int32(closing)])
        for row in 5...6 { list.append(sessions: [closing], row: row, sessionCount: p.sessionOrder.count) }
        // Seats are the list's rule (`RegistrationChecker`, once for every command), not counted
        // again from the registrants' sessions.
        #expect(!ProgrammeChecks.run(p, registrants: list).diagnostics.contains { $0.code == "over-capacity" })
    }

    static let durations: [(Int64, String)] = [
        (108_000, "30 h"), (52_200, "14.5 h"), (900, "0.25 h"), (0, "0 h"), (-5400, "-1.5 h"), (3660, "1.02 h"),
    ]

    @Test("durations print as hours with at most two decimals", arguments: durations)
    func hoursFormat(seconds: Int64, text: String) {
        #expect(hours(seconds) == text)
    }
}
