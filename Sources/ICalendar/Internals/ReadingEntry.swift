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
    ///
    /// When a piece holds an `X-LIC-ERROR`, or an `RRULE` cannot be read, the full ``RawScan``
    /// is made once to locate it, and the issues are put in the order ``parseLocated(_:)`` gives
    /// them: per calendar, libical's errors in the order of its tree (its own properties, then
    /// the VTIMEZONEs, which libical puts first, then the other children in text order), then
    /// what reading found.
    /// - Returns: nil when the located path must run: a `TZID` the text does not define is not a
    ///   known zone, or libical read a piece as something else than expected.
    static func parseQuickLocked(_ text: String, quick: QuickScan) -> ParsedCalendar? {
        guard quick.undefinedZones.allSatisfy({ SystemZones.zoneLocked($0) != nil }) else { return nil }
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { readQuickLocked($0, text: text, quick: quick) } ?? nil
    }

    private static func readQuickLocked(_ bytes: UnsafeBufferPointer<UInt8>, text: String, quick: QuickScan) -> ParsedCalendar? {
        var out = ParsedCalendar()
        var piece: [UInt8] = []
        // The full scan's VCALENDARs, made the first time a line must be located.
        var full: [RawComponent]?
        func fullScan() -> [RawComponent]? {
            if full == nil {
                let scan = RawScan(text)
                // QuickScan vouched for the text: the scans must agree on its shape.
                guard scan.issues.isEmpty, scan.roots.count == quick.calendars.count,
                      zip(scan.roots, quick.calendars).allSatisfy({ $0.children.map(\.name) == $1.raw.children.map(\.name) })
                else { return nil }
                full = scan.roots
            }
            return full
        }
        for (n, calendar) in quick.calendars.enumerated() {
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
                  icalcomponent_isa(skeleton.pointer) == ICAL_VCALENDAR_COMPONENT else { return nil }
            var raw = calendar.raw
            raw.children = children.filter { $0.name != "VEVENT" }
            var reading = Reading(calendar: skeleton.pointer, raw: raw, partial: true)
            let eventsBefore = out.events.count, issuesBefore = out.issues.count
            reading.read(into: &out)
            // The events are cut out by their raw name: libical must see none left.
            guard out.events.count == eventsBefore, out.issues.count == issuesBefore else { return nil }
            // libical's errors: the calendar's own, its VTIMEZONEs', and by raw child index the others'.
            var ownErrors: [ICalendarIssue] = [], zoneErrors: [ICalendarIssue] = []
            var childErrors: [Int: [ICalendarIssue]] = [:]
            if TreeMatch.hasErrors(skeleton.pointer) {
                guard let rawCalendar = fullScan()?[n] else { return nil }
                var rawSkeleton = rawCalendar
                rawSkeleton.children = rawCalendar.children.filter { $0.name != "VEVENT" }
                TreeMatch.errors(in: skeleton.pointer, raw: rawCalendar, kind: .parse, descend: false, into: &ownErrors)
                let others = children.indices.filter { children[$0].name != "VEVENT" && children[$0].name != "VTIMEZONE" }
                var j = 0
                for (child, rawChild) in TreeMatch.children(skeleton.pointer, raw: rawSkeleton) {
                    if icalcomponent_isa(child) == ICAL_VTIMEZONE_COMPONENT {
                        TreeMatch.errors(in: child, raw: rawChild, kind: .parse, into: &zoneErrors)
                    } else {
                        guard j < others.count else { return nil }
                        TreeMatch.errors(in: child, raw: rawChild, kind: .parse, into: &childErrors[others[j], default: []])
                        j += 1
                    }
                }
                guard j == others.count else { return nil }
            }
            var readingIssues: [ICalendarIssue] = []
            out.events.reserveCapacity(out.events.count + events.count)
            for k in events {
                piece.removeAll(keepingCapacity: true)
                piece.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[calendar.childBytes[k]]))
                guard let event = Component(parsingNULTerminated: &piece),
                      icalcomponent_isa(event.pointer) == ICAL_VEVENT_COMPONENT else { return nil }
                if TreeMatch.hasErrors(event.pointer) {
                    guard let rawEvent = fullScan()?[n].children[k] else { return nil }
                    TreeMatch.errors(in: event.pointer, raw: rawEvent, kind: .parse, into: &childErrors[k, default: []])
                }
                if full != nil, reading.partial { reading.locate() }
                let issuesBefore = readingIssues.count, eventsBefore = out.events.count
                if let e = reading.event(event.pointer, raw: full?[n].children[k] ?? children[k], issues: &readingIssues) {
                    out.events.append(e)
                }
                if reading.needsFullScan {
                    // A line to locate: read the event again with the full scan's component.
                    guard let rawEvent = fullScan()?[n].children[k] else { return nil }
                    readingIssues.removeSubrange(issuesBefore...)
                    out.events.removeSubrange(eventsBefore...)
                    reading.locate()
                    if let e = reading.event(event.pointer, raw: rawEvent, issues: &readingIssues) { out.events.append(e) }
                }
            }
            out.issues += ownErrors + zoneErrors
            for k in children.indices { out.issues += childErrors[k] ?? [] }
            out.issues += readingIssues
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
