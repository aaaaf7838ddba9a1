import Diagnostics

/// Reads JSON text (RFC 8259) into a ``ProgrammeNode`` tree in one pass over its UTF-8 bytes,
/// with the place of every value: the fast form of a programme.
///
/// Strict where JSON is strict (no comments, no trailing commas, no single quotes, one value per
/// file, control characters escaped in strings), and strict where the programme format is: a key
/// written twice in one object is an error, as in YAML, reported like Yams reports it (the
/// innermost object first, the alphabetically first repeated key at its first place). Numbers,
/// `true`, `false` and `null` become scalars of their text, as plain YAML scalars do, so the
/// builder reads both forms alike. Nesting deeper than ``maximumDepth`` is refused before it can
/// exhaust the stack. A byte order mark at the start is skipped.
///
/// Lines and columns are 1-based; a column counts Unicode scalars, as Yams does. Columns are
/// counted forward from the last place asked for, so a file of one long line costs no more than
/// one of many lines.
enum JSONReader {
    /// The deepest nesting of objects and arrays accepted (the same limit as ``YAMLPrescan``).
    static let maximumDepth = 64

    /// Parses `text` into a node tree.
    /// - Throws: ``DiagnosticError`` with one located `json-syntax`, `json-too-deep`,
    ///   `duplicate-key` or `empty-file` error.
    static func read(_ text: String, file: String) throws(DiagnosticError) -> ProgrammeNode {
        var copy = text
        let result: Result<ProgrammeNode, DiagnosticError> = copy.withUTF8 { bytes in
            var parser = Parser(bytes: bytes, file: file)
            do throws(DiagnosticError) { return .success(try parser.document()) } catch { return .failure(error) }
        }
        return try result.get()
    }

    private struct Parser {
        let bytes: UnsafeBufferPointer<UInt8>
        let file: String
        var i = 0
        var line = 1
        var lineStart = 0
        /// The last position whose column was counted on the current line, and its column.
        var counted = (position: 0, column: 1)

        init(bytes: UnsafeBufferPointer<UInt8>, file: String) {
            self.bytes = bytes
            self.file = file
        }

        mutating func document() throws(DiagnosticError) -> ProgrammeNode {
            if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { i = 3; lineStart = 3; counted = (3, 1) }
            skipSpace()
            guard i < bytes.count else {
                throw DiagnosticError(.error("empty-file", "the file is empty; a programme needs 'programme', 'venues' and 'activities'",
                                             at: SourceLocation(file: file, line: 1, column: 1)))
            }
            let root = try value(depth: 0)
            skipSpace()
            if i < bytes.count { throw syntax("unexpected \(found) after the end of the JSON value; a file holds one object") }
            return root
        }

        // MARK: Places

        /// The column of byte `position` on the current line (not before the last one asked for).
        mutating func column(at position: Int) -> Int {
            if counted.position < lineStart || counted.position > position { counted = (lineStart, 1) }
            var c = counted.column
            for k in counted.position..<position where bytes[k] & 0xC0 != 0x80 { c += 1 }
            counted = (position, c)
            return c
        }

        mutating func location(at position: Int) -> SourceLocation {
            SourceLocation(file: file, line: line, column: column(at: position))
        }

        /// The byte at the current position, described for a message.
        var found: String {
            guard i < bytes.count else { return "the end of the file" }
            let b = bytes[i]
            if b >= 0x21, b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
            if b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D { return "white space" }
            if b < 0x20 || b == 0x7F { return "a control character" }
            var end = i + 1
            while end < bytes.count, bytes[end] & 0xC0 == 0x80 { end += 1 }
            return "\(quoted: String(decoding: UnsafeBufferPointer(rebasing: bytes[i..<end]), as: UTF8.self))"
        }

        mutating func syntax(_ message: String) -> DiagnosticError {
            DiagnosticError(.error("json-syntax", "invalid JSON: \(message)", at: location(at: min(i, bytes.count))))
        }

        // MARK: Values

        mutating func skipSpace() {
            while i < bytes.count {
                switch bytes[i] {
                case 0x20, 0x09, 0x0D: i += 1
                case 0x0A:
                    i += 1
                    line += 1
                    lineStart = i
                default: return
                }
            }
        }

