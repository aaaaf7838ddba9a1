import Planner
import Diagnostics

/// The people on a registration list, each with the sessions they are registered for, kept
/// compact for the checks: session numbers in a flat array (compressed rows), no names.
///
/// A session number is its position in ``Programme/sessionOrder``. At 100,000 people with ten
/// sessions each this is about 4 MB plus 8 bytes a person.
public struct Registrants: Sendable {
    /// The CSV file the rows belong to.
    public var file: String
    /// Session numbers of person `p`: `sessions[offsets[p]..<offsets[p + 1]]`.
    private(set) var sessions: [Int32] = []
    private(set) var offsets: [Int32] = [0]
    /// The first spreadsheet row of each person (header = row 1).
    private(set) var rows: [Int32] = []
    /// An empty list for `file`.
    public init(file: String) { self.file = file }

    /// People already in compressed rows (see ``sessions``, ``offsets``, ``rows``).
    init(file: String, sessions: [Int32], offsets: [Int32], rows: [Int32]) {
        self.file = file
        self.sessions = sessions
        self.offsets = offsets
        self.rows = rows
    }

    /// The number of people.
    public var count: Int { rows.count }

    /// Adds one person.
    /// - Parameters:
    ///   - sessions: session numbers (positions in ``Programme/sessionOrder``); out-of-range ones are ignored.
    ///   - row: the first spreadsheet row the person appears on.
    ///   - sessionCount: the number of sessions in the programme.
    public mutating func append(sessions list: some Sequence<Int>, row: Int, sessionCount: Int) {
        for s in list where s >= 0 && s < sessionCount { sessions.append(Int32(s)) }
        offsets.append(Int32(sessions.count))
        rows.append(Int32(row))
    }

    /// Adds one person (the same as the generic form, without its per-element dispatch across modules).
    public mutating func append(sessions list: [Int], row: Int, sessionCount: Int) {
        for s in list where s >= 0 && s < sessionCount { sessions.append(Int32(s)) }
        offsets.append(Int32(sessions.count))
        rows.append(Int32(row))
    }

    /// The session numbers of person `p`.
    func sessions(of p: Int) -> ArraySlice<Int32> { sessions[Int(offsets[p])..<Int(offsets[p + 1])] }

    /// The location of person `p`: their first row, column 1.
    func location(of p: Int) -> SourceLocation { SourceLocation(file: file, line: Int(rows[p]), column: 1) }
}

/// Session numbers by id (positions in ``Programme/sessionOrder``), for turning the sessions of
/// 100,000 registrants into ``Registrants``.
///
/// The same answers as ``Programme/sessionNumbers``, faster: each id is hashed once, with a
/// 64-bit FNV-1a of its UTF-8 bytes, and the dictionary hashes that number instead of the string
/// (String hashing checks Unicode normalisation and runs SipHash over every byte).
public struct SessionNumbers: Sendable {
    private struct Key: Hashable {
        let id: String
        let hash: UInt64
        init(_ id: String) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
            self.id = id
            hash = h
        }
        static func == (a: Key, b: Key) -> Bool { a.hash == b.hash && a.id == b.id }
        func hash(into hasher: inout Hasher) { hasher.combine(hash) }
    }

    private var table: [Key: Int32] = [:]
    /// The number of sessions in the programme.
    public let count: Int

    /// The numbering of `programme`'s sessions; an id used twice keeps its first number.
    public init(_ programme: Programme) {
        var n = 0
        table.reserveCapacity(programme.activities.reduce(0) { $0 + $1.sessions.count })
        for a in programme.activities {
            for s in a.sessions {
                let key = Key(s.id.rawValue)
                if table[key] == nil { table[key] = Int32(n) }
                n += 1
            }
        }
        count = n
    }

    /// The number of the session with this id, or nil when the programme has none.
    public subscript(_ id: SessionID) -> Int? { table[Key(id.rawValue)].map(Int.init) }
}

extension Programme {
    /// Every session in programme order (activities in file order, then their sessions): the
    /// numbering that ``Registrants`` uses.
    public var sessionOrder: [SessionID] { activities.flatMap { $0.sessions.map(\.id) } }

    /// Session number by id, for building ``Registrants``.
    public var sessionNumbers: [SessionID: Int] {
        var out: [SessionID: Int] = [:]
        for (i, id) in sessionOrder.enumerated() where out[id] == nil { out[id] = i }
        return out
    }
}
