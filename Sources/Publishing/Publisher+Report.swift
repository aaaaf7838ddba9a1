import Diagnostics
import Feeds
import Foundation

extension Publisher {
    /// `--dry-run`: what would change since the last run, and nothing written.
    func reportDryRun(_ changes: LedgerChanges) throws {
        let lines = changes.lines
        do {
            try console.out(lines.isEmpty ? "no changes since the last run\n" : lines.joined(separator: "\n") + "\n")
            try console.out("\(changes.added.count) added, \(changes.changed.count) changed, \(changes.cancelled.count) cancelled, "
                            + "\(changes.pruned.count) pruned (dry run: nothing written)\n")
        } catch {
            console.err("error: cannot write to standard output: \(failureReason(error))\n")
            throw Stop(status: .failed)
        }
    }

    /// After the commit: the files written (public ones; the secret addresses of delegation feeds
    /// only with `--verbose`), the counts, and what was published despite errors.
    func reportWritten(files: [FeedFile], delegationFiles: [FeedFile], result: PublishResult, catalogue: EventCatalogue,
                       changes: LedgerChanges, forced: Int) throws {
        let out = request.out
        func wrote(_ f: FeedFile) -> String { "wrote \(out)/\(f.path) (\(f.eventCount) event\(f.eventCount == 1 ? "" : "s"))\n" }
        do {
            if !request.quiet {
                for f in files { try console.out(wrote(f)) }
                if request.verbose, !request.keptLog { for f in delegationFiles { try console.out(wrote(f)) } }
                if request.verbose, request.keptLog, !delegationFiles.isEmpty {
                    console.err("note: the delegation feeds' addresses are not listed: CI is set, and a CI system keeps its logs\n")
                }
            }
            let events = catalogue.entries.count
            try console.out("\(files.count) public feeds, \(events) event\(events == 1 ? "" : "s") in '\(out)'\n")
            if let privateFolder = result.privateFolder {
                try console.out("\(result.personalFeeds) personal feeds and \(result.delegationFeeds) delegation feeds in '\(out)/people' and "
                                + "'\(out)/delegations' (unguessable names: publish them, never as a folder listing); "
                                + "the mail-merge index is in '\(privateFolder)' (private: never publish it)\n")
            }
            if !changes.isEmpty, request.ledgerPath != nil {
                try console.out("ledger: \(changes.added.count) added, \(changes.changed.count) changed, \(changes.cancelled.count) cancelled, "
                                + "\(changes.pruned.count) pruned\n")
            }
        } catch {
            console.err("error: cannot write to standard output: \(failureReason(error)); the feeds were written to '\(out)'\n")
            throw Stop(status: .failed)
        }
        if forced > 0 {
            console.err("warning: published despite \(forced) error\(forced == 1 ? "" : "s") found by the programme checks (--force); "
                        + "'cartagena check' lists them\n")
        }
    }
}
