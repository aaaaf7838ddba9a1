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

    @Option(name: .long, help: ArgumentHelp("Text encoding: utf-8 or windows-1252 (default: UTF-8; invalid UTF-8 stops with an error).", valueName: "encoding"))
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

    func readOptions(file: String, collectParticipants: Bool = false) throws -> RegistrationOptions {
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
    ///
    /// A large list (``parallelMinimum`` bytes or more) is read on two cores: the rows after the
    /// first line break past the middle are analysed on another thread (``RegistrationPart``)
    /// while this one reads the first half; the checks across rows then take them in row order,
    /// so the report is the same. That boundary is a record boundary when the first half holds no
    /// quote; when it holds one, the second half is read here after the first, as a whole.
    /// - Parameter progress: a progress line to update (rows), or `nil`.
    /// - Throws: ``DiagnosticError`` when the file or the delegation list cannot be read, or the
    ///   list is not readable CSV (encoding, header); the CLI exits with 2.
    static func check(path: String, programme: Programme, options: RegistrationOptions, sheet: String? = nil,
                      progress: Progress? = nil, delegations readDelegations: Bool = true) throws(DiagnosticError) -> RegistrationChecker.Result {
        let file = try ListFile(path: path)
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var n = try file.read(into: &buffer, at: 0)
        let delegationList = readDelegations ? try delegations(for: programme) : nil
        switch ListFormat.sniff(buffer[..<n]) {
        case .csv: break
        case .xlsx: return try workbook(path: path, programme: programme, delegations: delegationList, options: options, sheet: sheet, progress: progress)
        case .ole2:
            var all: [UInt8] = []
            var offset = 0
            while true {  // the directory can be anywhere: look through the file for the stream name
                let got = try file.read(into: &buffer, at: offset)
                if got == 0 || all.count > 256 << 20 { break }
                all += buffer[..<got]
                offset += got
            }
            throw ListFormat.unreadable(.ole2(encrypted: ListFormat.holdsEncryptedPackage(all)), file: options.file)!
        }
        var options = options
        options.expectedRows = file.size / 160  // rows are about 150 bytes: size the key tables once
        var checker = RegistrationChecker(programme: programme, delegations: delegationList, options: options)
        var offset = 0
        try checker.feed(buffer[..<n])
        offset = n
        let worker = n > 0 && file.size >= parallelMinimum && ProcessInfo.processInfo.activeProcessorCount > 1
            ? try PartWorker.start(checker: checker, file: file, from: offset) : nil
        defer { worker?.cancel() }  // when this thread stops early (an error)
        let end = worker?.start ?? file.size
        func hasQuote(_ n: Int) -> Bool { buffer.withUnsafeBytes { memchr($0.baseAddress!, 0x22, n) != nil } }
        var quoted = hasQuote(n)
        while offset < end {
            n = try file.read(into: &buffer, at: offset, upTo: end - offset)
            if n == 0 { break }
            if worker != nil, !quoted { quoted = hasQuote(n) }
            try checker.feed(buffer[..<n])
            offset += n
            let (rows, bytes) = worker?.done ?? (0, 0)
            progress?.update(bytes: offset + bytes, count: checker.rowsRead + rows)
        }
        if let worker {
            if quoted {
                worker.cancel()
                _ = worker.wait()
                while true {
                    n = try file.read(into: &buffer, at: offset)
                    if n == 0 { break }
                    try checker.feed(buffer[..<n])
                    offset += n
                    progress?.update(bytes: offset, count: checker.rowsRead)
                }
            } else {
                let (part, error) = worker.wait()  // its rows are freed with `part`, at the end of this block
                try checker.append(part, error: error)
            }
        }
        let result = try checker.finish()
        progress?.finish(count: result.report.rows)
        return result
    }

    /// Checks the sheet of an Excel workbook: its rows, as CSV text, go through the same checker.
    static func workbook(path: String, programme: Programme, delegations: DelegationList?, options: RegistrationOptions,
                         sheet: String?, progress: Progress?) throws(DiagnosticError) -> RegistrationChecker.Result {
        let reader = try XLSXReader(path: path, sheet: sheet, file: options.file)
        var options = options
        options.delimiter = .comma
        options.encoding = .utf8
        var checker = RegistrationChecker(programme: programme, delegations: delegations, options: options)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        try reader.csv { chunk throws(DiagnosticError) in
            try checker.feed(chunk)
            progress?.update(bytes: Int(reader.progress.fraction * Double(size)), count: checker.rowsRead)  // the share of the sheet read
        }
        var result = try checker.finish()
        result.report.sheet = reader.sheetName
        progress?.finish(count: result.report.rows)
        return result
    }

    /// Lists smaller than this are read on one core.
    static let parallelMinimum = 8 << 20

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
        return (result.participants, result.report.diagnostics)
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
        let progress = Progress(total: size, label: "rows", delay: 1, minimum: 0)
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

/// A registration list opened for reading at any offset (`pread`), so that two threads can read
/// their halves.
final class ListFile: Sendable {
    let path: String
    let size: Int
    private let fd: Int32

    init(path: String) throws(DiagnosticError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read (permissions?)" : "no such file"
            throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)': \(reason)"))
        }
        let end = lseek(fd, 0, SEEK_END)  // the size, without `stat` (ambiguous between C modules here)
        size = end > 0 ? Int(end) : 0
    }

    deinit { close(fd) }

    /// Reads up to `limit` bytes (at most the buffer's size) at `offset`.
    /// - Returns: the number of bytes read; 0 at the end of the file.
    func read(into buffer: inout [UInt8], at offset: Int, upTo limit: Int = .max) throws(DiagnosticError) -> Int {
        let count = min(buffer.count, limit)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        guard n >= 0 else {
            throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)': \(String(cString: strerror(errno)))"))
        }
        return n
    }
}

