import Diagnostics
import Foundation

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
public struct CSVReader: Sendable {
    private enum State { case fieldStart, unquoted, quoted, quoteInQuoted, afterCR }

    /// The longest field read, in bytes of UTF-8 (128 KiB: Excel holds at most 32,767 characters
    /// in a cell). A longer one stops reading with a located `csv-field-too-long` error as soon as
    /// the limit is passed, so memory stays flat whatever the file holds.
    public static let maximumFieldBytes = 131_072
    /// The longest record read, in bytes of UTF-8, its delimiters included (1 MiB); beyond it a
    /// located `csv-row-too-long` error, checked while the record streams in. The header too.
    public static let maximumRowBytes = 1_048_576

    /// The path reported in locations.
    public let file: String
    /// The delimiter in use: given, or detected once the header line has been seen.
    public private(set) var delimiter: CSVDelimiter?
    /// The encoding in use; `nil` means UTF-8 where invalid bytes are an error that names the option.
    public let encoding: TextEncoding?
    /// Problems that end reading early: a quote that is never closed. Filled by ``finish(_:)``.
    public var problems: [Diagnostic] {
        guard let (row, column) = unclosedQuote else { return [] }
        return [.error("csv-unbalanced-quote",
                       "the quote that opens column \(column) of row \(row + rowBase) is never closed, so the rest of the file was read as one field; close it or remove it",
                       at: SourceLocation(file: file, line: row + rowBase, column: column))]
    }
    /// Row and column of a quote never closed, found by ``finish(_:)``.
    private var unclosedQuote: (row: Int, column: Int)?
    /// Added to the rows of ``problems``: the rows before a part of the file read on its own.
    package var rowBase = 0
    /// Notes about how the file was read (a byte-order mark overriding `--encoding`).
    public internal(set) var notes: [Diagnostic] = []

    // `record`, `high`, `decodeCP1252` and the setter of `notes` are internal for CSVReader+Encoding.swift.
    private var state = State.fieldStart
    var record = CSVRecord()
    private var rowsDone = 0
    private var inRecord = false
    var high: UInt8 = 0
    private var quoteColumn = 0
    private var quoteRow = 0
    private var headerPending: [UInt8]? = []
    var decodeCP1252: Bool
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

    /// A reader for the bytes after a record boundary of the file `other` reads: no header, the
    /// same delimiter and encoding, rows numbered from 1 at the boundary.
    package init(continuing other: CSVReader) {
        self.init(file: other.file, delimiter: other.delimiter, encoding: other.encoding)
        headerPending = nil
        decodeCP1252 = other.decodeCP1252
    }

    /// The number of records completed so far (the header included).
    public var rowCount: Int { rowsDone }

    /// Counts `n` records read by another reader (a part of the file after this one's end).
    package mutating func skipRows(_ n: Int) { rowsDone += n }

    /// What ``feedInPlace(_:_:)`` hands over: the record and the bytes its field ranges index.
    package typealias InPlaceBody = (CSVRecord, UnsafeBufferPointer<UInt8>) throws -> Void

    /// Reads a chunk; calls `body` for every record completed in it.
    /// - Throws: ``DiagnosticError`` (`csv-encoding`) at the first byte that is not valid UTF-8, or
    ///   whatever `body` throws.
    public mutating func feed(_ chunk: some Sequence<UInt8>, _ body: (CSVRecord) throws -> Void) throws {
        try Self.withContiguous(chunk) { p in try feedInPlace(p) { record, bytes in try body(record.materialized(bytes)) } }
    }

    /// Ends the input: completes the last record and reports a quote that was never closed.
    public mutating func finish(_ body: (CSVRecord) throws -> Void) throws {
        try finishInPlace { record, bytes in try body(record.materialized(bytes)) }
    }

