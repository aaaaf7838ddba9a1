import ArgumentParser
import CivilTime
import Diagnostics
import Feeds
import Foundation
import ICalendar
import Planner

extension Cartagena {
    /// `cartagena feeds`: the iCalendar feeds of a programme.
    struct Feeds: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write iCalendar feeds: the whole programme, one per activity and one per venue.",
            discussion: """
                Feeds are RFC 5545 calendars (METHOD:PUBLISH) with plain IANA TZIDs and stable UIDs. \
                The same input gives byte-identical output; DTSTAMP comes from SOURCE_DATE_EPOCH or the \
                programme's 'updated'. Every file is written to a staging folder first and moved into \
                place only when all are ready.

                Examples:
                  cartagena feeds                       # embedded Cartagena+40 programme into out/
                  cartagena feeds --lang es --out out/es
                  cartagena feeds --plan my.yaml --out public/feeds
                """
        )

        @OptionGroup var planOptions: PlanOptions
        @OptionGroup var language: LanguageOptions

        @Option(name: .long, help: ArgumentHelp("Output folder.", valueName: "dir"))
        var out: String = "out"

        @Flag(name: .long, help: "Print the summary only, no list of files.")
        var quiet = false

        func run() throws {
            let loaded = try Input.programme(planOptions)
            let programme = loaded.programme
            let stamp: Instant
            do {
                stamp = try Clock.sourceDateEpoch().map(Instant.init(secondsSince1970:)) ?? programme.updated
            } catch let e as CLIError {
                Terminal.err("error: \(e)\n")
                throw ExitCode(2)
            }
            let options = FeedOptions(languages: language.languages, stamp: stamp)
            let catalogue: EventCatalogue
            do {
                catalogue = try EventCatalogue(programme: programme, options: options)
            } catch {
                Terminal.report(error.diagnostics)
                throw ExitCode(2)
            }
            let files = PublicFeeds.build(programme: programme, catalogue: catalogue, options: options)
            let invalid = PublicFeeds.validate(files)
            Terminal.report((loaded.diagnostics + catalogue.diagnostics).filter { $0.severity != .note } + invalid)
            if !invalid.isEmpty {
                Terminal.err("error: feeds failed validation; nothing was written\n")
                throw ExitCode(1)
            }
            for d in (loaded.diagnostics + catalogue.diagnostics) where d.code == "date-to-be-confirmed" || d.code == "left-out" {
                Terminal.err("note: \(d.message)\n")
            }
            do {
                let output = try StagedOutput(root: out)
                for f in files { try output.write(f.path, f.text) }
                try output.commit()
            } catch let e as CLIError {
                Terminal.err("error: \(e)\n")
                throw ExitCode(2)
            }
            if !quiet {
                for f in files { Terminal.out("wrote \(out)/\(f.path) (\(f.eventCount) event\(f.eventCount == 1 ? "" : "s"))\n") }
            }
            Terminal.out("\(files.count) feeds, \(catalogue.entries.count) events in '\(out)'\n")
        }
    }
}
