import Diagnostics
import Feeds
import Foundation

extension Publisher {
    /// The texts of the files of `built` already in the folder `out`, by relative path; a file
    /// whose bytes are those about to be written is given as the built text itself (shared, not
    /// another copy: at 5,000 events the public feeds take 16 MB, read back on every run).
    static func existing(_ built: [FeedFile], in out: String) -> [String: String] {
        var texts: [String: String] = [:]
        for f in built {
            guard let data = FileManager.default.contents(atPath: out + "/" + f.path) else { continue }
            var text = f.text
            let same = text.withUTF8 { p in data.count == p.count && data.withUnsafeBytes { p.isEmpty || memcmp($0.baseAddress!, p.baseAddress!, p.count) == 0 } }
            texts[f.path] = same ? f.text : String(decoding: data, as: UTF8.self)
        }
        return texts
    }

    /// The events and files that change, with old and new values (a real run with `--quiet` leaves
    /// them out), then one summary line; with `dryRun`, nothing is written.
    func reportChanges(_ report: FeedChanges, dryRun: Bool) throws {
        let out = request.out
        let lines = !dryRun && request.quiet ? [] : report.lines(files: dryRun)
        let l = report.ledger
        let counts = "\(l.added.count) added, \(l.changed.count) changed, \(l.cancelled.count) cancelled, \(l.pruned.count) pruned"
        do {
            if dryRun, report.isEmpty {
                try console.out("no changes since the last run in '\(out)'\n")
            } else if !lines.isEmpty {
                try console.out(lines.joined(separator: "\n") + "\n")
            }
            if dryRun {
                let n = report.files.count
                try console.out("\(n) file\(n == 1 ? "" : "s") to write in '\(out)'; ledger: \(counts) (dry run: nothing written)\n")
            } else if request.ledgerPath != nil, !l.isEmpty {
                try console.out("ledger: \(counts)\n")
            }
        } catch {
            console.err("error: cannot write to standard output: \(failureReason(error))\n")
            throw Stop(status: .failed)
        }
    }

    /// After the commit: the files written (public ones; the secret addresses of delegation feeds
    /// only with `--verbose`), the counts, and what was published despite errors.
    func reportWritten(files: [FeedFile], delegationFiles: [FeedFile], result: PublishResult, catalogue: EventCatalogue,
                       changes: FeedChanges, forced: Int) throws {
        let out = request.out
        func wrote(_ f: FeedFile) -> String { "wrote \(out)/\(f.path) (\(f.eventCount) event\(f.eventCount == 1 ? "" : "s"))\n" }
        do {
            if !request.quiet {
                for f in files { try console.out(wrote(f)) }
                if request.verbose, !request.keptLog { for f in delegationFiles { try console.out(wrote(f)) } }
                if request.verbose, request.keptLog, !delegationFiles.isEmpty {
                    console.report([.note("addresses-not-listed", "the delegation feeds' addresses are not listed: CI is set, and a CI system keeps its logs")])
                }
            }
            let events = catalogue.entries.count
            func count(_ n: Int, _ what: String) -> String { "\(n) \(what)\(n == 1 ? "" : "s")" }
            try console.out("\(count(files.count, "public feed")), \(count(events, "event")) in '\(out)'\n")
            if let privateFolder = result.privateFolder {
                try console.out("\(count(result.personalFeeds, "personal feed")) and \(count(result.delegationFeeds, "delegation feed")) in '\(out)/people' and "
                                + "'\(out)/delegations' (unguessable names: publish them, never as a folder listing); "
                                + "the mail-merge index is in '\(privateFolder)' (private: never publish it)\n")
            }
        } catch {
            console.err("error: cannot write to standard output: \(failureReason(error)); the feeds were written to '\(out)'\n")
            throw Stop(status: .failed)
        }
        try reportChanges(changes, dryRun: false)
        if forced > 0 {
            console.report([.warning("published-despite-errors",
                                     "published despite \(forced) error\(forced == 1 ? "" : "s") found by the programme checks (--force); "
                                     + "'cartagena check' lists them")])
        }
    }
}