    /// Reads a chunk without copying the records that lie whole in it.
    ///
    /// A record's field ranges index the buffer passed with it to `body` (the chunk itself, or the
    /// reader's copy for a record with quotes or split across chunks). That buffer is valid only
    /// during the call.
    package mutating func feedInPlace(_ chunk: UnsafeBufferPointer<UInt8>, _ body: InPlaceBody) throws {
        if var pending = headerPending {
            headerPending = nil  // so that `pending` is the only reference and grows in place
            let before = pending.count
            pending.append(contentsOf: chunk)
            if !mayHoldNUL, pending[before...].contains(0) { mayHoldNUL = true }
            guard let end = headerEnd(pending) else {
                if pending.count > Self.maximumRowBytes { throw rowTooLong(row: 1) }
                headerPending = pending
                return
            }
            try start(with: pending, headerEnd: end, body)
            return
        }
        if !mayHoldNUL, let base = chunk.baseAddress, memchr(base, 0, chunk.count) != nil { mayHoldNUL = true }
        try consume(chunk, body)
    }

    /// ``finish(_:)`` for ``feedInPlace(_:_:)``.
    package mutating func finishInPlace(_ body: InPlaceBody) throws {
        if let pending = headerPending { try start(with: pending, headerEnd: pending.count, body) }
        switch state {
        case .quoted:
            unclosedQuote = (quoteRow, quoteColumn)
            record.clear()
            inRecord = false
        default:
            if inRecord { try endRecord(body) }
        }
        state = .fieldStart
    }

