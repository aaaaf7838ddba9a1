import Diagnostics

/// The result of reading and checking a list: its findings (``Diagnostic``s located at the row
/// and field number, with the column's header and the value at fault in ``Diagnostic/cell``),
/// the columns read and the rows counted. Rendered by ``DiagnosticRenderer``, as every finding.
public struct RegistrationReport: Sendable {
    /// The path of the list, as given.
    public var file: String
    /// Data rows read (the header not counted).
    public var rows: Int
    /// Every finding, sorted by ``Diagnostic/tableOrdered(_:_:)``.
    public var findings: [Diagnostic]
    /// Each header and the column it was taken for (empty when the header was not read).
    public var columns: [ColumnUse] = []
    /// The worksheet read, for a workbook (`nil` for CSV); findings then name cells (`D12`).
    public var sheet: String? {
        didSet { for i in findings.indices where findings[i].cell != nil { findings[i].cell!.sheet = sheet } }
    }

    public init(file: String, rows: Int, findings: [Diagnostic]) {
        self.file = file
        self.rows = rows
        self.findings = Self.sorted(findings)
    }

    /// `findings` sorted by ``Diagnostic/tableOrdered(_:_:)``, equal ones in the order given (as
    /// the standard library's stable sort leaves them): the row and column of each are read once
    /// and the indices sorted, so that a finding (a dozen references) is copied once, not at each
    /// step of the sort (a million-row list has some 80,000 findings).
    static func sorted(_ findings: [Diagnostic]) -> [Diagnostic] {
        let rows = findings.map { $0.location?.line ?? Int.max }
        let columns = findings.map { $0.location?.column ?? 0 }
        var order = Array(findings.indices)
        order.sort { i, j in
            if rows[i] != rows[j] { return rows[i] < rows[j] }
            if columns[i] != columns[j] { return columns[i] < columns[j] }
            if Diagnostic.tableOrdered(findings[i], findings[j]) { return true }
            if Diagnostic.tableOrdered(findings[j], findings[i]) { return false }
            return i < j
        }
        return order.map { findings[$0] }
    }

    public var errorCount: Int { findings.errorCount }
    public var warningCount: Int { findings.warningCount }

    /// The report as ``DiagnosticRenderer`` takes it.
    public var table: TableFindings {
        TableFindings(file: file, rows: rows, columns: columns.map { TableColumn(letters: $0.letters, field: $0.column?.rawValue, header: $0.header) },
                      sheet: sheet, findings: findings)
    }

    /// The documented JSON shape (`DiagnosticRenderer.json(_:)` of ``table``), as UTF-8 bytes.
    public var jsonBytes: [UInt8] { DiagnosticRenderer.json(table) }
    /// ``jsonBytes`` as text.
    public var json: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// The lines that say which header was taken for each field and which were ignored.
    public var columnsText: String {
        guard !columns.isEmpty else { return "" }
        let taken = columns.filter { $0.column != nil }.sorted { $0.column!.ordinal < $1.column!.ordinal }
            .map { "\($0.column!.rawValue) = '\($0.header)' (\($0.letters))" }
        let ignored = columns.filter { $0.column == nil && !$0.header.isEmpty }.map { "'\($0.header)' (\($0.letters))" }
        var out = "columns read: " + taken.joined(separator: ", ") + "\n"
        if !ignored.isEmpty { out += "columns ignored (checked for formulas only): " + ignored.joined(separator: ", ") + "\n" }
        return out + "\n"
    }

    /// Text for people: the columns read, the findings grouped by code (errors first), each
    /// `file:row:column: severity: message [code]` (`file:Sheet!D12: ...` in a workbook), then a
    /// summary line.
    public func text(colour: Bool) -> String { columnsText + DiagnosticRenderer.text(table, colour: colour) }
}

extension Diagnostic {
    /// A reader finding (its line the row, its column the field number) with the header of its column.
    package func withHeader(_ headers: [String]) -> Diagnostic {
        var d = self
        let col = location?.column
        let header = col.flatMap { $0 >= 1 && $0 <= headers.count ? headers[$0 - 1] : nil }
        if d.cell == nil { d.cell = TableCell(header: header) } else if d.cell?.header == nil { d.cell!.header = header }
        return d
    }
}

extension Diagnostic {
    /// A finding at `row` of a list (`nil`: the whole file), in the column with header `column`
    /// and field number `columnNumber`, naming the value at fault.
    package static func listFinding(file: String, row: Int?, column: String?, columnNumber: Int?, code: String, severity: Severity,
                            message: String, value: String?, relatedRows: [Int] = []) -> Diagnostic {
        .inTable(severity, code: code, message, file: file, row: row, column: columnNumber, header: column, value: value,
                 relatedRows: relatedRows)
    }
}
