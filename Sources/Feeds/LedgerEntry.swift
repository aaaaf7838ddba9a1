import CivilTime

extension Ledger {
    /// One published event.
    ///
    /// Kept compact, as two ledgers of 5,000 entries are in memory while the feeds are built: the
    /// hash as 32 bytes and every text in one buffer (``texts``, see ``EntryTexts``), about 400
    /// bytes an entry instead of 2 KB of strings and dictionaries. The properties read and write
    /// the same values as before; two entries are equal when those values are.
    public struct Entry: Encodable, Hashable, Sendable {
        /// 0 ≤ sequence ≤ ``Ledger/maximumSequence``.
        public var sequence: Int
        public var lastModified: Instant
        /// True once the session has left the programme: it is published as `STATUS:CANCELLED`.
        public var cancelled: Bool
        /// The publication stamp of the last change of time, place or title (see ``was``).
        public var changed: Instant?
        /// ``hash`` as bytes (when it is 64 lowercase hex digits, as every hash read or made is;
        /// otherwise zero, and the text is in ``texts``).
        var digest: SIMD32<UInt8>
        /// Every text of the entry, packed.
        var texts: [UInt8]

        init(hash: String, fields: [String: String], sequence: Int, lastModified: Instant, cancelled: Bool,
             activity: String, venue: String, session: String, title: [String: String], start: String, end: String,
             timezone: String, room: String, place: [String: String], was: Shown?, changed: Instant?) {
            self.sequence = sequence
            self.lastModified = lastModified
            self.cancelled = cancelled
            self.changed = changed
            digest = SIMD32()
            texts = []
            self.unpacked = EntryTexts(hash: hash, fields: fields, activity: activity, venue: venue, session: session, start: start,
                                       end: end, timezone: timezone, room: room, title: title, place: place, was: was)
        }

        /// Every text, unpacked (and packed again when set).
        var unpacked: EntryTexts {
            get { EntryTexts(self) }
            set { (digest, texts) = newValue.packed() }
        }

        /// SHA-256 of the event's content in every language (64 lowercase hex digits), the fields below included.
        public var hash: String {
            get { texts.first.map { $0 & EntryTexts.hashIsText != 0 } == true ? unpacked.hash : EntryTexts.hex(digest) }
            set { unpacked.hash = newValue }
        }
        /// Short hashes (12 hex digits) or values of each field, to say which fields changed.
        public var fields: [String: String] {
            get { unpacked.fields }
            set { unpacked.fields = newValue }
        }
        // Enough to publish the cancellation after the session is gone from the programme.
        public var activity: String {
            get { EntryTexts.Reader(texts).string(at: 0) }
            set { unpacked.activity = newValue }
        }
        public var venue: String {
            get { EntryTexts.Reader(texts).string(at: 1) }
            set { unpacked.venue = newValue }
        }
        public var session: String {
            get { EntryTexts.Reader(texts).string(at: 2) }
            set { unpacked.session = newValue }
        }
        public var start: String {
            get { EntryTexts.Reader(texts).string(at: 3) }
            set { unpacked.start = newValue }
        }
        public var end: String {
            get { EntryTexts.Reader(texts).string(at: 4) }
            set { unpacked.end = newValue }
        }
        public var timezone: String {
            get { EntryTexts.Reader(texts).string(at: 5) }
            set { unpacked.timezone = newValue }
        }
        /// Room id (empty when none).
        public var room: String {
            get { EntryTexts.Reader(texts).string(at: 6) }
            set { unpacked.room = newValue }
        }
        public var title: [String: String] {
            get { unpacked.title }
            set { unpacked.title = newValue }
        }
        /// The place as published, per language.
        public var place: [String: String] {
            get { unpacked.place }
            set { unpacked.place = newValue }
        }
        /// What a delegate saw before the last change of time, place or title; nil if none since first published.
        public var was: Shown? {
            get { texts.first.map { $0 & EntryTexts.hasWas != 0 } == true ? unpacked.was : nil }
            set { unpacked.was = newValue }
        }

        /// True when ``hash`` is `hash`.
        func has(hash: String) -> Bool {
            guard (texts.first ?? 0) & EntryTexts.hashIsText == 0, let d = EntryTexts.digest(hash) else { return self.hash == hash }
            return d == digest
        }

        /// True when ``place`` and ``room`` hold these very bytes (so the same texts).
        func has(place: [String: String], room: String) -> Bool {
            var packed: [UInt8] = []
            EntryTexts.append(place, to: &packed)
            let (a, b) = EntryTexts.Reader(texts).roomAndPlace()
            return a.elementsEqual(room.utf8) && b.elementsEqual(packed)
        }

        enum CodingKeys: String, CodingKey {
            case hash, fields, sequence, cancelled, activity, venue, session, title, start, end, timezone, room, place, was, changed
            case lastModified = "last_modified"
        }

        public func encode(to encoder: any Encoder) throws {
            let u = unpacked
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(u.hash, forKey: .hash)
            try c.encode(u.fields, forKey: .fields)
            try c.encode(sequence, forKey: .sequence)
            try c.encode(lastModified, forKey: .lastModified)
            try c.encode(cancelled, forKey: .cancelled)
            try c.encode(u.activity, forKey: .activity)
            try c.encode(u.venue, forKey: .venue)
            try c.encode(u.session, forKey: .session)
            try c.encode(u.title, forKey: .title)
            try c.encode(u.start, forKey: .start)
            try c.encode(u.end, forKey: .end)
            try c.encode(u.timezone, forKey: .timezone)
            try c.encode(u.room, forKey: .room)
            try c.encode(u.place, forKey: .place)
            try c.encodeIfPresent(u.was, forKey: .was)
            try c.encodeIfPresent(changed, forKey: .changed)
        }

        public static func == (a: Entry, b: Entry) -> Bool {
            a.sequence == b.sequence && a.lastModified == b.lastModified && a.cancelled == b.cancelled && a.changed == b.changed
                && a.unpacked == b.unpacked
        }

        public func hash(into h: inout Hasher) {
            h.combine(sequence)
            h.combine(lastModified)
            h.combine(cancelled)
            h.combine(changed)
            h.combine(unpacked)
        }

        /// What a delegate sees of this entry.
        public var shown: Shown {
            let u = unpacked
            return Shown(start: u.start, end: u.end, timezone: u.timezone, venue: u.venue, room: u.room, place: u.place, title: u.title)
        }

        /// The next SEQUENCE: one more, never past ``Ledger/maximumSequence``.
        public var bumped: Int { sequence < Ledger.maximumSequence ? max(sequence, 0) + 1 : Ledger.maximumSequence }
    }
}
