import Diagnostics

/// The programme's defended YAML reader, for the other YAML files a programme names (the
/// delegation list): the same size and NUL checks, the same prescan (no anchors or aliases, so
/// none nested as a mapping key either; nesting at most ``YAMLPrescan/maximumDepth``), the same
/// located `yaml-syntax` and `duplicate-key` errors, the same node budget.
public enum YAMLDocument {
    /// Reads `text` into a node tree.
    /// - Parameters:
    ///   - file: the path to report in locations.
    ///   - document: what the file is, for messages ("a delegation list").
    ///   - usualDepth: how deep such a file nests, for the message about nesting.
    ///   - maximumSize: the largest text accepted, in bytes.
    ///   - empty: the message for an empty file.
    /// - Throws: ``DiagnosticError`` with one located error: `file-too-large`, `invalid-text` (a NUL
    ///   byte), `yaml-anchor`, `yaml-too-deep`, `yaml-syntax`, `duplicate-key`, `empty-file` or `text-too-long`
    ///   (a value over ``TextLimits/text`` bytes).
    public static func read(_ text: String, file: String, document: String, usualDepth: Int, maximumSize: Int,
                            empty: String) throws(DiagnosticError) -> ProgrammeNode {
        let size = text.utf8.count
        if size > maximumSize {
            throw DiagnosticError(.error("file-too-large", "\(document) is \(size / 1_048_576) MB; the limit is \(maximumSize / 1_048_576) MB",
                                         at: SourceLocation(file: file, line: 1, column: 1)))
        }
        var nulLine: Int?
        var line = 1
        for b in text.utf8 {
            if b == 10 { line += 1 } else if b == 0 { nulLine = line; break }
        }
        if let nulLine {
            throw DiagnosticError(.error("invalid-text", "the file contains a NUL byte; it is not a text file",
                                         at: SourceLocation(file: file, line: nulLine, column: 1)))
        }
        let tree = try YAMLReader.read(text, file: file, document: document, usualDepth: usualDepth, empty: empty)
        if let big = firstOversize(tree) {
            throw DiagnosticError(.error("text-too-long", "a value of \(big.oversize) bytes in \(document); no text may be longer than \(TextLimits.text) bytes",
                                         at: SourceLocation(file: file, line: big.line, column: big.column)))
        }
        return tree
    }

    /// The first scalar over ``TextLimits/text`` (kept only as a prefix by the readers).
    private static func firstOversize(_ node: ProgrammeNode) -> ProgrammeNode? {
        switch node.content {
        case .scalar: return node.oversize > 0 ? node : nil
        case .sequence(let items): return items.lazy.compactMap { firstOversize($0) }.first
        case .mapping(let pairs): return pairs.lazy.compactMap { firstOversize($0.key) ?? firstOversize($0.value) }.first
        }
    }
}
