import Diagnostics
import CivilTime
import Foundation
import Planner

/// Exact look-up of ids by their UTF-8 bytes, without making a `String` per field: an
/// open-addressing table of 64-bit hashes (``KeyHash``, no `Hasher` per look-up), each slot
/// holding the id's number and 32 bits of its hash, confirmed against the id's bytes, which are
/// stored one after the other in a single array.
package struct ByteLookup: Sendable {
    /// `hash >> 32 << 32 | (number + 1)`; 0 for an empty slot.
    private var slots: [UInt64] = Array(repeating: 0, count: 16)
    package private(set) var names: [String] = []
    /// The ids' bytes, one after the other; id `i` ends at `ends[i]`.
    private var pool: [UInt8] = []
    private var ends: [Int] = []
    /// Each id in lower case, to its number; -1 when two ids differ only in case. Consulted only
    /// when the exact look-up fails (the slow path of ``findFolded(_:_:)``).
    private var folded: [String: Int] = [:]

    package init(_ names: [String]) {
        // Sized once for all the names (growing rehashes each name again); the same answers.
        var size = 16
        while size < names.count * 2 { size *= 2 }
        if size > slots.count { slots = Array(repeating: 0, count: size) }
        self.names.reserveCapacity(names.count)
        ends.reserveCapacity(names.count)
        folded.reserveCapacity(names.count)
        for n in names { insert(n) }
    }

    @discardableResult
    package mutating func insert(_ name: String) -> Int {
        var s = name
        if let i = s.withUTF8({ find($0, 0..<$0.count) }) { return i }
        pool.append(contentsOf: name.utf8)
        ends.append(pool.count)
        names.append(name)
        let lower = Self.foldCase(name)
        if folded.updateValue(names.count - 1, forKey: lower) != nil { folded[lower] = -1 }
        if names.count * 2 > slots.count {
            slots = Array(repeating: 0, count: slots.count * 4)
            for i in 0..<names.count { place(i) }
        } else {
            place(names.count - 1)
        }
        return names.count - 1
    }

    private func range(_ i: Int) -> Range<Int> { (i == 0 ? 0 : ends[i - 1])..<ends[i] }

    private mutating func place(_ i: Int) {
        let hash = pool.withUnsafeBufferPointer { KeyHash.of($0, range(i)) }
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: hash) & mask
        while slots[k] != 0 { k = (k + 1) & mask }
        slots[k] = (hash >> 32) << 32 | UInt64(i + 1)
    }

    /// The index of the id spelled exactly by `p[r]`.
    @inline(__always)
    package func find(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        let hash = KeyHash.of(p, r)
        let tag = hash >> 32
        let mask = slots.count - 1
        var k = Int(truncatingIfNeeded: hash) & mask
        return slots.withUnsafeBufferPointer { slots in
            pool.withUnsafeBufferPointer { pool in
                while true {
                    let e = slots[k]
                    if e == 0 { return nil }
                    if e >> 32 == tag {
                        let i = Int(truncatingIfNeeded: e & 0xFFFF_FFFF) - 1
                        let lo = i == 0 ? 0 : ends[i - 1], hi = ends[i]
                        if hi - lo == r.count, r.isEmpty || Self.same(pool.baseAddress! + lo, p.baseAddress! + r.lowerBound, r.count) { return i }
                    }
                    k = (k + 1) & mask
                }
            }
        }
    }

    /// Whether `count` bytes at `a` and `b` are equal, for the short ids of a programme (a call
    /// to `memcmp` cost more than the compare): from 4 to 16 bytes, two loads of each side that
    /// overlap in the middle (the first and the last 4 or 8 bytes) instead of a loop per byte.
    @inline(__always) package static func same(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        let x = UnsafeRawPointer(a), y = UnsafeRawPointer(b)
        switch count {
        case 8...16:
            return x.loadUnaligned(as: UInt64.self) == y.loadUnaligned(as: UInt64.self)
                && x.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == y.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        case 4..<8:
            return x.loadUnaligned(as: UInt32.self) == y.loadUnaligned(as: UInt32.self)
                && x.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self) == y.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        case 0..<4:
            for k in 0..<count where a[k] != b[k] { return false }
            return true
        default:
            return memcmp(a, b, count) == 0
        }
    }

    /// How codes compare when the exact spelling is not found: Unicode lower case.
    package static func foldCase(_ s: String) -> String {
        // ASCII without capitals is its own lower case (ids like `S000123`): no new string.
        s.utf8.allSatisfy { $0 < 0x80 && !(0x41...0x5A).contains($0) } ? s : s.lowercased()
    }

    /// The index of the one id that `p[r]` spells up to case (`mex` for `MEX`), or `nil` when
    /// none does or when two ids differ only in case. For the values that ``find(_:_:)`` did not
    /// find: this makes a string.
    package func findFolded(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Int? {
        findFolded(String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self))
    }

    /// ``findFolded(_:_:)`` for a string.
    package func findFolded(_ name: String) -> Int? {
        guard let i = folded[Self.foldCase(name)], i >= 0 else { return nil }
        return i
    }

    /// The id as listed for `name` spelled exactly or up to case, or `nil`.
    package func canonical(_ name: String) -> String? {
        (find(name) ?? findFolded(name)).map { names[$0] }
    }

    /// The index of `name`.
    package func find(_ name: String) -> Int? {
        var s = name
        return s.withUTF8 { find($0, 0..<$0.count) }
    }

    /// The nearest id within two edits (for "did you mean"), or nil; only for short lists.
    package func nearest(_ name: String) -> String? {
        guard names.count <= 2000 else { return nil }
        let lower = name.lowercased()
        if let exact = names.first(where: { $0.lowercased() == lower }) { return exact }
        var best: (String, Int)?
        for n in names {
            let d = editDistance(lower, n.lowercased(), limit: 2)
            if d <= 2, d < (best?.1 ?? 3) { best = (n, d) }
        }
        return best?.0
    }
}

