/// Declares a typed identifier wrapping the id string used in the programme file.
public protocol PlannerID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral where RawValue == String {
    init(_ raw: String)
}

extension PlannerID {
    public init(rawValue: String) { self.init(rawValue) }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public struct VenueID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct RoomID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct ActivityID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct SessionID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct PersonID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct DelegationCode: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }

/// The grammar every programme, venue, room, activity, session and person id follows, because
/// ids become file names (`activities/<id>.ics`, `venues/<id>.html`) and parts of UIDs.
///
/// An id is 1 to ``maximumLength`` ASCII letters, digits, `-`, `_` and `.`, does not start with
/// `.` and holds no `..`. So it never names a parent folder or a hidden file, never holds `/`,
/// `\`, NUL or a control character, and fits every file system's name limit. Letters are ASCII
/// only: a Unicode letter has several spellings (NFC, NFD) that file systems and URLs treat
/// differently. Ids of one kind are also unique once case is ignored (``folded(_:)``), since
/// macOS and Windows file systems ignore case.
public enum IDGrammar {
    /// The longest id, in characters (all ASCII, so also bytes).
    public static let maximumLength = 100

    /// Why `text` is not an id, or nil when it is one. The reason is a message part such as
    /// "contains '/'; ids use only ASCII letters, digits, '-', '_' and '.'".
    public static func problem(_ text: String) -> String? {
        let bytes = text.utf8
        if bytes.isEmpty { return "is empty" }
        if bytes.count > maximumLength {
            return "is \(text.unicodeScalars.count) characters long; an id has at most \(maximumLength)"
        }
        if bytes.first == UInt8(ascii: ".") { return "starts with '.'; an id must not start with a dot" }
        var previous: UInt8 = 0
        for b in bytes {
            if b == UInt8(ascii: "."), previous == b { return "contains '..'; an id must not hold two dots in a row" }
            previous = b
            if isAllowed(b) { continue }
            let shown: String
            switch b {
            case UInt8(ascii: "/"): shown = "'/'"
            case UInt8(ascii: "\\"): shown = "'\\'"
            case 0: shown = "a NUL character"
            case 0..<0x20, 0x7F: shown = "a control character (U+\(hex(b)))"
            case UInt8(ascii: " "): shown = "a space"
            default: shown = b < 0x80 ? "'\(Character(Unicode.Scalar(b)))'" : "a non-ASCII character"
            }
            return "contains \(shown); ids use only ASCII letters, digits, '-', '_' and '.'"
        }
        return nil
    }

    /// The key two ids of one kind must not share: the id in lower case (ids are ASCII, so this is
    /// full case folding).
    public static func folded(_ id: String) -> String { id.lowercased() }

    static func isAllowed(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."):
            return true
        default:
            return false
        }
    }

    private static func hex(_ b: UInt8) -> String {
        let s = String(b, radix: 16, uppercase: true)
        return String(repeating: "0", count: 4 - s.count) + s
    }
}

/// One file or folder name made from an id: text that is proven to follow ``IDGrammar``, so a
/// writer that joins such names with `/` builds a relative path inside its folder, always.
///
/// Writers of feeds and agendas name files only through this type. The loader refuses every id
/// outside the grammar with a located `invalid-id` error, so a loaded programme's ids are their
/// own names; a programme built in code with an id outside the grammar (which no file can give)
/// gets a stable stand-in name instead of a path outside the folder.
public struct FileNameComponent: Hashable, Sendable, CustomStringConvertible {
    /// The name: 1 to 100 ASCII letters, digits, `-`, `_`, `.`; no leading `.`, no `..`.
    public let text: String

    /// The id itself when it follows the grammar; nil otherwise.
    public init?(_ id: String) {
        guard IDGrammar.problem(id) == nil else { return nil }
        text = id
    }

    /// The id itself when it follows the grammar; otherwise `id-` and 16 hexadecimal digits of
    /// the id's FNV-1a hash (deterministic, inside the grammar).
    public init(naming id: String) {
        if let valid = FileNameComponent(id) { self = valid; return }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 { hash = (hash ^ UInt64(b)) &* 0x100_0000_01b3 }
        let digits = String(hash, radix: 16)
        text = "id-" + String(repeating: "0", count: 16 - digits.count) + digits
    }

    public var description: String { text }
}

extension PlannerID {
    /// The file name of this id (see ``FileNameComponent/init(naming:)``).
    public var fileName: FileNameComponent { FileNameComponent(naming: rawValue) }
}
