import Diagnostics

extension RegistrationReport {
    /// The JSON report written directly as bytes, byte-identical to what `JSONEncoder` gives for
    /// ``JSON`` with `[.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]` (as
    /// `DiagnosticRenderer.encode` does), followed by a newline. For 80,000 findings the encoder's
    /// intermediate tree took longer than reading a million rows; a test compares the two.
    var directJSON: String { String(decoding: jsonBytes, as: UTF8.self) }

    /// ``json`` as UTF-8 bytes (for writing a large report without copying it into a `String`).
    public var jsonBytes: [UInt8] {
        var w = JSONBytes()
        w.bytes.reserveCapacity(findings.count * 360 + 512)
        w.raw("{\n  \"columns\" : [")
        let columns = columnsJSON
        if columns.isEmpty { w.raw("]") }
        for (n, c) in columns.enumerated() {
            w.raw(n == 0 ? "\n    {\n      \"column\" : " : ",\n    {\n      \"column\" : ")
            w.string(c.column)
            w.raw(",\n      \"field\" : ")
            w.optional(c.field)
            w.raw(",\n      \"header\" : ")
            w.string(c.header)
            w.raw("\n    }")
        }
        if !columns.isEmpty { w.raw("\n  ]") }
        w.raw(",\n  \"findings\" : [")
        if findings.isEmpty { w.raw("]") }
        for (n, f) in findings.enumerated() {
            w.raw(n == 0 ? "\n    {\n      \"code\" : " : ",\n    {\n      \"code\" : ")
            w.string(f.code)
            w.raw(",\n      \"column\" : ")
            w.optional(f.column)
            w.raw(",\n      \"message\" : ")
            w.string(f.message)
            w.raw(",\n      \"related_rows\" : ")
            w.array(f.relatedRows, indent: 6) { $0.int($1) }
            w.raw(",\n      \"row\" : ")
            if let row = f.row { w.int(row) } else { w.raw("null") }
            w.raw(",\n      \"severity\" : ")
            w.string(f.severity.rawValue)
            w.raw(",\n      \"value\" : ")
            w.optional(f.value)
            w.raw("\n    }")
        }
        if !findings.isEmpty { w.raw("\n  ]") }
        let s = summary
        w.raw(",\n  \"sheet\" : ")
        w.optional(sheet)
        w.raw(",\n  \"summary\" : {\n    \"by_code\" : ")
        w.counts(s.byCode, indent: 4)
        w.raw(",\n    \"errors\" : ")
        w.int(s.errors)
        w.raw(",\n    \"rows\" : ")
        w.int(s.rows)
        w.raw(",\n    \"warnings\" : ")
        w.int(s.warnings)
        w.raw("\n  }\n}\n")
        return w.bytes
    }

    /// The same report through `JSONEncoder` (for the test that the two agree).
    var encoderJSON: String { DiagnosticRenderer.encode(JSON(columns: columnsJSON, findings: findings, sheet: sheet, summary: summary)) }
}
