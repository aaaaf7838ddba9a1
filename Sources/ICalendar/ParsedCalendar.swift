import CivilTime

/// One `VEVENT` of a parsed outside calendar, reduced to Swift values.
public struct ParsedEvent: Hashable, Sendable {
    /// `UID`.
    public var uid: String?
    /// `SUMMARY`, unescaped.
    public var summary: String?
    /// `DTSTART` as written (a `TZID` is kept as the name written).
    public var start: EventTime
    /// `DTEND`, or `DTSTART` + `DURATION` (added to the wall time), or nil.
    public var end: EventTime?
    /// The instant of `start`, resolved through the calendar's own `VTIMEZONE` of that `TZID`
    /// (or the system zone of that name when the calendar has none); nil for DATE and floating times.
    public var startInstant: Instant?
    /// The instant of `end`, resolved like ``startInstant``.
    public var endInstant: Instant?
    /// The `RRULE` value, such as `FREQ=WEEKLY;COUNT=5`.
    public var rrule: String?
    /// `STATUS`, such as `CONFIRMED`.
    public var status: String?
    /// `SEQUENCE`.
    public var sequence: Int?
    /// The 1-based line of this event's `BEGIN:VEVENT` in the input.
    public var line: Int
    /// Other properties, by name: `CLASS`, `CATEGORIES`, `LOCATION`, `DESCRIPTION` (TEXT unescaped),
    /// `ORGANIZER` (with `ORGANIZER-CN`), `DTSTAMP`, `LAST-MODIFIED`, `EXDATE`, `URL`, `ATTENDEE` …
    /// A repeated property's values are joined with `,`; `ATTENDEE-COUNT` counts attendees.
    public var properties: [String: String]
    /// The `VTIMEZONE` text (from the same calendar) that `start`'s `TZID` names, so that
    /// ``ICalendarReader/occurrences(of:until:limit:)`` can expand the event in the same rules;
    /// nil when the calendar carried none.
    public var zoneDefinition: String?

    /// Creates an event value.
    public init(uid: String? = nil, summary: String? = nil, start: EventTime, end: EventTime? = nil,
                startInstant: Instant? = nil, endInstant: Instant? = nil, rrule: String? = nil,
                status: String? = nil, sequence: Int? = nil, line: Int = 0,
                properties: [String: String] = [:], zoneDefinition: String? = nil) {
        self.uid = uid
        self.summary = summary
        self.start = start
        self.end = end
        self.startInstant = startInstant
        self.endInstant = endInstant
        self.rrule = rrule
        self.status = status
        self.sequence = sequence
        self.line = line
        self.properties = properties
        self.zoneDefinition = zoneDefinition
    }
}

/// A parsed outside calendar, reduced to Swift values (no libical inside).
public struct ParsedCalendar: Sendable {
    /// The `VEVENT`s, in text order.
    public var events: [ParsedEvent]
    /// The `TZID`s of its `VTIMEZONE`s, in text order.
    public var timezoneIDs: [String]
    /// `VCALENDAR`-level properties by name: `METHOD`, `PRODID`, `NAME`, `X-WR-CALNAME`,
    /// `REFRESH-INTERVAL`, `X-PUBLISHED-TTL` …
    public var properties: [String: String]
    /// Problems that did not stop the reading, such as libical's `X-LIC-ERROR`s.
    public var issues: [ICalendarIssue]

    /// Creates a parsed calendar value.
    public init(events: [ParsedEvent] = [], timezoneIDs: [String] = [], properties: [String: String] = [:],
                issues: [ICalendarIssue] = []) {
        self.events = events
        self.timezoneIDs = timezoneIDs
        self.properties = properties
        self.issues = issues
    }
}

/// One occurrence of an event.
public enum Occurrence: Hashable, Sendable {
    /// A timed occurrence, from `start` to `end` (equal when the event has no end).
    case timed(start: Instant, end: Instant)
    /// An all-day occurrence covering `first` through `last`, both inclusive.
    case allDay(first: LocalDate, last: LocalDate)
}

/// The occurrences of one event, and whether (and why) the expansion stopped before its end.
public struct Expansion: Hashable, Sendable {
    /// Why an expansion stopped early.
    public enum Cut: Hashable, Sendable {
        /// The iterator took as many steps as allowed (steps are counted, not matches: an
        /// `EXDATE` does not buy more steps).
        case iterations
        /// A rule finer than daily (`SECONDLY`, `MINUTELY`, `HOURLY`) with `BY…` parts, whose
        /// search for a match libical does not bound: only the first occurrence was kept.
        case unboundedSearch
        /// A rule with `BY…` parts met after two that matched nothing in the same calendar:
        /// only its first occurrence was kept.
        case searchBudget
    }

    public var occurrences: [Occurrence]
    /// Nil when every occurrence up to the end asked for is in ``occurrences``.
    public var cut: Cut?

    public init(occurrences: [Occurrence], cut: Cut?) {
        self.occurrences = occurrences
        self.cut = cut
    }
}
