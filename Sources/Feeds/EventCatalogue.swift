import CivilTime
import Diagnostics
import ICalendar
import Planner

/// Every event of a programme serialised once: a public and a private VEVENT text per session
/// and a VTIMEZONE text per zone, shared by every feed that contains them (never a libical tree
/// per feed or per person).
public struct EventCatalogue: Sendable {
    /// One serialised event.
    public struct Entry: Sendable, Hashable {
        public var uid: String
        public var session: SessionID
        public var activity: ActivityID
        public var venue: VenueID
        public var start: Instant
        public var zone: String
        /// True for a session that has left the programme and is published as cancelled.
        public var removed: Bool
        /// The VEVENT of public feeds.
        public var text: String
        /// The same VEVENT with `CLASS:PRIVATE`, for personal and delegation feeds.
        public var privateText: String
    }

    /// Entries in chronological order (start instant, then UID).
    public private(set) var entries: [Entry]
    /// VTIMEZONE text by IANA zone name.
    public private(set) var timezones: [String: String]
    /// Language fallbacks and items left out, as notes and warnings.
    public private(set) var diagnostics: [Diagnostic]

    /// Serialises every session of activities with exact dates and a venue.
    /// - Parameters:
    ///   - ledger: what was published before; gives each event its SEQUENCE and LAST-MODIFIED,
    ///     and the sessions that have left the programme (published as cancelled).
    /// - Throws: ``DiagnosticError`` when a zone has no VTIMEZONE (never for a loaded programme).
    public init(programme: Programme, options: FeedOptions, zones: SystemZones = SystemZones(),
                ledger: Ledger? = nil) throws(DiagnosticError) {
        var diagnostics: [Diagnostic] = []
        var fallbacks: [String: Int] = [:]
        var entries: [Entry] = []
        var range: [String: (Instant, Instant)] = [:]
        let wanted = options.languages.first ?? "en"
        let mapper = EventMapper(programme: programme, options: options)

        func add(_ spec: EventSpec, uid: String, session: SessionID, activity: ActivityID, venue: VenueID,
                 start: Instant, end: Instant, zone: String, removed: Bool) {
            let text = ICalendarWriter.event(spec)
            let privateText: String
            if spec.classification == nil {
                privateText = ICalendarWriter.event(text, classifiedAs: .private)
            } else {
                var privateSpec = spec
                privateSpec.classification = .private
                privateText = ICalendarWriter.event(privateSpec)
            }
            entries.append(Entry(uid: uid, session: session, activity: activity, venue: venue, start: start, zone: zone,
                                 removed: removed, text: text, privateText: privateText))
            let r = range[zone] ?? (start, end)
            range[zone] = (min(r.0, start), max(r.1, end))
        }

        for activity in programme.activities where !activity.dates.isExact && !activity.sessions.isEmpty {
            diagnostics.append(.note("left-out", "activity \(quoted: activity.id) has no fixed dates; its sessions are left out of feeds",
                                     at: activity.location, subjects: [activity.id.rawValue]))
        }
        programme.eachScheduledSession { s in
            guard s.activity.dates.isExact else { return }
            let uid = Self.uid(programme: programme, session: s.session.id)
            let revision = ledger?.entries[uid].map { EventRevision(sequence: $0.sequence, lastModified: $0.lastModified, was: $0.was, changed: $0.changed) }
            let spec = mapper.spec(for: s, uid: uid, revision: revision, zones: zones) { lang in fallbacks[lang, default: 0] += 1 }
            add(spec, uid: uid, session: s.session.id, activity: s.activity.id, venue: s.venue.id,
                start: s.session.startInstant, end: s.session.endInstant, zone: s.venue.timezone, removed: false)
        }
        for (uid, e) in (ledger?.entries ?? [:]).filter({ $0.value.cancelled }).sorted(by: { $0.key < $1.key }) {
            guard let start = LocalDateTime(iso: e.start), let end = LocalDateTime(iso: e.end),
                  let a = zones.resolve(start, in: e.timezone), let b = zones.resolve(end, in: e.timezone) else { continue }
            let startInstant = a.instant ?? Instant(secondsSince1970: start.secondsAsIfUTC)
            let endInstant = b.instant ?? Instant(secondsSince1970: end.secondsAsIfUTC)
            let spec = mapper.cancelledSpec(uid: uid, entry: e, start: start, end: end)
            add(spec, uid: uid, session: SessionID(e.session), activity: ActivityID(e.activity), venue: VenueID(e.venue),
                start: startInstant, end: endInstant, zone: e.timezone, removed: true)
        }
        for (lang, count) in fallbacks.sorted(by: { $0.key < $1.key }) {
            diagnostics.append(.warning("missing-translation", "\(count) text\(count == 1 ? "" : "s") had no \(quoted: wanted) version; used \(quoted: lang) instead"))
        }
        entries.sort { ($0.start, $0.uid) < ($1.start, $1.uid) }
        var timezones: [String: String] = [:]
        for (zone, (first, last)) in range where zone != "UTC" {
            do {
                // From a day before the first event (so its offset is always covered) to the end of the
                // last event's year: moving a session within the year then leaves every VTIMEZONE, and
                // so every feed that does not hold that session, byte for byte as it was. Cutting the
                // end also drops libical's far-future artefacts (observances at 2038-01-19T00:14:07).
                let endOfYear = LocalDate(year: last.utc.date.year + 1, month: 1, day: 2)!
                let through = Instant(secondsSince1970: Int64(endOfYear.daysSinceEpoch) * 86_400)
                timezones[zone] = try zones.vtimezone(for: zone, from: first.adding(seconds: -86_400), through: through)
            } catch {
                throw DiagnosticError(.error("unknown-timezone", "no time-zone rules for \(quoted: zone): \(error)"))
            }
        }
        self.entries = entries
        self.timezones = timezones
        self.diagnostics = diagnostics
    }

