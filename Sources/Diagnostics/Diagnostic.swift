/// How bad a finding is. The raw values are the spelling in text and JSON output.
public enum Severity: String, Codable, Sendable, Hashable, CaseIterable, Comparable {
    case error, warning, note

    private var rank: Int { self == .error ? 0 : self == .warning ? 1 : 2 }
    /// Errors sort first.
    public static func < (a: Severity, b: Severity) -> Bool { a.rank < b.rank }
}

/// A place in an input file. Lines and columns are 1-based; a column counts Unicode scalars
/// (as Yams reports them) for YAML and bytes-as-characters for CSV.
public struct SourceLocation: Hashable, Codable, Sendable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `file:line:column`.
    public var description: String { "\(file):\(line):\(column)" }

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        (a.file, a.line, a.column) < (b.file, b.line, b.column)
    }
}

/// One finding of any check: what is wrong, where, how bad, and which things it is about.
///
/// Checks return `[Diagnostic]`; only input that cannot be read at all is thrown, as a
/// ``DiagnosticError``.
public struct Diagnostic: Hashable, Codable, Sendable {
    public var severity: Severity
    /// A stable kebab-case code, such as `room-overlap`; documented in the README.
    public var code: String
    /// A sentence in lowercase without a final period, user values in 'single quotes'.
    public var message: String
    public var location: SourceLocation?
    /// Ids of the things the finding is about (sessions, rooms, people), sorted.
    public var subjects: [String]
    /// Extra lines that help fix it.
    public var notes: [String]
    /// For a finding about a table (a registration list, a worksheet): the column's header, the
    /// value at fault, the other rows it is about and the sheet. The row and the field number are
    /// the ``location``'s line and column.
    public var cell: TableCell?

    public init(_ severity: Severity, code: String, _ message: String, at location: SourceLocation? = nil,
                subjects: [String] = [], notes: [String] = [], cell: TableCell? = nil) {
        self.severity = severity
        self.code = code
        self.message = message
        self.location = location
        self.subjects = subjects
        self.notes = notes
        self.cell = cell
    }

    public static func error(_ code: String, _ message: String, at location: SourceLocation? = nil,
                             subjects: [String] = [], notes: [String] = []) -> Diagnostic {
        Diagnostic(.error, code: code, message, at: location, subjects: subjects, notes: notes)
    }

    public static func warning(_ code: String, _ message: String, at location: SourceLocation? = nil,
                               subjects: [String] = [], notes: [String] = []) -> Diagnostic {
        Diagnostic(.warning, code: code, message, at: location, subjects: subjects, notes: notes)
    }

    public static func note(_ code: String, _ message: String, at location: SourceLocation? = nil,
                            subjects: [String] = [], notes: [String] = []) -> Diagnostic {
        Diagnostic(.note, code: code, message, at: location, subjects: subjects, notes: notes)
    }
}

extension Diagnostic {
    /// Deterministic order: file, line, column, code, message (findings without a place last).
    public static func ordered(_ a: Diagnostic, _ b: Diagnostic) -> Bool {
        switch (a.location, b.location) {
        case let (l?, r?) where l != r: return l < r
        case (nil, _?): return false
        case (_?, nil): return true
        default: return (a.code, a.message) < (b.code, b.message)
        }
    }
}

extension Array where Element == Diagnostic {
    /// Sorted deterministically, duplicates removed.
    public func sortedForOutput() -> [Diagnostic] {
        // Sorted first, then duplicates dropped within each run of findings that sort alike (same
        // place, code and message): equal findings are in the same run, and nothing is hashed
        // whole (14,000 findings at 100,000 sessions). The sort is stable, so the first of equal
        // findings stays, in the order given, as before.
        let sorted = self.sorted(by: Diagnostic.ordered)
        var out: [Diagnostic] = []
        out.reserveCapacity(sorted.count)
        var runStart = 0
        for d in sorted {
            if let last = out.last, last.location != d.location || last.code != d.code || last.message != d.message {
                runStart = out.count
            }
            if !out[runStart...].contains(d) { out.append(d) }
        }
        return out
    }
    public var hasErrors: Bool { contains { $0.severity == .error } }
    public var errorCount: Int { count { $0.severity == .error } }
    public var warningCount: Int { count { $0.severity == .warning } }
}

/// Input that cannot be read or is invalid: the findings that say why. The CLI exits with 2.
public struct DiagnosticError: Error, CustomStringConvertible, Sendable {
    public var diagnostics: [Diagnostic]
    public init(_ diagnostics: [Diagnostic]) { self.diagnostics = diagnostics }
    public init(_ diagnostic: Diagnostic) { self.diagnostics = [diagnostic] }
    public var description: String { DiagnosticRenderer.text(diagnostics, colour: false) }
}

/// An error that is not a finding at a place (the operating system refusing a file, a folder
/// that cannot be used) but still has a code of Calendars/ERRORS.md.
public protocol CodedError: Error, CustomStringConvertible {
    /// The code, such as `write-failed`.
    var code: String { get }
}

extension CodedError {
    /// `error: sentence [code]`, as findings are printed.
    public var line: String { "error: \(description) [\(code)]\n" }
}
