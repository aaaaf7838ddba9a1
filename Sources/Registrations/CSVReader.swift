import Diagnostics

/// The text encoding of a registration list.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark. Invalid bytes stop the reader with a located error.
    case utf8 = "utf-8"
    /// Windows-1252 (what Excel's plain "CSV" writes on Spanish, Portuguese and English Windows).
    case windows1252 = "windows-1252"
}

/// The field delimiter of a CSV file.
public enum CSVDelimiter: String, Sendable, CaseIterable {
    case comma = ",", semicolon = ";", tab

    var byte: UInt8 {
        switch self {
        case .comma: return UInt8(ascii: ",")
        case .semicolon: return UInt8(ascii: ";")
        case .tab: return 9
        }
    }

    init?(byte: UInt8) {
        switch byte {
        case UInt8(ascii: ","): self = .comma
        case UInt8(ascii: ";"): self = .semicolon
        case 9: self = .tab
        default: return nil
        }
    }

    /// How a message names it: `','`, `';'` or `tab`.
    var spelled: String { self == .tab ? "tab" : "'\(rawValue)'" }
}

/// One record of a CSV file: its fields as UTF-8 bytes and the row a spreadsheet shows it on.
///
/// The reader reuses the storage for the next record: copy out what you keep (``string(_:)``).
public struct CSVRecord: Sendable {
    /// The spreadsheet row: the header is row 1, and a quoted field spanning lines is one row.
    public internal(set) var row = 0
    /// The fields' bytes, one after the other, always valid UTF-8.
    var bytes: [UInt8] = []
    /// End offset of each field in ``bytes``.
    var ends: [Int] = []
    /// A structural problem found in this record (text after a closing quote), already reported.
    public internal(set) var problem: Diagnostic?
    /// The delimiter the record was read with.
    public internal(set) var delimiter = CSVDelimiter.comma

    /// The number of fields.
    public var count: Int { ends.count }

    /// The byte range of field `i` (0-based).
    @inline(__always) func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    /// The bytes of field `i` (0-based).
    @inline(__always) func field(_ i: Int) -> ArraySlice<UInt8> { bytes[range(i)] }

    /// Field `i` (0-based) as a string, exactly as in the file.
    public func string(_ i: Int) -> String { String(decoding: field(i), as: UTF8.self) }

    /// True when the record is a blank line (one empty field).
    public var isBlank: Bool { ends.count == 1 && ends[0] == 0 }
}

