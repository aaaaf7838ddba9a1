import CivilTime
import Foundation
import Planner
import Publishing
import SystemPackage
import TestSupport
import Testing

/// Everything a run leaves that a reader sees: the output folder, the private folder, the ledger.
private struct Snapshot: Equatable {
    var out: [String: Data]
    var priv: [String: Data]
    var ledger: Data?

    /// Staging folders of this (test) process stay after a simulated kill before the journal was
    /// written (another process removes them: the CLI test); they are not part of the set.
    init(_ w: Workspace) {
        out = tree(w.out).filter { !$0.key.hasPrefix(".cartagena-staging-") }
        priv = tree(w.privateFolder).filter { !$0.key.hasPrefix(".cartagena-staging-") }
        ledger = FileManager.default.contents(atPath: w.ledger)
    }
}

/// Whether a fault point was reached.
private final class Fired: @unchecked Sendable {
    private let lock = NSLock()
    private var value = false
    var fired: Bool { lock.withLock { value } }
    func set() { lock.withLock { value = true } }
}

@Suite("a commit stopped at every step leaves the old set or the new one")
struct KillAtEveryStepTests {
    private func moved(_ w: Workspace) throws -> PublishRequest {
        var r = w.request(try w.programme {
            $0.replacingOccurrences(of: "start: 2024-10-28T10:00, end: 2024-10-28T13:00", with: "start: 2024-10-28T11:00, end: 2024-10-28T14:00")
        })
        r.now = Instant(secondsSince1970: 1_730_001_000)
        return r
    }

    /// The old set (first run) and the new set (the moved programme) in a workspace of their own.
    private func reference(_ calls: SystemCalls) throws -> (old: Snapshot, new: Snapshot) {
        let w = try Workspace("kill-reference")
        #expect(Publisher(w.request(try w.programme()), console: Recorder().console, calls: calls).run().status == .done)
        let old = Snapshot(w)
        #expect(Publisher(try moved(w), console: Recorder().console, calls: calls).run().status == .done)
        return (old, Snapshot(w))
    }

    private func stopping(at point: Int, _ base: SystemCalls, _ fired: Fired) -> SystemCalls {
        var calls = base
        calls.commitPoint = { p in
            if p == point {
                fired.set()
                throw CommitInterrupted()
            }
        }
        return calls
    }

    @Test("stopped at each point, then --repair: the whole old set or the whole new set, ledger included",
          arguments: [true, false])
    func everyPoint(exchange: Bool) throws {
        let base = exchange ? SystemCalls.live : SystemCalls.live { $0.exchange = { _, _ throws(Errno) in throw Errno.invalidArgument } }
        let (old, new) = try reference(base)
        #expect(old != new && old.ledger != new.ledger)
        var point = 0
        var withJournal = 0
        while true {
            let w = try Workspace("kill-\(exchange)-\(point)")
            #expect(Publisher(w.request(try w.programme()), console: Recorder().console, calls: base).run().status == .done)
            #expect(Snapshot(w) == old)
            let fired = Fired()
            let status = Publisher(try moved(w), console: Recorder().console, calls: stopping(at: point, base, fired)).run().status
            guard fired.fired else {
                #expect(status == .done)
                #expect(Snapshot(w) == new)
                break
            }
            #expect(status == .failed)
            let journal = FileManager.default.fileExists(atPath: w.out + "/.cartagena-journal")
            if journal { withJournal += 1 }
            let rec = Recorder()
            #expect(Publisher.repair(out: w.out, wait: 0, console: rec.console, calls: base).status == .done)
            let after = Snapshot(w)
            if journal {
                #expect(after == new, "stopped at point \(point): the journal's commit was not finished")
                #expect(rec.out.contains("finished the commit of a run that was stopped"), "\(rec.out)")
                let hidden = try FileManager.default.contentsOfDirectory(atPath: w.out).filter { $0.hasPrefix(".") }
                #expect(hidden.isEmpty, "stopped at point \(point): leftovers \(hidden)")
                let tmp = try FileManager.default.contentsOfDirectory(atPath: w.dir.path).filter { $0.contains(".tmp-") }
                #expect(tmp.isEmpty, "stopped at point \(point): ledger leftovers \(tmp)")
            } else {
                #expect(after == old || after == new, "stopped at point \(point): a mix of the old and new sets")
                #expect(rec.out.contains("nothing to repair"))
            }
            point += 1
        }
        // Points: before the journal, after it, one after each step (ledger, 5 public files,
        // people/, delegations/, index.csv, index.json), after its removal.
        #expect(point == 13)
        #expect(withJournal == 11)
    }

