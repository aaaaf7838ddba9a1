import Agenda
import ArgumentParser
import CivilTime
import Diagnostics
import Foundation
import Planner
import Publishing
import Workbooks

extension BadgeLayout: ExpressibleByArgument {}

/// `--format` of the list of participants.
enum DeskFormat: String, ExpressibleByArgument, CaseIterable {
    case html, markdown, text, csv, xlsx
    var fileExtension: String { AgendaFormat(rawValue: rawValue)?.fileExtension ?? rawValue }
}

extension Cartagena {
    /// `cartagena participants`: the list of participants, grouped by delegation.
    struct Participants: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the list of participants, grouped by delegation as UN lists are (personal data: private folder).",
            discussion: """
                States and territories in the alphabetical order of their names in --lang (accents \
                ignored), then organisations and the UN system, then civil society; heads of \
                delegation first, then alternates, delegates and advisers.

                Examples:
                  cartagena participants --registrations Calendars/sample-registrations.csv --lang es
                  cartagena participants --registrations list.csv --activity ministerial --format csv --final
                  cartagena participants --registrations list.csv --format xlsx --lang fr
                """
        )

        @OptionGroup var planOptions: PlanOptions
        @OptionGroup var input: DeskInputOptions

        @Option(name: .long, help: ArgumentHelp("Language of the list: en, es, pt or fr.", valueName: "code"), completion: Completion.ids(.language))
        var lang: String = "en"

        @Option(name: .long, help: ArgumentHelp("Only the participants of one activity.", valueName: "id"), completion: Completion.ids(.activity))
        var activity: String?

        @Option(name: .long, help: ArgumentHelp("html (default), markdown, text, csv or xlsx (an Excel workbook, one sheet, the columns of csv).", valueName: "format"))
        var format: DeskFormat = .html

        @Flag(name: .long, help: "Mark the list final rather than provisional.")
        var final = false

        @Option(name: .long, help: ArgumentHelp("The list's date (YYYY-MM-DD); the programme's update date when left out.", valueName: "date"))
        var date: String?

        func validate() throws {
            if let date, LocalDate(iso: date) == nil { throw ValidationError("--date '\(date)' is not a date YYYY-MM-DD") }
        }

        func run() throws {
            let builder = try DeskInput.builder(planOptions, input)
            let options = DeskOptions(language: lang, activity: activity.map(ActivityID.init), isFinal: final,
                                      date: date.flatMap { LocalDate(iso: $0) })
            let bytes: [UInt8] = try Input.orExit {
                switch format {
                case .csv: return Array(try builder.participantsCSV(options).utf8)
                case .xlsx:
                    let rows = try builder.participantRows(options)
                    do { return Array(try XLSXWriter.write(sheetName: DeskLabels.of(lang).listTitle, rows: rows)) } catch {
                        throw CLIError("cannot build the workbook: \(error)", code: "write-failed")
                    }
                case .html, .markdown, .text:
                    let templates = try AgendaTemplateFiles.load(input.templates)
                    return Array(try templates.render(try builder.participants(options, format: AgendaFormat(rawValue: format.rawValue)!)).utf8)
                }
            }
            let name = "participants\(activity.map { "-" + $0 } ?? "").\(lang).\(format.fileExtension)"
            try DeskOutput.write(bytes: [(name, bytes)], to: input.out, programme: builder.programme)
        }
    }

    /// `cartagena badges`: A4 sheets of badges with check-in QR codes.
    struct Badges: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write print-ready badge sheets with check-in QR codes (personal data: private folder).",
            discussion: """
                Each badge: given name large, family name, delegation in --lang, a colour band by \
                role (the --band-* colours of Templates/html-style.mustache) and a QR code of the \
                participant's check-in code, made from the participant id with the feeds' secret \
                (never a name or an e-mail).

                Example:
                  cartagena badges --registrations Calendars/sample-registrations.csv --secret-file feeds.secret --layout card
                """
        )

        @OptionGroup var planOptions: PlanOptions
        @OptionGroup var input: DeskInputOptions

        @Option(name: .long, help: ArgumentHelp("Language of delegation names and roles.", valueName: "code"), completion: Completion.ids(.language))
        var lang: String = "en"

        @Option(name: .long, help: ArgumentHelp("Only the participants of one activity.", valueName: "id"), completion: Completion.ids(.activity))
        var activity: String?

        @Option(name: .long, help: ArgumentHelp("Sheet layout: a6 (4 per A4), card (90×55 mm, 10) or cr80 (10).", valueName: "layout"))
        var layout: BadgeLayout = .a6

        @Option(name: .long, help: ArgumentHelp("The secret file of the feeds (make one with 'cartagena secret new').", valueName: "file"), completion: .file())
        var secretFile: String

        func run() throws {
            let (secret, warnings) = try Input.orExit { try FeedSecret.read(path: secretFile) }
            Terminal.report(warnings)
            let builder = try DeskInput.builder(planOptions, input)
            let options = DeskOptions(language: lang, activity: activity.map(ActivityID.init), layout: layout)
            let text: String = try Input.orExit {
                let templates = try AgendaTemplateFiles.load(input.templates)
                return try templates.render(try builder.badges(options, codes: CheckInCodes(secret: secret)))
            }
            let name = "badges\(activity.map { "-" + $0 } ?? "")-\(layout.rawValue).\(lang).html"
            try DeskOutput.write([(name, text)], to: input.out, programme: builder.programme)
        }
    }

    /// `cartagena signin`: sign-in sheets per session.
    struct SignIn: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "signin",
            abstract: "Write sign-in sheets, one per session (personal data: private folder).",
            discussion: """
                Examples:
                  cartagena signin --activity ministerial --registrations Calendars/sample-registrations.csv --lang es
                  cartagena signin --session ministerial-opening --registrations list.csv
                """
        )

        @OptionGroup var planOptions: PlanOptions
        @OptionGroup var input: DeskInputOptions

        @Option(name: .long, help: ArgumentHelp("Language of the sheets.", valueName: "code"), completion: Completion.ids(.language))
        var lang: String = "en"

        @Option(name: .long, help: ArgumentHelp("One session.", valueName: "id"), completion: Completion.ids(.session))
        var session: String?

        @Option(name: .long, help: ArgumentHelp("Every session of an activity.", valueName: "id"), completion: Completion.ids(.activity))
        var activity: String?

        @Option(name: .long, help: ArgumentHelp("Blank lines for walk-ins on each sheet.", valueName: "n"))
        var blankLines: Int = 8

        func validate() throws {
            if (session == nil) == (activity == nil) { throw ValidationError("choose --session ID or --activity ID") }
            if blankLines < 0 || blankLines > 200 { throw ValidationError("--blank-lines must be between 0 and 200") }
        }

        func run() throws {
            let builder = try DeskInput.builder(planOptions, input)
            let scope: DeskBuilder.SignInScope = session.map { .session(SessionID($0)) } ?? .activity(ActivityID(activity ?? ""))
            let text: String = try Input.orExit {
                let templates = try AgendaTemplateFiles.load(input.templates)
                return try templates.render(try builder.signIn(scope, options: DeskOptions(language: lang, blankLines: blankLines)))
            }
            let name = "signin-\(session ?? activity ?? "").\(lang).html"
            try DeskOutput.write([(name, text)], to: input.out, programme: builder.programme)
        }
    }
}
