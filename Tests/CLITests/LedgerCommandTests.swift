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
        // ledger.json.lock is the lock that keeps two runs from using one ledger at once.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() == ["ledger.json", "ledger.json.lock", "out", "precious.txt"])
        #expect(try String(contentsOf: target, encoding: .utf8) == "keep\n")
        #expect(try String(contentsOf: ledger, encoding: .utf8).contains("\"version\" : 2"))
    }

    @Test("after publishing en/, a dry run for es/ lists the files of es/ that change and the moved event's old and new values")
    func secondFolder() throws {
        let dir = try temporaryDirectory("ledger")
        let plan = dir.appendingPathComponent("mini.yaml")
        try FileManager.default.copyItem(atPath: try mini(), toPath: plan.path)
        let en = dir.appendingPathComponent("en").path, es = dir.appendingPathComponent("es").path
        let epoch = ["SOURCE_DATE_EPOCH": "1714680000"]
        #expect(try runCartagena(["feeds", "--plan", plan.path, "--out", en]).status == 0)
        #expect(try runCartagena(["feeds", "--plan", plan.path, "--out", es, "--lang", "es"]).status == 0)
        let text = try String(contentsOf: plan, encoding: .utf8)
        try text.replacingOccurrences(of: "start: 2024-10-28T10:00, end: 2024-10-28T13:00", with: "start: 2024-10-28T11:00, end: 2024-10-28T14:00")
            .write(to: plan, atomically: true, encoding: .utf8)
        #expect(try runCartagena(["feeds", "--plan", plan.path, "--out", en], environment: epoch).status == 0)
        let esBefore = try String(contentsOfFile: es + "/mini.ics", encoding: .utf8)
        let dry = try runCartagena(["feeds", "--plan", plan.path, "--out", es, "--lang", "es", "--dry-run"], environment: epoch)
        #expect(dry.status == 0)
        #expect(!dry.stdout.contains("no changes"), "\(dry.stdout)")
        #expect(dry.stdout.contains("changes  mini.ics\n") && dry.stdout.contains("changes  venues/palais.ics\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("changed  r2@mini.cartagena in activities/rounds.ics, mini.ics, venues/palais.ics\n"))
        #expect(dry.stdout.contains("  DTSTART;TZID=Europe/Zurich: '20241028T100000' -> '20241028T110000'\n"))
        #expect(dry.stdout.contains("3 files to write in '\(es)'; ledger: 0 added, 0 changed"))
        #expect(try String(contentsOfFile: es + "/mini.ics", encoding: .utf8) == esBefore, "--dry-run writes nothing")
        // The real run writes them, with the note in Spanish; then the folder is unchanged.
        #expect(try runCartagena(["feeds", "--plan", plan.path, "--out", es, "--lang", "es"], environment: epoch).status == 0)
        let after = try String(contentsOfFile: es + "/mini.ics", encoding: .utf8)
        #expect(after.contains("Trasladada el 2 de mayo de 2024: antes lunes 28 de octubre 10:00–13:00"
                               .prefix(40)))
        let again = try runCartagena(["feeds", "--plan", plan.path, "--out", es, "--lang", "es", "--dry-run"], environment: epoch)
        #expect(again.stdout.hasPrefix("no changes since the last run in '\(es)'\n"), "\(again.stdout)")
    }
}
