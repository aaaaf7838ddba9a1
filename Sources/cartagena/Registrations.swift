import ArgumentParser
import Diagnostics
import Foundation
import Planner
import Registrations

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

    @Option(name: .long, help: ArgumentHelp("Text encoding: utf-8 or windows-1252 (default: UTF-8; invalid UTF-8 stops with an error).", valueName: "encoding"))
    var encoding: TextEncoding?

    @Option(name: .long, help: ArgumentHelp("Header names for columns, e.g. 'given-name=Vorname,email=Mail'. Columns: activities, arrival, delegation, departure, email, family-name, given-name, id, language, registration-id, role, sessions.", valueName: "map"))
    var columns: String?

    func validate() throws {
        if let columns {
            do { _ = try ColumnMap.parseOverrides(columns) } catch { throw ValidationError(error.diagnostics.map(\.message).joined(separator: "; ")) }
        }
    }

    func readOptions(file: String, collectParticipants: Bool = false) throws -> RegistrationOptions {
        let map = try columns.map { try ColumnMap.parseOverrides($0) } ?? [:]
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

/// Reads registration lists from files in 1 MiB chunks: the only I/O for the Registrations module.
///
/// Other commands (conflicts, agenda, personal feeds) get each person's sessions with
/// ``participants(path:programme:options:)``.
enum RegistrationInput {
    /// Bytes read per call; memory stays flat however large the list is.
    static let chunkSize = 1 << 20

    /// The programme's delegation list (`delegations:` in its head), or `nil` when it declares none.
    /// - Throws: ``DiagnosticError`` naming the file when it cannot be read or is invalid.
    static func delegations(for programme: Programme) throws(DiagnosticError) -> DelegationList? {
        guard let name = programme.delegationsFile else { return nil }
        let path = DelegationList.path(name, besides: programme.file)
        return try DelegationList.load(text: try Input.text(at: path), path: path)
    }

    /// Streams the file at `path` through a ``RegistrationChecker``.
    /// - Throws: ``DiagnosticError`` when the file or the delegation list cannot be read, or the
    ///   list is not readable CSV (encoding, header); the CLI exits with 2.
    static func check(path: String, programme: Programme, options: RegistrationOptions) throws(DiagnosticError) -> RegistrationChecker.Result {
        var checker = RegistrationChecker(programme: programme, delegations: try delegations(for: programme), options: options)
        guard let handle = FileHandle(forReadingAtPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read (permissions?)" : "no such file"
            throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)': \(reason)"))
        }
        defer { try? handle.close() }
        while true {
            let data: Data
            do { data = try handle.read(upToCount: chunkSize) ?? Data() } catch {
                throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)': \(error.localizedDescription)"))
            }
            if data.isEmpty { break }
            try checker.feed(data.withUnsafeBytes { [UInt8]($0) })
        }
        return try checker.finish()
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
                             columns: [RegistrationColumn: String] = [:]) throws(DiagnosticError) -> ([Participant], [Diagnostic]) {
        let options = RegistrationOptions(file: path, delimiter: delimiter, encoding: encoding, columns: columns, collectParticipants: true)
        let result = try check(path: path, programme: programme, options: options)
        return (result.participants, result.report.diagnostics)
    }
}

/// `cartagena registrations check FILE.csv`: findings a registration desk must fix.
struct RegistrationsCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Check a registration list (CSV) against the programme: duplicates, bad e-mails, unknown codes, full rooms, quotas, formulas.",
        discussion: "Rows are numbered as a spreadsheet shows them (the header is row 1). Exit codes: 0 no errors; 1 errors (or warnings with --strict); 2 unreadable list or programme."
    )

    @Argument(help: ArgumentHelp("The registration list (CSV).", valueName: "file.csv"))
    var file: String

    @OptionGroup var planOptions: PlanOptions
    @OptionGroup var listOptions: RegistrationListOptions

    @Option(name: .long, help: "Output format: text or json.")
    var format: ReportFormat = .text

    @Flag(name: .long, help: "Treat warnings as errors (exit 1).")
    var strict = false

    func run() throws {
        let programme = try Input.programme(planOptions).programme
        let report = try Input.orExit {
            try RegistrationInput.check(path: file, programme: programme, options: listOptions.readOptions(file: file)).report
        }
        switch format {
        case .json: Terminal.out(report.json)
        case .text: Terminal.out(report.text(colour: Terminal.colour(for: 1)))
        }
        if report.errorCount > 0 || (strict && report.warningCount > 0) { throw ExitCode(1) }
    }
}
