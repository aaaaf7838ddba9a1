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
    /// The opening of every personal feed, serialised once (the same for everyone).
    private let personalHeader: String

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
        let title = programme.title.pick(options.languages, fallbacks: programme.languages)?.text ?? programme.id
        self.personalHeader = ICalendarWriter.header(
            CalendarHeader(prodID: options.prodID, method: "PUBLISH", name: "\(title): \(Labels.personal(options.languages.first ?? "en"))",
                           refreshInterval: programme.refreshInterval, url: programme.url))
    }

    /// The file-name token of a participant: base32 of the first 20 bytes of
    /// HMAC-SHA256(secret, "participant:" + id), 32 lower-case characters.
    public func token(participant id: String) -> String { token("participant:" + id) }

    /// The file-name token of a delegation.
    public func token(delegation code: String) -> String { token("delegation:" + code) }

    private func token(_ message: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: secret))
        return mac.withUnsafeBytes { base32(UnsafeRawBufferPointer(rebasing: $0.prefix(20))) }
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
        let selected = entryIndices(for: p)
        let text = catalogue.feed(headerText: personalHeader, indices: selected, private: true)
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

    /// `{"feeds": [...]}` as pretty, key-sorted JSON: the bytes `JSONEncoder` writes with
    /// `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`, written directly (the encoder's
    /// tree for 100,000 rows took more memory and time than the feeds themselves).
    public static func json(_ rows: [Row]) -> String {
        if rows.isEmpty { return "{\n  \"feeds\" : [\n\n  ]\n}\n" }
        var out = "{\n  \"feeds\" : [\n"
        out.reserveCapacity(rows.count * 400)
        for (n, r) in rows.enumerated() {
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
            out += n == rows.count - 1 ? "\n    }\n" : "\n    },\n"
        }
        out += "  ]\n}\n"
        return out
    }

    /// A JSON string literal as `JSONEncoder` escapes it (`/` left alone).
    static func appendJSON(_ s: String, to out: inout String) {
        out += "\""
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x22 && $0 != 0x5C }) {
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
