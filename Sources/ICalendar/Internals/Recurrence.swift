internal import CLibical
import CivilTime

/// RRULE expansion with `icalrecur_iterator`. Callers hold `LibicalLock`.
enum Recurrence {
    /// The zones of the ``ParsedEvent/zoneDefinition`` texts met so far, each text parsed once.
    ///
    /// Events of one calendar share one `String` per VTIMEZONE, so the last text used is checked
    /// first, by `==` (which returns at once for the same storage) before any hashing.
    /// Owns the parsed components: create and drop it inside one `LibicalLock.run` closure.
    struct Zones {
        private var parsed: [String: Component?] = [:]
        private var last: (text: String, owner: Component?)?

        /// The `icaltimezone *` of `tzid` in `text` (a VTIMEZONE), or nil when it cannot be read.
        /// Borrowed from this cache: valid while the cache lives.
        mutating func zone(_ tzid: String, in text: String) -> OpaquePointer? {
            let owner: Component?
            if let last, last.text == text {
                owner = last.owner
            } else if let known = parsed[text] {
                owner = known
            } else {
                owner = Component(parsing: "BEGIN:VCALENDAR\r\n" + text + "END:VCALENDAR\r\n")
                parsed[text] = owner
            }
            last = (text, owner)
            return owner.flatMap { icalcomponent_get_timezone($0.pointer, tzid) }
        }
    }

    /// See ``ICalendarReader/occurrences(of:until:limit:)``.
    static func expandLocked(_ event: ParsedEvent, until: Instant, limit: Int) -> Expansion {
        var zones = Zones()
        var fruitless = 0
        return expandLocked(event, until: until, limit: limit, zones: &zones, fruitless: &fruitless)
    }

    /// One event's occurrences, its `VTIMEZONE` taken from (or added to) `zones`.
    ///
    /// The work is bounded by iterations, not matches: at most `limit` steps of the iterator,
    /// whatever `EXDATE` removes. A rule of a frequency finer than a day (`SECONDLY`, `MINUTELY`,
    /// `HOURLY`) with any `BY…` part is not handed to libical at all: libical 3.0 looks for its next
    /// match one step at a time up to the year 2582 (a rule that never matches, such as
    /// `FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30`, would take hours); only its first occurrence is kept.
    /// A daily or coarser rule with `BY…` parts that never matches costs libical a search day by
    /// day (or month by month...) to the year 2582, about 0.2 s: after ``maximumFruitlessSearches``
    /// such rules in one batch (`fruitless` counts them), further rules with `BY…` parts are not
    /// expanded (``Expansion/Cut/searchBudget``), so a file of many cannot take hours.
    static func expandLocked(_ event: ParsedEvent, until: Instant, limit: Int, zones: inout Zones, fruitless: inout Int) -> Expansion {
        var zone: OpaquePointer?
        var start: icaltimetype
        switch event.start {
        case .floating:
            return Expansion(occurrences: [], cut: nil)
        case .date(let d):
            start = TimeBridge.date(d)
        case .utc(let i):
            start = TimeBridge.utc(i)
            zone = icaltimezone_get_utc_timezone()
        case .local(let wall, let tzid):
            start = TimeBridge.floating(wall)
            if let text = event.zoneDefinition { zone = zones.zone(tzid, in: text) }
            if zone == nil { zone = SystemZones.zoneLocked(tzid) }
            guard zone != nil else { return Expansion(occurrences: [], cut: nil) }
            start.zone = zone
        }
        let length = duration(event)
        // One set, built once: each EXDATE value costs one insertion and each occurrence one lookup.
        var excluded = Set<Substring>()
        if let exdates = event.properties["EXDATE"], !exdates.isEmpty {
            for value in exdates.split(separator: ",") { excluded.insert(value) }
        }
        var out: [Occurrence] = []
        func emit(_ tt: icaltimetype) -> Bool {
            if tt.is_date != 0 {
                guard let d = TimeBridge.day(tt) else { return false }
                if Instant(secondsSince1970: Int64(d.daysSinceEpoch) * 86_400) > until { return false }
                if excluded.isEmpty || !excluded.contains(Substring(d.basic)) {
                    out.append(.allDay(first: d, last: d.adding(days: max(length, 1) - 1)))
                }
            } else {
                let s = TimeBridge.instant(tt, in: zone)
                if s > until { return false }
                if excluded.isEmpty
                    || !excluded.contains(Substring(TimeBridge.isUTC(tt) ? s.basicUTC : (TimeBridge.wall(tt)?.basic ?? ""))) {
                    out.append(.timed(start: s, end: s.adding(seconds: Int64(length))))
                }
            }
            return true
        }
        let rule = event.rrule.map { icalrecurrencetype_from_string($0) }
        guard let rule, rule.freq != ICAL_NO_RECURRENCE else {
            _ = emit(start)
            return Expansion(occurrences: out, cut: nil)
        }
        if isSubDaily(rule.freq), hasByPart(rule) {
            _ = emit(start)
            return Expansion(occurrences: out, cut: .unboundedSearch)
        }
        let searches = hasByPart(rule)
        if searches, fruitless >= maximumFruitlessSearches {
            _ = emit(start)
            return Expansion(occurrences: out, cut: .searchBudget)
        }
        guard let iterator = icalrecur_iterator_new(rule, start) else {
            _ = emit(start)
            return Expansion(occurrences: out, cut: nil)
        }
        defer { icalrecur_iterator_free(iterator) }
        for _ in 0..<limit {
            var next = icalrecur_iterator_next(iterator)
            if icaltime_is_null_time(next) != 0 {
                // The end, with no COUNT or UNTIL to make it: libical searched up to its last year.
                if searches, rule.count == 0, icaltime_is_null_time(rule.until) != 0 { fruitless += 1 }
                return Expansion(occurrences: out, cut: nil)
            }
            next.zone = start.zone
            if !emit(next) { return Expansion(occurrences: out, cut: nil) }
        }
        return Expansion(occurrences: out, cut: .iterations)
    }

    /// Rules with `BY…` parts that may search without a match, per batch, before the rest are left unexpanded.
    static let maximumFruitlessSearches = 2

    private static func isSubDaily(_ f: icalrecurrencetype_frequency) -> Bool {
        f == ICAL_SECONDLY_RECURRENCE || f == ICAL_MINUTELY_RECURRENCE || f == ICAL_HOURLY_RECURRENCE
    }

    /// Whether any `BY…` list of the rule holds a value (libical ends each list with `ICAL_RECURRENCE_ARRAY_MAX`).
    private static func hasByPart(_ r: icalrecurrencetype) -> Bool {
        let none = Int16(ICAL_RECURRENCE_ARRAY_MAX.rawValue)
        return r.by_second.0 != none || r.by_minute.0 != none || r.by_hour.0 != none || r.by_day.0 != none
            || r.by_month_day.0 != none || r.by_year_day.0 != none || r.by_week_no.0 != none || r.by_month.0 != none
            || r.by_set_pos.0 != none
    }

    /// Seconds for timed events, days for all-day ones (at least one).
    private static func duration(_ event: ParsedEvent) -> Int {
        if case .date(let a) = event.start {
            if case .date(let b)? = event.end { return max(b.daysSinceEpoch - a.daysSinceEpoch, 1) }
            return 1
        }
        guard let s = event.startInstant, let e = event.endInstant, e > s else { return 0 }
        return Int(e.secondsSince1970 - s.secondsSince1970)
    }
}
