import Diagnostics

/// The text encoding of a record: UTF-8 checked field by field, Windows-1252 transcoded, NUL refused.
extension CSVReader {
    mutating func appendWindows1252(_ b: UInt8) {
        let scalar = Windows1252.scalar(b)
        high |= 0x80
        record.bytes.append(contentsOf: UTF8.encode(scalar)!)
    }

    /// A NUL byte is not text: it would end a C string in a spreadsheet or mail-merge tool.
    func rejectNUL() throws {
        guard let at = record.bytes.firstIndex(of: 0) else { return }
        let field = record.ends.firstIndex { $0 > at } ?? record.ends.count - 1
        throw DiagnosticError(.error("csv-encoding", "column \(field + 1) holds a NUL byte (0x00); the file is not text: export it again as 'CSV UTF-8'",
                                     at: SourceLocation(file: file, line: record.row, column: field + 1)))
    }

    mutating func validateUTF8() throws {
        for f in 0..<record.ends.count {
            let r = record.range(f)
            if let bad = record.bytes.withUnsafeBufferPointer({ UTF8Check.firstInvalid($0, r) }) {
                if encoding == nil, !record.inPlace {
                    readAsWindows1252(from: bad, field: f)
                    return
                }
                let hint = encoding == .utf8
                    ? "the file is not valid UTF-8 although --encoding utf-8 was given; if it was saved by Excel as plain 'CSV', pass --encoding windows-1252"
                    : "the file is not valid UTF-8; if it was saved by Excel as plain 'CSV' (Windows-1252), pass --encoding windows-1252, or save it as 'CSV UTF-8'"
                throw DiagnosticError(.error("csv-encoding", "byte 0x\(String(record.bytes[bad], radix: 16, uppercase: true)) at byte \(bad - r.lowerBound + 1) of column \(f + 1) is not UTF-8: \(hint)",
                                             at: SourceLocation(file: file, line: record.row, column: f + 1)))
            }
        }
    }

    /// A file that is not UTF-8 and no `--encoding`: most often Excel's plain "CSV" on Windows,
    /// so this record and the rest of the file are read as Windows-1252, with a located warning
    /// (`csv-windows-1252`) that says so. The rows before it were valid UTF-8 and stay as read.
    private mutating func readAsWindows1252(from bad: Int, field: Int) {
        let byte = record.bytes[bad]
        notes.append(.warning("csv-windows-1252",
                              "the file is not valid UTF-8 (byte 0x\(String(byte, radix: 16, uppercase: true)) in column \(field + 1) of this row), so it is read as Windows-1252, as Excel saves plain 'CSV' on Windows; check that names such as 'Conceição' show right, save the file as 'CSV UTF-8', or pass --encoding windows-1252 to read it so without this warning",
                              at: SourceLocation(file: file, line: record.row, column: field + 1)))
        decodeCP1252 = true
        var bytes: [UInt8] = []
        bytes.reserveCapacity(record.bytes.count + 16)
        for f in 0..<record.ends.count {
            let r = record.range(f)
            record.starts[f] = bytes.count
            for b in record.bytes[r] {
                if b < 0x80 { bytes.append(b) } else { bytes.append(contentsOf: UTF8.encode(Windows1252.scalar(b))!) }
            }
            record.ends[f] = bytes.count
        }
        record.bytes = bytes
    }
}
