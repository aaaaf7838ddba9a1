/// The scalars: plain, quoted (with escapes) and block scalars, and the nodes made of them,
/// kept short when over ``TextLimits/text``.
extension YAMLDirectReader.Reader {
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

    // MARK: Block scalars

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
}