    /// Empties every serialised text (events and VTIMEZONEs), keeping the entries' other values:
    /// once the feeds that need the texts are built (or their texts copied, as ``PersonalFeeds``
    /// does), their 10 MB at 5,000 events need not stay in memory.
    /// - Parameter publicOnly: empty only the public VEVENTs (``Entry/text``): once the public
    ///   feeds are built, only the personal feeds need the rest.
    public mutating func dropTexts(publicOnly: Bool = false) {
        for i in entries.indices {
            entries[i].text = ""
            if !publicOnly { entries[i].privateText = "" }
        }
        if !publicOnly { for zone in timezones.keys { timezones[zone] = "" } }
    }

    /// The stable UID of a session's event: derived from ids only, never random.
    public static func uid(programme: Programme, session: SessionID) -> String {
        "\(session.rawValue)@\(programme.id).cartagena"
    }

    /// A complete feed of the given entries, with the VTIMEZONEs they use (sorted by zone name).
    /// - Parameter private: use the `CLASS:PRIVATE` texts (personal and delegation feeds).
    public func feed(header: CalendarHeader, entries selected: [Entry], private: Bool = false) -> String {
        let zoneNames = Set(selected.map(\.zone)).sorted()
        return ICalendarWriter.calendar(header: header, timezones: zoneNames.compactMap { timezones[$0] },
                                        events: selected.map { `private` ? $0.privateText : $0.text })
    }

    /// The same feed as ``feed(header:entries:private:)``, built from an already serialised
    /// header and entry indices (ascending) without copying entries: the per-person path.
    /// - Parameters:
    ///   - headerText: ``ICalendarWriter/header(_:)`` of the feed's header.
    ///   - indices: positions in ``entries``.
    public func feed(headerText: String, indices: [Int], private: Bool) -> String {
        var zoneNames: [String] = []
        var size = headerText.utf8.count + ICalendarWriter.footer.utf8.count
        for i in indices {
            let e = entries[i]
            size += (`private` ? e.privateText : e.text).utf8.count
            if !zoneNames.contains(e.zone) { zoneNames.append(e.zone) }
        }
        zoneNames.sort()
        let zoneTexts = zoneNames.compactMap { timezones[$0] }
        for t in zoneTexts { size += t.utf8.count }
        var out = ""
        out.reserveCapacity(size)
        out += headerText
        for t in zoneTexts { out += t }
        for i in indices { out += `private` ? entries[i].privateText : entries[i].text }
        out += ICalendarWriter.footer
        return out
    }
}

extension Programme {
    /// The sessions of ``scheduledSessions``, in its order, an activity at a time: the array of
    /// every session (each with a copy of its activity and venue, 5 MB at 5,000 sessions) is
    /// never made whole. (`ScheduledSession` has no public initialiser: each activity's are
    /// taken from a programme of that activity alone, which shares the programme's storage.)
    func eachScheduledSession(_ body: (ScheduledSession) throws -> Void) rethrows {
        var one = self
        for a in activities {
            one.activities = [a]
            for s in one.scheduledSessions { try body(s) }
        }
    }
}

/// What the ledger knows about an event: its revision number, when it last changed, and what a
/// delegate saw before its last change of time, place or title.
public struct EventRevision: Hashable, Sendable, Codable {
    public var sequence: Int
    public var lastModified: Instant
    /// The values published before the last visible change; nil if none.
    public var was: Ledger.Shown?
    /// The publication stamp of that change.
    public var changed: Instant?
    public init(sequence: Int, lastModified: Instant, was: Ledger.Shown? = nil, changed: Instant? = nil) {
        self.sequence = sequence
        self.lastModified = lastModified
        self.was = was
        self.changed = changed
    }
}
