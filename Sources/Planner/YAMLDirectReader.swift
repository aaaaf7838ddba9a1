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

    private struct Reader {
        let p: UnsafeBufferPointer<UInt8>
        var i = 0
        var line = 1
        var lineStart = 0
        /// The last position whose column was counted on the current line, and its column (1-based).
        var counted = (position: 0, column: 1)
        var depth = 0
        var scratch: [UInt8] = []

        init(p: UnsafeBufferPointer<UInt8>) { self.p = p }

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

        // MARK: Nodes

        mutating func scalar(_ text: String, line: Int, column: Int, oversize: Int = 0) -> ProgrammeNode {
            var node = ProgrammeNode(.scalar(text), line: line, column: column)
            node.oversize = oversize
            return node
        }

        /// A scalar of the bytes `a..<b`.
        mutating func scalar(from a: Int, to b: Int, line: Int, column: Int) -> ProgrammeNode {
            if b - a > TextLimits.text {
                return scalar(YAMLDirectReader.prefix(UnsafeBufferPointer(rebasing: p[a..<b])), line: line, column: column, oversize: b - a)
            }
            return scalar(String(decoding: UnsafeBufferPointer(rebasing: p[a..<b]), as: UTF8.self), line: line, column: column)
        }

        /// A scalar of `scratch`, whose full length is `total` bytes.
        mutating func scratchScalar(total: Int, line: Int, column: Int) -> ProgrammeNode {
            if total > TextLimits.text {
                let text = scratch.withUnsafeBufferPointer { YAMLDirectReader.prefix($0) }
                return scalar(text, line: line, column: column, oversize: total)
            }
            return scalar(String(decoding: scratch, as: UTF8.self), line: line, column: column)
        }

        /// Appends to `scratch` while it is within the limit; `total` counts every byte.
        @inline(__always) mutating func append(_ b: UInt8, _ total: inout Int) {
            total += 1
            if scratch.count <= TextLimits.text { scratch.append(b) }
        }

        mutating func append(from a: Int, to b: Int, _ total: inout Int) {
            total += b - a
            if scratch.count <= TextLimits.text {
                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[a..<min(b, a + TextLimits.text + 1)]))
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

        // MARK: Block context

        /// A node whose first character is at `i` (after indentation, after `- ` or as a mapping value on
        /// its own lines); `parentIndent` is the column of the innermost block collection (-1 at the top).
        /// Leaves `i` at the end of the node's last line (or, after a nested collection or block
        /// scalar, at or before the next content).
        mutating func blockNode(parentIndent: Int) throws(Unsupported) -> ProgrammeNode {
            depth += 1
            defer { depth -= 1 }
            guard depth <= YAMLPrescan.maximumDepth + 1 else { throw Unsupported() }
            let n = i - lineStart
            let b = p[i]
            switch b {
            case UInt8(ascii: "-") where blankZ(i + 1):
                return try blockSequence(indent: n)
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let node = try flowNode()
                skipSpaces()
                if i < p.count, p[i] == UInt8(ascii: ":") { throw Unsupported() }  // a collection as a key
                try endOfLine()
                return node
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let keyStart = i, keyLine = line
                let node = try quoted()
                skipSpaces()
                if i < p.count, p[i] == UInt8(ascii: ":") {
                    guard blankZ(i + 1), line == keyLine else { throw Unsupported() }
                    return try blockMapping(indent: n, firstKey: node, keyStart: keyStart)
                }
                try endOfLine()
                return node
            case UInt8(ascii: "|"), UInt8(ascii: ">"):
                return try blockScalar(parentIndent: parentIndent)
            default:
                guard plainStarts(flow: false) else { throw Unsupported() }
                let keyStart = i, keyLine = line
                let node = try plain(flow: false, minIndent: parentIndent + 1)
                skipSpaces()
                if i < p.count, p[i] == UInt8(ascii: ":") {
                    guard line == keyLine else { throw Unsupported() }
                    return try blockMapping(indent: n, firstKey: node, keyStart: keyStart)
                }
                try endOfLine()
                return node
            }
        }

        /// A block mapping at column `indent`; `i` is after its first key, before the `:`.
        mutating func blockMapping(indent n: Int, firstKey: ProgrammeNode, keyStart: Int) throws(Unsupported) -> ProgrammeNode {
            var pairs: [ProgrammeNode.Pair] = []
            var key = firstKey
            var start = keyStart
            while true {
                skipSpaces()
                guard i < p.count, p[i] == UInt8(ascii: ":"), blankZ(i + 1), i - start <= 1000 else { throw Unsupported() }
                i += 1
                let value = try blockValue(parentIndent: n, colonEnd: i)
                pairs.append(ProgrammeNode.Pair(key: key, value: value))
                guard let m = try findContent(), m >= n else { break }
                guard m == n, !(p[i] == UInt8(ascii: "-") && blankZ(i + 1)) else { throw Unsupported() }
                start = i
                key = try blockKey()
            }
            try checkDuplicates(pairs)
            return ProgrammeNode(.mapping(pairs), line: firstKey.line, column: firstKey.column)
        }

        /// A key of a block mapping: a plain or quoted scalar on one line.
        mutating func blockKey() throws(Unsupported) -> ProgrammeNode {
            let keyLine = line
            let node: ProgrammeNode
            if p[i] == UInt8(ascii: "\"") || p[i] == UInt8(ascii: "'") {
                node = try quoted()
            } else {
                guard plainStarts(flow: false) else { throw Unsupported() }
                node = try plain(flow: false, minIndent: Int.max)
            }
            guard line == keyLine else { throw Unsupported() }
            return node
        }

        /// The value after a block mapping's `:` (at `colonEnd`).
        mutating func blockValue(parentIndent n: Int, colonEnd: Int) throws(Unsupported) -> ProgrammeNode {
            skipSpaces()
            if i >= p.count || p[i] == 10 || p[i] == UInt8(ascii: "#") {
                let emptyLine = line, emptyColumn = column(at: colonEnd)
                guard let m = try findContent() else { return scalar("", line: emptyLine, column: emptyColumn) }
                if m > n { return try blockNode(parentIndent: n) }
                if m == n, p[i] == UInt8(ascii: "-"), blankZ(i + 1) { return try blockSequence(indent: n) }
                return scalar("", line: emptyLine, column: emptyColumn)
            }
            if p[i] == UInt8(ascii: "-"), blankZ(i + 1) { throw Unsupported() }
            return try inlineValue(parentIndent: n)
        }

        /// A scalar, flow collection or block scalar that starts on the line of its key or dash.
        mutating func inlineValue(parentIndent n: Int) throws(Unsupported) -> ProgrammeNode {
            switch p[i] {
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                let node = try quoted()
                try endOfLine()
                return node
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                let node = try flowNode()
                try endOfLine()
                return node
            case UInt8(ascii: "|"), UInt8(ascii: ">"):
                return try blockScalar(parentIndent: n)
            default:
                guard plainStarts(flow: false) else { throw Unsupported() }
                let node = try plain(flow: false, minIndent: n + 1)
                try endOfLine()
                return node
            }
        }

        /// A block sequence whose first `-` is at `i`, column `indent`.
        mutating func blockSequence(indent n: Int) throws(Unsupported) -> ProgrammeNode {
            let markLine = line, markColumn = column(at: i)
            var items: [ProgrammeNode] = []
            while true {
                i += 1
                let dashEnd = i
                skipSpaces()
                if i >= p.count || p[i] == 10 || p[i] == UInt8(ascii: "#") {
                    let emptyLine = line, emptyColumn = column(at: dashEnd)
                    if let m = try findContent(), m > n {
                        items.append(try blockNode(parentIndent: n))
                    } else {
                        items.append(scalar("", line: emptyLine, column: emptyColumn))
                    }
                } else {
                    items.append(try blockNode(parentIndent: n))
                }
                guard let m = try findContent(), m >= n else { break }
                guard m == n else { throw Unsupported() }
                guard p[i] == UInt8(ascii: "-"), blankZ(i + 1) else { break }
            }
            return ProgrammeNode(.sequence(items), line: markLine, column: markColumn)
        }

        /// A literal (`|`) or folded (`>`) block scalar, as libyaml's `yaml_parser_scan_block_scalar`.
        mutating func blockScalar(parentIndent: Int) throws(Unsupported) -> ProgrammeNode {
            let markLine = line, markColumn = column(at: i)
            let literal = p[i] == UInt8(ascii: "|")
            i += 1
            var chomping = 0
            var increment = 0
            func digit(_ b: UInt8) -> Int? { b >= UInt8(ascii: "1") && b <= UInt8(ascii: "9") ? Int(b - UInt8(ascii: "0")) : nil }
            if byte(i) == UInt8(ascii: "+") || byte(i) == UInt8(ascii: "-") {
                chomping = byte(i) == UInt8(ascii: "+") ? 1 : -1
                i += 1
                if byte(i) == UInt8(ascii: "0") { throw Unsupported() }
                if let d = digit(byte(i)) { increment = d; i += 1 }
            } else if byte(i) == UInt8(ascii: "0") {
                throw Unsupported()
            } else if let d = digit(byte(i)) {
                increment = d
                i += 1
                if byte(i) == UInt8(ascii: "+") || byte(i) == UInt8(ascii: "-") {
                    chomping = byte(i) == UInt8(ascii: "+") ? 1 : -1
                    i += 1
                }
            }
            try endOfLine()
            if i < p.count { newline() }
            var indent = increment > 0 ? (parentIndent >= 0 ? parentIndent + increment : increment) : 0
            scratch.removeAll(keepingCapacity: true)
            var total = 0
            var trailingBreaks = 0
            var leadingBreak = false
            blockScalarBreaks(&indent, &trailingBreaks, parentIndent: parentIndent)
            var leadingBlank = false
            while i - lineStart == indent, i < p.count {
                let trailingBlank = p[i] == 32
                if !literal, leadingBreak, !leadingBlank, !trailingBlank {
                    if trailingBreaks == 0 { append(32, &total) }
                } else if leadingBreak {
                    append(10, &total)
                }
                leadingBreak = false
                for _ in 0..<trailingBreaks { append(10, &total) }
                trailingBreaks = 0
                leadingBlank = p[i] == 32
                let a = i
                while i < p.count, p[i] != 10 { i += 1 }
                append(from: a, to: i, &total)
                if i < p.count {
                    newline()
                    leadingBreak = true
                }
                blockScalarBreaks(&indent, &trailingBreaks, parentIndent: parentIndent)
            }
            if chomping != -1, leadingBreak { append(10, &total) }
            if chomping == 1 { for _ in 0..<trailingBreaks { append(10, &total) } }
            return scratchScalar(total: total, line: markLine, column: markColumn)
        }

        /// libyaml's `yaml_parser_scan_block_scalar_breaks`: indentation spaces and empty lines, and
        /// the indentation itself when it is not known yet.
        mutating func blockScalarBreaks(_ indent: inout Int, _ breaks: inout Int, parentIndent: Int) {
            var maxIndent = 0
            while true {
                while indent == 0 || i - lineStart < indent, i < p.count, p[i] == 32 { i += 1 }
                if i - lineStart > maxIndent { maxIndent = i - lineStart }
                guard i < p.count, p[i] == 10 else { break }
                newline()
                breaks += 1
            }
            if indent == 0 {
                indent = max(maxIndent, parentIndent + 1, 1)
            }
        }

        // MARK: Scalars

        /// Whether a plain scalar may start at `i` (libyaml's `yaml_parser_fetch_next_token`; `?x` and
        /// `:x` are left to Yams).
        func plainStarts(flow: Bool) -> Bool {
            guard i < p.count else { return false }
            switch p[i] {
            case 10, 32, UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"),
                 UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"),
                 UInt8(ascii: "|"), UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
                 UInt8(ascii: "`"):
                return false
            case UInt8(ascii: "-"):
                return !(byte(i + 1) == 32 || byte(i + 1) == 10 || i + 1 >= p.count)
            default:
                return true
            }
        }

        /// A plain scalar, as libyaml's `yaml_parser_scan_plain_scalar`: lines folded, ending at `: `,
        /// ` #`, a flow indicator in flow context, a document marker, or a line indented less than
        /// `minIndent` (block context). Leaves `i` after its last character.
        mutating func plain(flow: Bool, minIndent: Int) throws(Unsupported) -> ProgrammeNode {
            let markLine = line, markColumn = column(at: i)
            let first = i
            var end = i, endLine = line, endLineStart = lineStart
            var segments = 0
            var pendingBreaks = 0
            var total = 0
            while true {
                if isDocumentMarker(i) { break }
                if i < p.count, p[i] == UInt8(ascii: "#") { break }
                let segStart = i
                while i < p.count {
                    let b = p[i]
                    if b == 32 || b == 10 { break }
                    if b == UInt8(ascii: ":") {
                        let nb = byte(i + 1)
                        if flow, nb == UInt8(ascii: ",") || nb == UInt8(ascii: "?") || nb == UInt8(ascii: "[") || nb == UInt8(ascii: "]")
                            || nb == UInt8(ascii: "{") || nb == UInt8(ascii: "}") { throw Unsupported() }
                        if blankZ(i + 1) { break }
                    } else if flow, b == UInt8(ascii: ",") || b == UInt8(ascii: "[") || b == UInt8(ascii: "]") || b == UInt8(ascii: "{") || b == UInt8(ascii: "}") {
                        break
                    }
                    i += 1
                }
                if i > segStart {
                    if segments == 1 {
                        // a second piece: from now on the text is built in `scratch`
                        scratch.removeAll(keepingCapacity: true)
                        append(from: first, to: end, &total)
                    }
                    if segments >= 1 {
                        if pendingBreaks == 0 {
                            append(from: end, to: segStart, &total)  // the spaces between
                        } else if pendingBreaks == 1 {
                            append(32, &total)
                        } else {
                            for _ in 1..<pendingBreaks { append(10, &total) }
                        }
                        append(from: segStart, to: i, &total)
                    }
                    segments += 1
                    end = i
                    endLine = line
                    endLineStart = lineStart
                }
                guard i < p.count, p[i] == 32 || p[i] == 10 else { break }
                var breaks = 0
                while i < p.count, p[i] == 32 || p[i] == 10 {
                    if p[i] == 10 { newline(); breaks += 1 } else { i += 1 }
                }
                if i >= p.count { break }
                if !flow, breaks > 0, i - lineStart < minIndent { break }
                pendingBreaks = breaks
            }
            i = end
            line = endLine
            lineStart = endLineStart
            if segments <= 1 { return scalar(from: first, to: end, line: markLine, column: markColumn) }
            return scratchScalar(total: total, line: markLine, column: markColumn)
        }

        /// A single- or double-quoted scalar at `i`, as libyaml's `yaml_parser_scan_flow_scalar`.
        mutating func quoted() throws(Unsupported) -> ProgrammeNode {
            let markLine = line, markColumn = column(at: i)
            let single = p[i] == UInt8(ascii: "'")
            let quote = p[i]
            i += 1
            // The common case: one line, no escape.
            let k = stop(from: i, quote)
            if k < p.count, p[k] == quote, !(single && byte(k + 1) == quote) {
                let node = scalar(from: i, to: k, line: markLine, column: markColumn)
                i = k + 1
                return node
            }
            scratch.removeAll(keepingCapacity: true)
            var total = 0
            while true {
                if isDocumentMarker(i) { throw Unsupported() }
                guard i < p.count else { throw Unsupported() }
                var leadingBlanks = false
                while i < p.count, p[i] != 32, p[i] != 10 {
                    let b = p[i]
                    if single {
                        if b == UInt8(ascii: "'") {
                            if byte(i + 1) == UInt8(ascii: "'") { append(b, &total); i += 2; continue }
                            break
                        }
                    } else {
                        if b == UInt8(ascii: "\"") { break }
                        if b == UInt8(ascii: "\\") {
                            let e = byte(i + 1)
                            if e == 10 {
                                i += 1
                                newline()
                                leadingBlanks = true
                                break
                            }
                            try escape(&total)
                            continue
                        }
                    }
                    append(b, &total)
                    i += 1
                }
                guard i < p.count else { throw Unsupported() }
                if p[i] == quote { break }
                var spaces = 0
                var leadingBreak = false
                var trailing = 0
                while i < p.count, p[i] == 32 || p[i] == 10 {
                    if p[i] == 32 {
                        if !leadingBlanks { spaces += 1 }
                        i += 1
                    } else {
                        if !leadingBlanks {
                            spaces = 0
                            leadingBreak = true
                            leadingBlanks = true
                        } else {
                            trailing += 1
                        }
                        newline()
                    }
                }
                if leadingBlanks {
                    if leadingBreak, trailing == 0 { append(32, &total) } else { for _ in 0..<trailing { append(10, &total) } }
                } else {
                    for _ in 0..<spaces { append(32, &total) }
                }
            }
            i += 1
            return scratchScalar(total: total, line: markLine, column: markColumn)
        }

        /// The first quote `q`, backslash or line feed at or after `k` (or the end), eight bytes at a
        /// time: a quoted scalar is most of a generated programme's bytes.
        func stop(from start: Int, _ q: UInt8) -> Int {
            var k = start
            let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
            let quotes = ones &* UInt64(q), backslashes = ones &* 0x5C, feeds = ones &* 0x0A
            if let base = p.baseAddress {
                let raw = UnsafeRawPointer(base)
                while k + 8 <= p.count {
                    let w = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
                    func zeroByte(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
                    if zeroByte(w ^ quotes) | zeroByte(w ^ backslashes) | zeroByte(w ^ feeds) != 0 { break }
                    k += 8
                }
            }
            while k < p.count {
                let b = p[k]
                if b == q || b == 10 || b == UInt8(ascii: "\\") { break }
                k += 1
            }
            return k
        }

        /// One escape of a double-quoted scalar at `i` (the backslash).
        mutating func escape(_ total: inout Int) throws(Unsupported) {
            let e = byte(i + 1)
            var codeLength = 0
            var bytes: [UInt8] = []
            switch e {
            case UInt8(ascii: "0"): bytes = [0]
            case UInt8(ascii: "a"): bytes = [7]
            case UInt8(ascii: "b"): bytes = [8]
            case UInt8(ascii: "t"): bytes = [9]
            case UInt8(ascii: "n"): bytes = [10]
            case UInt8(ascii: "v"): bytes = [11]
            case UInt8(ascii: "f"): bytes = [12]
            case UInt8(ascii: "r"): bytes = [13]
            case UInt8(ascii: "e"): bytes = [0x1B]
            case UInt8(ascii: " "): bytes = [0x20]
            case UInt8(ascii: "\""): bytes = [0x22]
            case UInt8(ascii: "/"): bytes = [0x2F]
            case UInt8(ascii: "'"): bytes = [0x27]
            case UInt8(ascii: "\\"): bytes = [0x5C]
            case UInt8(ascii: "N"): bytes = [0xC2, 0x85]
            case UInt8(ascii: "_"): bytes = [0xC2, 0xA0]
            case UInt8(ascii: "L"): bytes = [0xE2, 0x80, 0xA8]
            case UInt8(ascii: "P"): bytes = [0xE2, 0x80, 0xA9]
            case UInt8(ascii: "x"): codeLength = 2
            case UInt8(ascii: "u"): codeLength = 4
            case UInt8(ascii: "U"): codeLength = 8
            default: throw Unsupported()
            }
            i += 2
            if codeLength > 0 {
                var value: UInt32 = 0
                for k in 0..<codeLength {
                    let h = byte(i + k)
                    let v: UInt8
                    switch h {
                    case UInt8(ascii: "0")...UInt8(ascii: "9"): v = h - UInt8(ascii: "0")
                    case UInt8(ascii: "a")...UInt8(ascii: "f"): v = h - UInt8(ascii: "a") + 10
                    case UInt8(ascii: "A")...UInt8(ascii: "F"): v = h - UInt8(ascii: "A") + 10
                    default: throw Unsupported()
                    }
                    value = value << 4 + UInt32(v)
                }
                guard let scalar = Unicode.Scalar(value) else { throw Unsupported() }
                bytes = Array(String(Character(scalar)).utf8)
                i += codeLength
            }
            for b in bytes { append(b, &total) }
        }

        // MARK: Flow context

        /// Spaces, line breaks and comments between flow tokens.
        mutating func flowSkip() throws(Unsupported) {
            while true {
                skipSpacesAndComment()
                guard i < p.count else { throw Unsupported() }
                guard p[i] == 10 else { return }
                newline()
                if isDocumentMarker(i) { throw Unsupported() }
            }
        }

        mutating func flowNode() throws(Unsupported) -> ProgrammeNode {
            depth += 1
            defer { depth -= 1 }
            guard depth <= YAMLPrescan.maximumDepth + 1 else { throw Unsupported() }
            switch p[i] {
            case UInt8(ascii: "["): return try flowSequence()
            case UInt8(ascii: "{"): return try flowMapping()
            case UInt8(ascii: "\""), UInt8(ascii: "'"): return try quoted()
            default:
                guard plainStarts(flow: true) else { throw Unsupported() }
                return try plain(flow: true, minIndent: 0)
            }
        }

        mutating func flowSequence() throws(Unsupported) -> ProgrammeNode {
            let markLine = line, markColumn = column(at: i)
            i += 1
            var items: [ProgrammeNode] = []
            try flowSkip()
            if p[i] == UInt8(ascii: "]") {
                i += 1
                return ProgrammeNode(.sequence([]), line: markLine, column: markColumn)
            }
            while true {
                items.append(try flowNode())
                try flowSkip()
                if p[i] == UInt8(ascii: ",") {
                    i += 1
                    try flowSkip()
                    if p[i] == UInt8(ascii: "]") { throw Unsupported() }
                    continue
                }
                if p[i] == UInt8(ascii: "]") { i += 1; break }
                throw Unsupported()
            }
            return ProgrammeNode(.sequence(items), line: markLine, column: markColumn)
        }

        mutating func flowMapping() throws(Unsupported) -> ProgrammeNode {
            let markLine = line, markColumn = column(at: i)
            i += 1
            var pairs: [ProgrammeNode.Pair] = []
            try flowSkip()
            if p[i] == UInt8(ascii: "}") {
                i += 1
                return ProgrammeNode(.mapping([]), line: markLine, column: markColumn)
            }
            while true {
                let keyStart = i, keyLine = line
                let key: ProgrammeNode
                if p[i] == UInt8(ascii: "\"") || p[i] == UInt8(ascii: "'") {
                    key = try quoted()
                } else {
                    guard plainStarts(flow: true) else { throw Unsupported() }
                    key = try plain(flow: true, minIndent: 0)
                }
                skipSpaces()
                guard line == keyLine, i < p.count, p[i] == UInt8(ascii: ":"), i - keyStart <= 1000 else { throw Unsupported() }
                i += 1
                try flowSkip()
                if p[i] == UInt8(ascii: ",") || p[i] == UInt8(ascii: "}") { throw Unsupported() }
                let value = try flowNode()
                pairs.append(ProgrammeNode.Pair(key: key, value: value))
                try flowSkip()
                if p[i] == UInt8(ascii: ",") {
                    i += 1
                    try flowSkip()
                    if p[i] == UInt8(ascii: "}") { throw Unsupported() }
                    continue
                }
                if p[i] == UInt8(ascii: "}") { i += 1; break }
                throw Unsupported()
            }
            try checkDuplicates(pairs)
            return ProgrammeNode(.mapping(pairs), line: markLine, column: markColumn)
        }

        /// A key written twice in one mapping is Yams' to report (its message and place).
        func checkDuplicates(_ pairs: [ProgrammeNode.Pair]) throws(Unsupported) {
            if pairs.count <= 16 {
                for a in 1..<max(pairs.count, 1) {
                    let k = pairs[a].key.string
                    for b in 0..<a where pairs[b].key.string == k { throw Unsupported() }
                }
                return
            }
            var seen = Set<String>()
            for pair in pairs where !seen.insert(pair.key.string ?? "").inserted { throw Unsupported() }
        }
    }
}
