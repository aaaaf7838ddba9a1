import Diagnostics

/// A JSON value with the place it starts, for files other than programmes that need located
/// errors (the feeds' ledger). Read by the programme's strict JSON reader: the same syntax
/// errors, nesting limit and duplicate-key check.
///
/// As in a programme, a number, `true`, `false` or `null` is a scalar of its text (the reader of
/// the value decides what it must be); ``isString`` tells a quoted scalar from a bare one.
public struct LocatedJSON: Sendable {
    /// What the value holds.
    public enum Content: Sendable {
        case scalar(String)
        case array([LocatedJSON])
        /// Members in file order.
        case object([(key: String, value: LocatedJSON)])
    }

    public var content: Content
    /// True when the scalar was written in quotes.
    public var isString: Bool
    /// The value's first character.
    public var location: SourceLocation

    /// Parses `text`; `file` names it in locations.
    /// - Throws: ``DiagnosticError`` with one located `json-syntax`, `json-too-deep`,
    ///   `duplicate-key` or `empty-file` error.
    public static func parse(_ text: String, file: String) throws(DiagnosticError) -> LocatedJSON {
        if text.allSatisfy({ $0.isWhitespace }) {
            throw DiagnosticError(.error("empty-file", "the file is empty", at: SourceLocation(file: file, line: 1, column: 1)))
        }
        return LocatedJSON(try JSONReader.read(text, file: file), file: file)
    }

    init(_ node: ProgrammeNode, file: String) {
        location = SourceLocation(file: file, line: node.line, column: node.column)
        isString = false
        switch node.content {
        case .scalar(let s):
            content = .scalar(s)
            isString = node.quoted
        case .sequence(let items): content = .array(items.map { LocatedJSON($0, file: file) })
        case .mapping(let pairs):
            content = .object(pairs.map { (key: $0.key.string ?? "", value: LocatedJSON($0.value, file: file)) })
        }
    }

    /// The member named `key` of an object; nil when absent or not an object.
    public subscript(key: String) -> LocatedJSON? {
        guard case .object(let members) = content else { return nil }
        return members.first { $0.key == key }?.value
    }
}
