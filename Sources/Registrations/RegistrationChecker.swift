import CivilTime
import Diagnostics
import Planner

/// Checks a registration list against a programme while it streams in, chunk by chunk.
///
/// It keeps compact keys (64-bit hashes of folded names, e-mails and registrations, with the
/// first row of each), counts per session and per delegation and activity, never the rows
/// themselves, so memory stays flat as the file grows. Feed it the bytes and call ``finish()``:
///
/// ```swift
/// var checker = RegistrationChecker(programme: p, delegations: list, options: .init(file: "list.csv"))
/// try checker.feed(chunk)          // as many times as needed
/// let result = try checker.finish()
/// print(result.report.text(colour: false))
/// ```
///
/// Codes: `missing-field`, `invalid-email`, `duplicate`, `duplicate-email`, `unknown-delegation`,
/// `unknown-activity`, `unknown-session`, `overlapping-sessions` (warning), `over-capacity`,
/// `over-quota`, `formula-injection`, `dates-outside` (warning), `invalid-date`, and the reader's
/// `csv-field-count`, `csv-unbalanced-quote`; `csv-encoding`, `csv-missing-column` and
/// `csv-duplicate-column` are thrown, because the list cannot be read.
public struct RegistrationChecker {
    /// What ``finish()`` returns.
    public struct Result: Sendable {
        public var report: RegistrationReport
        /// Empty unless ``RegistrationOptions/collectParticipants``; in order of first row.
        public var participants: [Participant]
    }

    let options: RegistrationOptions
    let index: ProgrammeIndex
    let programmeFile: String
    let delegationsFile: String?
    var reader: CSVReader
    var columns: ColumnMap?
    var findings: [RegistrationFinding] = []
    var dataRows = 0

    // Compact state: hashes and rows, never records.
    var firstRowOfPerson: [UInt64: Int32] = [:]
    var firstRowOfRegistration: [UInt64: Int32] = [:]
    var ownerOfEmail: [UInt64: (person: UInt64, row: Int32)] = [:]
    var seatCount: [Int32]
    var firstRowOverCapacity: [Int32]
    var delegationNumbers = ByteLookup([])
    var quota: [QuotaKey: QuotaCount] = [:]
    var countedForQuota: Set<UInt64> = []
    var sessionsOfPerson: [UInt64: [(session: Int32, row: Int32)]] = [:]
    var unknownSuggestions: [String: String?] = [:]
    var participants: [Participant] = []
    var participantNumber: [String: Int] = [:]

    struct QuotaKey: Hashable { var delegation: Int32; var activity: Int32 }
    struct QuotaCount {
        var count = 0
        var rows: [Int32] = []
        var head: (person: UInt64, row: Int32)?
    }

    /// - Parameters:
    ///   - programme: the programme the list registers for.
    ///   - delegations: the programme's delegation list; `nil` skips `unknown-delegation`.
    ///   - options: file name, delimiter, encoding, column names, whether to build participants.
    public init(programme: Programme, delegations: DelegationList?, options: RegistrationOptions) {
        self.options = options
        self.index = ProgrammeIndex(programme, delegations: delegations)
        self.programmeFile = programme.file
        self.delegationsFile = programme.delegationsFile.map { DelegationList.path($0, besides: programme.file) }
        self.reader = CSVReader(file: options.file, delimiter: options.delimiter, encoding: options.encoding)
        seatCount = Array(repeating: 0, count: index.sessions.count)
        firstRowOverCapacity = Array(repeating: 0, count: index.sessions.count)
    }

    /// Reads the next chunk of the file.
    /// - Throws: ``DiagnosticError`` when the list cannot be read: invalid UTF-8 (`csv-encoding`),
    ///   a missing or repeated column in the header (`csv-missing-column`, `csv-duplicate-column`).
    public mutating func feed(_ chunk: some Sequence<UInt8>) throws(DiagnosticError) {
        var r = reader
        defer { reader = r }
        do {
            try r.feed(chunk) { try self.handle($0) }
        } catch let e as DiagnosticError { throw e } catch { throw DiagnosticError(.error("csv-read", "\(error)")) }
    }

    /// Ends the input and runs the checks that need every row (capacity, quota, overlaps across rows).
    public mutating func finish() throws(DiagnosticError) -> Result {
        var r = reader
        do {
            try r.finish { try self.handle($0) }
        } catch let e as DiagnosticError { throw e } catch { throw DiagnosticError(.error("csv-read", "\(error)")) }
        reader = r
        if columns == nil {
            throw DiagnosticError(.error("csv-missing-column", "the file is empty; a registration list needs a header row such as 'given name,family name,email,delegation,sessions'",
                                         at: SourceLocation(file: options.file, line: 1, column: 1)))
        }
        let headers = columns?.headers ?? []
        findings += (reader.problems + reader.notes).map { RegistrationFinding($0, headers: headers) }
        finishCapacity()
        finishQuota()
        finishOverlaps()
        let report = RegistrationReport(file: options.file, rows: dataRows, findings: findings)
        return Result(report: report, participants: participants)
    }

    // MARK: - Rows

    mutating func handle(_ record: CSVRecord) throws {
        guard let columns else {
            columns = try ColumnMap(header: (0..<record.count).map(record.string), overrides: options.columns, file: options.file)
            return
        }
        dataRows += 1
        if let problem = record.problem { findings.append(RegistrationFinding(problem, headers: columns.headers)) }
        if record.isBlank { return }
        guard record.count == columns.headers.count else {
            let d = record.delimiter
            findings.append(RegistrationFinding(row: record.row, column: nil, columnNumber: min(record.count, columns.headers.count + 1),
                                                code: "csv-field-count", severity: .error,
                                                message: "the row has \(record.count) fields but the header has \(columns.headers.count); quote every value that contains the delimiter \(d.spelled) and check for a missing or extra delimiter",
                                                value: nil))
            return
        }
        record.bytes.withUnsafeBufferPointer { p in checkRow(record, p, columns) }
    }

    func finding(_ record: CSVRecord, _ field: Int?, _ code: String, _ message: String, severity: Severity = .error,
                 value: String? = nil, related: [Int] = []) -> RegistrationFinding {
        RegistrationFinding(row: record.row, column: field.map { columns!.headers[$0] }, columnNumber: field.map { $0 + 1 },
                            code: code, severity: severity, message: message,
                            value: value ?? field.map { record.string($0) }, relatedRows: related)
    }
}