        mutating func value(depth: Int) throws(DiagnosticError) -> ProgrammeNode {
            guard i < bytes.count else { throw syntax("the file ends where a value should be") }
            let startLine = line, startColumn = column(at: i), i0 = i
            var content: ProgrammeNode.Content
            var oversize = 0
            switch bytes[i] {
            case UInt8(ascii: "{"):
                guard depth < JSONReader.maximumDepth else { throw tooDeep() }
                content = .mapping(try object(depth: depth + 1))
            case UInt8(ascii: "["):
                guard depth < JSONReader.maximumDepth else { throw tooDeep() }
                content = .sequence(try array(depth: depth + 1))
            case UInt8(ascii: "\""):
                let text = try string()
                content = .scalar(text)
                if text.utf8.count > TextLimits.text {
                    // Refused by the builder anyway (`text-too-long`): keep its length, not its text.
                    oversize = text.utf8.count
                    content = .scalar(Array(text.utf8).withUnsafeBufferPointer { YAMLDirectReader.prefix($0) })
                }
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): content = .scalar(try number())
            case UInt8(ascii: "t"): content = .scalar(try literal("true"))
            case UInt8(ascii: "f"): content = .scalar(try literal("false"))
            case UInt8(ascii: "n"): content = .scalar(try literal("null"))
            default:
                throw syntax("expected a value (an object, a list, a \"text\", a number, true, false or null) but found \(found)")
            }
            var node = ProgrammeNode(content, line: startLine, column: startColumn)
            node.quoted = bytes[i0] == UInt8(ascii: "\"")
            node.oversize = oversize
            return node
        }

        mutating func tooDeep() -> DiagnosticError {
            DiagnosticError(.error("json-too-deep", "the JSON nests more than \(JSONReader.maximumDepth) levels deep here; a programme needs about 8",
                                   at: location(at: i)))
        }

