import Diagnostics
import CivilTime
import Dispatch
import Foundation
import Planner
import Publishing
import TestSupport
import Testing

/// The `KEY:value` lines of the event with `uid` in an iCalendar text.
private func event(_ uid: String, in text: String) -> [String]? {
    guard let block = text.components(separatedBy: "BEGIN:VEVENT").first(where: { $0.contains("UID:\(uid)\r\n") }) else { return nil }
    return block.components(separatedBy: "\r\n")
}

/// The process id of a process that has ended (no run of it can hold anything).
private func deadProcessID() throws -> Int32 {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/true")
    try p.run()
    p.waitUntilExit()
    return p.processIdentifier
}

@Suite("one run at a time, private names, quiet about secrets", .serialized)
struct OneRunAtATimeTests {
    @Test("two programmes published at once into one folder: each result is wholly one run's, and SEQUENCE never goes back")
    func concurrentRuns() throws {
        let w = try Workspace("concurrent")
        let a = try w.programme()
        let b = try w.programme {
            $0.replacingOccurrences(of: "start: 2024-10-28T10:00, end: 2024-10-28T13:00", with: "start: 2024-10-28T11:00, end: 2024-10-28T14:00")
        }
        var lastSequence = -1
        for round in 0..<12 {
            let requests = [a, b].map { loaded -> PublishRequest in
                var r = w.request(loaded, personal: false)
                r.now = Instant(secondsSince1970: 1_730_000_000 + Int64(round) * 100)
                r.wait = 30
                return r
            }
            let statuses = Statuses()
            DispatchQueue.concurrentPerform(iterations: 2) { i in
                statuses.set(i, Publisher(requests[i], console: Recorder().console).run().status)
            }
            #expect(statuses.all == [.done, .done], "round \(round)")
            let files = tree(w.out)
            #expect(!files.keys.contains { $0.hasPrefix(".") }, "a staging folder was left behind")
            var starts = Set<String>(), sequences = Set<String>()
            for (path, data) in files {
                guard let lines = event("r2@mini.cartagena", in: String(decoding: data, as: UTF8.self)) else { continue }
                starts.insert(lines.first { $0.hasPrefix("DTSTART") } ?? "none \(path)")
                sequences.insert(lines.first { $0.hasPrefix("SEQUENCE:") } ?? "SEQUENCE:0")
            }
            #expect(starts.count == 1 && sequences.count == 1, "feeds of two runs mixed: \(starts) \(sequences)")
            let ledger = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: w.ledger))) as? [String: Any]
            let entry = (ledger?["entries"] as? [String: Any])?["r2@mini.cartagena"] as? [String: Any]
            let ledgerSequence = try #require(entry?["sequence"] as? Int)
            let published = Int(sequences.first!.dropFirst("SEQUENCE:".count))!
            #expect(published == ledgerSequence, "the feeds' SEQUENCE and the ledger's differ")
            #expect(published >= lastSequence, "SEQUENCE went back from \(lastSequence) to \(published)")
            lastSequence = published
        }
        #expect(lastSequence >= 10, "each round moves r2 twice: \(lastSequence)")
    }

    @Test("a run that cannot get the folder within --wait ends with exit 2, naming the other run's process")
    func waits() throws {
        let w = try Workspace("wait")
        try FileManager.default.createDirectory(atPath: w.out, withIntermediateDirectories: true)
        let fd = open(w.out, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        var request = w.request(try w.programme())
        request.wait = 0.2
        let rec = Recorder()
        #expect(Publisher(request, console: rec.console).run().status == .failed)
        #expect(rec.err.contains("error: another cartagena run (process \(getpid())) is publishing into '\(w.out)' and did not finish within 0.2 s"),
                "\(rec.err)")
        #expect(rec.err.hasSuffix("--wait SECONDS to wait longer [run-in-progress]\n"), "\(rec.err)")
        #expect(tree(w.out).isEmpty && !FileManager.default.fileExists(atPath: w.ledger))
        flock(fd, LOCK_UN)
        #expect(Publisher(request, console: Recorder().console).run().status == .done)
    }

    @Test("the ledger is locked too: a second folder with the same ledger waits")
    func ledgerLock() throws {
        let w = try Workspace("ledger-lock")
        let fd = open(w.ledger + ".lock", O_RDWR | O_CREAT, 0o644)
        defer { close(fd) }
        #expect(flock(fd, LOCK_EX) == 0)
        var request = w.request(try w.programme())
        request.wait = 0
        let rec = Recorder()
        #expect(Publisher(request, console: rec.console).run().status == .failed)
        #expect(rec.err.contains("is using the ledger '\(w.ledger)'"), "\(rec.err)")
    }

    @Test("staging names cannot be predicted: a link at the old name leads nowhere; leftovers of killed runs go")
    func privateNames() throws {
        let w = try Workspace("names")
        try FileManager.default.createDirectory(atPath: w.out, withIntermediateDirectories: true)
        let elsewhere = w.dir.appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: w.out + "/\(StagedOutput.prefix)\(getpid())", withDestinationPath: elsewhere)
        let dead = try deadProcessID()
        let stale = w.out + "/\(StagedOutput.prefix)\(dead)-0123456789abcdef"
        try FileManager.default.createDirectory(atPath: stale + "/people", withIntermediateDirectories: true)
        let staleLedger = w.ledger + ".tmp-\(dead)-fedcba9876543210"
        try Data("{}".utf8).write(to: URL(fileURLWithPath: staleLedger))
        let rec = Recorder()
        #expect(Publisher(w.request(try w.programme()), console: rec.console).run().status == .done, "\(rec.err)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: elsewhere).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: stale) && !FileManager.default.fileExists(atPath: staleLedger))
        #expect(tree(w.out).keys.contains("mini.ics"))
    }

    @Test("delegation addresses: only with --verbose, and never when CI keeps the log")
    func quietAboutSecrets() throws {
        let w = try Workspace("ci")
        var request = w.request(try w.programme())
        request.verbose = true
        request.keptLog = true
        let rec = Recorder()
        #expect(Publisher(request, console: rec.console).run().status == .done)
        #expect(!rec.out.contains("delegations/") && !rec.out.contains("people/"))
        #expect(rec.diagnostics.contains { $0.code == "addresses-not-listed" && $0.message.contains("addresses are not listed: CI is set") })
    }
}

private final class Statuses: @unchecked Sendable {
    private let lock = NSLock()
    private var values: [PublishStatus?] = [nil, nil]
    func set(_ i: Int, _ s: PublishStatus) { lock.withLock { values[i] = s } }
    var all: [PublishStatus?] { lock.withLock { values } }
}
