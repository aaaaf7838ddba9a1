import ArgumentParser
import CivilTime
import Diagnostics
import Feeds
import Foundation
import ICalendar
import Planner
import Registrations

/// One run of `cartagena feeds`: reads, builds, validates, stages, commits.
struct FeedJob {
    let command: Cartagena.Feeds
    let programme: Programme
    let options: FeedOptions
    let now: Instant
    let ledgerPath: String?

    init(command: Cartagena.Feeds, programme: Programme) throws {
        self.command = command
        self.programme = programme
        let epoch = try Input.orExit { try Clock.sourceDateEpoch() }
        options = FeedOptions(languages: command.language.languages, stamp: epoch.map(Instant.init(secondsSince1970:)) ?? programme.updated,
                              baseURL: command.baseURL)
        // The time of this run: LAST-MODIFIED of what changed (SOURCE_DATE_EPOCH for reproducible runs).
        now = Instant(secondsSince1970: epoch ?? Int64(Date().timeIntervalSince1970))
        ledgerPath = command.ledgerPath(programmeFile: programme.file)
    }

    func run(loadDiagnostics: [Diagnostic]) throws {
        let previous = try readLedger()
        let (ledger, changes) = previous.updated(for: programme, now: now, firstPublished: options.stamp,
                                                      pruneCancelled: command.pruneCancelled)
        let catalogue: EventCatalogue
        do {
            catalogue = try EventCatalogue(programme: programme, options: options, ledger: ledgerPath == nil ? nil : ledger)
        } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
        if command.dryRun {
            let lines = changes.lines
            Terminal.out(lines.isEmpty ? "no changes since the last run\n" : lines.joined(separator: "\n") + "\n")
            Terminal.out("\(changes.added.count) added, \(changes.changed.count) changed, \(changes.cancelled.count) cancelled, \(changes.pruned.count) pruned (dry run: nothing written)\n")
            return
        }
        let files = PublicFeeds.build(programme: programme, catalogue: catalogue, options: options)
        let invalid = PublicFeeds.validate(files)
        Terminal.report((loadDiagnostics + catalogue.diagnostics).filter { $0.severity == .warning } + invalid)
        if !invalid.isEmpty {
            Terminal.err("error: feeds failed validation; nothing was written\n")
            throw ExitCode(1)
        }
        for d in (loadDiagnostics + catalogue.diagnostics) where d.severity == .note {
            Terminal.err("note: \(d.message)\n")
        }
        let started = Date()
        var summary: [String] = []
        do {
            let output = try StagedOutput(root: command.out)
            for f in files { try output.write(f.path, f.text) }
            var written = files
            if let registrations = command.registrations {
                let personal = try writePersonal(registrations: registrations, catalogue: catalogue, output: output)
                written += personal.delegationFiles
                summary.append("\(personal.people) personal feeds and \(personal.delegationFiles.count) delegation feeds in '\(command.out)/people' and '\(command.out)/delegations' (private: do not publish as a listing)")
            }
            let ledgerWriter = try ledgerPath.map { try AtomicFile(path: $0, data: ledger.encoded()) }
            try output.commit()
            try ledgerWriter?.commit()
            if !command.quiet {
                for f in written { Terminal.out("wrote \(command.out)/\(f.path) (\(f.eventCount) event\(f.eventCount == 1 ? "" : "s"))\n") }
            }
        } catch let e as CLIError {
            Terminal.err("error: \(e)\n")
            throw ExitCode(2)
        }
        let events = catalogue.entries.count
        Terminal.out("\(files.count) public feeds, \(events) event\(events == 1 ? "" : "s") in '\(command.out)'\n")
        for line in summary { Terminal.out(line + "\n") }
        if !changes.isEmpty, ledgerPath != nil {
            Terminal.out("ledger: \(changes.added.count) added, \(changes.changed.count) changed, \(changes.cancelled.count) cancelled, \(changes.pruned.count) pruned\n")
        }
        let seconds = Date().timeIntervalSince(started)
        if seconds > 1, Terminal.colour(for: 2) || isatty(2) == 1 {
            Terminal.err(String(format: "done in %.1f s\n", seconds))
        }
    }

    private func readLedger() throws -> Ledger {
        guard let path = ledgerPath, FileManager.default.fileExists(atPath: path) else { return Ledger(programme: programme.id) }
        do {
            let data = try Data(contentsOf: URL(fileURLWithPath: path))
            let ledger = try Ledger.decode(data)
            guard ledger.programme == programme.id else {
                Terminal.err("error: the ledger '\(path)' belongs to programme '\(ledger.programme)', not '\(programme.id)'; pass --ledger FILE\n")
                throw ExitCode(2)
            }
            return ledger
        } catch let e as ExitCode {
            throw e
        } catch {
            Terminal.err("error: cannot read the ledger '\(path)': it is not a ledger written by cartagena (\(error.localizedDescription)); move it away to start a new one\n")
            throw ExitCode(2)
        }
    }

    private func writePersonal(registrations: String, catalogue: EventCatalogue,
                               output: StagedOutput) throws -> (people: Int, delegationFiles: [FeedFile]) {
        let secret = try Cartagena.Secret.read(path: command.secretFile ?? "")
        let participants: [Participant]
        do {
            let read = try RegistrationInput.participants(path: registrations, programme: programme, delimiter: command.listOptions.delimiter,
                                                          encoding: command.listOptions.encoding,
                                                          columns: try command.listOptions.readOptions(file: registrations).columns)
            participants = read.0
            let errors = read.1.errorCount, warnings = read.1.warningCount
            if errors + warnings > 0 {
                Terminal.err("warning: the registration list has \(errors) error\(errors == 1 ? "" : "s") and \(warnings) warning\(warnings == 1 ? "" : "s"); see 'cartagena registrations check \(registrations)'\n")
            }
        } catch let e as DiagnosticError {
            Terminal.report(e.diagnostics)
            throw ExitCode(2)
        }
        let personal = PersonalFeeds(programme: programme, catalogue: catalogue, options: options, secret: secret)
        var rows: [FeedIndex.Row] = []
        let progress = Progress(total: participants.count, label: "personal feeds")
        for (i, p) in participants.enumerated() {
            let feed = personal.feed(for: p)
            try output.write(feed.path, feed.text)
            let urls = personal.urls(feed.path)
            rows.append(FeedIndex.Row(participant: p.id, email: p.email, delegation: p.delegation, file: feed.path,
                                      https: urls.https, webcal: urls.webcal, events: feed.eventCount))
            progress.update(i + 1)
        }
        progress.finish()
        let delegations = personal.delegationFeeds(participants)
        for f in delegations { try output.write(f.path, f.text) }
        rows.sort { $0.participant < $1.participant }
        try output.write("people/index.csv", FeedIndex.csv(rows), mode: 0o600)
        try output.write("people/index.json", FeedIndex.json(rows), mode: 0o600)
        return (participants.count, delegations)
    }
}

/// One file replaced atomically: written in full beside its destination, then renamed.
struct AtomicFile {
    let path: String
    let temporary: String

    init(path: String, data: Data) throws {
        self.path = path
        temporary = path + ".tmp-\(ProcessInfo.processInfo.processIdentifier)"
        do {
            try data.write(to: URL(fileURLWithPath: temporary))
        } catch {
            throw CLIError("cannot write '\(path)': \(StagedOutput.reason(error))")
        }
    }

    func commit() throws {
        if rename(temporary, path) != 0 {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw CLIError("cannot replace '\(path)': \(reason)")
        }
    }
}
