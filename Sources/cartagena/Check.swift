import ArgumentParser
import CivilTime
import Diagnostics
import Feeds
import Foundation
import ICalendar
import Checks
import Planner
import Registrations

extension Cartagena {
    /// `cartagena check`: every scheduling conflict of a programme, compiler style or JSON.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a programme for scheduling conflicts: rooms, people, travel, capacity, holidays.",
            discussion: """
                Finds sessions double-booked in a room or outside the venue's hours, activities sharing a \
                venue, chairs, speakers and registrants in two places at once or without time to travel \
                between cities, rooms too small for those registered, and sessions on a holiday of the \
                venue's calendars (venue 'holidays:') or during an event of an --against calendar. \
                Codes and the JSON shape: Calendars/CHECKS.md.

                Examples:
                  cartagena check
                  cartagena check --plan my.yaml --registrations list.csv --against unga-2024.ics
                  cartagena check --format json --strict

                Exit codes: 0 no errors (warnings allowed unless --strict); 1 error findings (or \
                warnings with --strict); 2 a programme, list or calendar that cannot be read.
                """
        )

        @OptionGroup var planOptions: PlanOptions

        @Option(name: .long, help: ArgumentHelp("Registration list (CSV or .xlsx) whose people are checked too.", valueName: "file.csv"), completion: Completion.listFile)
        var registrations: String?

        @OptionGroup var listOptions: RegistrationListOptions

        @Option(name: .long, help: ArgumentHelp("An iCalendar file to compare every session with (repeatable).", valueName: "file.ics"), completion: .file(extensions: ["ics"]))
        var against: [String] = []

        @Option(name: .long, help: "Output format: text or json.")
        var format: ReportFormat = .text

        @Flag(name: .long, help: "Treat warnings as errors (exit 1).")
        var strict = false

        func run() throws {
            let progress = PhaseProgress(label: "check")
            Timings.mark("start")
            let loaded = try load { () throws(DiagnosticError) in
                let path = try programmePath()
                return try ProgrammeLoader(zones: SystemZones()).load(text: try Input.text(at: path), path: path)
            }
            Timings.mark("programme loaded")
            let programme = loaded.programme, started = ProgrammeChecks.start(loaded.programme)  // on another core meanwhile
            var extra = loaded.diagnostics
            let registrants = try registrations.map { path in
                progress.step("reading the registrations")
                return try load { () throws(DiagnosticError) in try CheckInput.registrants(path: path, programme: programme, options: listOptions, into: &extra) }
            }
            if registrants != nil { Timings.mark("registrations read") }
            let (calendars, calendarWarnings) = try load { () throws(DiagnosticError) in
                try OutsideCalendarReader.calendars(of: programme, against: against, text: Input.text(at:))
            }
            extra += calendarWarnings
            progress.step("checking")
            let report = started.finish(registrants: registrants, calendars: calendars, adding: extra)
            Timings.mark("checked")
            progress.finish([(report.counts["sessions"] ?? 0, "sessions"), (report.counts["registrants"] ?? 0, "registrants"),
                             (report.diagnostics.count, "findings")])
            switch format {
            case .json: Terminal.out(report.json)
            case .text: Terminal.out(report.text(colour: Terminal.colour(for: 1)))
            }
            if report.diagnostics.hasErrors || (strict && report.diagnostics.warningCount > 0) { throw ExitCode(1) }
        }

        private func programmePath() throws(DiagnosticError) -> String {
            do { return try planOptions.resolvedPath() } catch { throw DiagnosticError(.error("unreadable-file", "\(error)")) }
        }

        /// Runs a reading step; input that cannot be read is printed (JSON on standard output with
        /// `--format json`, else text on standard error) and ends the command with exit code 2.
        private func load<T>(_ step: () throws(DiagnosticError) -> T) throws -> T {
            do {
                return try step()
            } catch {
                let findings = error.diagnostics.sortedForOutput()
                switch format {
                case .json: Terminal.out(DiagnosticRenderer.json(findings))
                case .text: Terminal.report(findings)
                }
                throw ExitCode(2)
            }
        }
    }
}

/// Reads the registration list `check` compares a programme with.
enum CheckInput {
    /// The people of a registration list as compact ``Registrants`` (collected as the list is read, on two cores);
    /// the list's own findings (its rows' and the rules across rows, as `registrations check` gives them) go to `findings`.
    static func registrants(path: String, programme: Programme, options: RegistrationListOptions,
                            into findings: inout [Diagnostic]) throws(DiagnosticError) -> Registrants {
        var read = try options.readOptions(file: path)
        read.collectRegistrants = true
        let result = try RegistrationInput.check(path: path, programme: programme, options: read, sheet: options.sheet)
        findings += result.report.findings
        return result.registrants ?? Registrants(file: path)
    }
}
