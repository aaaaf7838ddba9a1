/// Where in a table (a CSV list, a worksheet) a finding is, beyond its location: the location's
/// line is the row as a spreadsheet numbers it (header = 1), its column the field number (1 = A).
public struct TableCell: Hashable, Codable, Sendable {
    /// The header of the column at fault, as written; `nil` for a finding about a whole row.
    public var header: String?
    /// The offending value of that field only, never the whole record.
    public var value: String?
    /// Other rows the finding is about (the row a duplicate repeats, the rows within a quota), sorted.
    public var relatedRows: [Int]
    /// The worksheet of a workbook: the text output then names the cell (`list.xlsx:Sheet1!D12`).
    public var sheet: String?

    public init(header: String? = nil, value: String? = nil, relatedRows: [Int] = [], sheet: String? = nil) {
        self.header = header
        self.value = value
        self.relatedRows = relatedRows
        self.sheet = sheet
    }

    /// `Sheet1!D12`, the sheet quoted as Excel quotes it (`'My sheet'!D12`).
    public static func reference(sheet: String, row: Int, column: Int) -> String {
        let quoted = sheet.contains(where: { !$0.isLetter && !$0.isNumber && $0 != "_" })
            ? "'" + sheet.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'" : sheet
        return "\(quoted)!\(CellReference.cell(row: row, column: column))"
    }
}

extension Diagnostic {
    /// A finding about row `row` of a table (`nil`: the whole file), at field `column` (1 = A).
    /// The related rows are also its subjects (`row 11`), as `check` lists them.
    public static func inTable(_ severity: Severity, code: String, _ message: String, file: String, row: Int?, column: Int?,
                               header: String?, value: String?, relatedRows: [Int] = []) -> Diagnostic {
        Diagnostic(severity, code: code, message, at: row.map { SourceLocation(file: file, line: $0, column: column ?? 1) },
                   subjects: relatedRows.map { "row \($0)" }, cell: TableCell(header: header, value: value, relatedRows: relatedRows))
    }

    /// The order of a table's findings: row (findings about the whole file last), field number,
    /// code, message, value.
    public static func tableOrdered(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        let ar = a.location?.line ?? Int.max, br = b.location?.line ?? Int.max
        if ar != br { return ar < br }
        let ac = a.location?.column ?? 0, bc = b.location?.column ?? 0
        if ac != bc { return ac < bc }
        return (a.code, a.message, a.cell?.value ?? "") < (b.code, b.message, b.cell?.value ?? "")
    }
}

/// Spreadsheet cell references.
public enum CellReference {
    /// The letters of a 1-based column number: 1 -> `A`, 27 -> `AA`.
    public static func letters(_ number: Int) -> String {
        var n = max(1, number), out: [Character] = []
        while n > 0 {
            let r = (n - 1) % 26
            out.append(Character(Unicode.Scalar(UInt8(65 + r))))
            n = (n - 1) / 26
        }
        return String(out.reversed())
    }

    /// The 1-based column number of a reference's letters (`D12` -> 4); `nil` without letters.
    public static func column(of reference: some StringProtocol) -> Int? {
        var n = 0, any = false
        for u in reference.utf8 {
            let c = u | 0x20
            guard c >= 97, c <= 122 else { break }
            n = n * 26 + Int(c - 96)
            any = true
        }
        return any ? n : nil
    }

    /// `D12`.
    public static func cell(row: Int, column: Int) -> String { letters(column) + String(row) }
}
