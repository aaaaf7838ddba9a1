/// Writing CSV safely: every value a spreadsheet would run as a formula is neutralised.
public enum CSVExport {
    /// One field ready to write: prefixed with `'` when it would run as a formula (see the
    /// `formula-injection` check: `=`, `@`, or `+`/`-` not followed by a plain number), and quoted
    /// when it holds the delimiter, a quote or a line break (quotes doubled, RFC 4180).
    public static func field(_ value: String, delimiter: CSVDelimiter = .comma) -> String {
        var v = neutralised(value)
        let d = delimiter.byte
        if v.utf8.contains(where: { $0 == d || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }) {
            v = "\"" + v.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return v
    }

    /// The value with a `'` before it when a spreadsheet would take it for a formula (the rule of
    /// the `formula-injection` check), else as it is: what every export of this project writes.
    public static func neutralised(_ value: String) -> String {
        var v = value
        return v.withUTF8 { ByteText.isFormula($0, 0..<$0.count) } ? "'" + value : value
    }

    /// One record: the fields joined by the delimiter, ended by LF.
    public static func record(_ values: [String], delimiter: CSVDelimiter = .comma) -> String {
        var out = ""
        appendRecord(values, delimiter: delimiter, to: &out)
        return out
    }

    /// ``record(_:delimiter:)`` appended to `out`: a field that needs neither the formula prefix
    /// nor quotes (almost all) is appended as it is, without building a new string (100,000 index
    /// rows of seven fields).
    public static func appendRecord(_ values: [String], delimiter: CSVDelimiter = .comma, to out: inout String) {
        let d = delimiter.byte
        for (i, value) in values.enumerated() {
            if i > 0 { out.unicodeScalars.append(Unicode.Scalar(d)) }
            var v = value
            let plain = v.withUTF8 { p in
                !ByteText.isFormula(p, 0..<p.count) && !p.contains { $0 == d || $0 == UInt8(ascii: "\"") || $0 == 10 || $0 == 13 }
            }
            out += plain ? value : field(value, delimiter: delimiter)
        }
        out += "\n"
    }
}

private extension String {
    func replacingOccurrences(of a: String, with b: String) -> String {
        split(separator: Character(a), omittingEmptySubsequences: false).joined(separator: b)
    }
}
