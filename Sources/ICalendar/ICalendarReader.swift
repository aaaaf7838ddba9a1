import CivilTime

/// Reads outside iCalendar text (RFC 5545) into Swift values.
///
/// ```swift
/// let cal = try ICalendarReader.parse(text)
/// for e in cal.events { print(e.uid ?? "?", e.startInstant?.isoUTC ?? "all day") }
/// ```
public enum ICalendarReader {
    /// The largest input ``parse(_:)`` accepts: libical needs about 8 bytes of memory per byte of text.
    public static let maximumInputBytes = 64 * 1024 * 1024

    /// The most occurrences ``occurrences(of:until:limit:)`` gives for one event, whatever `limit`
    /// asks: an `RRULE` with no `COUNT` or `UNTIL` (`FREQ=SECONDLY`, say) stops here.
    public static let maximumOccurrences = 100_000

    /// The most `EXDATE` and `RDATE` dates ``parse(_:)`` accepts in one text, counted before
    /// libical reads it (at about 6 µs a line, a million `EXDATE` lines took 10 s and 425 MB).
    /// No more can matter: a rule is expanded ``maximumOccurrences`` steps at most.
    public static let maximumDateValues = 100_000

    /// Parses iCalendar text.
    ///
    /// Besides libical's parser (`icalparser_parse_string`), the raw text is checked for what
    /// libical accepts silently or cannot explain. The text is scanned line by line (with line
    /// numbers for every issue) only when a quick pass over its bytes finds something to report
    /// or libical leaves an `X-LIC-ERROR`; otherwise libical parses one event at a time. Both
    /// paths give the same values and issues.
    /// - Parameter text: the whole calendar; CRLF or LF line ends; several `VCALENDAR`s allowed.
    /// - Returns: the events, zone ids, calendar properties and non-fatal issues (libical's
    ///   `X-LIC-ERROR`s, with kind `.parse` and the line of the offending content line).
    /// - Throws: ``ICalendarError`` when the text cannot be read at all: empty input, not
    ///   iCalendar, a `BEGIN` without `END` (naming the component and its `BEGIN` line), a `TZID`
    ///   with neither a `VTIMEZONE` in the text nor a known system zone, an impossible date-time
    ///   such as `20241332T250000`, or more than ``maximumInputBytes``.
    public static func parse(_ text: String) throws -> ParsedCalendar {
        guard text.utf8.count <= maximumInputBytes else {
            throw ICalendarError(issues: [ICalendarIssue(kind: .tooLarge, component: "VCALENDAR", message:
                "the calendar has \(text.utf8.count) bytes, more than the \(maximumInputBytes) allowed; split it")])
        }
        if let issue = DateValueCount.excess(in: text, limit: maximumDateValues) { throw ICalendarError(issues: [issue]) }
        // Most calendars need no line located: a quick pass proves it, and only the libical tree
        // is read. Anything the quick pass cannot vouch for takes the full, located path.
        if let quick = QuickScan(text), let parsed = LibicalLock.run({ parseQuickLocked(text, quick: quick) }) {
            return parsed
        }
        return try parseLocated(text)
    }

    /// Occurrences of an event: its start, and with an `RRULE`, the expansion by libical's
    /// `icalrecur_iterator`, skipping `EXDATE`s written in the same form as `DTSTART`.
    ///
    /// Zoned events expand in wall time through ``ParsedEvent/zoneDefinition`` (or the system
    /// zone of their `TZID`), so a weekly 10:00 stays at 10:00 across a DST change. Floating
    /// events have no instants and give no occurrences.
    /// - Parameters:
    ///   - event: a parsed event.
    ///   - until: stop at occurrences starting after this instant (all-day dates count from
    ///     00:00 UTC of their first day).
    ///   - limit: stop after this many iterations of the rule (at most ``maximumOccurrences``);
    ///     occurrences an `EXDATE` removes count too.
    /// - Returns: `.timed` occurrences for date-time events (the duration of the first
    ///   occurrence repeated), `.allDay` ranges for DATE events (`DTEND` is exclusive).
    public static func occurrences(of event: ParsedEvent, until: Instant, limit: Int) -> [Occurrence] {
        guard limit > 0 else { return [] }
        let limit = min(limit, maximumOccurrences)
        return LibicalLock.run { Recurrence.expandLocked(event, until: until, limit: limit).occurrences }
    }

    /// ``occurrences(of:until:limit:)`` of many events at once, under one lock, reading each
    /// distinct ``ParsedEvent/zoneDefinition`` once instead of once per event.
    ///
    /// Gives the same occurrences as calling ``occurrences(of:until:limit:)`` on each event.
    /// - Parameter events: any collection of events, such as `calendar.events.lazy.filter { … }`
    ///   (not copied).
    /// - Returns: one array per event, in the order of `events`.
    public static func occurrences<Events: Collection<ParsedEvent>>(of events: Events, until: Instant,
                                                                    limit: Int) -> [[Occurrence]] {
        expansions(of: events, until: until, limit: limit).map(\.occurrences)
    }

    /// ``occurrences(of:until:limit:)`` with, for each event, whether the expansion was cut.
    ///
    /// `limit` counts iterations of the recurrence iterator, not occurrences kept, so the work per
    /// event is bounded whatever the rule and its `EXDATE`s: an expansion that reaches it is cut
    /// (``Expansion/Cut/iterations``). Rules finer than daily with `BY…` parts are not expanded
    /// (``Expansion/Cut/unboundedSearch``): libical would search for their next match step by step.
    /// After 2 rules with `BY…` parts that matched nothing at all (libical searched each to the year
    /// 2582, about 0.2 s for a daily rule), later rules with `BY…` parts are not expanded
    /// (``Expansion/Cut/searchBudget``).
    public static func expansions<Events: Collection<ParsedEvent>>(of events: Events, until: Instant,
                                                                   limit: Int) -> [Expansion] {
        guard limit > 0 else { return Array(repeating: Expansion(occurrences: [], cut: nil), count: events.count) }
        let limit = min(limit, maximumOccurrences)
        return LibicalLock.run {
            var zones = Recurrence.Zones()
            var fruitless = 0
            return events.map { Recurrence.expandLocked($0, until: until, limit: limit, zones: &zones, fruitless: &fruitless) }
        }
    }
}
