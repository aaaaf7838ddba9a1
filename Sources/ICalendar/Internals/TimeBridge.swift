internal import CLibical
import CivilTime

/// Conversions between CivilTime values and `struct icaltimetype`. Callers hold `LibicalLock`.
enum TimeBridge {
    /// A floating (zone-less) date-time.
    static func floating(_ t: LocalDateTime) -> icaltimetype {
        var tt = icaltime_null_time()
        tt.year = Int32(t.date.year)
        tt.month = Int32(t.date.month)
        tt.day = Int32(t.date.day)
        tt.hour = Int32(t.hour)
        tt.minute = Int32(t.minute)
        tt.second = Int32(t.second)
        tt.is_date = 0
        return tt
    }

    /// A DATE value. Built from `icaltime_null_time` (hour 0), not `icaltime_null_date`
    /// (hour -1), which makes libical 3.0.16's weekly recurrence step by 6 days.
    static func date(_ d: LocalDate) -> icaltimetype {
        var tt = icaltime_null_time()
        tt.year = Int32(d.year)
        tt.month = Int32(d.month)
        tt.day = Int32(d.day)
        tt.is_date = 1
        return tt
    }

    /// A UTC date-time (`icaltime_from_timet_with_zone` with the UTC zone).
    static func utc(_ i: Instant) -> icaltimetype {
        icaltime_from_timet_with_zone(time_t(i.secondsSince1970), 0, icaltimezone_get_utc_timezone())
    }

    /// The wall fields of a time, ignoring its zone; nil when they are not a real date-time.
    static func wall(_ tt: icaltimetype) -> LocalDateTime? {
        guard let d = LocalDate(year: Int(tt.year), month: Int(tt.month), day: Int(tt.day)) else { return nil }
        return LocalDateTime(date: d, hour: Int(tt.hour), minute: Int(tt.minute), second: Int(tt.second))
    }

    /// The date fields of a time.
    static func day(_ tt: icaltimetype) -> LocalDate? {
        LocalDate(year: Int(tt.year), month: Int(tt.month), day: Int(tt.day))
    }

    /// The instant of a wall time read in `zone` (`icaltime_as_timet_with_zone`; NULL zone = UTC).
    static func instant(_ tt: icaltimetype, in zone: OpaquePointer?) -> Instant {
        Instant(secondsSince1970: Int64(icaltime_as_timet_with_zone(tt, zone)))
    }

    /// Whether the time is UTC (`icaltime_is_utc`).
    static func isUTC(_ tt: icaltimetype) -> Bool { icaltime_is_utc(tt) != 0 }

    /// Converts an ``EventTime`` for writing: the time value plus the TZID to add, if any.
    static func forWriting(_ t: EventTime) -> (icaltimetype, tzid: String?) {
        switch t {
        case .local(let wall, let tzid):
            if tzid == "UTC", let r = SystemZones.resolveLocked(wall, in: "UTC") { return (utc(r), nil) }
            return (floating(wall), tzid)
        case .utc(let i): return (utc(i), nil)
        case .date(let d): return (date(d), nil)
        case .floating(let wall): return (floating(wall), nil)
        }
    }
}
