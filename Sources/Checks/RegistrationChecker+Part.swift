import Diagnostics
import Registrations

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