/// The thread that analyses the second half of a list (see ``RegistrationInput/check(path:programme:options:progress:)``).
///
/// `@unchecked Sendable`: `part` and `error` are written by the worker thread only, before it
/// signals `finished`, and read by the starting thread only after `wait()`; the counters and the
/// cancel flag are atomics.
final class PartWorker: @unchecked Sendable {
    /// The record boundary where the part starts.
    let start: Int
    private let file: ListFile
    private var part: RegistrationPart?
    private var error: DiagnosticError?
    private let finished = DispatchSemaphore(value: 0)
    private let cancelled = Atomic<Bool>(false)
    private let rows = Atomic<Int>(0)
    private let bytes = Atomic<Int>(0)

    private init(start: Int, file: ListFile, part: RegistrationPart) {
        self.start = start
        self.file = file
        self.part = part
    }

    /// Finds the first line break after the middle of the file (not before `from`) and starts a
    /// thread on the rows after it; `nil` when there is none within 1 MiB or the header is not
    /// read yet.
    static func start(checker: RegistrationChecker, file: ListFile, from: Int) throws(DiagnosticError) -> PartWorker? {
        guard let part = checker.part() else { return nil }
        var probe = [UInt8](repeating: 0, count: 1 << 20)
        let middle = max(from, file.size / 2)
        let n = try file.read(into: &probe, at: middle)
        guard let lf = probe[..<n].firstIndex(of: 10), middle + lf + 1 < file.size else { return nil }
        let worker = PartWorker(start: middle + lf + 1, file: file, part: part)
        let thread = Thread { worker.run() }
        thread.stackSize = 1 << 22
        thread.start()
        return worker
    }

    private func run() {
        defer { finished.signal() }
        var buffer = [UInt8](repeating: 0, count: RegistrationInput.chunkSize)
        var offset = start
        do {
            while !cancelled.load(ordering: .relaxed) {
                let n = try file.read(into: &buffer, at: offset)
                if n == 0 { break }
                try part!.feed(buffer[..<n])
                offset += n
                rows.store(part!.rowsRead, ordering: .relaxed)
                bytes.store(offset - start, ordering: .relaxed)
            }
            try part!.finish()
        } catch {
            self.error = error
        }
    }

    /// Rows and bytes analysed so far.
    var done: (rows: Int, bytes: Int) { (rows.load(ordering: .relaxed), bytes.load(ordering: .relaxed)) }

    /// Asks the thread to stop after its current chunk.
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Waits for the thread; the part and the error that stopped it, if any. The part is handed
    /// over (this object no longer holds its rows).
    func wait() -> (RegistrationPart, DiagnosticError?) {
        finished.wait()
        defer { part = nil }
        return (part!, error)
    }
}
