import CivilTime
import Diagnostics

/// The kind of an activity; raw values are the YAML spelling.
public enum ActivityKind: String, Hashable, Sendable, CaseIterable, Codable {
    case consultation
    case civilSociety = "civil-society"
    case negotiation
    case ministerial
    case other
}

/// Whether an activity or session is going ahead; raw values are the YAML spelling.
public enum Status: String, Hashable, Sendable, CaseIterable, Codable {
    case confirmed, tentative, cancelled
}

/// When an activity happens: exact venue-local days, or only a month (or span of months) when
/// the date is not fixed yet.
public enum ActivityDates: Hashable, Sendable {
    /// Inclusive first and last day, venue-local.
    case days(LocalDate, LocalDate)
    /// Inclusive first and last month (`2024-08`, or `2024-09` to `2024-12`); first day of the month stored.
    case months(LocalDate, LocalDate)

    public var first: LocalDate {
        switch self {
        case .days(let a, _), .months(let a, _): return a
        }
    }

    /// The last day covered (the last day of the last month for month precision).
    public var last: LocalDate {
        switch self {
        case .days(_, let b): return b
        case .months(_, let b): return LocalDate(year: b.year, month: b.month, day: LocalDate.daysIn(month: b.month, year: b.year))!
        }
    }

    public var isExact: Bool {
        if case .days = self { return true }
        return false
    }

    public func contains(_ d: LocalDate) -> Bool { d >= first && d <= last }
}

/// One activity of the process: a consultation, a negotiation round, the ministerial event.
public struct Activity: Hashable, Sendable {
    public var id: ActivityID
    public var kind: ActivityKind
    public var title: Localized
    public var description: Localized?
    /// Core themes (`protection`, `solutions`, `disasters`, ...).
    public var themes: [String]
    /// `nil` while the venue is to be confirmed: such an activity has no time zone yet.
    public var venue: VenueID?
    public var dates: ActivityDates
    public var status: Status
    /// Maximum registrants per delegation (overrides the programme's).
    public var quota: Int?
    /// Public sources for the activity's facts.
    public var sources: [String]
    /// A note on what is sourced and what is illustrative.
    public var note: Localized?
    public var sessions: [Session]
    public var location: SourceLocation

    public init(id: ActivityID, kind: ActivityKind, title: Localized, description: Localized? = nil, themes: [String] = [],
                venue: VenueID?, dates: ActivityDates, status: Status, quota: Int? = nil, sources: [String] = [],
                note: Localized? = nil, sessions: [Session], location: SourceLocation) {
        self.id = id
        self.kind = kind
        self.title = title
        self.description = description
        self.themes = themes
        self.venue = venue
        self.dates = dates
        self.status = status
        self.quota = quota
        self.sources = sources
        self.note = note
        self.sessions = sessions
        self.location = location
    }
}

/// A session: a time slot in one room. Times are wall-clock times of the venue's zone; the
/// loader also resolves them to instants with the programme's single tz source.
public struct Session: Hashable, Sendable {
    public var id: SessionID
    public var title: Localized
    public var description: Localized?
    public var room: RoomID
    /// Venue wall-clock start and end.
    public var start: LocalDateTime
    public var end: LocalDateTime
    /// The same, as instants on the UTC time line.
    public var startInstant: Instant
    public var endInstant: Instant
    public var chairs: [PersonID]
    public var speakers: [PersonID]
    /// `cancelled` strikes a session; otherwise it follows its activity.
    public var status: Status?
    /// True when the session is a plausible illustration, not a published fact.
    public var illustrative: Bool
    public var location: SourceLocation

    public init(id: SessionID, title: Localized, description: Localized? = nil, room: RoomID, start: LocalDateTime,
                end: LocalDateTime, startInstant: Instant, endInstant: Instant, chairs: [PersonID] = [],
                speakers: [PersonID] = [], status: Status? = nil, illustrative: Bool = false, location: SourceLocation) {
        self.id = id
        self.title = title
        self.description = description
        self.room = room
        self.start = start
        self.end = end
        self.startInstant = startInstant
        self.endInstant = endInstant
        self.chairs = chairs
        self.speakers = speakers
        self.status = status
        self.illustrative = illustrative
        self.location = location
    }
}

/// A session seen with its activity, venue and room: what exporters and checks work on.
public struct ScheduledSession: Hashable, Sendable {
    public var session: Session
    public var activity: Activity
    public var venue: Venue
    public var room: Room?

    /// The effective status: cancelled if either is, else the activity's.
    public var status: Status {
        if session.status == .cancelled || activity.status == .cancelled { return .cancelled }
        if session.status == .tentative { return .tentative }
        return activity.status
    }
}

/// Minimum travel time between cities, for the travel check.
public struct TransferRules: Hashable, Sendable {
    public struct Rule: Hashable, Sendable {
        public var from: String
        public var to: String
        /// Minimum transfer, seconds.
        public var minimum: Int
        public var location: SourceLocation?
        public init(from: String, to: String, minimum: Int, location: SourceLocation? = nil) {
            self.from = from
            self.to = to
            self.minimum = minimum
            self.location = location
        }
    }
    /// Minimum between any two different cities without a rule of their own, seconds.
    public var defaultMinimum: Int
    public var rules: [Rule]

    public init(defaultMinimum: Int = 24 * 3600, rules: [Rule] = []) {
        self.defaultMinimum = defaultMinimum
        self.rules = rules
    }

    /// The minimum transfer between two cities (symmetric unless both directions are given); 0 within a city.
    public func minimum(from a: String, to b: String) -> Int {
        if a == b { return 0 }
        if let r = rules.first(where: { $0.from == a && $0.to == b }) { return r.minimum }
        if let r = rules.first(where: { $0.from == b && $0.to == a }) { return r.minimum }
        return defaultMinimum
    }
}
