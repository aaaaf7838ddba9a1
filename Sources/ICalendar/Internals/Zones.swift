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
                "'\(name)' needs no VTIMEZONE; write times in UTC with a 'Z' instead")])
        }
        guard let zone = zoneLocked(name), let borrowed = icaltimezone_get_component(zone) else {
            throw ICalendarError(issues: [ICalendarIssue(kind: .unknownTimezone, component: "VTIMEZONE", message:
                "unknown time zone '\(name)'; use an IANA name from the tz database such as 'Europe/Zurich'")])
        }
        let vtz = Component(cloning: borrowed)
        let endTime = end.map(TimeBridge.utc) ?? icaltime_null_time()
        icaltimezone_truncate_vtimezone(vtz.pointer, TimeBridge.utc(start), endTime, 0)
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
        relabelObservancesLocked(vtz.pointer, zone: zone)
        return vtz.serialized()
    }

    /// Labels each observance `DAYLIGHT` or `STANDARD` by whether daylight time is in force
    /// from its onset, as the zone's own rules say (`is_daylight` of
    /// `icaltimezone_get_utc_offset_of_utc_time`), keeping the observances' order.
    ///
    /// `icaltimezone_truncate_vtimezone` opens the truncated zone with an observance that holds
    /// the offset and `TZNAME` in force at the start, but always labels it `STANDARD`: a summer
    /// start gave Zurich a `STANDARD` block named `CEST`, and readers such as dateutil then
    /// report no daylight saving time.
    static func relabelObservancesLocked(_ vtz: OpaquePointer, zone: OpaquePointer) {
        let observances = Lib.children(vtz).filter {
            let kind = icalcomponent_isa($0)
            return kind == ICAL_XSTANDARD_COMPONENT || kind == ICAL_XDAYLIGHT_COMPONENT
        }
        var wanted: [icalcomponent_kind] = []
        for o in observances {
            wanted.append(daylightAtOnsetLocked(o, zone: zone).map { $0 ? ICAL_XDAYLIGHT_COMPONENT : ICAL_XSTANDARD_COMPONENT }
                ?? icalcomponent_isa(o))
        }
        guard zip(observances, wanted).contains(where: { icalcomponent_isa($0) != $1 }) else { return }
        // Take every observance out and put them back in order, relabelled ones as new copies.
        for o in observances { icalcomponent_remove_component(vtz, o) }
        for (o, kind) in zip(observances, wanted) {
            if icalcomponent_isa(o) == kind {
                icalcomponent_add_component(vtz, o)
                continue
            }
            let copy = icalcomponent_new(kind)!
            for p in Lib.properties(o) { icalcomponent_add_property(copy, icalproperty_new_clone(p)) }
            icalcomponent_add_component(vtz, copy)
            icalcomponent_free(o)
        }
    }

    /// Whether daylight time is in force at an observance's onset (its `DTSTART` read at its
    /// `TZOFFSETFROM`), or nil when the zone's rules give another offset than its `TZOFFSETTO`
    /// there (then its label is left as libical wrote it).
    private static func daylightAtOnsetLocked(_ observance: OpaquePointer, zone: OpaquePointer) -> Bool? {
        guard let start = icalcomponent_get_first_property(observance, ICAL_DTSTART_PROPERTY),
              let from = icalcomponent_get_first_property(observance, ICAL_TZOFFSETFROM_PROPERTY),
              let to = icalcomponent_get_first_property(observance, ICAL_TZOFFSETTO_PROPERTY),
              let wall = TimeBridge.wall(icalproperty_get_dtstart(start)) else { return nil }
        let onset = Instant(secondsSince1970: wall.secondsAsIfUTC - Int64(icalproperty_get_tzoffsetfrom(from)))
        var tt = TimeBridge.utc(onset)
        var isDaylight: Int32 = 0
        let offset = icaltimezone_get_utc_offset_of_utc_time(zone, &tt, &isDaylight)
        guard offset == icalproperty_get_tzoffsetto(to) else { return nil }
        return isDaylight != 0
    }
}