    /// Calls `body` with the chunk's bytes, copying only a sequence that is not contiguous.
    package static func withContiguous(_ chunk: some Sequence<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws -> Void) throws {
        if try chunk.withContiguousStorageIfAvailable({ try body($0) }) == nil {
            try Array(chunk).withUnsafeBufferPointer { try body($0) }
        }
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

    private mutating func start(with bytes: [UInt8], headerEnd: Int, _ body: InPlaceBody) throws {
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

    private mutating func consume(_ p: UnsafeBufferPointer<UInt8>, _ body: InPlaceBody) throws {
        let d = delimiter!.byte
        let quote = UInt8(ascii: "\"")
        // Bytes >= this need transcoding: 0x80 and up in Windows-1252; none in UTF-8, where every
        // byte is kept and the record's UTF-8 check reports a bad one (0xFF included).
        var stopHigh: UInt16 = decodeCP1252 ? 0x80 : 0x100
        let n = p.count
        var i = 0
        while i < n {
            if state == .fieldStart, !inRecord, !mayHoldNUL, let next = try inPlaceRow(p, from: i, delimiter: d, body) {
                i = next
                continue
            }
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
                    if b == d || b == 10 || b == 13 || UInt16(b) >= stopHigh { break }
                    h |= b
                    i += 1
                }
                high = h
                if i > start { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i])) }
                try checkSize()
                if i == n { break }
                let b = p[i]
                i += 1
                if b == d {
                    record.endField()
                    state = .fieldStart
                } else if b == 10 || b == 13 {
                    try endRecord(body)
                    stopHigh = decodeCP1252 ? 0x80 : 0x100  // a file read as Windows-1252 from this row on
                    state = b == 13 ? .afterCR : .fieldStart
                } else {
                    appendWindows1252(b)
                }
            case .quoted:
                let start = i
                var h = high
                while i < n {
                    let b = p[i]
                    if b == quote || UInt16(b) >= stopHigh { break }
                    h |= b
                    i += 1
                }
                high = h
                if i > start { record.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[start..<i])) }
                try checkSize()
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
                    record.endField()
                    state = .fieldStart
                } else if b == 10 || b == 13 {
                    try endRecord(body)
                    stopHigh = decodeCP1252 ? 0x80 : 0x100  // a file read as Windows-1252 from this row on
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

    /// Bytes of `w` that equal `byte`: the high bit of each such byte is set (exact up to and
    /// including the first match, which is all the callers use).
    @inline(__always) private static func matches(_ w: UInt64, _ byte: UInt8) -> UInt64 {
        let x = w ^ (UInt64(byte) &* 0x0101_0101_0101_0101)
        return (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080
    }

    /// The common record, read in place: it starts at `i`, has no quote and ends with a line
    /// break inside this chunk. Scans eight bytes at a time for the delimiter, quote, CR and LF.
    /// - Returns: the index after the record's line break, or `nil` (nothing consumed) when the
    ///   record needs the byte loop: a quote, no line break in the chunk, bytes to transcode
    ///   (Windows-1252) or bytes that are not UTF-8 (the byte loop reports them).
    @inline(__always)
    private mutating func inPlaceRow(_ p: UnsafeBufferPointer<UInt8>, from i: Int, delimiter d: UInt8, _ body: InPlaceBody) throws -> Int? {
        let n = p.count
        guard let base = p.baseAddress else { return nil }
        var j = i, fieldStart = i
        var high: UInt64 = 0
        var lineEnd: UInt8 = 0
        while lineEnd == 0 {
            var found = false
            while j + 8 <= n {
                let w = UnsafeRawPointer(base + j).loadUnaligned(as: UInt64.self)
                let m = Self.matches(w, d) | Self.matches(w, 10) | Self.matches(w, 13) | Self.matches(w, 34)
                if m != 0 {
                    let k = m.trailingZeroBitCount >> 3
                    if k > 0 { high |= w & (~UInt64(0) >> (64 - 8 * k)) }
                    j += k
                    found = true
                    break
                }
                high |= w
                j += 8
            }
            if !found {
                while j < n {
                    let b = p[j]
                    if b == d || b == 10 || b == 13 || b == 34 { found = true; break }
                    high |= UInt64(b)
                    j += 1
                }
                if !found { record.clear(); return nil }
            }
            let b = p[j]
            if b == 34 { record.clear(); return nil }
            // A field or record over the limits: the byte loop copies it up to the limit and stops.
            if j - fieldStart > Self.maximumFieldBytes || j - i > Self.maximumRowBytes { record.clear(); return nil }
            record.starts.append(fieldStart)
            record.ends.append(j)
            j += 1
            fieldStart = j
            if b != d { lineEnd = b }
        }
        if high & 0x8080_8080_8080_8080 != 0 {
            if decodeCP1252 || UTF8Check.firstInvalid(p, i..<(j - 1)) != nil { record.clear(); return nil }
        }
        rowsDone += 1
        record.row = rowsDone
        record.delimiter = delimiter ?? .comma
        record.inPlace = true
        try body(record, p)
        record.clear()
        record.inPlace = false
        if lineEnd == 13 {
            if j == n { state = .afterCR } else if p[j] == 10 { j += 1 }
        }
        return j
    }

    /// Stops reading when the current field or record has grown past the limits.
    @inline(__always) private func checkSize() throws {
        let count = record.bytes.count
        if count - (record.ends.last ?? 0) > Self.maximumFieldBytes {
            let column = record.ends.count + 1
            throw DiagnosticError(.error("csv-field-too-long",
                                         "column \(column) is longer than \(Self.maximumFieldBytes / 1024) KiB, the most a field may hold; it may be a quote that is never closed, or a file that is not a list: fix the value or split it",
                                         at: SourceLocation(file: file, line: rowsDone + 1, column: column)))
        }
        if count + record.ends.count > Self.maximumRowBytes { throw rowTooLong(row: rowsDone + 1) }
    }

    private func rowTooLong(row: Int) -> DiagnosticError {
        DiagnosticError(.error("csv-row-too-long",
                               "the row is longer than \(Self.maximumRowBytes / 1_048_576) MiB, the most a row may hold; check that its lines end with line breaks and that every quote is closed",
                               at: SourceLocation(file: file, line: row, column: max(1, record.ends.count + 1))))
    }

    private mutating func endRecord(_ body: InPlaceBody) throws {
        record.endField()
        rowsDone += 1
        record.row = rowsDone
        record.delimiter = delimiter ?? .comma
        if high >= 0x80, !decodeCP1252 { try validateUTF8() }
        if mayHoldNUL { try rejectNUL() }
        try record.bytes.withUnsafeBufferPointer { try body(record, $0) }
        record.clear()
        record.problem = nil
        high = 0
        inRecord = false
    }
}
