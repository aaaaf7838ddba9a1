import Feeds
import Foundation

/// Prints what a run of `feeds` changes (``FeedChanges``), and reads the files it is compared with.
enum ChangePrinter {
    /// The texts of the files of `built` already in the folder `out`, by relative path.
    static func existing(_ built: [FeedFile], in out: String) -> [String: String] {
        var texts: [String: String] = [:]
        for f in built {
            if let data = FileManager.default.contents(atPath: out + "/" + f.path) { texts[f.path] = String(decoding: data, as: UTF8.self) }
        }
        return texts
    }

    /// Files and events that change, with old and new values (a real run with `quiet` leaves
    /// them out), then one summary line.
    static func print(_ report: FeedChanges, out: String, dryRun: Bool, ledger: Bool = true, quiet: Bool = false) {
        let lines = !dryRun && quiet ? [] : report.lines(files: dryRun)
        if dryRun, report.isEmpty {
            Terminal.out("no changes since the last run in '\(out)'\n")
        } else if !lines.isEmpty {
            Terminal.out(lines.joined(separator: "\n") + "\n")
        }
        let l = report.ledger
        let changedFiles = report.files.count
        if dryRun {
            Terminal.out("\(changedFiles) file\(changedFiles == 1 ? "" : "s") to write in '\(out)'; ledger: \(l.added.count) added, \(l.changed.count) changed, \(l.cancelled.count) cancelled, \(l.pruned.count) pruned (dry run: nothing written)\n")
        } else if ledger, !l.isEmpty {
            Terminal.out("ledger: \(l.added.count) added, \(l.changed.count) changed, \(l.cancelled.count) cancelled, \(l.pruned.count) pruned\n")
        }
    }
}