/// Levenshtein distance, giving up above `limit` (returns `limit + 1`).
func editDistance(_ a: String, _ b: String, limit: Int) -> Int {
    let x = Array(a.unicodeScalars), y = Array(b.unicodeScalars)
    if abs(x.count - y.count) > limit { return limit + 1 }
    var prev = Array(0...y.count)
    for i in 1...max(1, x.count) where !x.isEmpty {
        var cur = [i] + Array(repeating: 0, count: y.count)
        for j in 1...max(1, y.count) where !y.isEmpty {
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1))
        }
        prev = cur
    }
    return min(prev[y.count], limit + 1)
}

/// The programme facts the checks need, indexed by position.
package struct ProgrammeIndex: Sendable {
    package struct SessionInfo: Sendable {
        package var id: SessionID
        package var activity: Int
        package var start: Instant
        package var end: Instant
        package var localStart: LocalDateTime
        package var localEnd: LocalDateTime
        package var room: String
        package var capacity: Int?
        /// The venue's id, and where the session is written (for `over-capacity`).
        package var venue: String
        package var location: SourceLocation
    }

    package struct ActivityInfo: Sendable {
        package var id: ActivityID
        package var sessions: [Int]
        package var first: LocalDate
        package var last: LocalDate
        /// False when only a month is known: its days are not checked against travel dates.
        package var exact: Bool
        package var quota: Int?
        /// The sessions a registration for the whole activity takes a seat in: those that overlap
        /// no other session of the activity (parallel sessions are a choice; the person is counted
        /// in none of them, as the registrant checks of `check` count them).
        package var seatSessions: [Int32] = []
    }

    package var sessions: [SessionInfo] = []
    /// Start and end instants of each session (seconds since 1970), for sorting without copies.
    package var starts: [Int64] = []
    package var ends: [Int64] = []
    /// Each session's place in (start, end, number) order, and the session at each place: sorting
    /// a row's sessions for the overlap sweep sorts small integers.
    package var rank: [Int32] = []
    /// Each session's place in (start instant, id) order: how a participant's sessions are listed.
    package var timeOrder: [Int32] = []
    /// Each activity's place in id order.
    package var idOrder: [Int32] = []
    /// Each session's capacity + 1, the seat count that is over it; 0 for no capacity.
    package var seatsPlusOne: [Int32] = []
    package var byRank: [Int32] = []
    package var activities: [ActivityInfo] = []
    package var sessionLookup: ByteLookup
    package var activityLookup: ByteLookup
    /// `nil` when the programme declares no delegation list.
    package var delegationLookup: ByteLookup?

    /// For an order (element numbers, first to last), each element's place in it.
    private static func places(of order: [Int]) -> [Int32] {
        var out = Array(repeating: Int32(0), count: order.count)
        for (place, i) in order.enumerated() { out[i] = Int32(place) }
        return out
    }

    package init(_ programme: Programme, delegations: DelegationList?) {
        // Capacities by venue and room, first match as `Programme.venue` and `Venue.room` (a linear
        // search per session took 0.3 s for 100,000 sessions in 670-room venues).
        var capacities: [VenueID: [RoomID: Int?]] = [:]
        for v in programme.venues where capacities[v.id] == nil {
            capacities[v.id] = Dictionary(v.rooms.map { ($0.id, $0.capacity) }, uniquingKeysWith: { first, _ in first })
        }
        for (ai, a) in programme.activities.enumerated() {
            var ids: [Int] = []
            let rooms = a.venue.flatMap { capacities[$0] }
            for s in a.sessions {
                ids.append(sessions.count)
                let capacity: Int?? = rooms?[s.room]
                sessions.append(SessionInfo(id: s.id, activity: ai, start: s.startInstant, end: s.endInstant, localStart: s.start,
                                            localEnd: s.end, room: s.room.rawValue, capacity: capacity ?? nil,
                                            venue: a.venue?.rawValue ?? "", location: s.location))
            }
            activities.append(ActivityInfo(id: a.id, sessions: ids, first: a.dates.first, last: a.dates.last, exact: a.dates.isExact,
                                           quota: a.quota ?? programme.quota))
        }
        starts = sessions.map(\.start.secondsSince1970)
        ends = sessions.map(\.end.secondsSince1970)
        for a in activities.indices {
            activities[a].seatSessions = Self.sessionsOverlappingNoOther(activities[a].sessions, starts: starts, ends: ends)
        }
        byRank = sessions.indices.sorted { [starts, ends] a, b in (starts[a], ends[a], a) < (starts[b], ends[b], b) }.map { Int32($0) }
        timeOrder = Self.places(of: sessions.indices.sorted { [sessions] a, b in
            (sessions[a].start, sessions[a].id, a) < (sessions[b].start, sessions[b].id, b)
        })
        idOrder = Self.places(of: activities.indices.sorted { [activities] a, b in (activities[a].id, a) < (activities[b].id, b) })
        seatsPlusOne = sessions.map { $0.capacity.map { Int32(clamping: $0 + 1) } ?? 0 }
        rank = Array(repeating: 0, count: sessions.count)
        for (r, s) in byRank.enumerated() { rank[Int(s)] = Int32(r) }
        sessionLookup = ByteLookup(sessions.map(\.id.rawValue))
        activityLookup = ByteLookup(activities.map(\.id.rawValue))
        delegationLookup = delegations.map { ByteLookup($0.delegations.map(\.code.rawValue)) }
    }

    /// The sessions of `own` that overlap no other session of `own` (the seats a whole-activity
    /// registration takes), in the order of `own`.
    ///
    /// One sort and one sweep: in start order, a session overlaps an earlier one exactly when the
    /// latest end before it is after its start, and a later one exactly when the next start is
    /// before its end. That holds for sessions that last; an activity with a session of no length
    /// is compared pair by pair, as the definition says (comparing every pair of an activity took
    /// 2.4 s for 100,000 sessions in few activities).
    package static func sessionsOverlappingNoOther(_ own: [Int], starts: [Int64], ends: [Int64]) -> [Int32] {
        func overlap(_ s: Int, _ o: Int) -> Bool { starts[o] < ends[s] && starts[s] < ends[o] }
        if own.contains(where: { ends[$0] <= starts[$0] }) {
            return own.filter { s in !own.contains { o in o != s && overlap(s, o) } }.map { Int32($0) }
        }
        let order = own.sorted { (starts[$0], ends[$0], $0) < (starts[$1], ends[$1], $1) }
        var overlaps = Set<Int>()
        var latestEnd = Int64.min
        for (k, s) in order.enumerated() {
            if latestEnd > starts[s] { overlaps.insert(s) }
            if k + 1 < order.count, starts[order[k + 1]] < ends[s] { overlaps.insert(s) }
            latestEnd = max(latestEnd, ends[s])
        }
        return own.filter { !overlaps.contains($0) }.map { Int32($0) }
    }
}
