import Diagnostics

/// One finding about a registration list: the spreadsheet row and column at fault and the
/// offending value of that field only (never the whole record).
public struct RegistrationFinding: Sendable, Hashable, Codable {
    /// The spreadsheet row (header = 1); `nil` for a finding about the whole file.
    public var row: Int?
    /// The header of the column at fault, as written in the file.
    public var column: String?
    /// The field number of ``column`` (1 = spreadsheet column A); used for locations and order.
    public var columnNumber: Int?
    public var code: String
    public var severity: Severity
    /// A sentence in lowercase without a final period; it names the value, never the whole row.
    public var message: String
    /// The offending value of the field at fault.
    public var value: String?
    /// Other rows the finding is about (the earlier row a duplicate repeats), sorted.
    public var relatedRows: [Int]

    public init(row: Int?, column: String?, columnNumber: Int?, code: String, severity: Severity, message: String,
                value: String?, relatedRows: [Int] = []) {
        self.row = row
        self.column = column
        self.columnNumber = columnNumber
        self.code = code
        self.severity = severity
        self.message = message
        self.value = value
        self.relatedRows = relatedRows
    }

    /// The JSON shape: every key present, `null` when there is no value.
    enum CodingKeys: String, CodingKey {
        case row, column, code, severity, message, value
        case relatedRows = "related_rows"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        row = try c.decodeIfPresent(Int.self, forKey: .row)
        column = try c.decodeIfPresent(String.self, forKey: .column)
        columnNumber = nil
        code = try c.decode(String.self, forKey: .code)
        severity = try c.decode(Severity.self, forKey: .severity)
        message = try c.decode(String.self, forKey: .message)
        value = try c.decodeIfPresent(String.self, forKey: .value)
        relatedRows = try c.decode([Int].self, forKey: .relatedRows)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(row, forKey: .row)
        try c.encode(column, forKey: .column)
        try c.encode(code, forKey: .code)
        try c.encode(severity, forKey: .severity)
        try c.encode(message, forKey: .message)
        try c.encode(value, forKey: .value)
        try c.encode(relatedRows, forKey: .relatedRows)
    }

    /// The finding as a ``Diagnostic``: line = spreadsheet row, column = field number.
    public func diagnostic(file: String) -> Diagnostic {
        Diagnostic(severity, code: code, message,
                   at: SourceLocation(file: file, line: row ?? 1, column: columnNumber ?? 1),
                   subjects: relatedRows.map { "row \($0)" })
    }

    /// A finding from a reader diagnostic (its line is the row, its column the field number).
    init(_ d: Diagnostic, headers: [String]) {
        let col = d.location?.column
        self.init(row: d.location?.line, column: col.flatMap { $0 >= 1 && $0 <= headers.count ? headers[$0 - 1] : nil },
                  columnNumber: col, code: d.code, severity: d.severity, message: d.message, value: nil)
    }

    /// Deterministic order: row (file-wide findings last), column, code, message.
    public static func ordered(_ a: Self, _ b: Self) -> Bool {
        let ar = a.row ?? Int.max, br = b.row ?? Int.max
        if ar != br { return ar < br }
        let ac = a.columnNumber ?? 0, bc = b.columnNumber ?? 0
        if ac != bc { return ac < bc }
        return (a.code, a.message, a.value ?? "") < (b.code, b.message, b.value ?? "")
    }
}

/// The result of checking a list: findings and counts, renderable as text or JSON.
public struct RegistrationReport: Sendable {
    /// The path of the list, as given.
    public var file: String
    /// Data rows read (the header not counted).
    public var rows: Int
    /// Every finding, sorted by ``RegistrationFinding/ordered(_:_:)``.
    public var findings: [RegistrationFinding]
    /// Each header and the column it was taken for (empty when the header was not read).
    public var columns: [ColumnUse] = []
    /// The worksheet read, for a workbook (`nil` for CSV): locations then name cells (`D12`).
    public var sheet: String?

    public init(file: String, rows: Int, findings: [RegistrationFinding]) {
        self.file = file
        self.rows = rows
        self.findings = findings.sorted(by: RegistrationFinding.ordered)
    }

    public var errorCount: Int { findings.count { $0.severity == .error } }
    public var warningCount: Int { findings.count { $0.severity == .warning } }

    /// How many findings of each code.
    public var byCode: [String: Int] {
        var out: [String: Int] = [:]
        for f in findings { out[f.code, default: 0] += 1 }
        return out
    }

