import CivilTime

/// libical's time-zone support over the system tz database (`/usr/share/zoneinfo`).
///
/// This is the one source of zone rules for the project (libical reads the same tzdata as
/// `zdump`; Foundation's `TimeZone` carries its own, older copy). It holds no state: libical
/// caches zones process-wide, behind ``LibicalLock``.
///
/// ```swift
/// let zones = SystemZones()
/// zones.resolve(LocalDateTime(iso: "2024-10-25T10:00")!, in: "Europe/Zurich")  // .unique(08:00Z, +7200)
/// ```
public struct SystemZones: ZoneRules {
    /// Creates the (stateless) zone source.
    public init() {}

    /// Whether libical knows `zone` (`icaltimezone_get_builtin_timezone`); `UTC` is known too.
    public func isKnown(_ zone: String) -> Bool {
        LibicalLock.run { SystemZones.zoneLocked(zone) != nil }
    }

    /// The UTC offset in seconds (east positive) at `instant` in `zone`, or nil for an unknown zone.
    ///
    /// The corresponding C function is `icaltimezone_get_utc_offset_of_utc_time`.
    public func utcOffset(at instant: Instant, in zone: String) -> Int? {
        LibicalLock.run {
            SystemZones.zoneLocked(zone).map { SystemZones.offsetLocked($0, at: instant) }
        }
    }

    /// A `VTIMEZONE` component as RFC 5545 text (CRLF line ends, folded at 75 octets).
    ///
    /// The `TZID` is the plain IANA name (no `/freeassociation.sourceforge.net/` prefix) and the
    /// component carries no `X-LIC-LOCATION`. It is truncated (`icaltimezone_truncate_vtimezone`)
    /// so that it describes the zone from `start` on, and through `end` when given: pass the
    /// earliest (and latest) instant of the events it serves. It opens with the zone's last
    /// change at or before `start` (searched up to two years back), so that the observance in
    /// force at `start` has its real onset and `TZOFFSETFROM`; times before that change are not
    /// described correctly by the result. Observances are labelled `DAYLIGHT` or `STANDARD` by
    /// whether daylight time is in force, and there is no `TZUNTIL` (RFC 7808), which dateutil
    /// and older ical4j reject.
    /// - Parameters:
    ///   - zone: an IANA zone name such as `America/Santiago`.
    ///   - start: the first instant the component must describe.
    ///   - end: the last instant it must describe, or nil for "from `start` on".
    /// - Returns: `BEGIN:VTIMEZONE\r\n…END:VTIMEZONE\r\n`.
    /// - Throws: ``ICalendarError`` for an unknown zone, or for `UTC`, which needs no `VTIMEZONE`.
    public func vtimezone(for zone: String, from start: Instant, through end: Instant?) throws -> String {
        try LibicalLock.run { () throws(ICalendarError) -> String in
            try SystemZones.vtimezoneLocked(zone, from: start, through: end)
        }
    }
}
