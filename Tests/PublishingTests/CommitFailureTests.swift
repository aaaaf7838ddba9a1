import CivilTime
import Foundation
import Planner
import Publishing
import SystemPackage
import TestSupport
import Testing

@Suite("the publisher's commit under failures")
struct CommitFailureTests {
    /// A workspace with a first run published, and the programme with r2 moved.
    private func published(_ label: String) throws -> (Workspace, [String: Data], [String: Data], Data) {
        let w = try Workspace(label)
        #expect(Publisher(w.request(try w.programme()), console: Recorder().console).run().status == .done)
        return (w, tree(w.out), tree(w.privateFolder), try Data(contentsOf: URL(fileURLWithPath: w.ledger)))
    }

    private func moved(_ w: Workspace) throws -> PublishRequest {
        var r = w.request(try w.programme {
            $0.replacingOccurrences(of: "start: 2024-10-28T10:00, end: 2024-10-28T13:00", with: "start: 2024-10-28T11:00, end: 2024-10-28T14:00")
        })
        r.now = Instant(secondsSince1970: 1_730_001_000)
        return r
    }

    @Test("the ledger cannot be written: exit 2, nothing published, no temporary file left")
    func ledgerWrite() throws {
        let (w, out, priv, ledger) = try published("ledger-write")
        let calls = SystemCalls.live {
            $0.writeFile = { path, bytes, mode throws(Errno) in
                if path.contains("ledger.json") { throw Errno.noSpace }
                try SystemCalls.live.writeFile(path, bytes, mode)
            }
        }
        let rec = Recorder()
        #expect(Publisher(try moved(w), console: rec.console, calls: calls).run().status == .failed)
        #expect(rec.err.contains("error: cannot write '\(w.ledger)': No space left on device; nothing was published"), "\(rec.err)")
        #expect(tree(w.out) == out && tree(w.privateFolder) == priv)
        #expect(try Data(contentsOf: URL(fileURLWithPath: w.ledger)) == ledger)
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.dir.path).filter { $0.contains(".tmp-") }.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.out).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("the feeds cannot be moved into place after the ledger was: the previous ledger is put back")
    func feedsAfterLedger() throws {
        let (w, out, _, ledger) = try published("feeds-after-ledger")
        let calls = SystemCalls.live {
            $0.rename = { from, to throws(Errno) in
                if to.hasSuffix("/venues/palais.ics"), !from.contains("/.previous/") { throw Errno.readOnlyFileSystem }
                try SystemCalls.live.rename(from, to)
            }
        }
        let rec = Recorder()
        #expect(Publisher(try moved(w), console: rec.console, calls: calls).run().status == .failed)
        #expect(rec.err.contains("Read-only file system; the previous files were kept"), "\(rec.err)")
        #expect(tree(w.out) == out)
        #expect(try Data(contentsOf: URL(fileURLWithPath: w.ledger)) == ledger, "the ledger knows a SEQUENCE that was never published")
    }

    @Test("without RENAME_EXCHANGE the next run still replaces people/ and delegations/ whole")
    func secondRunWithoutExchange() throws {
        let (w, _, _, _) = try published("no-exchange")
        let calls = SystemCalls.live { $0.exchange = { _, _ throws(Errno) in throw Errno.invalidArgument } }
        let loaded = try w.programme()
        let fewer = Array(Workspace.people(loaded.programme).prefix(2))
        #expect(Publisher(w.request(loaded, people: fewer), console: Recorder().console, calls: calls).run().status == .done)
        #expect(tree(w.out).keys.filter { $0.hasPrefix("people/") }.count == 2)
        #expect(tree(w.out).keys.filter { $0.hasPrefix("delegations/") }.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.out).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("a closed standard output (EPIPE) is an error, not silence")
    func brokenPipe() throws {
        let w = try Workspace("epipe")
        let rec = Recorder()
        rec.outFailure = .brokenPipe
        #expect(Publisher(w.request(try w.programme()), console: rec.console).run().status == .failed)
        #expect(rec.err.contains("error: cannot write to standard output: Broken pipe; the feeds were written to '\(w.out)'"))
        var dry = w.request(try w.programme())
        dry.dryRun = true
        let rec2 = Recorder()
        rec2.outFailure = .brokenPipe
        #expect(Publisher(dry, console: rec2.console).run().status == .failed)
        #expect(rec2.err.contains("Broken pipe"))
    }
}
