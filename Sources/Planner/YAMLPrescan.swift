import Diagnostics

/// A linear pass over programme text, before Yams composes it, that refuses what would make
/// composing explode: anchors and aliases, and nesting deeper than ``maximumDepth``.
///
/// Yams resolves an alias by sharing the anchored node, so `a: &a [x, x]`, `b: &b [*a, *a]`, ...
/// composes in linear time but stands for an exponential tree ("billion laughs"); Yams then hashes
/// mapping keys in full to find duplicates, so one aliased key takes exponential time, as would
/// any later walk of the tree. Yams also composes recursively, one stack frame per level of
/// nesting, so `[[[[...` a hundred thousand deep overflows the stack. A programme needs neither:
/// its deepest value is about eight levels down, and it is short enough to write out in full.
///
/// The scan knows enough YAML to find where a node may start (after indentation, `- `, `? `,
/// `: `, `[`, `{`, `,` or a tag) and skips quoted scalars, comments and block scalars (`|`, `>`).
/// A plain scalar that continues on a line starting with `*` or `&` is taken as an alias: quote it.
enum YAMLPrescan {
    /// The deepest nesting of collections accepted (block and flow together).
    static let maximumDepth = 64

    /// The first problem found, or `nil` when Yams may compose the text.
    /// - Parameters:
    ///   - document: what the file is, for messages ("a programme", "a delegation list").
    ///   - usualDepth: how deep such a file nests, for the message about nesting.
    static func check(_ text: String, file: String, document: String = "a programme", usualDepth: Int = 8) -> Diagnostic? {
        var scanner = Scanner(document: document, usualDepth: usualDepth)
        return text.utf8.withContiguousStorageIfAvailable { scanner.scan($0, file: file) }
            ?? Array(text.utf8).withUnsafeBufferPointer { scanner.scan($0, file: file) }
    }

    private struct Scanner {
        let document: String
        let usualDepth: Int
        var flowDepth = 0
        var quote: UInt8?  // `'` or `"` while inside a quoted scalar, which may span lines
        var blockScalarParent: Int?  // indentation of the line that opened a `|` or `>` scalar
        var indents: [Int] = []

        mutating func scan(_ p: UnsafeBufferPointer<UInt8>, file: String) -> Diagnostic? {
            var line = 1
            var lineStart = 0
            while lineStart <= p.count {
                var lineEnd = lineStart
                while lineEnd < p.count, p[lineEnd] != 10 { lineEnd += 1 }
                if let problem = scanLine(p, lineStart, lineEnd, line: line, file: file) { return problem }
                line += 1
                lineStart = lineEnd + 1
            }
            return nil
        }

        /// Column (1-based, Unicode scalars as Yams counts) of byte `i` on a line starting at `start`.
        func column(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ i: Int) -> Int {
            var c = 1
            for k in start..<i where p[k] & 0xC0 != 0x80 { c += 1 }
            return c
        }

        mutating func scanLine(_ p: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, line: Int, file: String) -> Diagnostic? {
            var i = start
            while i < end, p[i] == 32 { i += 1 }
            let indent = i - start
            let blank = i == end || p[i] == 13 || (p[i] == UInt8(ascii: "#") && quote == nil)
            if let parent = blockScalarParent {
                if blank || indent > parent { return nil }
                blockScalarParent = nil
            }
            if blank, quote == nil { return nil }
            if quote == nil, flowDepth == 0 {
                while let last = indents.last, last >= indent { indents.removeLast() }
                indents.append(indent)
            }
            var nodeStart = quote == nil
            while i < end {
                let b = p[i]
                if let q = quote {
                    if q == UInt8(ascii: "\""), b == UInt8(ascii: "\\") { i += 2; continue }
                    if b == q {
                        if q == UInt8(ascii: "'"), i + 1 < end, p[i + 1] == q { i += 2; continue }
                        quote = nil
                    }
                    i += 1
                    continue
                }
                let next: UInt8 = i + 1 < end ? p[i + 1] : 32
                let nextIsSpace = next == 32 || next == 9 || next == 13
                if nodeStart {
                    switch b {
                    case 32, 9:
                        break
                    case UInt8(ascii: "&"), UInt8(ascii: "*"):
                        let what = b == UInt8(ascii: "&") ? "an anchor" : "an alias"
                        return .error("yaml-anchor", "\(what) ('\(Character(UnicodeScalar(b)))') is not allowed in \(document); write the value out in full (quote a text that starts with '\(Character(UnicodeScalar(b)))')",
                                      at: SourceLocation(file: file, line: line, column: column(p, start, i)))
                    case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
                        if !nextIsSpace {
                            nodeStart = false
                        } else if flowDepth == 0, b != UInt8(ascii: ":") {
                            indents.append(indent + i - start + 1)
                        }
                    case UInt8(ascii: "!"):
                        while i + 1 < end, p[i + 1] != 32 { i += 1 }
                    case UInt8(ascii: "\""), UInt8(ascii: "'"):
                        quote = b
                        nodeStart = false
                    case UInt8(ascii: "["), UInt8(ascii: "{"):
                        flowDepth += 1
                    case UInt8(ascii: "]"), UInt8(ascii: "}"):
                        flowDepth = max(0, flowDepth - 1)
                        nodeStart = false
                    case UInt8(ascii: ","):
                        break
                    case UInt8(ascii: "|"), UInt8(ascii: ">"):
                        if flowDepth > 0 { nodeStart = false } else {
                            blockScalarParent = indent
                            return nil
                        }
                    case UInt8(ascii: "#"):
                        return nil
                    default:
                        nodeStart = false
                    }
                } else if b == UInt8(ascii: ":") {
                    let flowEnd = next == UInt8(ascii: ",") || next == UInt8(ascii: "]") || next == UInt8(ascii: "}")
                    if nextIsSpace || (flowDepth > 0 && flowEnd) { nodeStart = true }
                } else if b == UInt8(ascii: "#"), i > start, p[i - 1] == 32 || p[i - 1] == 9 {
                    return nil
                } else if flowDepth > 0 {
                    if b == UInt8(ascii: ",") {
                        nodeStart = true
                    } else if b == UInt8(ascii: "[") || b == UInt8(ascii: "{") {
                        flowDepth += 1
                        nodeStart = true
                    } else if b == UInt8(ascii: "]") || b == UInt8(ascii: "}") {
                        flowDepth -= 1
                    }
                }
                if flowDepth + indents.count > YAMLPrescan.maximumDepth {
                    return .error("yaml-too-deep", "the YAML nests more than \(YAMLPrescan.maximumDepth) levels deep here; \(document) needs about \(usualDepth)",
                                  at: SourceLocation(file: file, line: line, column: column(p, start, i)))
                }
                i += 1
            }
            return nil
        }
    }
}
