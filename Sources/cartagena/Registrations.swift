import Checks
import ArgumentParser
import Diagnostics
import Foundation
import Planner
import Registrations
import Workbooks
import Synchronization

extension Cartagena {
    /// `cartagena registrations ...`: work on registration lists.
    struct RegistrationsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "registrations",
            abstract: "Check registration lists before badges are printed.",
            subcommands: [RegistrationsCheck.self]
        )
    }
}

/// `--delimiter`, `--encoding`, `--columns`: how to read a registration list.
struct RegistrationListOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Field delimiter: ',', ';' or tab (default: detected from the header).", valueName: "delimiter"))
    var delimiter: CSVDelimiter?

    @Option(name: .long, help: ArgumentHelp("Text encoding: utf-8 or windows-1252 (default: UTF-8, and a file that is not UTF-8 is read as Windows-1252 with a warning).", valueName: "encoding"))
    var encoding: TextEncoding?

    @Option(name: .long, help: ArgumentHelp("Header names for columns, e.g. 'given-name=Vorname,email=Mail', or @FILE.yaml (a mapping file such as Calendars/exports/eventbrite.yaml). Columns: activities, arrival, delegation, departure, email, family-name, given-name, id, language, registration-id, role, sessions.", valueName: "map"), completion: .file(extensions: ["yaml", "yml"]))
    var columns: String?

    @Option(name: .long, help: ArgumentHelp("The worksheet of an Excel workbook (.xlsx) to read (default: the first).", valueName: "name"))
    var sheet: String?

    func validate() throws {
        if let columns, !columns.hasPrefix("@") {
            do { _ = try ColumnMap.parseOverrides(columns) } catch { throw ValidationError(error.diagnostics.map(\.message).joined(separator: "; ")) }
        }
    }

    /// `--columns`: the mapping given inline, or read from the file after `@`.
    /// - Throws: ``DiagnosticError`` (exit 2) for a mapping file that cannot be read or is invalid.
    func columnMap() throws(DiagnosticError) -> [RegistrationColumn: String] {
        guard let columns else { return [:] }
        if columns.hasPrefix("@") {
            let path = String(columns.dropFirst())
            return try ColumnMap.load(text: try Input.text(at: path), path: path)
        }
        return try ColumnMap.parseOverrides(columns)
    }

    func readOptions(file: String, collectParticipants: Bool = false) throws(DiagnosticError) -> RegistrationOptions {
        let map = try columnMap()
        return RegistrationOptions(file: file, delimiter: delimiter, encoding: encoding, columns: map, collectParticipants: collectParticipants)
    }
}

extension CSVDelimiter: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument {
        case ",", "comma": self = .comma
        case ";", "semicolon": self = .semicolon
        case "tab", "\t", "\\t": self = .tab
        default: return nil
        }
    }
    public static var allValueStrings: [String] { [",", ";", "tab"] }
}

extension TextEncoding: ExpressibleByArgument {
    public init?(argument: String) {
        switch argument.lowercased() {
        case "utf-8", "utf8": self = .utf8
        case "windows-1252", "cp1252", "windows1252": self = .windows1252
        default: return nil
        }
    }
    public static var allValueStrings: [String] { ["utf-8", "windows-1252"] }
}

/// The list options and the programme's delegation list, handed to ``RegistrationFiles`` (module
/// `Workbooks`), which reads the list. Other commands (conflicts, agenda, personal feeds) get
/// each person's sessions with ``participants(path:programme:delimiter:encoding:columns:sheet:)``.
enum RegistrationInput {
    static let chunkSize = RegistrationFiles.chunkSize

    /// The programme's delegation list (`delegations:` in its head), or `nil` when it declares none.
    /// - Throws: ``DiagnosticError`` naming the file when it cannot be read or is invalid.
    static func delegations(for programme: Programme) throws(DiagnosticError) -> DelegationList? {
        guard let name = programme.delegationsFile else { return nil }
        let path = DelegationList.path(name, besides: programme.file)
        return try DelegationList.load(text: try Input.text(at: path), path: path)
    }

