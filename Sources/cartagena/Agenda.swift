import Agenda
import ArgumentParser
import Diagnostics
import Foundation
import Publishing
import ICalendar
import Planner

extension AgendaFormat: ExpressibleByArgument {}

extension Cartagena {
    /// `cartagena agenda`: printable agendas.
    struct AgendaCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "agenda",
            abstract: "Print agendas per venue, activity or delegate.",
            discussion: """
                Agendas are laid out by the Mustache templates in Templates/ (text, markdown, html and \
                their partials); --templates DIR replaces them. Times are the venue's wall-clock \
                time; the header gives its time zone and UTC offset. --lang es,en prints each \
                title in Spanish with English beneath. Text that is missing in the language asked \
                for falls back to another, with a warning on standard error.

                Examples:
                  cartagena agenda --activity ministerial --lang es
                  cartagena agenda --venue cepal --format html --out cepal.html
                  cartagena agenda --activity c1-protection --lang es,en --format markdown
                  cartagena agenda --all --lang en --out out/agendas/en
                  cartagena agenda --participant P001 --registrations list.csv --format html --out mine.html
                """
        )

        @OptionGroup var planOptions: PlanOptions
        @OptionGroup var language: LanguageOptions

        @Option(name: .long, help: ArgumentHelp("The agenda of one venue: every session held there.", valueName: "id"), completion: Completion.ids(.venue))
        var venue: String?

        @Option(name: .long, help: ArgumentHelp("The agenda of one activity.", valueName: "id"), completion: Completion.ids(.activity))
        var activity: String?

        @Option(name: .long, help: ArgumentHelp("A delegate's own agenda (needs --registrations).", valueName: "id"), completion: Completion.participants)
        var participant: String?

        @Option(name: .long, help: ArgumentHelp("Registration list (CSV or .xlsx) that holds the --participant.", valueName: "file"), completion: Completion.listFile)
        var registrations: String?

        @OptionGroup var listOptions: RegistrationListOptions

        @Flag(name: .long, help: "Every venue and activity in every format, with an index.html (needs --out DIR).")
        var all = false

        @Option(name: .long, help: ArgumentHelp("Output format: text (default), markdown or html.", valueName: "format"))
        var format: AgendaFormat?

        @Option(name: .long, help: ArgumentHelp("Folder of Mustache templates replacing Templates/.", valueName: "dir"), completion: .directory)
        var templates: String?

        @Option(name: .long, help: ArgumentHelp("Output file (a folder with --all); standard output when left out.", valueName: "path"), completion: .file())
        var out: String?

        func validate() throws {
            let chosen = [venue != nil, activity != nil, participant != nil, all].count { $0 }
            if chosen != 1 {
                throw ValidationError("choose one agenda: --activity ID, --all, --participant ID --registrations FILE or --venue ID")
            }
            if participant != nil && registrations == nil {
                throw ValidationError("--participant needs --registrations FILE, the list the participant is registered in")
            }
            if registrations != nil && participant == nil {
                throw ValidationError("--registrations is read only for --participant ID")
            }
            if all && out == nil { throw ValidationError("--all writes a folder of files; add --out DIR") }
            if all && format != nil { throw ValidationError("--all writes every format; leave out --format") }
        }

        func run() throws {
            let loaded = try Input.programme(planOptions)
            let zones = SystemZones()
            let set = try AgendaTemplateFiles.load(templates)
            if all {
                try writeAll(loaded.programme, zones: zones, templates: set)
                return
            }
            let scope = try resolveScope(loaded.programme)
            let format = format ?? .text
            let toTerminal = out == nil && format == .text
            let options = AgendaOptions(languages: language.languages, format: format,
                                        width: toTerminal ? Terminal.width() : 80,
                                        colour: toTerminal && Terminal.colour(for: 1))
            let text: String
            do {
                let built = try AgendaBuilder(programme: loaded.programme, zones: zones).build(scope, options: options)
                Terminal.report(built.diagnostics)
                text = try set.render(built.page)
            } catch {
                Terminal.report(error.diagnostics)
                throw ExitCode(2)
            }
            guard let out else { return Terminal.out(text) }
            let isPersonal: Bool = if case .participant = scope { true } else { false }
            try AgendaOutput.writeOne(text, to: out, defaultName: "\(scopeName).\(format.fileExtension)", personal: isPersonal)
        }

        /// `venue-cepal`, `activity-ministerial`, `participant`: the file name used when --out is a folder.
        private var scopeName: String {
            if let venue { return "venue-\(venue)" }
            if let activity { return "activity-\(activity)" }
            return "participant"
        }

        private func resolveScope(_ programme: Programme) throws -> AgendaScope {
            if let venue { return .venue(VenueID(venue)) }
            if let activity { return .activity(ActivityID(activity)) }
            guard let participant, let registrations else { throw ExitCode(64) }
            return try ParticipantAgenda.scope(participant, registrations: registrations, programme: programme, options: listOptions)
        }

        private func writeAll(_ programme: Programme, zones: SystemZones, templates: AgendaTemplates) throws {
            guard let out else { throw ExitCode(64) }
            let result: AgendaSet.Result
            do {
                result = try AgendaSet.build(programme: programme, zones: zones, templates: templates, languages: language.languages)
            } catch {
                Terminal.report(error.diagnostics)
                throw ExitCode(2)
            }
            Terminal.report(result.diagnostics)
            try Input.orExit {
                let output = try StagedOutput(root: out)
                for file in result.files { try output.write(file.path, file.text) }
                try output.commit()
            }
            let index = URL(fileURLWithPath: out).appendingPathComponent("index.html").path
            Terminal.out("wrote \(result.files.count) agenda files in '\(out)'; open '\(index)' to browse or print them\n")
        }
    }
}
