internal import CLibical

extension ICalendarReader {
    /// ``parse(_:)`` with every line located: ``RawScan`` and ``RawChecks`` on the whole text,
    /// then libical's tree read with the raw components' line numbers. The path for text that
    /// ``QuickScan`` cannot vouch for, and the reference the quick path must agree with.
    static func parseLocated(_ text: String) throws(ICalendarError) -> ParsedCalendar {
        let scan = RawScan(text)
        if !scan.issues.isEmpty { throw ICalendarError(issues: scan.issues) }
        let zones = SystemZones()
        let fatal = RawChecks.check(scan) { zones.isKnown($0) }
        if !fatal.isEmpty { throw ICalendarError(issues: fatal) }
        return try LibicalLock.run { () throws(ICalendarError) -> ParsedCalendar in
            let root = try parseTreeLocked(text)
            return try readLocked(root, roots: scan.roots)
        }
    }

    /// ``parse(_:)`` after a clean ``QuickScan``, reading each `VEVENT` as it is parsed.
    /// Caller holds `LibicalLock`.
    ///
    /// Each `VCALENDAR` is parsed by libical without its `VEVENT`s (its properties, VTIMEZONEs
    /// and other components), then each `VEVENT` on its own, read into a ``ParsedEvent`` and
    /// freed at once. So libical's tree of the whole text never exists: the memory of one event
    /// is reused for the next while it is still in the cache. The lines libical sees are the
    /// same, cut only between components, and zones resolve through the calendar's VTIMEZONEs as
    /// in the whole tree, so the values are those of ``parseLocated(_:)``.
    /// - Returns: nil when the located path must run: libical left an `X-LIC-ERROR` (whose line
    ///   only the full scan can find), an `RRULE` cannot be read, a `TZID` the text does not
    ///   define is not a known zone, or libical read a piece as something else than expected.
    static func parseQuickLocked(_ text: String, quick: QuickScan) -> ParsedCalendar? {
        guard quick.undefinedZones.allSatisfy({ SystemZones.zoneLocked($0) != nil }) else { return nil }
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { readQuickLocked($0, quick: quick) } ?? nil
    }

    private static func readQuickLocked(_ bytes: UnsafeBufferPointer<UInt8>, quick: QuickScan) -> ParsedCalendar? {
        var out = ParsedCalendar()
        var piece: [UInt8] = []
        for calendar in quick.calendars {
            let children = calendar.raw.children
            let events = children.indices.filter { children[$0].name == "VEVENT" }
            // The calendar without its events.
            piece.removeAll(keepingCapacity: true)
            var from = calendar.bytes.lowerBound
            for k in events {
                piece.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<calendar.childBytes[k].lowerBound]))
                from = calendar.childBytes[k].upperBound
            }
            piece.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[from..<calendar.bytes.upperBound]))
            guard let skeleton = Component(parsingNULTerminated: &piece),
                  icalcomponent_isa(skeleton.pointer) == ICAL_VCALENDAR_COMPONENT,
                  !TreeMatch.hasErrors(skeleton.pointer) else { return nil }
            var raw = calendar.raw
            raw.children = children.filter { $0.name != "VEVENT" }
            var reading = Reading(calendar: skeleton.pointer, raw: raw, partial: true)
            reading.read(into: &out)
            out.events.reserveCapacity(out.events.count + events.count)
            for k in events {
                piece.removeAll(keepingCapacity: true)
                piece.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[calendar.childBytes[k]]))
                guard let event = Component(parsingNULTerminated: &piece),
                      icalcomponent_isa(event.pointer) == ICAL_VEVENT_COMPONENT,
                      !TreeMatch.hasErrors(event.pointer) else { return nil }
                reading.readEvent(event.pointer, raw: children[k], into: &out)
                if reading.needsFullScan { return nil }
            }
        }
        return out
    }

    /// libical's tree of the text (`icalparser_parse_string`). Caller holds `LibicalLock`.
    private static func parseTreeLocked(_ text: String) throws(ICalendarError) -> Component {
        guard let root = Component(parsing: text) else {
            throw ICalendarError(issues: [ICalendarIssue(kind: .parse, component: "VCALENDAR", line: 1, message:
                "libical could not read the calendar; check that it is RFC 5545 text with matching BEGIN and END lines")])
        }
        return root
    }

    /// Reads the tree's calendars, paired with the raw `VCALENDAR`s in order. Caller holds `LibicalLock`.
    private static func readLocked(_ root: Component, roots: [RawComponent]) throws(ICalendarError) -> ParsedCalendar {
        var calendars: [(OpaquePointer, RawComponent?)] = []
        switch icalcomponent_isa(root.pointer) {
        case ICAL_VCALENDAR_COMPONENT:
            calendars = [(root.pointer, roots.first)]
        case ICAL_XROOT_COMPONENT:
            let rawCalendars = roots.filter { $0.name == "VCALENDAR" }
            for (n, c) in Lib.children(root.pointer, ICAL_VCALENDAR_COMPONENT).enumerated() {
                calendars.append((c, n < rawCalendars.count ? rawCalendars[n] : nil))
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
