/// The text X- properties of one serialisation, written as RFC 5545 TEXT (§3.3.11, §3.8.8.2).
///
/// libical writes `,` and `;` in X- values raw, so each one is added to the tree with a
/// placeholder value (`placeholder(name:value:)`) and its serialised line is then replaced with
/// the escaped, folded line (`substitute(in:)`).
struct XText {
    private var lines: [(placeholder: String, line: String)] = []

    /// A placeholder value for `name: value` (already normalised), unique in this serialisation.
    /// It is short ASCII, so libical never folds its line.
    mutating func placeholder(name: String, value: String) -> String {
        let token = "cartagena-x-text-\(lines.count)"
        lines.append(("\(name):\(token)\r\n", XText.folded(name + ":" + XText.escaped(value))))
        return token
    }

    /// The serialised text with every placeholder line replaced by its escaped line.
    func substitute(in text: String) -> String {
        guard !lines.isEmpty else { return text }
        // On UTF-8 bytes: "\r\n" is one Character, so String searching would not see line ends.
        var out = Array(text.utf8)
        for l in lines {
            let needle = Array(l.placeholder.utf8)
            // At a line start, so that a value quoting the placeholder line is never taken for it.
            guard let at = out.indices.first(where: { ($0 == 0 || out[$0 - 1] == 0x0A) && out[$0...].starts(with: needle) }) else {
                preconditionFailure("libical dropped the X- property line '\(l.placeholder)'")
            }
            out.replaceSubrange(at..<(at + needle.count), with: Array(l.line.utf8))
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// TEXT escaping: `\` `;` `,` and newline become `\\` `\;` `\,` `\n`.
    static func escaped(_ value: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(value.unicodeScalars.count)
        for u in value.unicodeScalars {
            switch u {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// A content line folded at 75 octets (continuation lines start with a space), never inside
    /// a UTF-8 sequence, ending with CRLF.
    static func folded(_ line: String) -> String {
        let bytes = Array(line.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 70 * 3 + 2)
        var start = 0
        var limit = 75
        while bytes.count - start > limit {
            var end = start + limit
            // Back off to the first byte of a UTF-8 sequence (continuation bytes are 10xxxxxx).
            while end > start + 1, bytes[end] & 0xC0 == 0x80 { end -= 1 }
            out += bytes[start..<end]
            out += [0x0D, 0x0A, 0x20]
            start = end
            limit = 74
        }
        out += bytes[start...]
        out += [0x0D, 0x0A]
        return String(decoding: out, as: UTF8.self)
    }
}
