internal import CLibical

extension ICalendarReader {
    /// The libical part of ``parse(_:)``. Caller holds `LibicalLock`.
    static func parseLocked(_ text: String, scan: RawScan) throws(ICalendarError) -> ParsedCalendar {
        guard let root = Component(parsing: text) else {
            throw ICalendarError(issues: [ICalendarIssue(kind: .parse, component: "VCALENDAR", line: 1, message:
                "libical could not read the calendar; check that it is RFC 5545 text with matching BEGIN and END lines")])
        }
        var calendars: [(OpaquePointer, RawComponent?)] = []
        switch icalcomponent_isa(root.pointer) {
        case ICAL_VCALENDAR_COMPONENT:
            calendars = [(root.pointer, scan.roots.first)]
        case ICAL_XROOT_COMPONENT:
            var n = 0
            for c in Lib.children(root.pointer, ICAL_VCALENDAR_COMPONENT) {
                calendars.append((c, scan.roots.filter { $0.name == "VCALENDAR" }.dropFirst(n).first))
                n += 1
            }
        default:
            break
        }
        if calendars.isEmpty {
            throw ICalendarError(issues: [ICalendarIssue(kind: .parse, component: Lib.kindName(root.pointer), line: 1,
                message: "this is not iCalendar text: it must start with 'BEGIN:VCALENDAR'")])
        }
        var out = ParsedCalendar()
        for (calendar, raw) in calendars {
            TreeMatch.errors(in: calendar, raw: raw, kind: .parse, into: &out.issues)
            var reading = Reading(calendar: calendar, raw: raw)
            reading.read(into: &out)
        }
        return out
    }
}