    /// Streams the list at `path` (CSV or workbook) through a ``RegistrationChecker``
    /// (``RegistrationFiles/check(path:programme:options:sheet:progress:delegations:)``).
    /// - Throws: ``DiagnosticError`` when the file, the delegation list or the list's text cannot
    ///   be read; the CLI exits with 2.
    static func check(path: String, programme: Programme, options: RegistrationOptions, sheet: String? = nil,
                      progress: ProgressLine? = nil, delegations readDelegations: Bool = true) throws(DiagnosticError) -> RegistrationChecker.Result {
        try RegistrationFiles.check(path: path, programme: programme, options: options, sheet: sheet, progress: progress) { () throws(DiagnosticError) in
            readDelegations ? try delegations(for: programme) : nil
        }
    }

    /// Everyone on a registration list with their sessions (explicit ones plus every session of
    /// each activity registered for), and the list's findings as diagnostics (line = spreadsheet
    /// row, column = field number). Rows of one person are merged; see ``Participant/id``.
    /// - Parameters:
    ///   - path: the CSV file.
    ///   - programme: the programme the list registers for (its delegation list is read too).
    ///   - delimiter, encoding, columns: as `--delimiter`, `--encoding`, `--columns`.
    /// - Throws: ``DiagnosticError`` when the list cannot be read (exit code 2).
    static func participants(path: String, programme: Programme, delimiter: CSVDelimiter? = nil, encoding: TextEncoding? = nil,
                             columns: [RegistrationColumn: String] = [:], sheet: String? = nil) throws(DiagnosticError) -> ([Participant], [Diagnostic]) {
        let options = RegistrationOptions(file: path, delimiter: delimiter, encoding: encoding, columns: columns, collectParticipants: true)
        let result = try check(path: path, programme: programme, options: options, sheet: sheet)
        return (result.participants, result.report.findings)
    }

    /// ``participants(path:programme:delimiter:encoding:columns:sheet:)`` in the compact form
    /// personal feeds read (``FeedPeople``).
    static func feedPeople(path: String, programme: Programme, delimiter: CSVDelimiter? = nil, encoding: TextEncoding? = nil,
                           columns: [RegistrationColumn: String] = [:], sheet: String? = nil) throws(DiagnosticError) -> (FeedPeople, [Diagnostic]) {
        var options = RegistrationOptions(file: path, delimiter: delimiter, encoding: encoding, columns: columns)
        options.collectFeedPeople = true
        let result = try check(path: path, programme: programme, options: options, sheet: sheet)
        return (result.feedPeople, result.report.findings)
    }
}

/// `cartagena registrations check FILE.csv`: findings a registration desk must fix.
struct RegistrationsCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a registration list (CSV or Excel .xlsx) against the programme: duplicates, bad e-mails, unknown codes, full rooms, quotas, formulas.",
        discussion: "Rows are numbered as a spreadsheet shows them (the header is row 1); in a workbook, findings name the cell (Sheet1!D12). Exit codes: 0 no errors; 1 errors (or warnings with --strict); 2 unreadable list or programme."
    )

    @Argument(help: ArgumentHelp("The registration list (CSV, or an Excel workbook .xlsx).", valueName: "file"), completion: Completion.listFile)
    var file: String

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var listOptions: RegistrationListOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: ReportFormat = .text

    @Flag(name: .long, help: "Treat warnings as errors (exit 1).")
    var strict = false

    func run() throws {
        let programme = try Input.programme(planOptions).programme
        let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
        let progress = ProgressLine(total: size, label: "rows", delay: 1, minimum: 0)
        let report = try Input.orExit {
            try RegistrationInput.check(path: file, programme: programme, options: listOptions.readOptions(file: file), sheet: listOptions.sheet,
                                       progress: progress).report
        }
        switch format {
        case .json: Terminal.write(report.jsonBytes)
        case .text: Terminal.out(report.text(colour: Terminal.colour(for: 1)))
        }
        if report.errorCount > 0 || (strict && report.warningCount > 0) { throw ExitCode(1) }
    }
}

extension Terminal {
    /// Writes bytes to standard output as they are (a report of tens of megabytes, without a copy).
    static func write(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { p in
            var done = 0
            while done < p.count {
                let n = Foundation.write(1, p.baseAddress! + done, p.count - done)
                if n < 0 { if errno == EINTR { continue }; return }
                done += n
            }
        }
    }
}

extension ProgressLine: ListProgress {}
