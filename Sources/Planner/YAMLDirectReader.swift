/// Reads the YAML that programmes are written in straight into a ``ProgrammeNode`` tree, in one
/// pass over the UTF-8 bytes, without composing Yams' node tree first (issue 17: composing with
/// Yams and then copying cost 2.8 s and 200 MB more than the JSON form at 100,000 sessions).
///
/// It reads the YAML that people and generators write: block mappings and sequences (compact and
/// indentless ones included), flow mappings and sequences, plain, single- and double-quoted
/// scalars (folded over lines, every escape), literal and folded block scalars, comments, a
/// leading `---`. It follows libyaml's scanner rule for rule (the folding of lines, where a plain
/// scalar ends, the 1,024-character limit of a simple key, the marks of empty values), so a text it
/// reads gives exactly the tree Yams gives (a test compares the two on every fixture and on
/// thousands of mutations).
///
/// Anything else, and every error, is not its business: it returns `nil`, and the caller composes
/// with Yams, whose located messages stay the reference. That covers tabs, tags, anchors,
/// explicit `?` keys, multi-document streams, directives, control characters, line breaks other
/// than LF and CRLF, a key written twice, and every syntax error.
///
/// A scalar longer than ``TextLimits/text`` is not kept: the node holds a short prefix and
/// ``ProgrammeNode/oversize`` its length in bytes, so a 200 MB description costs a scan, not
/// 200 MB, and the builder reports it as `text-too-long` where it stands.
enum YAMLDirectReader {
    /// The tree of `text`, or `nil` when Yams must read it.
    static func read(_ text: String) -> ProgrammeNode? {
        var copy = text
        let first = copy.withUTF8 { bytes in
            var reader = Reader(p: bytes)
            do throws(Unsupported) { return Result<ProgrammeNode, Unsupported>.success(try reader.document()) } catch { return .failure(error) }
        }
        switch first {
        case .success(let tree): return tree
        case .failure(let why) where why.carriageReturn: break
        case .failure: return nil
        }
        // CRLF is read as LF by libyaml, in values too; a lone CR (an old Mac line break) is left to Yams.
        var bytes = Array(text.utf8)
        var out = 0
        for k in bytes.indices {
            if bytes[k] == 13 {
                guard k + 1 < bytes.count, bytes[k + 1] == 10 else { return nil }
                continue
            }
            bytes[out] = bytes[k]
            out += 1
        }
        bytes.removeLast(bytes.count - out)
        return bytes.withUnsafeBufferPointer { p in
            var reader = Reader(p: p)
            return try? reader.document()
        }
    }

    /// Raised for anything left to Yams; `carriageReturn` when the text has CR line ends.
    struct Unsupported: Error {
        var carriageReturn = false
    }

    /// The longest prefix kept of a scalar over the limit (bytes).
    static let oversizePrefix = 120

