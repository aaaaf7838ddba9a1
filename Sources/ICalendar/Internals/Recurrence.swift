internal import CLibical
import CivilTime

/// RRULE expansion with `icalrecur_iterator`. Callers hold `LibicalLock`.
enum Recurrence {
    /// See ``ICalendarReader/occurrences(of:until:limit:)``.
    static func expandLocked(_ event: ParsedEvent, until: Instant, limit: Int) -> [Occurrence] {
        // The zone's owner (a parsed VTIMEZONE) must outlive every use of `zone`.
        var zoneOwner: Component?
        defer { withExtendedLifetime(zoneOwner) {} }
        var zone: OpaquePointer?
        var start: icaltimetype
        switch event.start {
        case .floating:
            return []
        case .date(let d):
            start = TimeBridge.date(d)
        case .utc(let i):
            start = TimeBridge.utc(i)
            zone = icaltimezone_get_utc_timezone()
        case .local(let wall, let tzid):
            start = TimeBridge.floating(wall)
            if let text = event.zoneDefinition,
               let owner = Component(parsing: "BEGIN:VCALENDAR\r\n" + text + "END:VCALENDAR\r\n") {
                zoneOwner = owner
                zone = icalcomponent_get_timezone(owner.pointer, tzid)
            }
            if zone == nil { zone = SystemZones.zoneLocked(tzid) }
            guard zone != nil else { return [] }
            start.zone = zone
        }
        let length = duration(event)
        let excluded = Set((event.properties["EXDATE"] ?? "").split(separator: ",").map(String.init))
        var out: [Occurrence] = []
        func emit(_ tt: icaltimetype) -> Bool {
            if tt.is_date != 0 {
                guard let d = TimeBridge.day(tt) else { return false }
                if Instant(secondsSince1970: Int64(d.daysSinceEpoch) * 86_400) > until { return false }
                if !excluded.contains(d.basic) {
                    out.append(.allDay(first: d, last: d.adding(days: max(length, 1) - 1)))
                }
            } else {
                let s = TimeBridge.instant(tt, in: zone)
                if s > until { return false }
                let written = TimeBridge.isUTC(tt) ? s.basicUTC : (TimeBridge.wall(tt)?.basic ?? "")
                if !excluded.contains(written) {
                    out.append(.timed(start: s, end: s.adding(seconds: Int64(length))))
                }
            }
            return out.count < limit
        }
        let rule = event.rrule.map { icalrecurrencetype_from_string($0) }
        guard let rule, rule.freq != ICAL_NO_RECURRENCE, let iterator = icalrecur_iterator_new(rule, start) else {
            _ = emit(start)
            return out
        }
        defer { icalrecur_iterator_free(iterator) }
        var steps = 0
        let maxSteps = limit + excluded.count + 1
        while steps < maxSteps {
            steps += 1
            var next = icalrecur_iterator_next(iterator)
            if icaltime_is_null_time(next) != 0 { break }
            next.zone = start.zone
            if !emit(next) { break }
        }
        return out
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
