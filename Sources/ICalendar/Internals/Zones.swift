internal import Diagnostics
internal import CLibical
import CivilTime

extension SystemZones {
    /// The builtin (system tz database) zone for a name, or nil. Borrowed: never free it.
    /// `UTC` and `GMT` give libical's static UTC zone.
    static func zoneLocked(_ name: String) -> OpaquePointer? {
        if name == "UTC" { return icaltimezone_get_utc_timezone() }
        guard !name.isEmpty, name.utf8.count < 128, !name.contains(".."),
              name.unicodeScalars.allSatisfy({ $0.isASCII && $0.value > 0x20 }) else { return nil }
        return icaltimezone_get_builtin_timezone(name)
    }

    /// UTC offset in seconds at an instant (`icaltimezone_get_utc_offset_of_utc_time`).
    static func offsetLocked(_ zone: OpaquePointer, at instant: Instant) -> Int {
        var tt = TimeBridge.utc(instant)
        var isDaylight: Int32 = 0
        return Int(icaltimezone_get_utc_offset_of_utc_time(zone, &tt, &isDaylight))
    }

    /// An instant for a wall time in a named zone, by the protocol's resolution (earlier of two
    /// in an overlap, the time shifted by the gap in a gap). Only used for the `UTC` shortcut.
    static func resolveLocked(_ wall: LocalDateTime, in name: String) -> Instant? {
        guard let zone = zoneLocked(name) else { return nil }
        return TimeBridge.instant(TimeBridge.floating(wall), in: zone)
    }

    /// A truncated, renamed copy of the zone's VTIMEZONE as text. Caller holds the lock.
    static func vtimezoneLocked(_ name: String, from start: Instant, through end: Instant?) throws(ICalendarError) -> String {
        guard name != "UTC", name != "GMT" else {
            throw ICalendarError(issues: [ICalendarIssue(kind: .other, component: "VTIMEZONE", message:
                "\(quoted: name) needs no VTIMEZONE; write times in UTC with a 'Z' instead")])
        }
        guard let zone = zoneLocked(name), let borrowed = icaltimezone_get_component(zone) else {
            throw ICalendarError(issues: [ICalendarIssue(kind: .unknownTimezone, component: "VTIMEZONE", message:
                "unknown time zone \(quoted: name); use an IANA name from the tz database such as 'Europe/Zurich'")])
        }
        let vtz = Component(cloning: borrowed)
        let endTime = end.map(TimeBridge.utc) ?? icaltime_null_time()
        // Open with the zone's last change at or before `start`, so that the observance in force
        // at `start` keeps its real onset and TZOFFSETFROM: dateutil (and so vobject and Radicale)
        // and python icalendar derive dst() from TZOFFSETTO - TZOFFSETFROM, which is zero in the
        // opening observance libical makes at the truncation point.
        let cut = lastChangeLocked(zone, atOrBefore: start).map { $0.adding(seconds: -86_400) } ?? start
        icaltimezone_truncate_vtimezone(vtz.pointer, TimeBridge.utc(min(cut, start)), endTime, 0)
        if let tzid = icalcomponent_get_first_property(vtz.pointer, ICAL_TZID_PROPERTY) {
            icalproperty_set_tzid(tzid, name)
        }
        // TZUNTIL (RFC 7808) is unknown to dateutil's tzical and older ical4j, which reject the
        // whole VTIMEZONE; the events served all fall before it anyway.
        Lib.removeProperties(vtz.pointer) { p in
            let kind = icalproperty_isa(p)
            return kind == ICAL_LOCATION_PROPERTY || kind == ICAL_TZUNTIL_PROPERTY
                || (kind == ICAL_X_PROPERTY && Lib.copy(icalproperty_get_x_name(p)) == "X-LIC-LOCATION")
        }
        Observances.normaliseLocked(vtz.pointer, zone: zone)
        return vtz.serialized()
    }

    /// The first instant of the offset and daylight flag in force at `start`, searched week by week
    /// up to two years back; nil when they did not change in that time (a zone without DST).
    static func lastChangeLocked(_ zone: OpaquePointer, atOrBefore start: Instant) -> Instant? {
        func state(_ i: Instant) -> (offset: Int32, daylight: Int32) {
            var tt = TimeBridge.utc(i)
            var daylight: Int32 = 0
            let offset = icaltimezone_get_utc_offset_of_utc_time(zone, &tt, &daylight)
            return (offset, daylight)
        }
        let now = state(start)
        var same = start
        var other: Instant?
        for _ in 0..<105 {
            let earlier = same.adding(seconds: -7 * 86_400)
            if state(earlier) != now {
                other = earlier
                break
            }
            same = earlier
        }
        guard var other else { return nil }
        // state(other) differs, state(same) is the one at start: narrow down to the second.
        while same.secondsSince1970 - other.secondsSince1970 > 1 {
            let mid = Instant(secondsSince1970: other.secondsSince1970 + (same.secondsSince1970 - other.secondsSince1970) / 2)
            if state(mid) == now { same = mid } else { other = mid }
        }
        return same
    }
}
