import Foundation
import TestSupport
import Testing

/// JSON reports are JSONEncoder's pretty layout, except that an empty list or object is `[]` or
/// `{}` rather than a bracket, a blank line and a bracket.
@Suite("JSON layout")
struct JSONLayoutTests {
    @Test("check --format json and registrations check --format json have no blank line inside an empty list")
    func emptyListsAreCompact() throws {
        let check = try runCartagena(["check", "--format", "json"])
        let list = try runCartagena(["registrations", "check", "Calendars/sample-registrations.csv", "--format", "json"])
        let empty = try runCartagena(["check", "--plan", "Tests/CLITests/Fixtures/per-session/mini.yaml", "--format", "json"])
        for r in [check, list, empty] {
            #expect(r.status == 0 || r.status == 1, "\(r.stderr)")
            #expect(!r.stdout.contains("\n\n"), "a blank line in:\n\(r.stdout.prefix(400))")
            #expect(r.stdout.contains("[]") || r.stdout.contains("{}"))
            #expect((try? JSONSerialization.jsonObject(with: Data(r.stdout.utf8))) != nil)
        }
    }
}
