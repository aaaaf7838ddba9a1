import ArgumentParser
import CivilTime
import Diagnostics
import Feeds
import Foundation
import ICalendar
import Planner
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
                Every file is staged and moved into place only when all are ready.

                With --registrations and --secret-file, also writes one private feed per participant \
                under OUT/people/ (file names are HMAC tokens), one per delegation under OUT/delegations/, \
                and OUT/people/index.csv and index.json (mode 0600) for mail-merge. Publish everything \
                else in OUT as a public folder; never publish people/ or delegations/ as a listing.

                Examples:
                  cartagena feeds                        # embedded Cartagena+40 programme into out/
                  cartagena feeds --lang es --out out/es
                  cartagena secret new > feeds.secret
                  cartagena feeds --registrations Calendars/sample-registrations.csv --secret-file feeds.secret \\
                      --base-url https://example.org/c40
                  cartagena feeds --dry-run              # what would change since the last run
                """
        )

        @OptionGroup var planOptions: PlanOptions
        @OptionGroup var language: LanguageOptions

        @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "dir"))
        var out: String = "out"

        @Option(name: .long, help: ArgumentHelp("Registration list (CSV or .xlsx): also write personal and delegation feeds.", valueName: "file.csv"))
        var registrations: String?

        @OptionGroup var listOptions: RegistrationListOptions

        @Option(name: .long, help: ArgumentHelp("File holding the secret that names personal feeds (make one with 'cartagena secret new').", valueName: "file"))
        var secretFile: String?

        @Option(name: .long, help: ArgumentHelp("Where OUT will be published, for the URLs in the index (https://...).", valueName: "url"))
        var baseURL: String?

        @Option(name: .long, help: ArgumentHelp("Ledger file (default: next to the programme, <name>.ledger.json).", valueName: "file"))
        var ledger: String?

        @Flag(name: .long, help: "Do not read or write a ledger (every SEQUENCE stays 0).")
        var noLedger = false

        @Flag(name: .long, help: "Drop cancelled sessions that have left the programme from the ledger and the feeds.")
        var pruneCancelled = false

        @Flag(name: .long, help: "Print what would change (added, changed with fields, cancelled) and write nothing.")
        var dryRun = false

        @Flag(name: .long, help: "Print the summary only, no list of files.")
        var quiet = false

        func validate() throws {
            if registrations != nil, secretFile == nil {
                throw ValidationError("""
                    personal feeds need a secret so that their names cannot be guessed; make one with \
                    'cartagena secret new > feeds.secret' and pass --secret-file feeds.secret
                    """)
            }
            if let baseURL, !(baseURL.hasPrefix("https://") || baseURL.hasPrefix("http://")) {
                throw ValidationError("--base-url must start with https:// (it is '\(baseURL)')")
            }
            if noLedger, ledger != nil || pruneCancelled { throw ValidationError("--no-ledger cannot be combined with --ledger or --prune-cancelled") }
        }

        func run() throws {
            Timings.mark("start")
            let loaded = try Input.programme(planOptions)
            let programme = loaded.programme
            Timings.mark("programme loaded")
            let job = try FeedJob(command: self, programme: programme)
            try job.run(loadDiagnostics: loaded.diagnostics)
        }
    }
}

extension Cartagena.Feeds {
    /// The ledger path: `--ledger`, else the programme's path with `.ledger.json`.
    func ledgerPath(programmeFile: String) -> String? {
        if noLedger { return nil }
        if let ledger { return ledger }
        let url = URL(fileURLWithPath: programmeFile)
        return url.deletingPathExtension().appendingPathExtension("ledger.json").path
    }
}
