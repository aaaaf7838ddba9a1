/// One value of a programme file, as read from YAML or JSON: a scalar, a list or a mapping, with
/// the place it starts.
///
/// The builder (``ProgrammeBuilder``) reads programmes from this tree only, so both file forms go
/// through the same strict checks and give the same messages. A scalar is its text, whatever its
/// spelling in the file (`5`, `"5"`, `true`): the builder decides what a value must be. Lines and
/// columns are 1-based; a column counts Unicode scalars (as Yams does).
///
/// Public so that the other YAML files of a programme (the delegation list) are read by the
/// same defended reader: see ``YAMLDocument``.
public struct ProgrammeNode: Sendable {
    public enum Content: Sendable {
        case scalar(String)
        case sequence([ProgrammeNode])
        case mapping([Pair])
    }

    /// One key and its value; keys are nodes so that a non-text key can be reported at its place.
    public struct Pair: Sendable {
        public var key: ProgrammeNode
        public var value: ProgrammeNode
    }

    public var content: Content
    public var line: Int
    public var column: Int
    /// True for a JSON scalar written in quotes (YAML scalars leave it false).
    public var quoted = false
    /// Stored in 32 bits, where it fits beside `quoted` without making the node larger (files are at most 256 MB).
    private var oversizeBytes: Int32 = 0

    /// For a scalar longer than ``TextLimits/text``, its length in bytes of UTF-8; its text is then
    /// only a short prefix, since the value is refused anyway (`text-too-long`). 0 otherwise.
    public var oversize: Int {
        get { Int(oversizeBytes) }
        set { oversizeBytes = Int32(clamping: newValue) }
    }

    init(_ content: Content, line: Int, column: Int) {
        self.content = content
        self.line = line
        self.column = column
    }

    /// The text of a scalar; nil for a list or a mapping.
    public var string: String? {
        if case .scalar(let s) = content { return s }
        return nil
    }
}

/// The form of a programme file.
public enum ProgrammeFormat: String, Sendable, CaseIterable {
    /// YAML 1.1 as Yams reads it (the documented, hand-written form).
    case yaml
    /// The same keys and structure written as JSON (RFC 8259): the fast form for large, generated
    /// programmes.
    case json

    /// The form a path names: `.json` (any case) is JSON, anything else YAML.
    public init(path: String) {
        self = path.lowercased().hasSuffix(".json") ? .json : .yaml
    }
}
