import CivilTime
import Crypto
import Foundation
import Planner

/// What has been published, per event UID: a hash of its content, its SEQUENCE and LAST-MODIFIED.
///
/// Kept next to the programme as `<programme>.ledger.json` (pretty, key-sorted JSON, one entry
/// per UID, so it diffs well). When an event's content changes, its SEQUENCE goes up by one and
/// LAST-MODIFIED becomes the time of the run; when nothing changes, nothing in the ledger or the
/// feeds changes. A session removed from the programme stays as a cancelled entry until pruned.
public struct Ledger: Codable, Hashable, Sendable {
    /// One published event.
    public struct Entry: Codable, Hashable, Sendable {
        /// SHA-256 of the event's content in every language (hex), the fields below included.
        public var hash: String
        /// Short hashes of each field, to say which fields changed.
        public var fields: [String: String]
        public var sequence: Int
        public var lastModified: Instant
        /// True once the session has left the programme: it is published as `STATUS:CANCELLED`.
        public var cancelled: Bool
        // Enough to publish the cancellation after the session is gone from the programme.
        public var activity: String
        public var venue: String
        public var session: String
        public var title: [String: String]
        public var start: String
        public var end: String
        public var timezone: String

        enum CodingKeys: String, CodingKey {
            case hash, fields, sequence, cancelled, activity, venue, session, title, start, end, timezone
            case lastModified = "last_modified"
        }
    }

    public var programme: String
    public var entries: [String: Entry]

    public init(programme: String, entries: [String: Entry] = [:]) {
        self.programme = programme
        self.entries = entries
    }

    /// Decodes a ledger file's contents.
    public static func decode(_ data: Data) throws -> Ledger {
        try JSONDecoder().decode(Ledger.self, from: data)
    }

    /// Pretty, key-sorted JSON with a final newline.
    public func encoded() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }
}

/// What a run changes in the ledger, for `--dry-run` and the summary.
public struct LedgerChanges: Hashable, Sendable {
    public var added: [String] = []
    /// UID and the names of the fields that changed.
    public var changed: [(uid: String, fields: [String])] = []
    public var cancelled: [String] = []
    public var pruned: [String] = []
    public var isEmpty: Bool { added.isEmpty && changed.isEmpty && cancelled.isEmpty && pruned.isEmpty }

    public init() {}

    public static func == (a: LedgerChanges, b: LedgerChanges) -> Bool {
        a.added == b.added && a.cancelled == b.cancelled && a.pruned == b.pruned
            && a.changed.map(\.uid) == b.changed.map(\.uid) && a.changed.map(\.fields) == b.changed.map(\.fields)
    }

    public func hash(into h: inout Hasher) {
        h.combine(added)
        h.combine(changed.map(\.uid))
        h.combine(cancelled)
    }

    /// One line per change, sorted, for people.
    public var lines: [String] {
        added.map { "added     \($0)" } + changed.map { "changed   \($0.uid) (\($0.fields.joined(separator: ", ")))" }
            + cancelled.map { "cancelled \($0)" } + pruned.map { "pruned    \($0)" }
    }
}

extension Ledger {
    /// The ledger after publishing `programme` at `now`.
    /// - Parameters:
    ///   - programme: the programme as it is now.
    ///   - now: the time of this run: LAST-MODIFIED of what changes.
    ///   - firstPublished: the stamp of events published for the first time (`SOURCE_DATE_EPOCH` or the
    ///     programme's `updated`), so that a first run is reproducible.
    ///   - pruneCancelled: drop cancelled entries instead of keeping them.
    public func updated(for programme: Programme, now: Instant, firstPublished: Instant,
                        pruneCancelled: Bool) -> (Ledger, LedgerChanges) {
        var next = Ledger(programme: programme.id)
        var changes = LedgerChanges()
        var seen: Set<String> = []
        for s in programme.scheduledSessions where s.activity.dates.isExact {
            let uid = EventCatalogue.uid(programme: programme, session: s.session.id)
            seen.insert(uid)
            var entry = Ledger.entry(for: s)
            if let old = entries[uid] {
                if old.hash == entry.hash && !old.cancelled {
                    entry = old
                } else {
                    entry.sequence = old.sequence + 1
                    entry.lastModified = now
                    let fields = old.cancelled ? ["restored"] : entry.fields.keys.filter { old.fields[$0] != entry.fields[$0] }.sorted()
                    changes.changed.append((uid, fields))
                }
            } else {
                entry.sequence = 0
                entry.lastModified = firstPublished
                changes.added.append(uid)
            }
            next.entries[uid] = entry
        }
        for (uid, old) in entries.sorted(by: { $0.key < $1.key }) where !seen.contains(uid) {
            if pruneCancelled {
                changes.pruned.append(uid)
                continue
            }
            var entry = old
            if !old.cancelled {
                entry.cancelled = true
                entry.sequence += 1
                entry.lastModified = now
                changes.cancelled.append(uid)
            }
            next.entries[uid] = entry
        }
        changes.added.sort()
        changes.changed.sort { $0.uid < $1.uid }
        return (next, changes)
    }

    /// A fresh entry (sequence 0) describing a session's current content.
    static func entry(for s: ScheduledSession) -> Entry {
        func text(_ l: Localized?) -> String {
            (l?.values ?? [:]).sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\u{1F}")
        }
        let session = s.session
        let fields: [String: String] = [
            "start": session.start.iso,
            "end": session.end.iso,
            "timezone": s.venue.timezone,
            "room": session.room.rawValue,
            "venue": s.venue.id.rawValue,
            "status": s.status.rawValue,
            "title": shortHash(text(session.title)),
            "description": shortHash(text(session.description)),
            "activity": shortHash(s.activity.id.rawValue + "\u{1F}" + text(s.activity.title) + "\u{1F}" + s.activity.kind.rawValue
                                  + "\u{1F}" + s.activity.themes.joined(separator: ",")),
            "place": shortHash(text(s.room?.name) + "\u{1F}" + text(s.venue.name) + "\u{1F}" + (s.venue.address ?? "") + "\u{1F}"
                               + s.venue.city + "\u{1F}" + (s.venue.geo.map { "\($0.lat),\($0.lon)" } ?? "")
                               + (s.venue.toBeConfirmed ? "tbc" : "")),
            "people": shortHash(session.chairs.map(\.rawValue).joined(separator: ",") + "\u{1F}" + (session.illustrative ? "illustrative" : "")),
        ]
        let all = fields.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "\n")
        return Entry(hash: hexHash(all), fields: fields, sequence: 0, lastModified: Instant(secondsSince1970: 0), cancelled: false,
                     activity: s.activity.id.rawValue, venue: s.venue.id.rawValue, session: session.id.rawValue,
                     title: session.title.values, start: session.start.iso, end: session.end.iso, timezone: s.venue.timezone)
    }
}

func hexHash(_ s: String) -> String {
    let hex = Array("0123456789abcdef".utf8)
    var out: [UInt8] = []
    out.reserveCapacity(64)
    for b in SHA256.hash(data: Array(s.utf8)) {
        out.append(hex[Int(b >> 4)])
        out.append(hex[Int(b & 15)])
    }
    return String(decoding: out, as: UTF8.self)
}

func shortHash(_ s: String) -> String { String(hexHash(s).prefix(12)) }

