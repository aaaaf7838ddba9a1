import Foundation
import TestSupport
import Testing

/// The registration list and the delegation list as hostile input, through the real command:
/// a located error and exit 2, short messages, codes matched up to case with a warning.
@Suite("registrations check: limits, delegation list, codes up to case")
struct HostileListTests {
    /// A folder holding the registration tests' mini programme and its delegation list.
    private func programmeFolder(_ label: String) throws -> URL {
        let dir = try temporaryDirectory(label)
        let fixtures = repositoryRoot().appendingPathComponent("Tests/RegistrationsTests/Fixtures")
        for name in ["mini.yaml", "delegations.yaml"] {
            try FileManager.default.copyItem(at: fixtures.appendingPathComponent(name), to: dir.appendingPathComponent(name))
        }
        return dir
    }

    private let header = "given name,family name,email,delegation,sessions\n"

    @Test("a 3 MB line without a line break: exit 2 at its row, one short message")
    func longLine() throws {
        let dir = try programmeFolder("long-line")
        let list = dir.appendingPathComponent("list.csv")
        try Data((header + "Ana,Pérez,ana@example.org,MEX,c1-opening\nLuis," + String(repeating: "x", count: 3_000_000)).utf8).write(to: list)
        let r = try runCartagena(["registrations", "check", list.path, "--plan", dir.appendingPathComponent("mini.yaml").path], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr == "\(list.path):3:2: error: column 2 is longer than 128 KiB, the most a field may hold; it may be a quote that is never closed, or a file that is not a list: fix the value or split it [csv-field-too-long]\n")
    }

    @Test("a delegation list with aliases as mapping keys: exit 2 at the first anchor")
    func aliasKeys() throws {
        let dir = try programmeFolder("alias-keys")
        var text = "delegations:\n  - {code: MEX, kind: state, name: Mexico}\nk0: &k0 [x, x]\n"
        for i in 1...26 { text += "k\(i): &k\(i) {? [*k\(i - 1), *k\(i - 1)] : x}\n" }
        try Data(text.utf8).write(to: dir.appendingPathComponent("delegations.yaml"))
        let list = dir.appendingPathComponent("list.csv")
        try Data((header + "Ana,Pérez,ana@example.org,MEX,c1-opening\n").utf8).write(to: list)
        let r = try runCartagena(["registrations", "check", list.path, "--plan", dir.appendingPathComponent("mini.yaml").path], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.contains("delegations.yaml:3:5: error: an anchor ('&') is not allowed in a delegation list; write the value out in full (quote a text that starts with '&') [yaml-anchor]"))
    }

    @Test("'mex' is MEX with a normalised-code warning (exit 0); --strict makes it exit 1")
    func lowerCaseCode() throws {
        let dir = try programmeFolder("lower-case")
        let list = dir.appendingPathComponent("list.csv")
        try Data((header + "Ana,Pérez,ana@example.org,mex,c1-opening\n").utf8).write(to: list)
        let plan = dir.appendingPathComponent("mini.yaml").path
        let r = try runCartagena(["registrations", "check", list.path, "--plan", plan], in: dir)
        #expect(r.status == 0)
        #expect((r.stdout + r.stderr).contains("delegation 'mex' is read as 'MEX', as the delegation list writes it; write it that way [normalised-code]"))
        #expect(try runCartagena(["registrations", "check", list.path, "--plan", plan, "--strict"], in: dir).status == 1)
    }
}
