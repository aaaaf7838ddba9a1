import Crypto
import Foundation
import ICalendar
import Planner
import Registrations

/// Personal feeds (one per participant) and delegation feeds, with unguessable file names.
///
/// A personal feed names nobody: no ATTENDEE (PUBLISH forbids it), the secretariat as ORGANIZER,
/// and every event `CLASS:PRIVATE`. Its file name is a token derived with HMAC-SHA256 from the
/// secretariat's secret and the participant id, so it cannot be guessed from a name or an id.
public struct PersonalFeeds: Sendable {
    public let programme: Programme
    /// The catalogue without its texts (``EventCatalogue/dropTexts()``): the feeds are built
    /// from a copy of its `CLASS:PRIVATE` events and VTIMEZONEs in one byte pool.
    public let catalogue: EventCatalogue
    public let options: FeedOptions
    /// HMAC-SHA256 keyed with the secret once.
    private let hmac: TokenHMAC
    private let bySession: [SessionID: Int]
    private let removedByActivity: [ActivityID: [Int]]
    /// The opening of every personal feed (the same for everyone), serialised once; the feeds are
    /// assembled from it, the catalogue's `CLASS:PRIVATE` VEVENTs and its VTIMEZONEs.
    private let personalHeader: [UInt8]
    /// Per entry, the position of its zone in `zoneRanges` (zones sorted by name; -1: no VTIMEZONE).
    private let zoneOfEntry: [Int]
    /// The catalogue's `CLASS:PRIVATE` VEVENTs and its VTIMEZONEs as UTF-8, one after the other
    /// (about 5 MB at 5,000 events), with each one's range: by entry, and by zone (sorted by name).
    private let pool: [UInt8]
    private let eventRanges: [Range<Int>]
    private let zoneRanges: [Range<Int>]
    private static let footer = Array(ICalendarWriter.footer.utf8)

    /// - Parameter secret: the secret's bytes (at least 16).
    public init(programme: Programme, catalogue: EventCatalogue, options: FeedOptions, secret: [UInt8]) {
        self.programme = programme
        var stripped = catalogue
        stripped.dropTexts()
        self.catalogue = stripped
        self.options = options
        self.hmac = TokenHMAC(key: secret)
        var bySession: [SessionID: Int] = [:]
        var removed: [ActivityID: [Int]] = [:]
        for (i, e) in catalogue.entries.enumerated() {
            if e.removed { removed[e.activity, default: []].append(i) } else { bySession[e.session] = i }
        }
        self.bySession = bySession
        self.removedByActivity = removed
        let title = programme.title.pick(options.languages, fallbacks: programme.languages)?.text ?? programme.id
        self.personalHeader = Array(ICalendarWriter.header(
            CalendarHeader(prodID: options.prodID, method: "PUBLISH", name: "\(title): \(Labels.personal(options.languages.first ?? "en"))",
                           refreshInterval: programme.refreshInterval, url: programme.url)).utf8)
        let zones = catalogue.timezones.keys.sorted()
        let zoneIndex = Dictionary(uniqueKeysWithValues: zones.enumerated().map { ($1, $0) })
        self.zoneOfEntry = catalogue.entries.map { zoneIndex[$0.zone] ?? -1 }
        var pool: [UInt8] = []
        func add(_ text: String) -> Range<Int> {
            let start = pool.count
            pool += text.utf8
            return start..<pool.count
        }
        self.eventRanges = catalogue.entries.map { add($0.privateText) }
        self.zoneRanges = zones.map { add(catalogue.timezones[$0]!) }
        self.pool = pool
    }

    /// The file-name token of a participant: base32 of the first 20 bytes of
    /// HMAC-SHA256(secret, "participant:" + id), 32 lower-case characters.
    public func token(participant id: String) -> String { token("participant:" + id) }

    /// The file-name token of a delegation.
    public func token(delegation code: String) -> String { token("delegation:" + code) }

    private func token(_ message: String) -> String {
        hmac.authenticationCode(message).withUnsafeBytes { base32(UnsafeRawBufferPointer(rebasing: $0.prefix(20))) }
    }

