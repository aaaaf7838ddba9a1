/// JSON text as UTF-8 bytes, with `JSONEncoder`'s escaping: `"` and `\` escaped, `\b \f \n \r \t`,
/// other controls as `\u00xx` (lower-case hex), `/` and everything else as is.
public struct JSONBytes {
    public var bytes: [UInt8] = []

    public init() {}

    public mutating func raw(_ s: StaticString) {
        s.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    public mutating func int(_ v: Int) {
        if v >= 0, v < 10 { bytes.append(UInt8(48 + v)); return }
        var s = String(v)
        s.withUTF8 { bytes.append(contentsOf: $0) }
    }

    public mutating func optional(_ s: String?) {
        if let s { string(s) } else { raw("null") }
    }

    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        var v = value
        v.withUTF8 { p in
            var mark = 0
            for i in 0..<p.count {
                let b = p[i]
                guard b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") else { continue }
                if i > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[mark..<i])) }
                mark = i + 1
                bytes.append(UInt8(ascii: "\\"))
                switch b {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(b)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 48, 48, hex[Int(b >> 4)], hex[Int(b & 15)]])
                }
            }
            if p.count > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[mark..<p.count])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// A list laid out as `JSONEncoder`'s pretty printing does, the list itself at `indent` spaces:
    /// each element on its own line two spaces deeper; `[]` when empty (where the encoder writes
    /// `[`, a blank line and `]`: ``compactingEmpty(_:)``).
    public mutating func array<T>(_ items: [T], indent: Int, _ element: (inout JSONBytes, T) -> Void) {
        bytes.append(UInt8(ascii: "["))
        if items.isEmpty { bytes.append(UInt8(ascii: "]")); return }
        for (n, item) in items.enumerated() {
            if n > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(indent + 2)
            element(&self, item)
        }
        newline(indent)
        bytes.append(UInt8(ascii: "]"))
    }

    /// Counts by name as a pretty-printed object with sorted keys, the object at `indent` spaces.
    public mutating func counts(_ counts: [String: Int], indent: Int) {
        let sorted = counts.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        bytes.append(UInt8(ascii: "{"))
        if sorted.isEmpty { bytes.append(UInt8(ascii: "}")); return }
        for (n, (key, value)) in sorted.enumerated() {
            if n > 0 { bytes.append(UInt8(ascii: ",")) }
            newline(indent + 2)
            string(key)
            raw(" : ")
            int(value)
        }
        newline(indent)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Pretty JSON from `JSONEncoder` with each empty list or object written `[]` or `{}`, as
    /// this writer does, instead of the encoder's opening bracket, blank line and indented closing
    /// bracket. A JSON string holds no raw line break, so only layout is changed.
    public static func compactingEmpty(_ json: String) -> String {
        json.replacing(/\[\n\n *\]/, with: "[]").replacing(/\{\n\n *\}/, with: "{}")
    }

    private mutating func newline(_ indent: Int) {
        bytes.append(10)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: indent))
    }
}
