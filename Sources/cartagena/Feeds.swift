import ArgumentParser
import CivilTime
import Diagnostics
import Foundation
import Planner
import Publishing
import Registrations

extension Cartagena {
    /// `cartagena feeds`: the iCalendar feeds of a programme, public and personal.
    struct Feeds: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write iCalendar feeds: the programme, each activity and venue, and (with --registrations) each delegate.",
            discussion: """
                Feeds are RFC 5545 calendars (METHOD:PUBLISH) with plain IANA TZIDs and stable UIDs. \
                The same input gives byte-identical output. A ledger next to the programme \
                (<programme>.ledger.json) keeps each event's SEQUENCE: a changed session gets a higher \
                SEQUENCE and LAST-MODIFIED; a removed one stays as STATUS:CANCELLED until --prune-cancelled. \
                Every file is staged and moved into place only when all are ready. One run at a time \
                writes into a folder or uses a ledger: another waits up to --wait seconds. The commit \
                writes its plan to OUT/.cartagena-journal first: a run killed during it is finished by the \
                next run, or by --repair, before anything else.

                The programme checks run first: with an error, nothing is written (exit 1) unless --force.

                With --registrations and --secret-file, also writes one feed per participant under \
                OUT/people/ and one per delegation under OUT/delegations/ (file names are HMAC tokens: \
                unguessable), and the mail-merge index (index.csv, index.json) into the private folder \
                (--private, default OUT.private, mode 0700), never under OUT. A registrant whose row has \
                an error that would make the feed wrong (no e-mail, unknown delegation, session or \
                activity) gets no feed. OUT holds only what may be published; publish it as it is \
                (rsync -a --delete OUT/ server:/var/www/c40/) with folder listings turned off.

                Examples:
                  cartagena feeds                        # embedded Cartagena+40 programme into out/
                  cartagena feeds --lang es --out out/es
                  cartagena secret new > feeds.secret && chmod 600 feeds.secret
                  cartagena feeds --registrations Calendars/sample-registrations.csv --secret-file feeds.secret \\
                      --base-url https://example.org/c40
                  cartagena feeds --dry-run              # what would change since the last run
                """
        )

        @OptionGroup var planOptions: PlanOptions
        @Option(name: .long, help: ArgumentHelp("Language of titles and descriptions: one of the programme's languages (default: en when it has it, else its first).", valueName: "code"), completion: Completion.ids(.language))
        var lang: String?

        @Option(name: .long, help: ArgumentHelp("Output folder: only what may be published.", valueName: "dir"), completion: .directory)
        var out: String = "out"

        @Option(name: .long, help: ArgumentHelp("Private folder for the mail-merge index (default: OUT.private beside OUT; never inside OUT).", valueName: "dir"), completion: .directory)
        var `private`: String?

        @Option(name: .long, help: ArgumentHelp("Registration list (CSV or .xlsx): also write personal and delegation feeds.", valueName: "file.csv"), completion: Completion.listFile)
        var registrations: String?

        @OptionGroup var listOptions: RegistrationListOptions

        @Option(name: .long, help: ArgumentHelp("File holding the secret that names personal feeds (make one with 'cartagena secret new').", valueName: "file"), completion: .file())
        var secretFile: String?

        @Option(name: .long, help: ArgumentHelp("Where OUT will be published, for the URLs in the index (https://...).", valueName: "url"))
        var baseURL: String?

        @Option(name: .long, help: ArgumentHelp("Ledger file (default: next to the programme, <name>.ledger.json).", valueName: "file"), completion: .file(extensions: ["json"]))
        var ledger: String?

        @Flag(name: .long, help: "Do not read or write a ledger (every SEQUENCE stays 0).")
        var noLedger = false

        @Flag(name: .long, help: "Drop cancelled sessions that have left the programme from the ledger and the feeds.")
        var pruneCancelled = false

        @Flag(name: .long, help: "Print what would change in OUT (files; per event the old and new values) and in the ledger, and write nothing.")
        var dryRun = false

        @Flag(name: .long, help: "Publish even when the programme checks find errors (and say so).")
        var force = false

        @Option(name: .long, help: ArgumentHelp("Seconds to wait for another run into the same folder or with the same ledger.", valueName: "seconds"))
        var wait: Double = 5

        @Flag(name: .long, help: "Only finish (or undo) a commit that a stopped run left in OUT, then exit; every run does this first anyway.")
        var repair = false

        @Flag(name: .long, help: "Print the summary only, no list of files.")
        var quiet = false

        @Flag(name: .long, help: "Also list the delegation feeds' files (their names are secret addresses; never when CI is set).")
        var verbose = false

        func validate() throws {
            if registrations != nil, secretFile == nil {
                throw ValidationError("""
                    personal feeds need a secret so that their names cannot be guessed; make one with \
                    'cartagena secret new > feeds.secret' and pass --secret-file feeds.secret
                    """)
            }
            if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
                throw ValidationError("--base-url must start with https:// (it is \(quoted: baseURL))")
            }
            if noLedger, ledger != nil || pruneCancelled { throw ValidationError("--no-ledger cannot be combined with --ledger or --prune-cancelled") }
            if let lang, lang.contains(",") {
                throw ValidationError("--lang takes one language ('\(lang)'); a feed is written in one language: run feeds once per language, each into its own --out")
            }
            if `private` != nil, registrations == nil { throw ValidationError("--private holds the index of personal feeds; it needs --registrations") }
            if repair, dryRun || force || registrations != nil {
                throw ValidationError("--repair only finishes an interrupted commit in --out; run it alone, then the feeds as usual")
            }
            if quiet, verbose { throw ValidationError("--quiet and --verbose cannot be combined") }
            if !(wait >= 0 && wait <= 86_400) { throw ValidationError("--wait takes seconds from 0 to 86400 (it is '\(wait)')") }
        }

        func run() throws {
            signal(SIGPIPE, SIG_IGN)
            if repair {
                let result = Publisher.repair(out: out, wait: wait, console: .terminal(progressLabel: "repair"), calls: Self.calls())
                if result.status != .done { throw ExitCode(result.status.rawValue) }
                return
            }
            Timings.mark("start")
            let loaded = try Input.programme(planOptions)
            Timings.mark("programme loaded")
            let request = try makeRequest(loaded)
            // A closed standard output is an error reported by the run, not a silent end (SIGPIPE ignored above).
            let result = Publisher(request, console: .terminal(progressLabel: "personal feeds"), calls: Self.calls()).run()
            if result.status != .done { throw ExitCode(result.status.rawValue) }
        }

        /// The kernel's calls; for the kill tests, `CARTAGENA_FAULT_STEP=N` kills this process
        /// (SIGKILL) at point N of the commit (see ``SystemCalls/commitPoint``).
        static func calls() -> SystemCalls {
            var calls = SystemCalls.live
            if let text = ProcessInfo.processInfo.environment["CARTAGENA_FAULT_STEP"], let point = Int(text) {
                calls.commitPoint = { if $0 == point { kill(getpid(), SIGKILL) } }
            }
            return calls
        }

        private func makeRequest(_ loaded: ProgrammeLoader.Result) throws -> PublishRequest {
            let programme = loaded.programme
            let environment = try Input.orExit { try PublishEnvironment(ProcessInfo.processInfo.environment) }
            let epoch = environment.sourceDateEpoch
            var request = PublishRequest(
                programme: programme, loadDiagnostics: loaded.diagnostics, out: out, language: lang?.trimmingCharacters(in: .whitespaces).lowercased(),
                stamp: epoch.map(Instant.init(secondsSince1970:)) ?? programme.updated,
                now: Instant(secondsSince1970: epoch ?? Int64(Date().timeIntervalSince1970)))
            request.privateFolder = `private`
            request.ledgerPath = ledgerPath(programmeFile: programme.file)
            request.secretFile = secretFile
            request.baseURL = baseURL
            request.dryRun = dryRun
            request.force = force
            request.quiet = quiet
            request.verbose = verbose
            request.pruneCancelled = pruneCancelled
            request.wait = wait
            request.keptLog = environment.ci
            if let path = registrations {
                let columns = try Input.orExit { try listOptions.readOptions(file: path).columns }
                let (delimiter, encoding, sheet) = (listOptions.delimiter, listOptions.encoding, listOptions.sheet)
                request.registrations = RegistrationSource(path: path) {
                    try RegistrationInput.feedPeople(path: path, programme: programme, delimiter: delimiter, encoding: encoding, columns: columns, sheet: sheet)
                }
            }
            return request
        }

        /// The ledger path: `--ledger`, else the programme's path with `.ledger.json`.
        func ledgerPath(programmeFile: String) -> String? {
            if noLedger { return nil }
            if let ledger { return ledger }
            let url = URL(fileURLWithPath: programmeFile)
            return url.deletingPathExtension().appendingPathExtension("ledger.json").path
        }
    }
}

extension PublishConsole {
    /// Standard output and error of this process; a progress line on a terminal.
    static func terminal(progressLabel: String) -> PublishConsole {
        let progress = LazyProgressLine(label: progressLabel)
        return PublishConsole(
            out: { try writeStandardOutput($0) },
            report: { Terminal.report($0) },
            err: { Terminal.err($0) },
            progress: { done, total in progress.update(done, total: total) },
            mark: { Timings.mark($0) })
    }
}
