import Feeds
import Diagnostics
import Foundation
import SystemPackage

extension Publisher {
    /// Commits the ledger, the feeds and the private index together, so that a run killed at any
    /// instant leaves the old set or the new set:
    /// 1. the new ledger is written beside the old one, the old one (and each file about to be
    ///    replaced) kept as a hard link;
    /// 2. the plan of every rename is written to `OUT/.cartagena-journal` (atomically): from then
    ///    on the new set wins, and a run that finds the journal finishes it;
    /// 3. the ledger, each public file, `people/` and `delegations/`, and the private index are
    ///    renamed or swapped into place;
    /// 4. the journal is removed, then the staging folders and the kept previous files.
    ///
    /// A step that fails (a read-only disk, a folder in the way) undoes those done, so the previous
    /// ledger and feeds stay: a SEQUENCE is never published without the ledger knowing it.
    func commit(_ output: StagedOutput, _ privateOutput: StagedOutput?,
                ledger: (path: String, bytes: [UInt8])?) throws {
        let outputs = [output] + (privateOutput.map { [$0] } ?? [])
        let ledgerFile = try ledger.map { try AtomicFile(path: $0.path, bytes: $0.bytes, calls: calls) }
        var journal = CommitJournal(steps: [], leftovers: outputs.map(\.stagingPath))
        do {
            if let ledgerFile {
                let path = PublishPaths.absolute(ledgerFile.path), temporary = PublishPaths.absolute(ledgerFile.temporary)
                journal.leftovers.append(temporary)
                let backup: String?
                do {
                    backup = try StagedOutput.keep(path, as: temporary + "-previous", calls: calls)
                } catch {
                    throw PublishError("cannot keep the previous ledger '\(path)': \(failureReason(error)); nothing was published")
                }
                if let backup { journal.leftovers.append(backup) }
                journal.ledger = path
                journal.steps.append(CommitJournal.Step(from: temporary, to: path, backup: backup))
            }
            for o in outputs { journal.steps += try o.plan() }
        } catch {
            journal.removeLeftovers()
            throw error
        }
        let out = output.root.path
        do {
            try calls.commitPoint(0)
            try journal.write(in: out, calls: calls)
            try calls.commitPoint(1)
            do {
                try journal.forward(calls: calls) { try calls.commitPoint(2 + $0) }
            } catch where !(error is CommitInterrupted) {
                try undo(journal, in: out, outputs)
                throw StagedOutput.failure(error)
            }
            CommitJournal.remove(in: out)
            try calls.commitPoint(2 + journal.steps.count)
        } catch let stop as CommitInterrupted {
            // Stopped as a kill stops: the staging folders stay for the next run's repair.
            for o in outputs { o.keepStaging() }
            throw stop
        } catch {
            if !CommitJournal.exists(CommitJournal.path(in: out)) { journal.removeLeftovers() }
            throw error
        }
        for o in outputs { o.keepStaging() }
        journal.removeLeftovers()
    }

    /// Undoes a commit whose step failed; the journal says so first, so that a kill meanwhile
    /// still ends in the old set. When the undoing fails too, the journal stays for `--repair`.
    private func undo(_ journal: CommitJournal, in out: String, _ outputs: [StagedOutput]) throws {
        var back = journal
        back.direction = .back
        do {
            try back.write(in: out, calls: calls)
            try back.back(calls: calls)
        } catch {
            for o in outputs { o.keepStaging() }
            throw PublishError("\(StagedOutput.failure(error).description.replacingOccurrences(of: "; the previous files were kept", with: "")); "
                               + "the commit could not be undone; fix the cause, then run 'cartagena feeds --repair --out \(out)'", code: "commit-unfinished")
        }
        CommitJournal.remove(in: out)
    }

    /// Finishes or undoes a commit that a killed run left in `--out` (its journal), before the
    /// ledger is read; locks the journal's ledger too when it is another one.
    func repairInterrupted(_ locks: inout [RunLock]) throws {
        guard let journal = try CommitJournal.read(in: request.out) else { return }
        if let ledger = journal.ledger, ledger != request.ledgerPath.map(PublishPaths.absolute) {
            locks.append(try RunLock(ledger + ".lock", folder: false, wait: request.wait, what: "using the ledger '\(ledger)'"))
        }
        if let done = try Self.recover(out: request.out, calls: calls) { console.err("note: \(done) [commit-recovered]\n") }
    }

    /// `cartagena feeds --repair`: finishes or undoes a commit interrupted in `out`, and nothing else.
    /// - Returns: `.done` (also when there was nothing to repair), `.failed` with a message.
    public static func repair(out: String, wait: Double, console: PublishConsole, calls: SystemCalls = .live) -> PublishResult {
        do {
            var st = stat()
            guard stat(out, &st) == 0 else { throw PublishError("output folder '\(out)' does not exist; check --out") }
            var locks = [try RunLock(out, folder: true, wait: wait, what: "publishing into '\(out)'")]
            if let ledger = try CommitJournal.read(in: out)?.ledger {
                locks.append(try RunLock(ledger + ".lock", folder: false, wait: wait, what: "using the ledger '\(ledger)'"))
            }
            let done = try withExtendedLifetime(locks) { try recover(out: out, calls: calls) }
            try console.out("\(done ?? "no interrupted commit in '\(out)': nothing to repair")\n")
            return PublishResult(status: .done)
        } catch {
            console.err((error as? PublishError)?.line ?? "error: \(failureReason(error)) [write-failed]\n")
            return PublishResult(status: .failed)
        }
    }

    /// Finishes the interrupted commit whose journal is in `out` (every new file is staged), or
    /// undoes it when it was being undone or a staged file is missing; then removes the journal
    /// and the leftovers.
    /// - Returns: what was done, or nil when there was no journal.
    static func recover(out: String, calls: SystemCalls) throws(PublishError) -> String? {
        guard var journal = try CommitJournal.read(in: out) else { return nil }
        if journal.direction == .forward, !journal.canFinish {
            journal.direction = .back
            try journal.write(in: out, calls: calls)
        }
        let forward = journal.direction == .forward
        do {
            if forward { try journal.forward(calls: calls) } else { try journal.back(calls: calls) }
        } catch {
            let reason = StagedOutput.failure(error).description.replacingOccurrences(of: "; the previous files were kept", with: "")
            throw PublishError("cannot \(forward ? "finish" : "undo") the commit interrupted in '\(out)': \(reason); "
                               + "fix the cause, then run 'cartagena feeds --repair --out \(out)'", code: "commit-unfinished")
        }
        CommitJournal.remove(in: out)
        journal.removeLeftovers()
        return forward
            ? "finished the commit of a run that was stopped in '\(out)': the new feeds and ledger are in place"
            : "undid the commit of a run that was stopped in '\(out)': the previous feeds and ledger are in place"
    }
}
