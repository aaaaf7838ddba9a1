import Foundation

/// Renders findings for people (compiler style) or machines (JSON). Pure functions: the caller
/// decides about colour (terminal and `NO_COLOR`) and where the text goes.
public enum DiagnosticRenderer {
    /// One line per finding: `file:line:column: severity: message [code]`, notes indented beneath.
    public static func text(_ diagnostics: [Diagnostic], colour: Bool) -> String {
        var out = ""
        for d in diagnostics {
            out += line(d, colour: colour) + "\n"
        }
        return out
    }

    /// One finding as a line (without newline), followed by its notes on their own lines.
    public static func line(_ d: Diagnostic, colour: Bool) -> String {
        var s = ""
        if let l = d.location {
            let place = d.cell?.sheet.map { "\(l.file):" + TableCell.reference(sheet: $0, row: l.line, column: l.column) } ?? l.description
            s += colour ? "\u{1B}[1m\(place):\u{1B}[0m " : "\(place): "
        }
        s += colour ? paint(d.severity) : d.severity.rawValue
        s += ": \(d.message) [\(d.code)]"
        for n in d.notes { s += "\n    note: \(n)" }
        return s
    }

    private static func paint(_ s: Severity) -> String {
        switch s {
        case .error: return "\u{1B}[1;31merror\u{1B}[0m"
        case .warning: return "\u{1B}[1;35mwarning\u{1B}[0m"
        case .note: return "\u{1B}[1;36mnote\u{1B}[0m"
        }
    }

    /// A summary line: `2 errors, 1 warning, 3 notes`.
    public static func summary(_ diagnostics: [Diagnostic]) -> String {
        func n(_ count: Int, _ word: String) -> String { "\(count) \(word)\(count == 1 ? "" : "s")" }
        let e = diagnostics.errorCount, w = diagnostics.warningCount
        let notes = diagnostics.count - e - w
        return "\(n(e, "error")), \(n(w, "warning")), \(n(notes, "note"))"
    }

    /// The documented JSON shape of `cartagena check`:
    /// `{"findings": [{"severity","code","message","file","line","column","subjects","notes"}], "summary": {...}}`.
    ///
    /// Written directly, byte-identical to ``encoderJSON(_:extraSummary:)`` (`JSONEncoder`, pretty
    /// and key-sorted; a test compares the two): the encoder's tree for 14,000 findings at 100,000
    /// sessions cost 5% of `check`.
    public static func json(_ diagnostics: [Diagnostic], extraSummary: [String: Int] = [:]) -> String {
        var w = JSONBytes()
        w.bytes.reserveCapacity(diagnostics.count * 300 + 512)
        w.raw("{\n  \"findings\" : [")
        if diagnostics.isEmpty { w.raw("]") }
        for (n, d) in diagnostics.enumerated() {
            w.raw(n == 0 ? "\n    {\n      \"code\" : " : ",\n    {\n      \"code\" : ")
            w.string(d.code)
            if let l = d.location {
                w.raw(",\n      \"column\" : ")
                w.int(l.column)
                w.raw(",\n      \"file\" : ")
                w.string(l.file)
                w.raw(",\n      \"line\" : ")
                w.int(l.line)
            }
            w.raw(",\n      \"message\" : ")
            w.string(d.message)
            w.raw(",\n      \"notes\" : ")
            w.array(d.notes, indent: 6) { $0.string($1) }
            w.raw(",\n      \"severity\" : ")
            w.string(d.severity.rawValue)
            w.raw(",\n      \"subjects\" : ")
            w.array(d.subjects, indent: 6) { $0.string($1) }
            w.raw("\n    }")
        }
        if !diagnostics.isEmpty { w.raw("\n  ]") }
        var byCode: [String: Int] = [:]
        for d in diagnostics { byCode[d.code, default: 0] += 1 }
        w.raw(",\n  \"summary\" : {\n    \"by_code\" : ")
        w.counts(byCode, indent: 4)
        w.raw(",\n    \"counts\" : ")
        w.counts(extraSummary, indent: 4)
        w.raw(",\n    \"errors\" : ")
        w.int(diagnostics.errorCount)
        w.raw(",\n    \"notes\" : ")
        w.int(diagnostics.count - diagnostics.errorCount - diagnostics.warningCount)
        w.raw(",\n    \"warnings\" : ")
        w.int(diagnostics.warningCount)
        w.raw("\n  }\n}\n")
        return String(decoding: w.bytes, as: UTF8.self)
    }

    /// ``json(_:extraSummary:)`` through `JSONEncoder`: what it was written with before, kept for
    /// the test that the two agree.
    public static func encoderJSON(_ diagnostics: [Diagnostic], extraSummary: [String: Int] = [:]) -> String {
        let findings = diagnostics.map {
            JSONFinding(severity: $0.severity, code: $0.code, message: $0.message, file: $0.location?.file,
                        line: $0.location?.line, column: $0.location?.column, subjects: $0.subjects, notes: $0.notes)
        }
        var byCode: [String: Int] = [:]
        for d in diagnostics { byCode[d.code, default: 0] += 1 }
        let summary = JSONSummary(errors: diagnostics.errorCount, warnings: diagnostics.warningCount,
                                  notes: diagnostics.count - diagnostics.errorCount - diagnostics.warningCount,
                                  byCode: byCode, counts: extraSummary)
        return encode(JSONReport(findings: findings, summary: summary))
    }

    /// Encodes any value as pretty, key-sorted JSON with a final newline; an empty list or object
    /// is `[]` or `{}`, never a bracket, a blank line and a bracket.
    public static func encode(_ value: some Encodable) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(value) else { return "{}\n" }
        return JSONBytes.compactingEmpty(String(decoding: data, as: UTF8.self)) + "\n"
    }
}

/// One finding in JSON.
public struct JSONFinding: Codable, Sendable, Equatable {
    public var severity: Severity
    public var code: String
    public var message: String
    public var file: String?
    public var line: Int?
    public var column: Int?
    public var subjects: [String]
    public var notes: [String]
}

/// The summary object in JSON.
public struct JSONSummary: Codable, Sendable, Equatable {
    public var errors: Int
    public var warnings: Int
    public var notes: Int
    public var byCode: [String: Int]
    /// What was checked, e.g. `{"sessions": 42}`.
    public var counts: [String: Int]

    enum CodingKeys: String, CodingKey {
        case errors, warnings, notes, counts
        case byCode = "by_code"
    }
}

/// The whole JSON report.
public struct JSONReport: Codable, Sendable, Equatable {
    public var findings: [JSONFinding]
    public var summary: JSONSummary
}
