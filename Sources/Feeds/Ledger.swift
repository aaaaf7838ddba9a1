import CivilTime
import Crypto
import Planner

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
    ///   - firstPublished: the publication stamp (`SOURCE_DATE_EPOCH` or the programme's `updated`):
    ///     LAST-MODIFIED of events published for the first time, so that a first run is reproducible,
    ///     and the day a change note gives.
    ///   - pruneCancelled: drop cancelled entries instead of keeping them.
    public func updated(for programme: Programme, now: Instant, firstPublished: Instant,
                        pruneCancelled: Bool) -> (Ledger, LedgerChanges) {
        var next = Ledger(programme: programme.id)
        var changes = LedgerChanges()
        var seen: Set<String> = []
        programme.eachScheduledSession { s in
            guard s.activity.dates.isExact else { return }
            let uid = EventCatalogue.uid(programme: programme, session: s.session.id)
            seen.insert(uid)
            let (fields, hash) = Ledger.content(of: s)
            if let old = entries[uid], !old.cancelled, old.has(hash: hash) {
                // The same content: the place's text is the same too (its hash is in `fields`), and
                // refreshing it (with the room) completes entries migrated from version 1. (No new
                // entry is made: most are unchanged.)
                var entry = old
                let place = Ledger.place(room: s.room?.name, venue: s.venue.name), room = s.session.room.rawValue
                if !old.has(place: place, room: room) {
                    var texts = old.unpacked
                    texts.place = place
                    texts.room = room
                    entry.unpacked = texts
                }
                next.entries[uid] = entry
                return
            }
            var entry = Ledger.entry(for: s, fields: fields, hash: hash)
            if let old = entries[uid] {
                entry.sequence = old.bumped
                entry.lastModified = now
                // What a delegate saw before: kept until the next change of time, place or title.
                let before = old.shown
                if !old.cancelled, before.differs(from: entry.shown) {
                    entry.was = before.place.isEmpty ? Ledger.withPlace(before, programme: programme) : before
                    entry.changed = firstPublished
                } else {
                    entry.was = old.was
                    entry.changed = old.changed
                }
                let fields = old.cancelled ? ["restored"] : entry.fields.keys.filter { old.fields[$0] != entry.fields[$0] }.sorted()
                changes.changed.append((uid, fields))
            } else {
                entry.sequence = 0
                entry.lastModified = firstPublished
                changes.added.append(uid)
            }
            next.entries[uid] = entry
        }
        for (uid, old) in entries.filter({ !seen.contains($0.key) }).sorted(by: { $0.key < $1.key }) {
            if pruneCancelled {
                changes.pruned.append(uid)
                continue
            }
            var entry = old
            if !old.cancelled {
                entry.cancelled = true
                entry.sequence = old.bumped
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
        let (fields, hash) = content(of: s)
        return entry(for: s, fields: fields, hash: hash)
    }

    /// ``entry(for:)`` of the session's ``content(of:)``.
    static func entry(for s: ScheduledSession, fields: [String: String], hash: String) -> Entry {
        let session = s.session
        return Entry(hash: hash, fields: fields, sequence: 0, lastModified: Instant(secondsSince1970: 0), cancelled: false,
                     activity: s.activity.id.rawValue, venue: s.venue.id.rawValue, session: session.id.rawValue,
                     title: session.title.values, start: session.start.iso, end: session.end.iso, timezone: s.venue.timezone,
                     room: session.room.rawValue, place: place(room: s.room?.name, venue: s.venue.name), was: nil, changed: nil)
    }

    /// The fields of a session's content and its hash.
    static func content(of s: ScheduledSession) -> (fields: [String: String], hash: String) {
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
        return (fields, hexHash(all))
    }

    /// The place as feeds name it, per language: "room, venue".
    static func place(room: Localized?, venue: Localized?) -> [String: String] {
        var out: [String: String] = [:]
        for lang in Set((room?.values ?? [:]).keys).union((venue?.values ?? [:]).keys) {
            let parts = [room?.text(lang), venue?.text(lang)].compactMap { $0 }.filter { !$0.isEmpty }
            out[lang] = parts.joined(separator: ", ")
        }
        return out
    }

    /// `shown` with the place named from the programme's rooms and venues (a version 1 ledger kept no place text).
    static func withPlace(_ shown: Shown, programme: Programme) -> Shown {
        var s = shown
        let venue = programme.venues.first { $0.id.rawValue == shown.venue }
        let room = venue?.rooms.first { $0.id.rawValue == shown.room }
        s.place = place(room: room?.name, venue: venue?.name)
        if s.place.isEmpty { s.place = ["en": [shown.room, shown.venue].filter { !$0.isEmpty }.joined(separator: ", ")] }
        return s
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