    /// The entries a participant gets: their sessions, plus the sessions that have since left the
    /// programme (published as cancelled) of activities they registered for as a whole, in time order.
    public func entryIndices(for p: Participant) -> [Int] {
        var indices: [Int] = []
        indices.reserveCapacity(p.sessions.count)
        for s in p.sessions { if let i = bySession[s] { indices.append(i) } }
        for a in p.wholeActivities { indices += removedByActivity[a] ?? [] }
        Self.sortUnique(&indices)
        return indices
    }

    /// Sorts `indices` and removes repeats in place (a session picked and also in a whole activity).
    static func sortUnique(_ indices: inout [Int]) {
        indices.sort()
        var kept = 0
        for i in indices.indices where kept == 0 || indices[i] != indices[kept - 1] {
            indices[kept] = indices[i]
            kept += 1
        }
        indices.removeLast(indices.count - kept)
    }

    /// Catalogue entries by the session and activity numbers of a ``FeedPeople``, worked out once
    /// for the whole list (no dictionary lookup per person and session).
    public struct PeopleMap: Sendable {
        /// Per session number: its entry, or -1 when it is not in the feeds.
        fileprivate let entryOfSession: [Int32]
        /// Per activity number: the entries of its sessions, then of its sessions since removed.
        fileprivate let entriesOfActivity: [[Int32]]
    }

    public func map(_ people: FeedPeople) -> PeopleMap {
        let entryOfSession = people.sessionIDs.map { bySession[$0].map { Int32($0) } ?? -1 }
        let entriesOfActivity = people.activityIDs.enumerated().map { k, a in
            (people.activitySessions[k].map { entryOfSession[Int($0)] }.filter { $0 >= 0 })
                + (removedByActivity[a] ?? []).map { Int32($0) }
        }
        return PeopleMap(entryOfSession: entryOfSession, entriesOfActivity: entriesOfActivity)
    }

    /// ``entryIndices(for:)`` of person `person` of `people`, into `indices` (replaced).
    public func entryIndices(_ person: Int, of people: FeedPeople, _ map: PeopleMap, into indices: inout [Int]) {
        indices.removeAll(keepingCapacity: true)
        people.forEachSession(person) { s in
            let e = map.entryOfSession[Int(s)]
            if e >= 0 { indices.append(Int(e)) }
        }
        people.forEachWholeActivity(person) { a in
            for e in map.entriesOfActivity[Int(a)] { indices.append(Int(e)) }
        }
        Self.sortUnique(&indices)
    }

    /// The path of a participant's feed: `people/<token>.ics`.
    public func path(participant id: String) -> String { "people/\(token(participant: id)).ics" }

    /// A participant's feed, for tests and small runs (``write(_:indices:into:)`` is the bulk path).
    public func feed(for p: Participant) -> FeedFile {
        let selected = entryIndices(for: p)
        var bytes: [UInt8] = []
        write(personalHeader, indices: selected, into: &bytes)
        return FeedFile(path: path(participant: p.id), text: String(decoding: bytes, as: UTF8.self),
                        eventCount: selected.count, isPublic: false)
    }

    /// Writes the feed of the given entries (ascending positions in the catalogue) into `out`,
    /// replacing its content and keeping its capacity: one buffer serves 100,000 people.
    public func write(indices selected: [Int], into out: inout [UInt8]) {
        write(personalHeader, indices: selected, into: &out)
    }

