import Checks
import Diagnostics
import Foundation
import ICalendar
import Planner
import Testing

/// Every check message quotes a value through `\(quoted:)`: at most ``Quoting/limit`` characters
/// of it, so a long id never fills a terminal line or a JSON report.
@Suite("check messages quote at most 80 characters of a value")
struct QuotedValuesTests {
    @Test("a 100-character session id (the longest the grammar allows) is cut to 80 in room-overlap")
    func longIdIsCut() throws {
        let long = "mx-" + String(repeating: "o", count: 97)
        #expect(long.count == 100)
        let text = try fixtureText("conflicts.yaml").replacingOccurrences(of: "id: mx-opening,", with: "id: \(long),")
        let loaded = try ProgrammeLoader(zones: SystemZones()).load(text: text, path: "conflicts.yaml")
        #expect(!loaded.diagnostics.contains { $0.severity == .error })
        let found = ProgrammeChecks.run(loaded.programme).diagnostics.filter { $0.code == "room-overlap" }
        let d = try #require(found.first)
        #expect(d.message.contains("'" + String(long.prefix(79)) + "…'"))
        #expect(!d.message.contains(long))
        #expect(d.notes.allSatisfy { !$0.contains(long) })
    }
}
