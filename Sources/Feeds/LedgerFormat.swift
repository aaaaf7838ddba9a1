import CivilTime
import Foundation

/// What has been published, per event UID: a hash of its content, its SEQUENCE and LAST-MODIFIED,
/// and the values a delegate sees (time, zone, place, title) as last published.
///
/// Kept next to the programme as `<programme>.ledger.json` (pretty, key-sorted JSON, one entry
/// per UID, so it diffs well). When an event's content changes, its SEQUENCE goes up by one and
/// LAST-MODIFIED becomes the time of the run; when nothing changes, nothing in the ledger or the
/// feeds changes. A session removed from the programme stays as a cancelled entry until pruned.
/// When what a delegate sees changes (time, zone, venue, room or title), the entry keeps the
/// values published before in ``Entry/was`` and the day of the change in ``Entry/changed``: the
/// feeds say "Moved on …: was …" from them.
///
/// Format version 2 (``currentVersion``); a ledger without `version` is version 1 and is read
/// as version 2 without `place`, `was` and `changed` (the next run writes version 2).
public struct Ledger: Encodable, Hashable, Sendable {
    /// The format written.
    public static let currentVersion = 2
    /// The highest SEQUENCE: RFC 5545 integers are 32-bit signed. Reached, it stays (the reader
    /// refuses anything above, and ``Entry/bumped`` never goes past it).
    public static let maximumSequence = Int(Int32.max)

    /// The values of an event a delegate sees, as published.
    public struct Shown: Codable, Hashable, Sendable {
        /// Wall-clock start and end (`YYYY-MM-DDTHH:MM`) in ``timezone``.
        public var start: String
        public var end: String
        public var timezone: String
        public var venue: String
        /// Room id; empty when the session names none.
        public var room: String
        /// The place as the feeds name it (room, venue), per language.
        public var place: [String: String]
        /// The session's title per language.
        public var title: [String: String]

        public init(start: String, end: String, timezone: String, venue: String, room: String,
                    place: [String: String], title: [String: String]) {
            self.start = start
            self.end = end
            self.timezone = timezone
            self.venue = venue
            self.room = room
            self.place = place
            self.title = title
        }

        /// True when a delegate would see a different time, place or title (place texts alone
        /// are not compared: a ledger migrated from version 1 has none; a title in a language
        /// added since is not a change of title).
        public func differs(from other: Shown) -> Bool {
            start != other.start || end != other.end || timezone != other.timezone || venue != other.venue
                || room != other.room || title.contains { other.title[$0.key] != $0.value }
        }
    }

    public var version: Int
    public var programme: String
    public var entries: [String: Entry]

    public init(programme: String, entries: [String: Entry] = [:]) {
        self.version = Ledger.currentVersion
        self.programme = programme
        self.entries = entries
    }

    /// Pretty, key-sorted JSON with a final newline (``encodedBytes()``).
    public func encoded() -> Data { Data(encodedBytes()) }

    /// ``encoded()`` through `JSONEncoder`, as it was written before ``encodedBytes()``: kept for
    /// the test that the two agree byte for byte.
    func encoderJSON() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return ((try? encoder.encode(self)) ?? Data("{}".utf8)) + Data("\n".utf8)
    }
}
