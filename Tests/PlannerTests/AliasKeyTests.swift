import Diagnostics
import Foundation
import ICalendar
@testable import Planner
import Testing

/// Aliases nested as mapping keys: Yams hashes keys in full to find duplicates, so an aliased
/// key stands for an exponential amount of work. The programme reader refuses them at the first
/// anchor or alias, before Yams composes anything (issue 12, item 6).
@Suite("programme loader: aliases as keys")
struct AliasKeyTests {
    private func thrown(_ text: String) -> [String] {
        do {
            _ = try ProgrammeLoader(zones: SystemZones()).load(text: text, path: "p.yaml", format: .yaml)
            return []
        } catch {
            return error.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.code)" }
        }
    }

    @Test("26 levels of aliased keys are refused at the first anchor", arguments: [1, 26])
    func nested(_ levels: Int) {
        var text = "programme: {id: p}\nk0: &k0 [x, x]\n"
        for i in 1...levels { text += "k\(i): &k\(i) {? [*k\(i - 1), *k\(i - 1)] : x}\n" }
        #expect(thrown(text) == ["2:5 yaml-anchor"])
    }

    @Test("an aliased key in block and flow style, without an anchor, is refused where it stands")
    func alone() {
        #expect(thrown("programme: {id: p}\n? *k\n: x\n") == ["2:3 yaml-anchor"])
        #expect(thrown("programme: {id: p, *k : x}\n") == ["1:20 yaml-anchor"])
        #expect(thrown("programme: {id: p}\nvenues:\n  *k : x\n") == ["3:3 yaml-anchor"])
    }
}
