import CivilTime
import Diagnostics
import Checks
import Feeds
import Foundation
import Planner
import Registrations
import SystemPackage

/// One run of `cartagena feeds`: checks, reads, builds, validates, stages, commits.
///
/// ```swift
/// let result = Publisher(request, console: console).run()
/// exit(result.status.rawValue)
/// ```
/// Nothing is written unless everything is ready: the programme checks found no error (or
/// ``PublishRequest/force``), every feed passed validation, and every file is staged. The
/// public and personal feeds go to ``PublishRequest/out``; the mail-merge index to a private
/// folder outside it.
public struct Publisher {
    public let request: PublishRequest
    let console: PublishConsole
    let calls: SystemCalls
    let options: FeedOptions

    /// - Parameter calls: the system calls of the commit (a test simulates failures).
    public init(_ request: PublishRequest, console: PublishConsole, calls: SystemCalls = .live) {
        self.request = request
        self.console = console
        self.calls = calls
        options = FeedOptions(languages: [Self.language(request)], stamp: request.stamp, baseURL: request.baseURL)
    }

    /// A run stopped after its messages were printed.
    struct Stop: Error { var status: PublishStatus }

    /// Runs; every message is printed through the console, and the result's status is the exit code.
    public func run() -> PublishResult {
        do {
            return try runSteps()
        } catch let stop as Stop {
            return PublishResult(status: stop.status)
        } catch let e as DiagnosticError {
            console.report(e.diagnostics)
            return PublishResult(status: .failed)
        } catch let e as PublishError {
            console.err(e.line)
            return PublishResult(status: .failed)
        } catch {
            console.err("error: \(failureReason(error)) [write-failed]\n")
            return PublishResult(status: .failed)
        }
    }

    private func runSteps() throws -> PublishResult {
        let programme = request.programme
        try checkOptions()
        let secret = try request.registrations.map { _ in try readSecret() }
        let forced = try gate()
        console.mark("programme checked")
        // The list is read on another thread while the public feeds are built and checked (reading
        // it after them, in compact form either way, peaked higher and took 0.5 s more: see
        // Benchmarks/RESULTS.md).
        let reading = request.dryRun ? nil : request.registrations.map { source in Background { try source.read() } }
        // One run at a time into a folder and with a ledger, locked before the ledger is read.
        let created = !request.dryRun && !FileManager.default.fileExists(atPath: request.out)
        var locks = request.dryRun ? [] : try lock()
        defer { withExtendedLifetime(locks) {} }
        // A commit that a kill interrupted is finished (or undone) before anything is read.
        if request.dryRun {
            if CommitJournal.exists(CommitJournal.path(in: request.out)) {
                console.err("warning: a commit in '\(request.out)' was interrupted; the next run (or 'cartagena feeds --repair --out \(request.out)') finishes it\n")
            }
        } else {
            try repairInterrupted(&locks)
        }
        // A run that stops before its commit leaves no output folder it made (rmdir: only when empty).
        var committed = false
        defer { if created, !committed { _ = rmdir(request.out) } }
        var previous = try readLedger()
        // Without a ledger nothing is compared or kept (its hashes cost as much as reading the
        // registration list at 5,000 sessions); a dry run still lists what is new.
        var ledger: Ledger
        let changes: LedgerChanges
        (ledger, changes) = request.ledgerPath == nil && !request.dryRun
            ? (previous.ledger, LedgerChanges())
            : previous.ledger.updated(for: programme, now: request.now, firstPublished: options.stamp, pruneCancelled: request.pruneCancelled)
        // What changed is said from the previous entries of the changed events only (FeedChanges
        // reads no other): the rest of the previous ledger goes before the events are serialised.
        var before = Ledger(programme: programme.id)
        for c in changes.changed { before.entries[c.uid] = previous.ledger.entries[c.uid] }
        previous.ledger = before
        // The previous ledger and the text it was read from are freed: give their pages back.
        if request.ledgerPath != nil { Memory.trim() }
        console.mark("ledger read")
        var catalogue = try EventCatalogue(programme: programme, options: options, ledger: request.ledgerPath == nil ? nil : ledger)
        console.mark("events serialised")
        var files = PublicFeeds.build(programme: programme, catalogue: catalogue, options: options)
        // Built: the public VEVENTs (5 MB at 5,000 events) are in the feeds' texts now.
        catalogue.dropTexts(publicOnly: true)
        console.mark("public feeds built")
        // What changes, against the files already in --out as well as the ledger, so that a second
        // output folder is never "unchanged" when its files will change.
        let report = FeedChanges(built: files, existing: Self.existing(files, in: request.out), ledger: changes,
                                 previous: previous.ledger, next: ledger)
        if request.dryRun {
            try reportChanges(report, dryRun: true)
            return PublishResult(status: .done)
        }
        let invalid = PublicFeeds.validate(files)
        // The check's libical trees and the feed texts are freed: give their pages back before the
        // personal feeds (glibc keeps freed memory resident otherwise; 20 MB at 5,000 events).
        Memory.trim()
        console.mark("public feeds checked")
        console.report((request.loadDiagnostics + catalogue.diagnostics).filter { $0.severity == .warning } + invalid)
        if !invalid.isEmpty {
            console.err("error: feeds failed validation; nothing was written\n")
            throw Stop(status: .refused)
        }
        console.report((request.loadDiagnostics + catalogue.diagnostics).filter { $0.severity == .note })
        var result = PublishResult(status: .done)
        let output = try StagedOutput(root: request.out, calls: calls)
        for f in files { try output.write(f.path, f.text) }
        // Staged: their texts (11 MB at 5,000 events) need not stay in memory meanwhile.
        files = files.map { FeedFile(path: $0.path, text: "", eventCount: $0.eventCount, isPublic: $0.isPublic) }
        result.publicFeeds = files.count
        // The next ledger is needed only as the bytes the commit writes: it does not stay in memory
        // during the personal feeds (about 15 MB at 5,000 events).
        let ledgerBytes = request.ledgerPath == nil ? [] : ledger.encodedBytes()
        ledger = Ledger(programme: programme.id)
        var privateOutput: StagedOutput?
        var delegationFiles: [FeedFile] = []
        if let source = request.registrations, let reading, let secret {
            let privatePath = request.privateFolder ?? PublishPaths.defaultPrivate(for: request.out)
            let index = try StagedOutput(root: privatePath, permissions: .ownerReadWriteExecute, calls: calls)
            try makePrivate(privatePath)
            // The personal feeds copy the events they need into one pool; the catalogue's texts go.
            let feeds = PersonalFeeds(programme: programme, catalogue: catalogue, options: options, secret: secret)
            catalogue.dropTexts()
            Memory.trim()
            let personal = try writePersonal(source, reading: reading, personal: feeds, output: output, index: index)
            delegationFiles = personal.delegationFiles
            result.personalFeeds = personal.people
            result.delegationFeeds = personal.delegationFiles.count
            result.leftOut = personal.leftOut
            result.privateFolder = privatePath
            privateOutput = index
        }
        try commit(output, privateOutput, ledger: request.ledgerPath.map { ($0, ledgerBytes) })
        committed = true
        console.mark("committed")
        try reportWritten(files: files, delegationFiles: delegationFiles, result: result, catalogue: catalogue, changes: report, forced: forced)
        return result
    }