/// A streaming CSV reader (RFC 4180) fed with chunks of bytes; it does no I/O itself.
///
/// - The delimiter is `,`, `;` or tab, taken from the option or detected from the header line
///   (the one of the three that occurs most often outside quotes; a comma when none does).
/// - Line ends are LF, CRLF or CR. Quoted fields may hold delimiters, doubled quotes and line breaks.
///   A quote inside an unquoted field is kept as a character, as spreadsheets do.
/// - A UTF-8 byte-order mark is skipped. Bytes are UTF-8 unless ``TextEncoding/windows1252`` is
///   given; invalid UTF-8 throws a `csv-encoding` error at the row and column where it occurs,
///   rather than guessing.
///
/// ```swift
/// var reader = CSVReader(file: "list.csv")
/// try reader.feed(chunk) { record in print(record.row, record.string(0)) }
/// try reader.finish { record in ... }
/// ```
public struct CSVReader {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterCR }

    /// The path reported in locations.
    public let file: String
    /// The delimiter in use: given, or detected once the header line has been seen.
    public private(set) var delimiter: CSVDelimiter?
    /// The encoding in use; `nil` means UTF-8 where invalid bytes are an error that names the option.
    public let encoding: TextEncoding?
    /// Problems that end reading early: a quote that is never closed. Filled by ``finish(_:)``.
    public private(set) var problems: [Diagnostic] = []
    /// Notes about how the file was read (a byte-order mark overriding `--encoding`).
    public private(set) var notes: [Diagnostic] = []

    private var state = State.fieldStart
    private var record = CSVRecord()
    private var rowsDone = 0
    private var inRecord = false
    private var high: UInt8 = 0
    private var quoteColumn = 0
    private var quoteRow = 0
    private var headerPending: [UInt8]? = []
    private var decodeCP1252: Bool
    /// Set once a chunk holds a NUL byte; records are then searched for it (one pass per chunk otherwise).
    private var mayHoldNUL = false
    /// How far the header line has been scanned for its end, and whether that point is inside quotes.
    private var headerScanned = 0
    private var headerQuoted = false

    /// - Parameters:
    ///   - file: the path to report in locations (the file need not exist).
    ///   - delimiter: the delimiter, or `nil` to detect it from the header line.
    ///   - encoding: the encoding, or `nil` for UTF-8 with an error that suggests `--encoding windows-1252`.
    public init(file: String, delimiter: CSVDelimiter? = nil, encoding: TextEncoding? = nil) {
        self.file = file
        self.delimiter = delimiter
        self.encoding = encoding
        self.decodeCP1252 = encoding == .windows1252
    }

    /// The number of records completed so far (the header included).
    public var rowCount: Int { rowsDone }

    /// Reads a chunk; calls `body` for every record completed in it.
    /// - Throws: ``DiagnosticError`` (`csv-encoding`) at the first byte that is not valid UTF-8, or
    ///   whatever `body` throws.
    public mutating func feed(_ chunk: some Sequence<UInt8>, _ body: (CSVRecord) throws -> Void) throws {
        if var pending = headerPending {
            headerPending = nil  // so that `pending` is the only reference and grows in place
            let before = pending.count
            pending.append(contentsOf: chunk)
            if !mayHoldNUL, pending[before...].contains(0) { mayHoldNUL = true }
            guard let end = headerEnd(pending) else { headerPending = pending; return }
            try start(with: pending, headerEnd: end, body)
            return
        }
        let bytes = chunk as? [UInt8] ?? Array(chunk)
        if !mayHoldNUL, bytes.contains(0) { mayHoldNUL = true }
        try bytes.withUnsafeBufferPointer { try consume($0, body) }
    }

    /// Ends the input: completes the last record and reports a quote that was never closed.
    public mutating func finish(_ body: (CSVRecord) throws -> Void) throws {
        if let pending = headerPending { try start(with: pending, headerEnd: pending.count, body) }
        switch state {
        case .quoted:
            problems.append(.error("csv-unbalanced-quote",
                                   "the quote that opens column \(quoteColumn) of row \(quoteRow) is never closed, so the rest of the file was read as one field; close it or remove it",
                                   at: SourceLocation(file: file, line: quoteRow, column: quoteColumn)))
            record.bytes.removeAll(keepingCapacity: true)
            record.ends.removeAll(keepingCapacity: true)
            inRecord = false
        default:
            if inRecord { try endRecord(body) }
        }
        state = .fieldStart
    }

    // MARK: - Start: byte-order mark and delimiter detection

    /// Index just past the first line break outside quotes, if the header line is complete.
    /// Resumes where the previous chunk's scan stopped, so a long header line costs linear time.
    private mutating func headerEnd(_ bytes: [UInt8]) -> Int? {
        var i = headerScanned
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") { headerQuoted.toggle() } else if !headerQuoted, b == 10 || b == 13 { return i + 1 }
            i += 1
        }
        headerScanned = i
        return nil
    }

    private mutating func start(with bytes: [UInt8], headerEnd: Int, _ body: (CSVRecord) throws -> Void) throws {
        headerPending = nil
        var from = 0
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            from = 3
            if decodeCP1252 {
                decodeCP1252 = false
                notes.append(.note("csv-encoding", "the file starts with a UTF-8 byte-order mark, so it was read as UTF-8 despite --encoding windows-1252",
                                   at: SourceLocation(file: file, line: 1, column: 1)))
            }
        } else if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            throw DiagnosticError(.error("csv-encoding", "the file is UTF-16 text; save it as 'CSV UTF-8' (or UTF-8 text) and check it again",
                                         at: SourceLocation(file: file, line: 1, column: 1)))
        }
        if delimiter == nil {
            var counts: [CSVDelimiter: Int] = [:]
            var quoted = false
            for b in bytes[from..<max(from, headerEnd)] {
                if b == UInt8(ascii: "\"") { quoted.toggle() } else if !quoted, let d = CSVDelimiter(byte: b) { counts[d, default: 0] += 1 }
            }
            delimiter = CSVDelimiter.allCases.max { (counts[$0] ?? 0) < (counts[$1] ?? 0) }.flatMap { counts[$0] ?? 0 > 0 ? $0 : nil } ?? .comma
        }
        try bytes.withUnsafeBufferPointer { try consume(UnsafeBufferPointer(rebasing: $0[from...]), body) }
    }

    // MARK: - The byte loop

    private mutating func consume(_ p: UnsafeBufferPointer<UInt8>, _ body: (CSVRecord) throws -> Void) throws {
        let d = delimiter!.byte
        let quote = UInt8(ascii: "\"")
        let stopHigh: UInt8 = decodeCP1252 ? 0x80 : 0xFF  // bytes >= this need transcoding
        let n = p.count
        var i = 0
        while i < n {
            switch state {
            case .afterCR:
                if p[i] == 10 { i += 1 }
                state = .fieldStart
            case .fieldStart:
                inRecord = true
                if p[i] == quote {
                    state = .quoted
                    quoteRow = rowsDone + 1
                    quoteColumn = record.ends.count + 1
                    i += 1
                } else {
                    state = .unquoted
                }
            case .unquoted:
                let start = i
                var h = high
                while i < n {
                    let b = p[i]
                    if b == d || b == 10 || b == 13 || b >= stopHigh { break }
                    h |= b
                    i += 1
                }
                high = h
                if i > start { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i])) }
                if i == n { break }
                let b = p[i]
                i += 1
                if b == d {
                    record.ends.append(record.bytes.count)
                    state = .fieldStart
                } else if b == 10 || b == 13 {
                    try endRecord(body)
                    state = b == 13 ? .afterCR : .fieldStart
                } else {
                    appendWindows1252(b)
                }
            case .quoted:
                let start = i
                var h = high
                while i < n {
                    let b = p[i]
                    if b == quote || b >= stopHigh { break }
                    h |= b
                    i += 1
                }
                high = h
                if i > start { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i])) }
                if i == n { break }
                let b = p[i]
                i += 1
                if b == quote { state = .quoteInQuoted } else { appendWindows1252(b) }
            case .quoteInQuoted:
                let b = p[i]
                i += 1
                if b == quote {
                    record.bytes.append(quote)
                    state = .quoted
                } else if b == d {
                    record.ends.append(record.bytes.count)
                    state = .fieldStart
                } else if b == 10 || b == 13 {
                    try endRecord(body)
                    state = b == 13 ? .afterCR : .fieldStart
                } else {
                    if record.problem == nil {
                        record.problem = .error("csv-unbalanced-quote",
                                                "column \(record.ends.count + 1) has text after its closing quote; quote the whole value and double any quote inside it (\"\")",
                                                at: SourceLocation(file: file, line: rowsDone + 1, column: record.ends.count + 1))
                    }
                    state = .unquoted
                    i -= 1
                }
            }
        }
    }

    private mutating func appendWindows1252(_ b: UInt8) {
        let scalar = Windows1252.scalar(b)
        high |= 0x80
        record.bytes.append(contentsOf: UTF8.encode(scalar)!)
    }

    private mutating func endRecord(_ body: (CSVRecord) throws -> Void) throws {
        record.ends.append(record.bytes.count)
        rowsDone += 1
        record.row = rowsDone
        record.delimiter = delimiter ?? .comma
        if high >= 0x80, !decodeCP1252 { try validateUTF8() }
        if mayHoldNUL { try rejectNUL() }
        try body(record)
        record.bytes.removeAll(keepingCapacity: true)
        record.ends.removeAll(keepingCapacity: true)
        record.problem = nil
        high = 0
        inRecord = false
    }

    /// A NUL byte is not text: it would end a C string in a spreadsheet or mail-merge tool.
    private func rejectNUL() throws {
        guard let at = record.bytes.firstIndex(of: 0) else { return }
        let field = record.ends.firstIndex { $0 > at } ?? record.ends.count - 1
        throw DiagnosticError(.error("csv-encoding", "column \(field + 1) holds a NUL byte (0x00); the file is not text: export it again as 'CSV UTF-8'",
                                     at: SourceLocation(file: file, line: record.row, column: field + 1)))
    }

    private func validateUTF8() throws {
        for f in 0..<record.ends.count {
            let r = record.range(f)
            if let bad = UTF8Check.firstInvalid(record.bytes, r) {
                let hint = encoding == .utf8
                    ? "the file is not valid UTF-8 although --encoding utf-8 was given; if it was saved by Excel as plain 'CSV', pass --encoding windows-1252"
                    : "the file is not valid UTF-8; if it was saved by Excel as plain 'CSV' (Windows-1252), pass --encoding windows-1252, or save it as 'CSV UTF-8'"
                throw DiagnosticError(.error("csv-encoding", "byte 0x\(String(record.bytes[bad], radix: 16, uppercase: true)) at byte \(bad - r.lowerBound + 1) of column \(f + 1) is not UTF-8: \(hint)",
                                             at: SourceLocation(file: file, line: record.row, column: f + 1)))
            }
        }
    }
}