    /// What an oversize scalar keeps of its text: at most ``oversizePrefix`` bytes, whole characters, and an ellipsis.
    static func prefix(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var end = min(bytes.count, oversizePrefix)
        while end > 0, end < bytes.count, bytes[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: bytes[0..<end]), as: UTF8.self) + "…"
    }

    /// The reader's state and its bytes. Internal (not private) so that its extensions in
    /// `YAMLDirectReader+Collections.swift` and `YAMLDirectReader+Scalars.swift` reach it.
    struct Reader {
        let p: UnsafeBufferPointer<UInt8>
        var i = 0
        var line = 1
        var lineStart = 0
        /// The last position whose column was counted on the current line, and its column (1-based).
        var counted = (position: 0, column: 1)
        var depth = 0
        var scratch: [UInt8] = []

        init(p: UnsafeBufferPointer<UInt8>) { self.p = p }

        /// The error, by its short name in the extensions too.
        typealias Unsupported = YAMLDirectReader.Unsupported

        // MARK: Bytes and places

        @inline(__always) func byte(_ k: Int) -> UInt8 { k < p.count ? p[k] : 0 }
        /// Space, line break or the end (libyaml's `IS_BLANKZ`, tabs being refused up front).
        @inline(__always) func blankZ(_ k: Int) -> Bool { k >= p.count || p[k] == 32 || p[k] == 10 }
        @inline(__always) func isDocumentMarker(_ k: Int) -> Bool {
            guard k == lineStart, k + 2 < p.count else { return false }
            let b = p[k]
            return (b == UInt8(ascii: "-") || b == UInt8(ascii: ".")) && p[k + 1] == b && p[k + 2] == b && blankZ(k + 3)
        }

        mutating func column(at position: Int) -> Int {
            if counted.position < lineStart || counted.position > position { counted = (lineStart, 1) }
            var c = counted.column
            var k = counted.position
            while k < position {
                if p[k] & 0xC0 != 0x80 { c += 1 }
                k += 1
            }
            counted = (position, c)
            return c
        }

        mutating func newline() {
            // at a LF
            i += 1
            line += 1
            lineStart = i
        }

        mutating func skipSpaces() { while i < p.count, p[i] == 32 { i += 1 } }

        /// Spaces, then a comment to the end of the line (a `#` where a token may start is one, as in libyaml).
        mutating func skipSpacesAndComment() {
            skipSpaces()
            if i < p.count, p[i] == UInt8(ascii: "#") { while i < p.count, p[i] != 10 { i += 1 } }
        }

        /// The rest of the line must be blank or a comment.
        mutating func endOfLine() throws(Unsupported) {
            skipSpacesAndComment()
            guard i >= p.count || p[i] == 10 else { throw Unsupported() }
        }

        /// From the end of a line (or its leading spaces), the indentation of the next line with
        /// content, the position left at that content; nil at the end of the text.
        mutating func findContent() throws(Unsupported) -> Int? {
            while true {
                skipSpacesAndComment()
                if i >= p.count { return nil }
                if p[i] == 10 { newline(); continue }
                if isDocumentMarker(i) || (i == lineStart && p[i] == UInt8(ascii: "%")) { throw Unsupported() }
                return i - lineStart
            }
        }

        /// Every character libyaml's reader accepts, and no tab, lone CR, NEL, LS, PS or BOM (left to Yams).
        func validate() throws(Unsupported) {
            var k = 0
            let n = p.count
            while k < n {
                let b = p[k]
                if b >= 0x20 && b < 0x7F || b == 10 { k += 1; continue }
                if b < 0x80 { throw Unsupported(carriageReturn: b == 13) }
                switch b {
                case 0xC2:
                    if k + 1 < n, p[k + 1] < 0xA0 { throw Unsupported() }
                case 0xE2:
                    if k + 2 < n, p[k + 1] == 0x80, p[k + 2] == 0xA8 || p[k + 2] == 0xA9 { throw Unsupported() }
                case 0xEF:
                    if k + 2 < n, (p[k + 1] == 0xBB && p[k + 2] == 0xBF) || (p[k + 1] == 0xBF && p[k + 2] >= 0xBE) { throw Unsupported() }
                default:
                    break
                }
                k += 1
            }
        }

        // MARK: Document

        mutating func document() throws(Unsupported) -> ProgrammeNode {
            try validate()
            // A `---` before the content starts the one document.
            var k = 0
            while true {
                while k < p.count, p[k] == 32 { k += 1 }
                if k < p.count, p[k] == UInt8(ascii: "#") { while k < p.count, p[k] != 10 { k += 1 } }
                guard k < p.count, p[k] == 10 else { break }
                k += 1
                lineStart = k
                line += 1
            }
            i = k
            if isDocumentMarker(i), p[i] == UInt8(ascii: "-") {
                i += 3
                try endOfLine()
            }
            guard try findContent() != nil else { throw Unsupported() }  // empty: Yams says so
            let root = try blockNode(parentIndent: -1)
            guard try findContent() == nil else { throw Unsupported() }
            return root
        }
    }
}
