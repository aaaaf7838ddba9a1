/// Writes published feeds as RFC 5545 text through libical.
///
/// All output uses CRLF line ends and is folded at 75 octets, never inside a UTF-8 sequence.
/// The same input always gives the same bytes: build a feed as
/// `header + vtimezones + events + footer`, each piece serialised once and reused.
///
/// ```swift
/// let text = ICalendarWriter.calendar(header: header, timezones: [vtz], events: specs.map(ICalendarWriter.event))
/// ```
public enum ICalendarWriter {
    /// The calendar's opening: `BEGIN:VCALENDAR`, `VERSION:2.0`, `PRODID`, `CALSCALE:GREGORIAN`,
    /// `METHOD`, `NAME`/`X-WR-CALNAME`, `DESCRIPTION`/`X-WR-CALDESC`, `REFRESH-INTERVAL`/
    /// `X-PUBLISHED-TTL`, `X-WR-TIMEZONE`, `URL`, `COLOR`, in that order, without `END:VCALENDAR`.
    public static func header(_ h: CalendarHeader) -> String {
        let text = LibicalLock.run { Writing.serializedHeaderLocked(h) }
        return text.hasSuffix(footer) ? String(text.dropLast(footer.count)) : text
    }

    /// `END:VCALENDAR\r\n`.
    public static let footer = "END:VCALENDAR\r\n"

    /// One `VEVENT` (`BEGIN:VEVENT\r\n…END:VEVENT\r\n`) serialised by libical.
    ///
    /// Properties come in a fixed order: `UID`, `DTSTAMP`, `DTSTART`, `DTEND`, `SUMMARY`,
    /// `DESCRIPTION`, `LOCATION`, `GEO`, `CATEGORIES`, `STATUS`, `ORGANIZER`, `SEQUENCE`,
    /// `CREATED`, `LAST-MODIFIED`, `URL`, `CLASS`. A `.local` time is written with a `TZID`
    /// parameter holding the plain IANA name; the calendar must carry that zone's `VTIMEZONE`
    /// (``SystemZones/vtimezone(for:from:through:)``). A `.local` time in `UTC` is written with `Z`.
    public static func event(_ e: EventSpec) -> String {
        LibicalLock.run { Writing.serializedEventLocked(e) }
    }

    /// The text ``event(_:)`` writes for `e` with `classification` set, derived from the text it
    /// wrote without one: `CLASS` is the last property, so its line goes just before
    /// `END:VEVENT` (libical writes properties in the order added). Serialising 5,000 events
    /// once instead of twice for public and private feeds.
    /// - Parameter text: ``event(_:)`` of a spec whose `classification` is `nil`.
    public static func event(_ text: String, classifiedAs classification: EventClass) -> String {
        // On UTF-8 bytes: "\r\n" is one Character, and String searching costs more than the copy.
        let end = "END:VEVENT\r\n".utf8
        var bytes = Array(text.utf8)
        precondition(bytes.count >= end.count && bytes.suffix(end.count).elementsEqual(end), "a VEVENT expected")
        assert(!text.contains("\r\nCLASS"), "an unclassified VEVENT expected")
        bytes.removeLast(end.count)
        bytes += "CLASS:\(classification.rawValue)\r\n".utf8
        bytes += end
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `header + timezones + events + footer`, for small feeds and tests.
    /// - Parameters:
    ///   - timezones: `VTIMEZONE` texts, in the order given.
    ///   - events: `VEVENT` texts from ``event(_:)``, in the order given.
    public static func calendar(header: CalendarHeader, timezones: [String], events: [String]) -> String {
        var out = self.header(header)
        for t in timezones { out += t }
        for e in events { out += e }
        return out + footer
    }

    /// Whether libical reads `text` as an RFC 5545 duration such as `PT12H` or `P1D`.
    public static func isValidDuration(_ text: String) -> Bool {
        LibicalLock.run { Writing.isDuration(text) }
    }
}
