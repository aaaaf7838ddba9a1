import Foundation
import TestSupport
import Testing

@Suite("cartagena feeds and its ledger")
struct LedgerCommandTests {
    func mini() throws -> String {
        try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml")).path
    }

    @Test("a sequence of 2^63-1 or -1 in the ledger: exit 2 with the file, line and column, no crash, nothing written",
          arguments: ["9223372036854775807", "-1"])
    func damagedSequence(value: String) throws {
        let dir = try temporaryDirectory("ledger")
        let ledger = dir.appendingPathComponent("ledger.json")
        let out = dir.appendingPathComponent("out")
        #expect(try runCartagena(["feeds", "--plan", mini(), "--out", out.path, "--ledger", ledger.path]).status == 0)
        let text = try String(contentsOf: ledger, encoding: .utf8)
        let damaged = text.replacingOccurrences(of: "\"sequence\" : 0", with: "\"sequence\" : \(value)")
        #expect(damaged != text)
        try damaged.write(to: ledger, atomically: true, encoding: .utf8)
        let r = try runCartagena(["feeds", "--plan", mini(), "--out", dir.appendingPathComponent("again").path, "--ledger", ledger.path])
        #expect(r.status == 2, "\(r.stderr)")
        let line = damaged.components(separatedBy: "\n").firstIndex { $0.contains("\"sequence\" : \(value)") }! + 1
        #expect(r.stderr.contains("\(ledger.path):\(line):20: error"), "\(r.stderr)")
        #expect(r.stderr.contains("'sequence' must be an integer from 0 to 2147483647"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("again").path))
    }

    @Test("the temporary files of killed runs are removed by the next run, a symbolic link among them not followed")
    func leftovers() throws {
        let dir = try temporaryDirectory("ledger")
        let ledger = dir.appendingPathComponent("ledger.json")
        let target = dir.appendingPathComponent("precious.txt")
        try "keep\n".write(to: target, atomically: true, encoding: .utf8)
        try "half".write(to: dir.appendingPathComponent("ledger.json.tmp-12345"), atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: ledger.path + ".tmp-12346", withDestinationPath: target.path)
        let r = try runCartagena(["feeds", "--plan", mini(), "--out", dir.appendingPathComponent("out").path, "--ledger", ledger.path])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["ledger.json", "out", "precious.txt"])
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n")
        #expect(try String(contentsOf: ledger, encoding: .utf8).contains("\"version\" : 2"))
    }
}
