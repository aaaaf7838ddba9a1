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
        let reading = try startReadingRegistrations()
        let previous = try readLedger()
        // Without a ledger nothing is compared or kept (its hashes cost as much as reading the
        // registration list at 5,000 sessions); a dry run still lists what is new.
        let (ledger, changes) = ledgerPath == nil && !command.dryRun
            ? (previous, LedgerChanges())
            : previous.updated(for: programme, now: now, firstPublished: options.stamp, pruneCancelled: command.pruneCancelled)
        let catalogue: EventCatalogue
        do {
            catalogue = try EventCatalogue(programme: programme, options: options, ledger: ledgerPath == nil ? nil : ledger)
        } catch {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        }
        Timings.mark("events serialised")
        if command.dryRun {
            let lines = changes.lines
            Terminal.out(lines.isEmpty ? "no changes since the last run\n" : lines.joined(separator: "\n") + "\n")
            Terminal.out("\(changes.added.count) added, \(changes.changed.count) changed, \(changes.cancelled.count) cancelled, \(changes.pruned.count) pruned (dry run: nothing written)\n")
            return
        }
        var files = PublicFeeds.build(programme: programme, catalogue: catalogue, options: options)
        Timings.mark("public feeds built")
        let invalid = PublicFeeds.validate(files)
        // The check's libical trees and the feed texts are freed: give their pages back before the
        // personal feeds (glibc keeps freed memory resident otherwise; 20 MB at 5,000 events).
        Memory.trim()
        Timings.mark("public feeds checked")
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
            // Staged: their texts (11 MB at 5,000 events) need not stay in memory meanwhile.
            files = files.map { FeedFile(path: $0.path, text: "", eventCount: $0.eventCount, isPublic: $0.isPublic) }
            var written = files
            if let registrations = command.registrations {
                let personal = try writePersonal(registrations: registrations, reading: reading, catalogue: catalogue, output: output)
                written += personal.delegationFiles
                summary.append("\(personal.people) personal feeds and \(personal.delegationFiles.count) delegation feeds in '\(command.out)/people' and '\(command.out)/delegations' (private: do not publish as a listing)")
            }
            let ledgerWriter = try ledgerPath.map { try AtomicFile(path: $0, data: ledger.encoded()) }
            try output.commit()
            try ledgerWriter?.commit()
            Timings.mark("committed")
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

    /// Starts reading the registration list on another thread (it takes as long as building
    /// and checking the public feeds, which go on meanwhile).
    func startReadingRegistrations() throws -> Background<([Participant], [Diagnostic])>? {
        guard let path = command.registrations, !command.dryRun else { return nil }
        let columns = try command.listOptions.readOptions(file: path).columns
        let (programme, delimiter, encoding, sheet) = (programme, command.listOptions.delimiter, command.listOptions.encoding, command.listOptions.sheet)
        return Background {
            try RegistrationInput.participants(path: path, programme: programme, delimiter: delimiter, encoding: encoding, columns: columns, sheet: sheet)
        }
    }

    private func writePersonal(registrations: String, reading: Background<([Participant], [Diagnostic])>?, catalogue: EventCatalogue,
                               output: StagedOutput) throws -> (people: Int, delegationFiles: [FeedFile]) {
        let secret = try Cartagena.Secret.read(path: command.secretFile ?? "")
        let participants: [Participant]
        do {
            let read = try (reading ?? startReadingRegistrations())!.value()
            participants = read.0
            Timings.mark("registrations read (waited)")
            let errors = read.1.errorCount, warnings = read.1.warningCount
            if errors + warnings > 0 {
                Terminal.err("warning: the registration list has \(errors) error\(errors == 1 ? "" : "s") and \(warnings) warning\(warnings == 1 ? "" : "s"); see 'cartagena registrations check \(registrations)'\n")
            }
        } catch let e as DiagnosticError {
            Terminal.report(e.diagnostics)
            throw ExitCode(2)
        }
        let personal = PersonalFeeds(programme: programme, catalogue: catalogue, options: options, secret: secret)
        // `people/` and `delegations/` are replaced whole, each in one atomic swap: a feed of someone
        // no longer on the list goes with the old folder.
        try output.replaceWhole("people")
        try output.replaceWhole("delegations")
        let people = try output.folderWriter("people")
        let delegationWriter = try output.folderWriter("delegations")
        let progress = Progress(total: participants.count, label: "personal feeds")
        // One thread more than there are cores builds and writes the personal feeds (a part of the
        // list each), and one more writes the delegation feeds and the private index: creating a
        // file takes the folder's lock, so writers leave time the others fill. The index is sorted
        // by participant and needs each feed's token and event count: its thread computes them
        // again (an HMAC and a merge each) rather than wait for the people threads.
        let peopleTasks = participants.count >= 2_000 ? ProcessInfo.processInfo.activeProcessorCount + 1 : 1
        let tasks = peopleTasks + 1
        let built = try inParts(tasks, parts: tasks) { _, task -> [FeedFile] in
            if task == tasks - 1 {
                var sets = PersonalFeeds.DelegationSets(entries: catalogue.entries.count)
                var rows: [IndexRow] = []
                rows.reserveCapacity(participants.count)
                for (i, p) in participants.enumerated() {
                    let selected = personal.entryIndices(for: p)
                    sets.add(p.delegation, selected)
                    rows.append(IndexRow(person: Int32(i), events: Int32(selected.count), token: personal.token(participant: p.id)))
                }
                var buffer: [UInt8] = []
                var files: [FeedFile] = []
                for code in sets.codes {
                    let selected = sets.indices(code)
                    let path = personal.delegationFeed(code, indices: selected, into: &buffer)
                    try delegationWriter.write(String(path.dropFirst("delegations/".count)), buffer)
                    files.append(FeedFile(path: path, text: "", eventCount: selected.count, isPublic: false))
                }
                rows.sort { participants[Int($0.person)].id < participants[Int($1.person)].id }
                try writeIndex(rows, participants: participants, personal: personal, into: people)
                return files
            }
            let range = (task * participants.count / peopleTasks)..<((task + 1) * participants.count / peopleTasks)
            var buffer: [UInt8] = []
            for i in range {
                let p = participants[i]
                personal.write(indices: personal.entryIndices(for: p), into: &buffer)
                try people.write(personal.token(participant: p.id) + ".ics", buffer)
                if task == 0 { progress.update((i + 1) * participants.count / max(range.count, 1)) }
            }
            return []
        }
        progress.finish()
        Timings.mark("personal feeds written")
        return (participants.count, built[tasks - 1])
    }
}

