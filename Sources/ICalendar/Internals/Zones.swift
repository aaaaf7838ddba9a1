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
        icaltimezone_truncate_vtimezone(vtz.pointer, TimeBridge.utc(start), endTime, 0)
        if let tzid = icalcomponent_get_first_property(vtz.pointer, ICAL_TZID_PROPERTY) {
            icalproperty_set_tzid(tzid, name)
        }
        Lib.removeProperties(vtz.pointer) { p in
            let kind = icalproperty_isa(p)
            return kind == ICAL_LOCATION_PROPERTY
                || (kind == ICAL_X_PROPERTY && Lib.copy(icalproperty_get_x_name(p)) == "X-LIC-LOCATION")
        }
        return vtz.serialized()
    }
}