    private func write(_ header: [UInt8], indices selected: [Int], into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        out += header
        var zones: UInt64 = 0, manyZones: Set<Int> = []
        for i in selected {
            let z = zoneOfEntry[i]
            if z < 0 { continue }
            if z < 64 { zones |= 1 << UInt64(z) } else { manyZones.insert(z) }
        }
        // Slices of one byte pool: no reference count touched per event (several threads
        // retaining the same strings made their counts bounce between cores).
        pool.withUnsafeBufferPointer { p in
            for z in 0..<min(zoneRanges.count, 64) where zones & (1 << UInt64(z)) != 0 {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: p[zoneRanges[z]]))
            }
            for z in manyZones.sorted() { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[zoneRanges[z]])) }
            for i in selected { out.append(contentsOf: UnsafeBufferPointer(rebasing: p[eventRanges[i]])) }
        }
        out += Self.footer
    }

    /// Members' entries by delegation, one bit per catalogue entry.
    public struct DelegationSets: Sendable {
        fileprivate var bits: [String: [UInt64]] = [:]
        fileprivate let words: Int
        public init(entries: Int) { words = (entries + 63) / 64 }

        /// Adds a member's entries to a delegation (a blank code is no delegation).
        public mutating func add(_ code: String, _ indices: [Int]) {
            guard !code.isEmpty else { return }
            bits[code, default: [UInt64](repeating: 0, count: words)].withUnsafeMutableBufferPointer { b in
                for i in indices { b[i >> 6] |= 1 << UInt64(i & 63) }
            }
        }

        /// Adds every delegation's entries of `other` (the sets of another part of the list).
        public mutating func formUnion(_ other: DelegationSets) {
            for (code, words) in other.bits {
                bits[code, default: [UInt64](repeating: 0, count: self.words)].withUnsafeMutableBufferPointer { b in
                    for (w, word) in words.enumerated() { b[w] |= word }
                }
            }
        }

        /// The delegation codes, sorted.
        public var codes: [String] { bits.keys.sorted() }

        /// A delegation's entries, ascending.
        public func indices(_ code: String) -> [Int] {
            guard let b = bits[code] else { return [] }
            var out: [Int] = []
            for (w, word) in b.enumerated() where word != 0 {
                for bit in 0..<64 where word & (1 << UInt64(bit)) != 0 { out.append(w * 64 + bit) }
            }
            return out
        }
    }

    /// One delegation's feed (every session one of its members registered for):
    /// `delegations/<CODE>-<token>.ics`, written into `out`.
    public func delegationFeed(_ code: String, indices: [Int], into out: inout [UInt8]) -> String {
        let lang = options.languages.first ?? "en"
        write(Array(ICalendarWriter.header(header("\(Labels.delegation(lang)) \(code)")).utf8), indices: indices, into: &out)
        return "delegations/\(safe(code))-\(token(delegation: code)).ics"
    }

    /// One feed per delegation, for tests and small runs: sorted by code.
    public func delegationFeeds(_ participants: [Participant]) -> [FeedFile] {
        var sets = DelegationSets(entries: catalogue.entries.count)
        for p in participants { sets.add(p.delegation, entryIndices(for: p)) }
        var bytes: [UInt8] = []
        return sets.codes.map { code in
            let selected = sets.indices(code)
            let path = delegationFeed(code, indices: selected, into: &bytes)
            return FeedFile(path: path, text: String(decoding: bytes, as: UTF8.self), eventCount: selected.count, isPublic: false)
        }
    }

    private func header(_ suffix: String) -> CalendarHeader {
        let title = programme.title.pick(options.languages, fallbacks: programme.languages)?.text ?? programme.id
        return CalendarHeader(prodID: options.prodID, method: "PUBLISH", name: "\(title): \(suffix)",
                              refreshInterval: programme.refreshInterval, url: programme.url)
    }

    /// The readable part of a delegation feed's name: ASCII letters, digits and `-` (anything else
    /// `_`), at most 40 of them; the token that follows is made from the whole code, so the name
    /// stays unique and always fits a file name.
    private func safe(_ code: String) -> String {
        String(code.unicodeScalars.prefix(40).map { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") ? Character($0) : "_" })
    }

    /// The https:// and webcal:// addresses of a feed path under `baseURL`, or the bare path.
    public func urls(_ path: String) -> (https: String, webcal: String) {
        guard var base = options.baseURL, !base.isEmpty else { return (path, path) }
        while base.hasSuffix("/") { base.removeLast() }
        let https = "\(base)/\(path)"
        let webcal = https.hasPrefix("https://") ? "webcal://" + https.dropFirst(8)
            : https.hasPrefix("http://") ? "webcal://" + https.dropFirst(7) : https
        return (https, webcal)
    }
}

/// The private index that maps participants to their feeds, for mail-merge.
public enum FeedIndex {
    public struct Row: Codable, Hashable, Sendable {
        public var participant: String
        public var email: String
        public var delegation: String
        public var file: String
        public var https: String
        public var webcal: String
        public var events: Int

        public init(participant: String, email: String, delegation: String, file: String, https: String, webcal: String, events: Int) {
            self.participant = participant
            self.email = email
            self.delegation = delegation
            self.file = file
            self.https = https
            self.webcal = webcal
            self.events = events
        }
    }

    /// CSV with a header; every field neutralised against formula injection.
    public static func csv(_ rows: [Row]) -> String {
        var out = csvHeader
        for r in rows { appendCSV(r, to: &out) }
        return out
    }

    /// The CSV index's header line.
    public static let csvHeader = CSVExport.record(["participant_id", "email", "delegation", "file", "https_url", "webcal_url", "events"])

    /// One CSV record (the index can be written a row at a time).
    public static func appendCSV(_ r: Row, to out: inout String) {
        CSVExport.appendRecord([r.participant, r.email, r.delegation, r.file, r.https, r.webcal, String(r.events)], to: &out)
    }

    /// `{"feeds": [...]}` as pretty, key-sorted JSON: the bytes `JSONEncoder` writes with
    /// `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`, written directly (the encoder's
    /// tree for 100,000 rows took more memory and time than the feeds themselves).
    public static func json(_ rows: [Row]) -> String {
        var out = jsonOpening(empty: rows.isEmpty)
        for (n, r) in rows.enumerated() { appendJSON(r, last: n == rows.count - 1, to: &out) }
        return out + jsonClosing(empty: rows.isEmpty)
    }

    /// The JSON index up to its first row (an empty list is `[]`, as the other JSON reports write it).
    public static func jsonOpening(empty: Bool) -> String { empty ? "{\n  \"feeds\" : [" : "{\n  \"feeds\" : [\n" }

    /// The JSON index after its last row.
    public static func jsonClosing(empty: Bool) -> String { empty ? "]\n}\n" : "  ]\n}\n" }

    /// One row of the JSON index (the index can be written a row at a time).
    public static func appendJSON(_ r: Row, last: Bool, to out: inout String) {
        out += "    {\n      \"delegation\" : "
        appendJSON(r.delegation, to: &out)
        out += ",\n      \"email\" : "
        appendJSON(r.email, to: &out)
        out += ",\n      \"events\" : \(r.events),\n      \"file\" : "
        appendJSON(r.file, to: &out)
        out += ",\n      \"https\" : "
        appendJSON(r.https, to: &out)
        out += ",\n      \"participant\" : "
        appendJSON(r.participant, to: &out)
        out += ",\n      \"webcal\" : "
        appendJSON(r.webcal, to: &out)
        out += last ? "\n    }\n" : "\n    },\n"
    }

    /// A JSON string literal as `JSONEncoder` escapes it (`/` left alone).
    static func appendJSON(_ s: String, to out: inout String) {
        out += "\""
        // Over the bytes at once (the closure per byte of `utf8.allSatisfy` was 1% of a run).
        let plain = s.utf8.withContiguousStorageIfAvailable { bytes in
            !bytes.contains { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C }
        } ?? s.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }
        if plain {
            out += s
        } else {
            for u in s.unicodeScalars {
                switch u {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case "\u{08}": out += "\\b"
                case "\u{0C}": out += "\\f"
                case _ where u.value < 0x20:
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(u)
                }
            }
        }
        out += "\""
    }
}

