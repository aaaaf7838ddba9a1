import Diagnostics

/// The rows of a list from a record boundary to its end, analysed on their own (for instance on
/// another core) while a ``RegistrationChecker`` reads the rows before them.
///
/// Only the per-row analysis runs here; the checks across rows (duplicates, shared addresses,
/// seats, quotas) run when the checker takes the part with ``RegistrationChecker/append(_:)``, in
/// row order, so the report is the same as reading the file in one go. The part keeps each row's
/// compact facts (keys, session numbers, the few texts messages quote) until then: about 150 bytes
/// a row.
///
/// ```swift
/// var checker = RegistrationChecker(programme: p, delegations: list, options: options)
/// try checker.feed(firstChunk)                      // the header and some rows
/// var part = checker.part()!                        // then, on another thread:
/// try part.feed(bytesFromTheBoundaryOn); try part.finish()
/// try checker.feed(restOfTheFirstHalf)              // meanwhile, up to the boundary
/// try checker.append(part)
/// let result = try checker.finish()
/// ```
public struct RegistrationPart: Sendable {
    var reader: CSVReader
    var analyser: RowAnalyser
    /// Full batches, each trimmed to its size (growing one array by doubling would hold up to
    /// twice the rows' memory), then the batch being filled.
    var sealed: [RowBatch] = []
    var batch = RowBatch()
    static let rowsPerBatch = 1 << 16

    /// Data rows read so far.
    public private(set) var rowsRead = 0

    /// Reads the next chunk of the part.
    /// - Throws: ``DiagnosticError`` when the bytes cannot be read as the list's text (`csv-encoding`);
    ///   its row counts from the part's start: ``RegistrationChecker/append(_:)`` rethrows it
    ///   with the file's row.
    public mutating func feed(_ chunk: some Sequence<UInt8>) throws(DiagnosticError) {
        var r = reader
        defer { reader = r }
        do {
            try CSVReader.withContiguous(chunk) { p in try r.feedInPlace(p) { try self.handle($0, $1) } }
        } catch let e as DiagnosticError { throw e } catch { throw DiagnosticError(.error("csv-read", "\(error)")) }
    }

    /// Ends the part (the end of the file).
    public mutating func finish() throws(DiagnosticError) {
        var r = reader
        defer { reader = r }
        do {
            try r.finishInPlace { try self.handle($0, $1) }
        } catch let e as DiagnosticError { throw e } catch { throw DiagnosticError(.error("csv-read", "\(error)")) }
    }

    private mutating func handle(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>) throws {
        analyser.analyse(record, p, into: &batch)
        rowsRead += 1
        if batch.rows == Self.rowsPerBatch {
            sealed.append(batch.trimmed())
            batch.removeAll()
        }
    }
}

extension RegistrationChecker {
    /// A part for the rows after a record boundary, or `nil` before the header has been read,
    /// or when participants are collected (they are merged in row order as rows are read).
    public func part() -> RegistrationPart? {
        guard let analyser, !options.collectParticipants, !options.collectFeedPeople else { return nil }
        return RegistrationPart(reader: CSVReader(continuing: reader), analyser: analyser)
    }

    /// Takes the rows of a part that starts where what was fed so far ends (a record boundary),
    /// and runs the checks across rows on them in row order.
    /// - Throws: the part's error (`csv-encoding`), at the file's row.
    public mutating func append(_ part: RegistrationPart, error: DiagnosticError? = nil) throws(DiagnosticError) {
        flush()
        let offset = reader.rowCount
        func shifted(_ d: Diagnostic) -> Diagnostic {
            var d = d
            if let l = d.location { d.location = SourceLocation(file: l.file, line: l.line + offset, column: l.column) }
            return d
        }
        if let error { throw DiagnosticError(error.diagnostics.map(shifted)) }
        for batch in part.sealed { apply(batch, rowOffset: Int32(offset)) }
        apply(part.batch, rowOffset: Int32(offset))
        var partReader = part.reader
        partReader.rowBase = offset
        partProblems += partReader.problems + part.reader.notes.map(shifted)
        reader.skipRows(part.reader.rowCount)
    }
}
