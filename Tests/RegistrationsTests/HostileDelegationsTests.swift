import Diagnostics
import Foundation
import Planner
import Registrations
import Testing

/// `delegations.yaml` is hostile input too (issue 12, item 6): it goes through the programme's
/// defended YAML reader, so every case below is one located error, found without expanding anything.
@Suite("delegation list: hostile input")
struct HostileDelegationsTests {
    /// `line:column code: message` of what loading throws, or `[]`.
    private func thrown(_ text: String) -> [String] {
        do {
            _ = try DelegationList.load(text: text, path: "d.yaml")
            return []
        } catch {
            return error.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.code): \($0.message)" }
        }
    }

    /// Aliases nested as mapping keys, `levels` deep: each level's key is a list of two aliases
    /// of the level before, so the tree the text stands for doubles at each level.
    private func aliasKeys(_ levels: Int) -> String {
        var text = "delegations:\n  - {code: ARG, kind: state, name: Argentina}\nk0: &k0 [x, x]\n"
        for i in 1...levels { text += "k\(i): &k\(i) {? [*k\(i - 1), *k\(i - 1)] : x}\n" }
        return text
    }

    @Test("aliases nested as mapping keys are refused at the first anchor, however deep", arguments: [1, 20, 26, 60])
    func aliasesAsKeys(_ levels: Int) {
        #expect(thrown(aliasKeys(levels)) == [
            "3:5 yaml-anchor: an anchor ('&') is not allowed in a delegation list; write the value out in full (quote a text that starts with '&')",
        ])
    }

    @Test("an alias used as a key without any anchor is refused where it stands")
    func aliasKeyAlone() {
        #expect(thrown("delegations:\n  - {? *c : ARG, kind: state, name: A}\n") == [
            "2:8 yaml-anchor: an alias ('*') is not allowed in a delegation list; write the value out in full (quote a text that starts with '*')",
        ])
        #expect(thrown("*c : 1\n") == [
            "1:1 yaml-anchor: an alias ('*') is not allowed in a delegation list; write the value out in full (quote a text that starts with '*')",
        ])
    }

    @Test("a key written twice is a located error (at its first place), in a flow and in a block mapping")
    func duplicateKeys() {
        #expect(thrown("delegations:\n  - {code: ARG, kind: state, code: CHL, name: A}\n") == [
            "2:6 duplicate-key: key 'code' appears twice in one mapping; keep one",
        ])
        #expect(thrown("delegations:\n  - code: ARG\n    kind: state\n    name: A\n    kind: state\n") == [
            "3:5 duplicate-key: key 'kind' appears twice in one mapping; keep one",
        ])
    }

    @Test("nesting deeper than 64 levels, a NUL byte and an empty file are located errors")
    func depthNulEmpty() {
        let deep = "delegations: " + String(repeating: "[", count: 100_000) + "\n"
        #expect(thrown(deep).map { String($0.prefix(22)) } == ["1:77 yaml-too-deep: th"])
        #expect(thrown(deep).first?.hasSuffix("a delegation list needs about 3") == true)
        #expect(thrown("delegations:\n  - {code: A\u{0}RG}\n") == ["2:1 invalid-text: the file contains a NUL byte; it is not a text file"])
        #expect(thrown("") == ["1:1 empty-file: the delegation list is empty; it needs 'delegations:'"])
        #expect(thrown("# nothing\n") == ["1:1 empty-file: the delegation list is empty; it needs 'delegations:'"])
    }

    @Test("a list over the size limit is refused before it is parsed")
    func tooLarge() {
        let text = "delegations:\n" + String(repeating: "# padding\n", count: DelegationList.maximumSize / 10 + 1)
        #expect(thrown(text) == ["1:1 file-too-large: a delegation list is 16 MB; the limit is 16 MB"])
    }

    @Test("a long value is quoted at most 80 characters in the message")
    func longValue() {
        let kind = String(repeating: "k", count: 10_000)
        let found = thrown("delegations:\n  - {code: ARG, kind: \(kind), name: A}\n")
        #expect(found == ["2:23 invalid-value: delegation kind '\(String(repeating: "k", count: 79))…' is not one of: civil-society, organisation, state, territory"])
    }
}