        mutating func object(depth: Int) throws(DiagnosticError) -> [ProgrammeNode.Pair] {
            let open = (line: line, column: column(at: i))
            i += 1
            var pairs: [ProgrammeNode.Pair] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                i += 1
                return pairs
            }
            while true {
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else {
                    if i < bytes.count, bytes[i] == UInt8(ascii: "}") { throw syntax("a comma before '}' (a trailing comma); remove it") }
                    throw syntax("expected a key in double quotes but found \(found) (in the object at line \(open.line))")
                }
                let keyLine = line, keyColumn = column(at: i)
                let key = ProgrammeNode(.scalar(try string()), line: keyLine, column: keyColumn)
                skipSpace()
                guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else {
                    throw syntax("expected ':' after the key but found \(found)")
                }
                i += 1
                skipSpace()
                pairs.append(ProgrammeNode.Pair(key: key, value: try value(depth: depth)))
                skipSpace()
                guard i < bytes.count else { throw syntax("the file ends inside the object at line \(open.line); close it with '}'") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    break
                }
                throw syntax("expected ',' or '}' but found \(found) (in the object at line \(open.line))")
            }
            if let repeated = Self.duplicates(pairs) {
                let names = repeated.names.map { "\(quoted: $0)" }.joined(separator: ", ")
                throw DiagnosticError(.error("duplicate-key", "key \(names) appears twice in one mapping; keep one",
                                             at: SourceLocation(file: file, line: repeated.first.line, column: repeated.first.column)))
            }
            return pairs
        }

        /// The keys written more than once, sorted, and the first place of the first of them.
        static func duplicates(_ pairs: [ProgrammeNode.Pair]) -> (names: [String], first: ProgrammeNode)? {
            guard pairs.count > 1 else { return nil }
            var firstOf: [String: Int] = [:]
            var repeated: Set<String> = []
            if pairs.count <= 16 {
                for a in 1..<pairs.count {
                    let k = pairs[a].key.string
                    for b in 0..<a where pairs[b].key.string == k {
                        repeated.insert(k ?? "")
                        break
                    }
                }
                if repeated.isEmpty { return nil }
            }
            for (n, p) in pairs.enumerated() {
                let k = p.key.string ?? ""
                if firstOf[k] == nil { firstOf[k] = n } else { repeated.insert(k) }
            }
            guard let first = repeated.min() else { return nil }
            return (repeated.sorted(), pairs[firstOf[first]!].key)
        }

        mutating func array(depth: Int) throws(DiagnosticError) -> [ProgrammeNode] {
            let openLine = line
            i += 1
            var items: [ProgrammeNode] = []
            skipSpace()
            if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                i += 1
                return items
            }
            while true {
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") { throw syntax("a comma before ']' (a trailing comma); remove it") }
                items.append(try value(depth: depth))
                skipSpace()
                guard i < bytes.count else { throw syntax("the file ends inside the list at line \(openLine); close it with ']'") }
                if bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    continue
                }
                if bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return items
                }
                throw syntax("expected ',' or ']' but found \(found) (in the list at line \(openLine))")
            }
        }

        /// A string starting at the opening quote; the text between the quotes, escapes decoded.
        mutating func string() throws(DiagnosticError) -> String {
            let openLine = line
            i += 1
            let start = i
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    defer { i += 1 }
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
                }
                if b == UInt8(ascii: "\\") { return try escapedString(from: start, openLine: openLine) }
                if b < 0x20 { throw controlCharacter(openLine: openLine) }
                i += 1
            }
            throw syntax("the file ends inside the text that starts on line \(openLine); close it with '\"'")
        }

        mutating func controlCharacter(openLine: Int) -> DiagnosticError {
            if bytes[i] == 0x0A {
                return syntax("a line break inside a text (the text starts on line \(openLine)); close the text with '\"' or write the break as \\n")
            }
            return syntax("a control character inside a text; write it as an escape such as \\t or \\u0009")
        }

        /// The slow path of ``string()``: the text has escapes, decoded into a byte buffer.
        mutating func escapedString(from start: Int, openLine: Int) throws(DiagnosticError) -> String {
            var out: [UInt8] = Array(bytes[start..<i])
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                if b < 0x20 { throw controlCharacter(openLine: openLine) }
                guard b == UInt8(ascii: "\\") else {
                    // Copy the run up to the next quote, backslash or control character at once.
                    var end = i + 1
                    while end < bytes.count, bytes[end] != UInt8(ascii: "\""), bytes[end] != UInt8(ascii: "\\"), bytes[end] >= 0x20 { end += 1 }
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[i..<end]))
                    i = end
                    continue
                }
                guard i + 1 < bytes.count else { break }
                let e = bytes[i + 1]
                let simple: UInt8? = switch e {
                case UInt8(ascii: "\""): 0x22
                case UInt8(ascii: "\\"): 0x5C
                case UInt8(ascii: "/"): 0x2F
                case UInt8(ascii: "b"): 0x08
                case UInt8(ascii: "f"): 0x0C
                case UInt8(ascii: "n"): 0x0A
                case UInt8(ascii: "r"): 0x0D
                case UInt8(ascii: "t"): 0x09
                default: nil
                }
                if let simple {
                    out.append(simple)
                    i += 2
                    continue
                }
                guard e == UInt8(ascii: "u") else {
                    throw syntax("an unknown escape in a text; use \\\", \\\\, \\/, \\b, \\f, \\n, \\r, \\t or \\uXXXX")
                }
                var scalar = try hex4(at: i + 2)
                i += 6
                if (0xD800...0xDBFF).contains(scalar) {
                    let low: UInt32 = if i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u") {
                        try hex4(at: i + 2)
                    } else { 0 }
                    guard (0xDC00...0xDFFF).contains(low) else {
                        throw syntax("a \\u escape of a high surrogate not followed by a low one; write the character itself")
                    }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    i -= 6
                    throw syntax("a \\u escape of a lone low surrogate; write the character itself")
                }
                out.append(contentsOf: String(Character(Unicode.Scalar(scalar)!)).utf8)
            }
            throw syntax("the file ends inside the text that starts on line \(openLine); close it with '\"'")
        }

        /// The value of four hex digits at `position` (after `\u`).
        mutating func hex4(at position: Int) throws(DiagnosticError) -> UInt32 {
            var v: UInt32 = 0
            for k in position..<(position + 4) {
                guard k < bytes.count else {
                    i = bytes.count
                    throw syntax("the file ends inside a \\u escape")
                }
                let b = bytes[k]
                let d: UInt8
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
                case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
                case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
                default:
                    i = k
                    throw syntax("a \\u escape needs four hex digits, found \(found)")
                }
                v = v << 4 | UInt32(d)
            }
            return v
        }

        /// A number as written: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
        mutating func number() throws(DiagnosticError) -> String {
            let start = i
            func digits(_ p: inout Parser) -> Int {
                let from = p.i
                while p.i < p.bytes.count, p.bytes[p.i] >= UInt8(ascii: "0"), p.bytes[p.i] <= UInt8(ascii: "9") { p.i += 1 }
                return p.i - from
            }
            if bytes[i] == UInt8(ascii: "-") { i += 1 }
            let leadingZero = i < bytes.count && bytes[i] == UInt8(ascii: "0")
            let whole = digits(&self)
            if whole == 0 { throw syntax("expected a digit but found \(found)") }
            if leadingZero, whole > 1 {
                i = start
                throw syntax("a number with a leading zero; write it without, or in double quotes as a text")
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                if digits(&self) == 0 { throw syntax("expected a digit after '.' but found \(found)") }
            }
            if i < bytes.count, bytes[i] | 0x20 == UInt8(ascii: "e") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
                if digits(&self) == 0 { throw syntax("expected a digit in the exponent but found \(found)") }
            }
            return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
        }

        mutating func literal(_ word: String) throws(DiagnosticError) -> String {
            var k = i
            for w in word.utf8 {
                guard k < bytes.count, bytes[k] == w else {
                    throw syntax("expected a value (an object, a list, a \"text\", a number, true, false or null) but found \(found); put texts in double quotes")
                }
                k += 1
            }
            i = k
            return word
        }
    }
}