/// HMAC-SHA256 keyed once: `HMAC<SHA256>` keeps the inner and outer padded-key states after
/// `init(key:)`, so a copy per message costs two SHA-256 blocks for a short message, not four,
/// and no key copies (200,000 tokens a run).
struct TokenHMAC: @unchecked Sendable {
    // Read-only after init and copied per code (a value type); swift-crypto does not mark HMAC
    // Sendable.
    private let keyed: HMAC<SHA256>

    init(key: [UInt8]) {
        keyed = HMAC<SHA256>(key: SymmetricKey(data: key))
    }

    func authenticationCode(_ message: String) -> HMAC<SHA256>.MAC {
        var h = keyed
        var m = message
        m.withUTF8 { h.update(data: UnsafeRawBufferPointer($0)) }
        return h.finalize()
    }
}

/// RFC 4648 base32, lower case, no padding.
func base32(_ bytes: some Sequence<UInt8>) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(40)
    var buffer = 0, bits = 0
    for b in bytes {
        buffer = ((buffer << 8) | Int(b)) & 0xFFFF
        bits += 8
        while bits >= 5 {
            out.append(alphabet[(buffer >> (bits - 5)) & 31])
            bits -= 5
        }
    }
    if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
    return String(decoding: out, as: UTF8.self)
}
