/// The structure of the text: block collections (by indentation) and flow collections.
extension YAMLDirectReader.Reader {
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
        case UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: "|"), UInt8(ascii: ">"):
            // Never a key: a collection followed by `:` (a collection as a key) fails at the end of the line.
            return try inlineValue(parentIndent: parentIndent)
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

    /// After an item of a flow collection: `true` at a `,` with another item after it, `false`
    /// at the collection's `close` (consumed).
    mutating func flowNext(close: UInt8) throws(Unsupported) -> Bool {
        try flowSkip()
        if p[i] == UInt8(ascii: ",") {
            i += 1
            try flowSkip()
            if p[i] == close { throw Unsupported() }
            return true
        }
        guard p[i] == close else { throw Unsupported() }
        i += 1
        return false
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
        repeat {
            items.append(try flowNode())
        } while try flowNext(close: UInt8(ascii: "]"))
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
        repeat {
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
        } while try flowNext(close: UInt8(ascii: "}"))
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
