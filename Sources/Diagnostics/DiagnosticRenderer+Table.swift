import Foundation

/// A column of a table read for findings: its letters, its header as written and the field it
/// was taken for (`nil`: not read).
public struct TableColumn: Codable, Sendable, Equatable {
    public var column: String
    public var field: String?
    public var header: String

    public init(letters: String, field: String?, header: String) {
        self.column = letters
        self.field = field
        self.header = header
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(column, forKey: .column)
        try c.encode(field, forKey: .field)  // null when not read: every key present
        try c.encode(header, forKey: .header)
    }
}

/// The findings about one table (a registration list) and what the report says around them.
public struct TableFindings: Sendable {
    public var file: String
    /// Data rows read (the header not counted).
    public var rows: Int
    public var columns: [TableColumn]
    /// The worksheet, for a workbook; `nil` for CSV.
    public var sheet: String?
    /// Sorted by ``Diagnostic/tableOrdered(_:_:)``.
    public var findings: [Diagnostic]

    public init(file: String, rows: Int, columns: [TableColumn], sheet: String?, findings: [Diagnostic]) {
        self.file = file
        self.rows = rows
        self.columns = columns
        self.sheet = sheet
        self.findings = findings
    }
}

extension DiagnosticRenderer {
    /// Findings grouped by code (groups with errors first, then by code), each group titled
    /// `code (N findings)` and its findings as ``line(_:colour:)`` draws them, indented.
    public static func grouped(_ diagnostics: [Diagnostic], colour: Bool) -> String {
        var out = ""
        let groups = Dictionary(grouping: diagnostics, by: \.code)
        let order = groups.keys.sorted { a, b in
            let sa = groups[a]!.map(\.severity).min()!, sb = groups[b]!.map(\.severity).min()!
            return sa != sb ? sa < sb : a < b
        }
        for code in order {
            let group = groups[code]!
            let title = "\(code) (\(group.count) \(group.count == 1 ? "finding" : "findings"))"
            out += colour ? "\u{1B}[1m\(title)\u{1B}[0m\n" : "\(title)\n"
            for d in group { out += "  " + line(d, colour: colour) + "\n" }
            out += "\n"
        }
        return out
    }

    /// The report of a table for people: the findings ``grouped(_:colour:)``, then
    /// `file: N rows, E errors, W warnings (code n, ...)`.
    public static func text(_ t: TableFindings, colour: Bool) -> String {
        var out = grouped(t.findings, colour: colour)
        func n(_ c: Int, _ w: String) -> String { "\(c) \(w)\(c == 1 ? "" : "s")" }
        out += "\(t.file): \(n(t.rows, "row")), \(n(t.findings.errorCount, "error")), \(n(t.findings.warningCount, "warning"))"
        if !t.findings.isEmpty {
            out += " (" + byCode(t.findings).sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")"
        }
        return out + "\n"
    }

    static func byCode(_ diagnostics: [Diagnostic]) -> [String: Int] {
        var out: [String: Int] = [:]
        for d in diagnostics { out[d.code, default: 0] += 1 }
        return out
    }

    /// The documented JSON shape of a table's report (`registrations check --format json`), keys
    /// sorted, every key present (`null` when there is no value):
    /// `{"columns": [{"column","field","header"}], "findings": [{"code","column","message",
    /// "related_rows","row","severity","value"}], "sheet", "summary": {"by_code","errors","rows","warnings"}}`;
    /// a finding's `column` is the header of the column at fault.
    ///
    /// Written directly as bytes, byte-identical to ``tableEncoderJSON(_:)`` (a test compares
    /// them): for 80,000 findings the encoder's tree took longer than reading a million rows.
    public static func json(_ t: TableFindings) -> [UInt8] {
        var w = JSONBytes()
        w.bytes.reserveCapacity(t.findings.count * 360 + 512)
        w.raw("{\n  \"columns\" : [")
        if t.columns.isEmpty { w.raw("]") }
        for (n, c) in t.columns.enumerated() {
            w.raw(n == 0 ? "\n    {\n      \"column\" : " : ",\n    {\n      \"column\" : ")
            w.string(c.column)
            w.raw(",\n      \"field\" : ")
            w.optional(c.field)
            w.raw(",\n      \"header\" : ")
            w.string(c.header)
            w.raw("\n    }")
        }
        if !t.columns.isEmpty { w.raw("\n  ]") }
        w.raw(",\n  \"findings\" : [")
        if t.findings.isEmpty { w.raw("]") }
        // A large report is written in two halves on two cores (it is the last thing a
        // million-row check does, on one thread otherwise); the bytes are the same.
        if t.findings.count >= 20_000, ProcessInfo.processInfo.activeProcessorCount > 1 {
            let half = t.findings.count / 2
            let parts = [0..<half, half..<t.findings.count]
            var out: [[UInt8]] = [[], []]
            out.withUnsafeMutableBufferPointer { out in
                nonisolated(unsafe) let out = out
                DispatchQueue.concurrentPerform(iterations: 2) { i in out[i] = findingsJSON(t.findings[parts[i]]) }
            }
            w.bytes += out[0]
            w.bytes += out[1]
        } else {
            w.bytes += findingsJSON(t.findings[...])
        }
        if !t.findings.isEmpty { w.raw("\n  ]") }
        w.raw(",\n  \"sheet\" : ")
        w.optional(t.sheet)
        w.raw(",\n  \"summary\" : {\n    \"by_code\" : ")
        w.counts(byCode(t.findings), indent: 4)
        w.raw(",\n    \"errors\" : ")
        w.int(t.findings.errorCount)
        w.raw(",\n    \"rows\" : ")
        w.int(t.rows)
        w.raw(",\n    \"warnings\" : ")
        w.int(t.findings.warningCount)
        w.raw("\n  }\n}\n")
        return w.bytes
    }