/// A personal feed's line in the index, before it is written: who (position in the list), how
/// many events, and the file's token.
struct IndexRow: Sendable {
    var person: Int32
    var events: Int32
    var token: String
}

/// `people/index.csv` and `people/index.json` (mode 0600), a row at a time, sorted by participant.
private func writeIndex(_ rows: [IndexRow], participants: [Participant], personal: PersonalFeeds,
                        into folder: StagedOutput.FolderWriter) throws {
    let csv = try folder.stream("index.csv", mode: 0o600)
    let json = try folder.stream("index.json", mode: 0o600)
    try csv.write(FeedIndex.csvHeader)
    try json.write(FeedIndex.jsonOpening)
    var line = ""
    for (n, r) in rows.enumerated() {
        let p = participants[Int(r.person)]
        let path = "people/\(r.token).ics"
        let urls = personal.urls(path)
        let row = FeedIndex.Row(participant: p.id, email: p.email, delegation: p.delegation, file: path,
                                https: urls.https, webcal: urls.webcal, events: Int(r.events))
        line.removeAll(keepingCapacity: true)
        FeedIndex.appendCSV(row, to: &line)
        try csv.write(line)
        line.removeAll(keepingCapacity: true)
        FeedIndex.appendJSON(row, last: n == rows.count - 1, to: &line)
        try json.write(line)
    }
    try json.write(FeedIndex.jsonClosing(empty: rows.isEmpty))
    try csv.finish()
    try json.finish()
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
