import CivilTime
import Diagnostics
import ICalendar
import Planner

/// Every session of a programme serialised once: VEVENT text per session and VTIMEZONE text
/// per zone, shared by every feed that contains them (never a libical tree per feed).
public struct EventCatalogue: Sendable {
    /// One serialised session.
    public struct Entry: Sendable, Hashable {
        public var scheduled: ScheduledSession
        public var uid: String
        public var text: String
        public var zone: String
    }

    /// Entries in chronological order (start instant, then session id).
    public private(set) var entries: [Entry]
    /// VTIMEZONE text by IANA zone name.
    public private(set) var timezones: [String: String]
    /// Language fallbacks and items left out, as notes and warnings.
    public private(set) var diagnostics: [Diagnostic]

    /// Serialises every session of activities with exact dates and a venue.
    /// - Throws: ``DiagnosticError`` when a zone has no VTIMEZONE (never for a loaded programme).
    public init(programme: Programme, options: FeedOptions, zones: SystemZones = SystemZones(),
                sequences: [String: EventRevision] = [:]) throws(DiagnosticError) {
        var diagnostics: [Diagnostic] = []
        var fallbacks: [String: Int] = [:]
        var entries: [Entry] = []
        var earliest: [String: Instant] = [:]
        var latest: [String: Instant] = [:]
        let wanted = options.languages.first ?? "en"

        for activity in programme.activities where !activity.dates.isExact && !activity.sessions.isEmpty {
            diagnostics.append(.note("left-out", "activity '\(activity.id)' has no fixed dates; its sessions are left out of feeds",
                                     at: activity.location, subjects: [activity.id.rawValue]))
        }
        for s in programme.scheduledSessions where s.activity.dates.isExact {
            let uid = Self.uid(programme: programme, session: s.session.id)
            let spec = EventMapper(programme: programme, options: options).spec(for: s, uid: uid, revision: sequences[uid]) { lang in
                fallbacks[lang, default: 0] += 1
            }
            entries.append(Entry(scheduled: s, uid: uid, text: ICalendarWriter.event(spec), zone: s.venue.timezone))
            let z = s.venue.timezone
            if earliest[z].map({ s.session.startInstant < $0 }) ?? true { earliest[z] = s.session.startInstant }
            if latest[z].map({ s.session.endInstant > $0 }) ?? true { latest[z] = s.session.endInstant }
        }
        for (lang, count) in fallbacks.sorted(by: { $0.key < $1.key }) {
            diagnostics.append(.warning("language-fallback", "\(count) text\(count == 1 ? "" : "s") had no '\(wanted)' version; used '\(lang)' instead"))
        }
        entries.sort { ($0.scheduled.session.startInstant, $0.uid) < ($1.scheduled.session.startInstant, $1.uid) }
        var timezones: [String: String] = [:]
        for (zone, start) in earliest where zone != "UTC" {
            do {
                // A day of margin either side, so the offsets of the first and last events are always covered;
                // cutting the end also drops libical's far-future artefacts (observances at 2038-01-19T00:14:07).
                let end = (latest[zone] ?? start).adding(seconds: 86_400)
                timezones[zone] = try zones.vtimezone(for: zone, from: start.adding(seconds: -86_400), through: end)
            } catch {
                throw DiagnosticError(.error("unknown-timezone", "no time-zone rules for '\(zone)': \(error)"))
            }
        }
        self.entries = entries
        self.timezones = timezones
        self.diagnostics = diagnostics
    }

    /// The stable UID of a session's event: derived from ids only, never random.
    public static func uid(programme: Programme, session: SessionID) -> String {
        "\(session.rawValue)@\(programme.id).cartagena"
    }

    /// A complete feed of the given entries, with the VTIMEZONEs they use (sorted by zone name).
    public func feed(header: CalendarHeader, entries selected: [Entry]) -> String {
        let zoneNames = Set(selected.map(\.zone)).sorted()
        return ICalendarWriter.calendar(header: header, timezones: zoneNames.compactMap { timezones[$0] },
                                        events: selected.map(\.text))
    }
}

/// What the ledger knows about an event: its revision number and when it last changed.
public struct EventRevision: Hashable, Sendable, Codable {
    public var sequence: Int
    public var lastModified: Instant
    public init(sequence: Int, lastModified: Instant) {
        self.sequence = sequence
        self.lastModified = lastModified
    }
}
