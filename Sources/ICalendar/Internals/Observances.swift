internal import CLibical
import CivilTime

/// Rewrites the observances of a truncated VTIMEZONE into the plainest form every reader takes:
/// one onset per observance, in onset order, each labelled by whether daylight time is in force.
/// Callers hold `LibicalLock`.
///
/// - `icaltimezone_truncate_vtimezone` opens the zone with an observance labelled `STANDARD`
///   even when it holds summer time (Zurich's `CEST`): readers such as dateutil then report
///   no daylight saving time.
/// - It writes further onsets of an observance as `RDATE`s in UTC (`RDATE:20240908T040000Z`),
///   where RFC 5545 §3.6.5 asks for local time; each becomes an observance of its own here.
enum Observances {
    static func normaliseLocked(_ vtz: OpaquePointer, zone: OpaquePointer) {
        let observances = Lib.children(vtz).filter(isObservance)
        var built: [(start: LocalDateTime, component: OpaquePointer)] = []
        for o in observances {
            icalcomponent_remove_component(vtz, o)
            let from = offset(o, ICAL_TZOFFSETFROM_PROPERTY)
            for r in Lib.properties(o, ICAL_RDATE_PROPERTY) {
                let t = icalproperty_get_rdate(r).time
                guard let w = TimeBridge.wall(t) else { continue }
                let local = TimeBridge.isUTC(t) ? LocalDateTime(secondsAsIfUTC: w.secondsAsIfUTC + Int64(from)) : w
                let copy = icalcomponent_new_clone(o)!
                Lib.removeProperties(copy) { p in
                    let kind = icalproperty_isa(p)
                    return kind == ICAL_RDATE_PROPERTY || kind == ICAL_RRULE_PROPERTY || kind == ICAL_DTSTART_PROPERTY
                }
                icalcomponent_add_property(copy, icalproperty_new_dtstart(TimeBridge.floating(local)))
                built.append((local, copy))
            }
            Lib.removeProperties(o) { icalproperty_isa($0) == ICAL_RDATE_PROPERTY }
            let start = icalcomponent_get_first_property(o, ICAL_DTSTART_PROPERTY)
                .flatMap { TimeBridge.wall(icalproperty_get_dtstart($0)) }
            built.append((start ?? LocalDateTime(secondsAsIfUTC: 0), o))
        }
        // Stable: two observances never share an onset, but keep libical's order if they did.
        let ordered = built.enumerated().sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
        for (_, entry) in ordered {
            let o = entry.component
            let kind = daylightAtOnset(o, zone: zone).map { $0 ? ICAL_XDAYLIGHT_COMPONENT : ICAL_XSTANDARD_COMPONENT }
                ?? icalcomponent_isa(o)
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

    static func isObservance(_ c: OpaquePointer) -> Bool {
        let kind = icalcomponent_isa(c)
        return kind == ICAL_XSTANDARD_COMPONENT || kind == ICAL_XDAYLIGHT_COMPONENT
    }

    static func offset(_ o: OpaquePointer, _ kind: icalproperty_kind) -> Int32 {
        guard let p = icalcomponent_get_first_property(o, kind) else { return 0 }
        return kind == ICAL_TZOFFSETFROM_PROPERTY ? icalproperty_get_tzoffsetfrom(p) : icalproperty_get_tzoffsetto(p)
    }

    /// Whether daylight time is in force at an observance's onset (its `DTSTART` read at its
    /// `TZOFFSETFROM`), as the zone's own rules say (`is_daylight` of
    /// `icaltimezone_get_utc_offset_of_utc_time`); nil when the rules give another offset than
    /// its `TZOFFSETTO` there (its label is then left as libical wrote it).
    static func daylightAtOnset(_ o: OpaquePointer, zone: OpaquePointer) -> Bool? {
        guard let start = icalcomponent_get_first_property(o, ICAL_DTSTART_PROPERTY),
              let wall = TimeBridge.wall(icalproperty_get_dtstart(start)) else { return nil }
        let onset = Instant(secondsSince1970: wall.secondsAsIfUTC - Int64(offset(o, ICAL_TZOFFSETFROM_PROPERTY)))
        var tt = TimeBridge.utc(onset)
        var isDaylight: Int32 = 0
        let utcOffset = icaltimezone_get_utc_offset_of_utc_time(zone, &tt, &isDaylight)
        guard utcOffset == offset(o, ICAL_TZOFFSETTO_PROPERTY) else { return nil }
        return isDaylight != 0
    }
}
