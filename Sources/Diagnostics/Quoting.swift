/// How a message quotes a user's value: in 'single quotes', at most ``Quoting/limit`` characters
/// of it. Every message that quotes a value does it through here (`"\(quoted: value)"`), so a
/// 268 MB field is never repeated into a message, a terminal or a JSON report.
public enum Quoting {
    /// The most characters of a value a message quotes.
    public static let limit = 80

    /// `value` bounded to ``limit`` characters: a longer one keeps its first `limit - 1`
    /// characters and ends with `…`. Control characters (a line break, a tab) are shown as `\n`,
    /// `\r`, `\t` or `\u{1B}`, so that a value cannot start a line of its own in the output.
    public static func bounded(_ value: some StringProtocol) -> String {
        var out = ""
        var kept = 0
        var i = value.startIndex
        while i < value.endIndex {
            if kept == limit - 1 {
                // The last place: the last character if it is the last one, else the ellipsis.
                let next = value.index(after: i)
                if next < value.endIndex { out += "…"; return out }
            }
            append(value[i], to: &out)
            kept += 1
            i = value.index(after: i)
        }
        return out
    }

    /// `'value'`, bounded as ``bounded(_:)``.
    public static func quoted(_ value: some StringProtocol) -> String { "'" + bounded(value) + "'" }

    private static func append(_ ch: Character, to out: inout String) {
        for v in ch.unicodeScalars {
            switch v.value {
            case 10: out += "\\n"
            case 13: out += "\\r"
            case 9: out += "\\t"
            case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: out += "\\u{\(String(v.value, radix: 16, uppercase: true))}"
            default: out.unicodeScalars.append(v)
            }
        }
    }
}

extension DefaultStringInterpolation {
    /// `"\(quoted: value)"`: the value in single quotes, at most ``Quoting/limit`` characters
    /// of it (see ``Quoting/bounded(_:)``). Use it for every user value a message quotes.
    public mutating func appendInterpolation(quoted value: some CustomStringConvertible) {
        appendLiteral(Quoting.quoted(value.description))
    }
}