    /// The findings as ``Diagnostic``s (line = row, column = field number).
    public var diagnostics: [Diagnostic] { findings.map { $0.diagnostic(file: file) } }

    /// The documented JSON shape, with sorted keys:
    /// `{"findings": [{"row","column","code","severity","message","value","related_rows"}],
    ///   "summary": {"rows","errors","warnings","by_code"}}`.
    public var json: String { directJSON }

    /// The `summary` object of the JSON output.
    public var summary: Summary { Summary(rows: rows, errors: errorCount, warnings: warningCount, byCode: byCode) }

    /// The JSON report, also used by tests to decode the output.
    public struct JSON: Codable, Sendable, Equatable {
        public var columns: [Column]
        public var findings: [RegistrationFinding]
        public var sheet: String?
        public var summary: Summary

        /// A header, its spreadsheet column letters and the field it was taken for (`null`: ignored).
        public struct Column: Codable, Sendable, Equatable {
            public var column: String
            public var field: String?
            public var header: String

            public func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(column, forKey: .column)
                try c.encode(field, forKey: .field)  // null when ignored: every key present
                try c.encode(header, forKey: .header)
            }
        }

        enum CodingKeys: String, CodingKey { case columns, findings, sheet, summary }

        public init(columns: [Column], findings: [RegistrationFinding], sheet: String?, summary: Summary) {
            self.columns = columns
            self.findings = findings
            self.sheet = sheet
            self.summary = summary
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(columns, forKey: .columns)
            try c.encode(findings, forKey: .findings)
            try c.encode(sheet, forKey: .sheet)
            try c.encode(summary, forKey: .summary)
        }
    }

    /// ``columns`` in the JSON shape.
    var columnsJSON: [JSON.Column] {
        columns.map { JSON.Column(column: $0.letters, field: $0.column?.rawValue, header: $0.header) }
    }

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

    /// Where a finding is, as people look for it: `file:row:column` for CSV, and for a workbook
    /// `file:Sheet!D12` (the row number and cell reference Excel shows).
    func place(_ f: RegistrationFinding) -> String {
        guard let sheet else { return "" }
        let row = f.row ?? 1
        let quoted = sheet.contains(where: { !$0.isLetter && !$0.isNumber && $0 != "_" }) ? "'" + sheet.split(separator: "'", omittingEmptySubsequences: false).joined(separator: "''") + "'" : sheet
        return "\(file):\(quoted)!\(CellReference.cell(row: row, column: f.columnNumber ?? 1))"
    }

    /// Counts: data rows read, errors, warnings, findings per code.
    public struct Summary: Codable, Sendable, Equatable {
        public var rows: Int
        public var errors: Int
        public var warnings: Int
        public var byCode: [String: Int]
        enum CodingKeys: String, CodingKey {
            case rows, errors, warnings
            case byCode = "by_code"
        }
    }

    /// Text for people: findings grouped by code (errors first), each line
    /// `file:row:column: severity: message [code]`, then a summary line.
    public func text(colour: Bool) -> String {
        var out = columnsText
        let groups = Dictionary(grouping: findings, by: \.code)
        let order = groups.keys.sorted { a, b in
            let sa = groups[a]!.map(\.severity).min()!, sb = groups[b]!.map(\.severity).min()!
            return sa != sb ? sa < sb : a < b
        }
        for code in order {
            let group = groups[code]!
            let title = "\(code) (\(group.count) \(group.count == 1 ? "finding" : "findings"))"
            out += colour ? "\u{1B}[1m\(title)\u{1B}[0m\n" : "\(title)\n"
            for f in group {
                if sheet == nil {
                    out += "  " + DiagnosticRenderer.line(f.diagnostic(file: file), colour: colour) + "\n"
                } else {
                    var d = f.diagnostic(file: file)
                    d.location = nil
                    let at = place(f)
                    out += "  " + (colour ? "\u{1B}[1m\(at):\u{1B}[0m " : "\(at): ") + DiagnosticRenderer.line(d, colour: colour) + "\n"
                }
            }
            out += "\n"
        }
        func n(_ c: Int, _ w: String) -> String { "\(c) \(w)\(c == 1 ? "" : "s")" }
        out += "\(file): \(n(rows, "row")), \(n(errorCount, "error")), \(n(warningCount, "warning"))"
        if !findings.isEmpty {
            out += " (" + byCode.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        return out + "\n"
    }
}
