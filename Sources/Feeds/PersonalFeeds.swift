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
    public let catalogue: EventCatalogue
    public let options: FeedOptions
    private let secret: [UInt8]
    private let bySession: [SessionID: Int]
    private let removedByActivity: [ActivityID: [Int]]

    /// - Parameter secret: the secret's bytes (at least 16).
    public init(programme: Programme, catalogue: EventCatalogue, options: FeedOptions, secret: [UInt8]) {
        self.programme = programme
        self.catalogue = catalogue
        self.options = options
        self.secret = secret
        var bySession: [SessionID: Int] = [:]
        var removed: [ActivityID: [Int]] = [:]
        for (i, e) in catalogue.entries.enumerated() {
            if e.removed { removed[e.activity, default: []].append(i) } else { bySession[e.session] = i }
        }
        self.bySession = bySession
        self.removedByActivity = removed
    }

    /// The file-name token of a participant: base32 of the first 20 bytes of
    /// HMAC-SHA256(secret, "participant:" + id), 32 lower-case characters.
    public func token(participant id: String) -> String { token("participant:" + id) }

    /// The file-name token of a delegation.
    public func token(delegation code: String) -> String { token("delegation:" + code) }

    private func token(_ message: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: SymmetricKey(data: secret))
        return base32(Array(mac.prefix(20)))
    }

    /// The entries a participant gets: their sessions, plus the sessions that have since left the
    /// programme (published as cancelled) of activities they registered for as a whole, in time order.
    public func entryIndices(for p: Participant) -> [Int] {
        var indices = p.sessions.compactMap { bySession[$0] }
        for a in p.wholeActivities { indices += removedByActivity[a] ?? [] }
        return Array(Set(indices)).sorted()
    }

    /// A participant's feed: `people/<token>.ics`.
    public func feed(for p: Participant) -> FeedFile {
        let selected = entryIndices(for: p).map { catalogue.entries[$0] }
        let text = catalogue.feed(header: header(Labels.personal(options.languages.first ?? "en")), entries: selected, private: true)
        return FeedFile(path: "people/\(token(participant: p.id)).ics", text: text, eventCount: selected.count, isPublic: false)
    }

    /// One feed per delegation (every session one of its members registered for):
    /// `delegations/<CODE>-<token>.ics`, sorted by code.
    public func delegationFeeds(_ participants: [Participant]) -> [FeedFile] {
        var members: [String: Set<Int>] = [:]
        for p in participants where !p.delegation.isEmpty {
            members[p.delegation, default: []].formUnion(entryIndices(for: p))
        }
        let lang = options.languages.first ?? "en"
        return members.keys.sorted().map { code in
            let selected = members[code]!.sorted().map { catalogue.entries[$0] }
            let text = catalogue.feed(header: header("\(Labels.delegation(lang)) \(code)"), entries: selected, private: true)
            return FeedFile(path: "delegations/\(safe(code))-\(token(delegation: code)).ics", text: text,
                            eventCount: selected.count, isPublic: false)
        }
    }

    private func header(_ suffix: String) -> CalendarHeader {
        let title = programme.title.pick(options.languages, fallbacks: programme.languages)?.text ?? programme.id
        return CalendarHeader(prodID: options.prodID, method: "PUBLISH", name: "\(title): \(suffix)",
                              refreshInterval: programme.refreshInterval, url: programme.url)
    }

    private func safe(_ code: String) -> String {
        String(code.unicodeScalars.map { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-") ? Character($0) : "_" })
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
        var out = CSVExport.record(["participant_id", "email", "delegation", "file", "https_url", "webcal_url", "events"]) 
        for r in rows {
            out += CSVExport.record([r.participant, r.email, r.delegation, r.file, r.https, r.webcal, String(r.events)])
        }
        return out
    }

    /// `{"feeds": [...]}` as pretty, key-sorted JSON.
    public static func json(_ rows: [Row]) -> String {
        struct Index: Codable { var feeds: [Row] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(Index(feeds: rows))) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }
}

/// RFC 4648 base32, lower case, no padding.
func base32(_ bytes: [UInt8]) -> String {
    let alphabet = Array("abcdefghijklmnopqrstuvwxyz234567")
    var out = "", buffer = 0, bits = 0
    for b in bytes {
        buffer = (buffer << 8) | Int(b)
        bits += 8
        while bits >= 5 {
            out.append(alphabet[(buffer >> (bits - 5)) & 31])
            bits -= 5
        }
    }
    if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
    return out
}