    /// The findings of ``json(_:)-(TableFindings)``, each after a comma but the list's first.
    static func findingsJSON(_ findings: ArraySlice<Diagnostic>) -> [UInt8] {
        var w = JSONBytes()
        w.bytes.reserveCapacity(findings.count * 360)
        for (n, f) in zip(findings.indices, findings) {
            w.raw(n == 0 ? "\n    {\n      \"code\" : " : ",\n    {\n      \"code\" : ")
            w.string(f.code)
            w.raw(",\n      \"column\" : ")
            w.optional(f.cell?.header)
            w.raw(",\n      \"message\" : ")
            w.string(f.message)
            w.raw(",\n      \"related_rows\" : ")
            w.array(f.cell?.relatedRows ?? [], indent: 6) { $0.int($1) }
            w.raw(",\n      \"row\" : ")
            if let row = f.location?.line { w.int(row) } else { w.raw("null") }
            w.raw(",\n      \"severity\" : ")
            w.string(f.severity.rawValue)
            w.raw(",\n      \"value\" : ")
            w.optional(f.cell?.value)
            w.raw("\n    }")
        }
        return w.bytes
    }

    /// ``json(_:)-(TableFindings)`` through `JSONEncoder`, for the test that the two agree.
    public static func tableEncoderJSON(_ t: TableFindings) -> String {
        encode(TableJSON(columns: t.columns, findings: t.findings.map(TableJSON.Finding.init), sheet: t.sheet,
                         summary: .init(rows: t.rows, errors: t.findings.errorCount, warnings: t.findings.warningCount,
                                        byCode: byCode(t.findings))))
    }
}

/// The JSON shape of a table's report, as ``DiagnosticRenderer/json(_:)-(TableFindings)`` writes it;
/// tests decode the output with it.
public struct TableJSON: Codable, Sendable, Equatable {
    public var columns: [TableColumn]
    public var findings: [Finding]
    public var sheet: String?
    public var summary: Summary

    public struct Finding: Codable, Sendable, Equatable {
        public var code: String
        public var column: String?
        public var message: String
        public var relatedRows: [Int]
        public var row: Int?
        public var severity: Severity
        public var value: String?

        enum CodingKeys: String, CodingKey {
            case code, column, message, row, severity, value
            case relatedRows = "related_rows"
        }

        init(_ d: Diagnostic) {
            code = d.code
            column = d.cell?.header
            message = d.message
            relatedRows = d.cell?.relatedRows ?? []
            row = d.location?.line
            severity = d.severity
            value = d.cell?.value
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(code, forKey: .code)
            try c.encode(column, forKey: .column)
            try c.encode(message, forKey: .message)
            try c.encode(relatedRows, forKey: .relatedRows)
            try c.encode(row, forKey: .row)
            try c.encode(severity, forKey: .severity)
            try c.encode(value, forKey: .value)
        }
    }

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

    enum CodingKeys: String, CodingKey { case columns, findings, sheet, summary }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(columns, forKey: .columns)
        try c.encode(findings, forKey: .findings)
        try c.encode(sheet, forKey: .sheet)
        try c.encode(summary, forKey: .summary)
    }
}