    @Test("the next run finishes an interrupted commit before it reads the ledger")
    func nextRunRepairsFirst() throws {
        let reference = try Workspace("kill-next-reference")
        #expect(Publisher(reference.request(try reference.programme()), console: Recorder().console).run().status == .done)
        #expect(Publisher(try moved(reference), console: Recorder().console).run().status == .done)
        var back = reference.request(try reference.programme())
        back.now = Instant(secondsSince1970: 1_730_002_000)
        #expect(Publisher(back, console: Recorder().console).run().status == .done)
        let expected = Snapshot(reference)

        let w = try Workspace("kill-next")
        #expect(Publisher(w.request(try w.programme()), console: Recorder().console).run().status == .done)
        let fired = Fired()
        // Stopped with the journal written, the old ledger still in place.
        #expect(Publisher(try moved(w), console: Recorder().console, calls: stopping(at: 1, .live, fired)).run().status == .failed)
        #expect(fired.fired)
        var again = w.request(try w.programme())
        again.now = Instant(secondsSince1970: 1_730_002_000)
        let rec = Recorder()
        #expect(Publisher(again, console: rec.console).run().status == .done)
        #expect(rec.err.contains("note: finished the commit of a run that was stopped in '\(w.out)'"), "\(rec.err)")
        // Had the run read the ledger before finishing the commit, SEQUENCE would be off by one.
        #expect(Snapshot(w) == expected)
    }

    @Test("a damaged journal is an error naming it, and nothing is written")
    func damagedJournal() throws {
        let w = try Workspace("kill-damaged")
        #expect(Publisher(w.request(try w.programme()), console: Recorder().console).run().status == .done)
        let before = Snapshot(w)
        try Data("{\"steps\": 3".utf8).write(to: URL(fileURLWithPath: w.out + "/.cartagena-journal"))
        let rec = Recorder()
        #expect(Publisher(try moved(w), console: rec.console).run().status == .failed)
        #expect(rec.err.contains("error: the commit journal '\(w.out)/.cartagena-journal' is damaged"), "\(rec.err)")
        #expect(Snapshot(w).ledger == before.ledger)
        let repair = Recorder()
        #expect(Publisher.repair(out: w.out, wait: 0, console: repair.console).status == .failed)
    }

    @Test("a step that fails while the journal is there is undone, and the journal removed")
    func failedStepUndone() throws {
        let w = try Workspace("kill-undo")
        #expect(Publisher(w.request(try w.programme()), console: Recorder().console).run().status == .done)
        let before = Snapshot(w)
        // The private index cannot be moved: the ledger, public files and folders already were.
        let calls = SystemCalls.live {
            $0.rename = { from, to throws(Errno) in
                if to.hasSuffix("/index.json"), from.contains(".cartagena-staging-"), !from.contains("/.previous/") { throw Errno.noSpace }
                try SystemCalls.live.rename(from, to)
            }
        }
        let rec = Recorder()
        #expect(Publisher(try moved(w), console: rec.console, calls: calls).run().status == .failed)
        #expect(rec.err.contains("index.json' into place: No space left on device; the previous files were kept"), "\(rec.err)")
        #expect(Snapshot(w) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.out).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("when undoing fails too, the journal stays and --repair undoes the commit")
    func undoFailsThenRepair() throws {
        let w = try Workspace("kill-undo-fails")
        #expect(Publisher(w.request(try w.programme()), console: Recorder().console).run().status == .done)
        let before = Snapshot(w)
        // index.json can be neither moved in nor put back.
        let calls = SystemCalls.live {
            $0.rename = { from, to throws(Errno) in
                if to.hasSuffix("/index.json"), from.contains(".cartagena-staging-") { throw Errno.noSpace }
                try SystemCalls.live.rename(from, to)
            }
        }
        let rec = Recorder()
        #expect(Publisher(try moved(w), console: rec.console, calls: calls).run().status == .failed)
        #expect(rec.err.contains("the commit could not be undone; fix the cause, then run 'cartagena feeds --repair --out \(w.out)'"), "\(rec.err)")
        #expect(FileManager.default.fileExists(atPath: w.out + "/.cartagena-journal"))
        let repair = Recorder()
        #expect(Publisher.repair(out: w.out, wait: 0, console: repair.console).status == .done)
        #expect(repair.out.contains("undid the commit of a run that was stopped"), "\(repair.out)")
        #expect(Snapshot(w) == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.out).filter { $0.hasPrefix(".") }.isEmpty)
    }

    @Test("a journal whose staged files are gone is undone: the previous set stays")
    func stagingGoneUndone() throws {
        let w = try Workspace("kill-staging-gone")
        #expect(Publisher(w.request(try w.programme()), console: Recorder().console).run().status == .done)
        let before = Snapshot(w)
        let fired = Fired()
        #expect(Publisher(try moved(w), console: Recorder().console, calls: stopping(at: 1, .live, fired)).run().status == .failed)
        #expect(fired.fired)
        for name in try FileManager.default.contentsOfDirectory(atPath: w.out) where name.hasPrefix(".cartagena-staging-") {
            try FileManager.default.removeItem(atPath: w.out + "/" + name)
        }
        let rec = Recorder()
        #expect(Publisher.repair(out: w.out, wait: 0, console: rec.console).status == .done)
        #expect(rec.out.contains("undid the commit of a run that was stopped"), "\(rec.out)")
        #expect(Snapshot(w) == before)
    }
}
