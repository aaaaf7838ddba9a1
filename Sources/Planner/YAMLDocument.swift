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
    ///   byte), `yaml-anchor`, `yaml-too-deep`, `yaml-syntax`, `duplicate-key` or `empty-file`.
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
        if let refused = YAMLPrescan.check(text, file: file, document: document, usualDepth: usualDepth) { throw DiagnosticError(refused) }
        return try YAMLReader.read(text, file: file, empty: empty)
    }
}