    /// The language asked for, else English when the programme has it, else its first language.
    static func language(_ request: PublishRequest) -> String {
        let languages = request.programme.languages
        return request.language ?? (languages.contains("en") || languages.isEmpty ? "en" : languages[0])
    }

    /// `--lang` must be one of the programme's languages; `--private` and `--out` must not nest.
    private func checkOptions() throws {
        let languages = request.programme.languages
        if let language = request.language, !languages.contains(language) {
            console.err("error: --lang '\(language)' is not a language of programme '\(request.programme.id)'; "
                        + "use one of: \(languages.joined(separator: ", "))\n")
            throw Stop(status: .usage)
        }
        if request.registrations != nil {
            let privatePath = request.privateFolder ?? PublishPaths.defaultPrivate(for: request.out)
            if let problem = PublishPaths.problem(out: request.out, privateFolder: privatePath) {
                console.err("error: \(problem)\n")
                throw Stop(status: .usage)
            }
        }
    }

    private func readSecret() throws -> [UInt8] {
        guard let path = request.secretFile else {
            console.err("error: personal feeds need a secret so that their names cannot be guessed; make one with "
                        + "'cartagena secret new > feeds.secret' and pass --secret-file feeds.secret\n")
            throw Stop(status: .usage)
        }
        let (secret, warnings) = try FeedSecret.read(path: path)
        console.report(warnings)
        return secret
    }

    /// The programme checks (those of `cartagena check` without a list or calendars). With
    /// errors, nothing is written unless `--force`.
    /// - Returns: the number of errors published despite (`--force`), 0 when there were none.
    private func gate() throws -> Int {
        let report = ProgrammeChecks.run(request.programme)
        let errors = report.diagnostics.filter { $0.severity == .error }
        guard !errors.isEmpty else { return 0 }
        let n = "\(errors.count) error\(errors.count == 1 ? "" : "s")"
        if request.force {
            console.report(errors.map { var d = $0; d.severity = .warning; return d })
            return errors.count
        }
        console.report(errors)
        console.err("error: the programme checks found \(n); nothing was written; fix \(errors.count == 1 ? "it" : "them") "
                    + "('cartagena check' lists every finding) or pass --force to publish anyway\n")
        throw Stop(status: .refused)
    }

    /// Locks the output folder (created when missing), then the ledger's lock file.
    private func lock() throws -> [RunLock] {
        do {
            try FileManager.default.createDirectory(atPath: request.out, withIntermediateDirectories: true)
        } catch {
            throw PublishError("cannot create output folder '\(request.out)': \(failureReason(error))")
        }
        var locks = [try RunLock(request.out, folder: true, wait: request.wait, what: "publishing into '\(request.out)'")]
        if let ledger = request.ledgerPath {
            locks.append(try RunLock(ledger + ".lock", folder: false, wait: request.wait, what: "using the ledger '\(ledger)'"))
        }
        return locks
    }

    /// The previous ledger and its bytes (to put back if the commit fails), or an empty ledger.
    /// A damaged ledger is a located `invalid-ledger` error (exit 2).
    private func readLedger() throws -> (ledger: Ledger, data: Data?) {
        let programme = request.programme
        guard let path = request.ledgerPath else { return (Ledger(programme: programme.id), nil) }
        let ledger: Ledger
        do {
            guard let read = try LedgerFile.read(path: path) else { return (Ledger(programme: programme.id), nil) }
            ledger = read
        } catch {
            console.report(error.diagnostics)
            throw Stop(status: .failed)
        }
        guard ledger.programme == programme.id else {
            throw PublishError("the ledger '\(path)' belongs to programme '\(ledger.programme)', not '\(programme.id)'; pass --ledger FILE", code: "ledger-mismatch")
        }
        // The previous bytes are not kept: the commit keeps the previous file as a hard link (5 MB
        // less at 5,000 events, and one reading of the file instead of two).
        return (ledger, nil)
    }

    /// The private folder is the owner's alone (0700), also when it existed before.
    private func makePrivate(_ path: String) throws {
        if chmod(path, 0o700) != 0 {
            throw PublishError("cannot make the private folder '\(path)' private: \(failureReason(Errno(rawValue: errno)))")
        }
    }
}
