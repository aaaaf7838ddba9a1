import CivilTime
import Testing
@testable import ICalendar

@Suite("ICalendarReader.occurrences: bounded RRULE expansion")
struct OccurrenceTests {
    func event(_ lines: [String]) throws -> ParsedEvent {
        let vtz = try SystemZones().vtimezone(for: "Europe/Zurich", from: instant("2024-01-01T00:00:00Z"), through: nil)
        let text = calendarText([chomp(vtz)] + ["BEGIN:VEVENT", "UID:r", "DTSTAMP:20240101T000000Z"]
                                + lines + ["END:VEVENT"])
        return try #require(try ICalendarReader.parse(text).events.first)
    }

    static let far = Instant(iso: "2030-01-01T00:00:00Z")!

    @Test("a weekly RRULE with COUNT=5 gives 5, keeping 10:00 wall time across the DST change")
    func weeklyCount() throws {
        let e = try event(["DTSTART;TZID=Europe/Zurich:20241010T100000", "DTEND;TZID=Europe/Zurich:20241010T113000",
                           "RRULE:FREQ=WEEKLY;COUNT=5"])
        let o = ICalendarReader.occurrences(of: e, until: Self.far, limit: 100)
        let starts = ["2024-10-10T08:00:00Z", "2024-10-17T08:00:00Z", "2024-10-24T08:00:00Z",
                      "2024-10-31T09:00:00Z", "2024-11-07T09:00:00Z"].map(instant)
        #expect(o == starts.map { .timed(start: $0, end: $0.adding(seconds: 5400)) })
    }

    @Test("an endless RRULE stops at the limit or at until, whichever comes first")
    func endless() throws {
        let e = try event(["DTSTART;TZID=Europe/Zurich:20241010T100000", "RRULE:FREQ=DAILY"])
        #expect(ICalendarReader.occurrences(of: e, until: Self.far, limit: 7).count == 7)
        let o = ICalendarReader.occurrences(of: e, until: instant("2024-10-13T08:00:00Z"), limit: 1000)
        #expect(o.count == 4)
        #expect(ICalendarReader.occurrences(of: e, until: Self.far, limit: 0) == [])
    }

    @Test("EXDATE in the DTSTART form is skipped")
    func exdate() throws {
        let e = try event(["DTSTART;TZID=Europe/Zurich:20241010T100000", "RRULE:FREQ=DAILY;COUNT=3",
                           "EXDATE;TZID=Europe/Zurich:20241011T100000"])
        let o = ICalendarReader.occurrences(of: e, until: Self.far, limit: 10)
        #expect(o == [instant("2024-10-10T08:00:00Z"), instant("2024-10-12T08:00:00Z")].map { .timed(start: $0, end: $0) })
    }

    @Test("all-day events give inclusive date ranges")
    func allDay() throws {
        let single = try event(["DTSTART;VALUE=DATE:20241025", "DTEND;VALUE=DATE:20241027"])
        #expect(ICalendarReader.occurrences(of: single, until: Self.far, limit: 10)
                == [.allDay(first: day("2024-10-25"), last: day("2024-10-26"))])
        let weekly = try event(["DTSTART;VALUE=DATE:20241025", "RRULE:FREQ=WEEKLY;UNTIL=20241108"])
        #expect(ICalendarReader.occurrences(of: weekly, until: Self.far, limit: 10)
                == ["2024-10-25", "2024-11-01", "2024-11-08"].map { .allDay(first: day($0), last: day($0)) })
    }

    @Test("a UTC event without RRULE is one occurrence; floating gives none")
    func single() throws {
        let e = try event(["DTSTART:20241010T100000Z", "DURATION:PT1H"])
        #expect(ICalendarReader.occurrences(of: e, until: Self.far, limit: 10)
                == [.timed(start: instant("2024-10-10T10:00:00Z"), end: instant("2024-10-10T11:00:00Z"))])
        #expect(ICalendarReader.occurrences(of: e, until: instant("2024-01-01T00:00:00Z"), limit: 10) == [])
        let f = try event(["DTSTART:20241010T100000"])
        #expect(ICalendarReader.occurrences(of: f, until: Self.far, limit: 10) == [])
    }

    @Test("occurrences of many events at once equal one call per event")
    func batch() throws {
        let zurich = try SystemZones().vtimezone(for: "Europe/Zurich", from: instant("2024-01-01T00:00:00Z"), through: nil)
        let santiago = try SystemZones().vtimezone(for: "America/Santiago", from: instant("2024-01-01T00:00:00Z"), through: nil)
        let bodies: [[String]] = [
            ["DTSTART;TZID=Europe/Zurich:20241010T100000", "DTEND;TZID=Europe/Zurich:20241010T113000", "RRULE:FREQ=WEEKLY;COUNT=5"],
            ["DTSTART;TZID=America/Santiago:20240906T230000", "DURATION:PT2H", "RRULE:FREQ=DAILY;COUNT=4"],
            ["DTSTART;TZID=Europe/Zurich:20241027T023000", "DTEND;TZID=Europe/Zurich:20241027T033000"],
            ["DTSTART;TZID=America/Bogota:20240619T090000", "RRULE:FREQ=DAILY", "EXDATE;TZID=America/Bogota:20240620T090000"],
            ["DTSTART;VALUE=DATE:20241025", "DTEND;VALUE=DATE:20241027", "RRULE:FREQ=YEARLY;COUNT=3"],
            ["DTSTART:20241010T100000Z", "EXDATE:20241010T100000Z"],
            ["DTSTART:20241010T100000"],
            ["DTSTART;TZID=America/Santiago:20241211T090000", "RRULE:FREQ=MINUTELY"],
        ]
        var lines = [chomp(zurich), chomp(santiago)]
        for (n, body) in bodies.enumerated() {
            lines += ["BEGIN:VEVENT", "UID:b\(n)", "DTSTAMP:20240101T000000Z"] + body + ["END:VEVENT"]
        }
        let events = try ICalendarReader.parse(calendarText(lines)).events
        #expect(events.count == bodies.count)
        for limit in [0, 1, 3, 50] {
            let one = events.map { ICalendarReader.occurrences(of: $0, until: Self.far, limit: limit) }
            #expect(ICalendarReader.occurrences(of: events, until: Self.far, limit: limit) == one)
        }
        // The limit counts iterations: the EXDATE'd Bogotá day is one of the 50 steps.
        #expect(ICalendarReader.occurrences(of: events, until: Self.far, limit: 50).map(\.count) == [5, 4, 1, 49, 3, 0, 0, 50])
    }
}
