import Diagnostics

/// The text encoding of a registration list.
public enum TextEncoding: String, Sendable, CaseIterable {
    /// UTF-8, with or without a byte-order mark. Invalid bytes stop the reader with a located error.
    case utf8 = "utf-8"
    /// Windows-1252 (what Excel's plain "CSV" writes on Spanish, Portuguese and English Windows).
    case windows1252 = "windows-1252"
}

/// The field delimiter of a CSV file.
public enum CSVDelimiter: String, Sendable, CaseIterable {
    case comma = ",", semicolon = ";", tab

    var byte: UInt8 {
        switch self {
        case .comma: return UInt8(ascii: ",")
        case .semicolon: return UInt8(ascii: ";")
        case .tab: return 9
        }
    }

    init?(byte: UInt8) {
        switch byte {
        case UInt8(ascii: ","): self = .comma
        case UInt8(ascii: ";"): self = .semicolon
        case 9: self = .tab
        default: return nil
        }
    }

    /// How a message names it: `','`, `';'` or `tab`.
    var spelled: String { self == .tab ? "tab" : "'\(rawValue)'" }
}

/// One record of a CSV file: its fields as UTF-8 bytes and the row a spreadsheet shows it on.
///
/// The reader reuses the storage for the next record: copy out what you keep (``string(_:)``).
public struct CSVRecord: Sendable {
    /// The spreadsheet row: the header is row 1, and a quoted field spanning lines is one row.
    public internal(set) var row = 0
    /// True when the field ranges index the caller's chunk rather than ``bytes``.
    var inPlace = false
    /// The fields' bytes when the record had to be copied (quotes, a row split across chunks);
    /// always valid UTF-8. Records read in place leave it empty: see ``CSVReader/feedInPlace(_:_:)``.
    var bytes: [UInt8] = []
    /// Start and end offset of each field, in ``bytes`` or in the caller's chunk.
    var starts: [Int] = []
    var ends: [Int] = []
    /// A structural problem found in this record (text after a closing quote), already reported.
    public internal(set) var problem: Diagnostic?
    /// The delimiter the record was read with.
    public internal(set) var delimiter = CSVDelimiter.comma

    /// The number of fields.
    public var count: Int { ends.count }

    /// The byte range of field `i` (0-based).
    @inline(__always) package func range(_ i: Int) -> Range<Int> { starts[i]..<ends[i] }

    /// Field `i` (0-based) as a string, exactly as in the file.
    public func string(_ i: Int) -> String { String(decoding: bytes[range(i)], as: UTF8.self) }

    /// Field `i` as a string, read from the buffer handed over with the record.
    package func string(_ i: Int, in p: UnsafeBufferPointer<UInt8>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[range(i)]), as: UTF8.self)
    }

    /// True when the record is a blank line (one empty field).
    public var isBlank: Bool { ends.count == 1 && ends[0] == starts[0] }

    mutating func clear() {
        bytes.removeAll(keepingCapacity: true)
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Ends the current field (copy mode).
    @inline(__always) mutating func endField() {
        starts.append(ends.last ?? 0)
        ends.append(bytes.count)
    }
}

extension CSVRecord {
    /// The record with its own copy of the bytes (for callers of the public `feed`).
    func materialized(_ p: UnsafeBufferPointer<UInt8>) -> CSVRecord {
        guard inPlace, let first = starts.first, let last = ends.last else { return self }
        var copy = self
        copy.bytes = Array(UnsafeBufferPointer(rebasing: p[first..<last]))
        copy.starts = starts.map { $0 - first }
        copy.ends = ends.map { $0 - first }
        copy.inPlace = false
        return copy
    }
}
