import CivilTime
import Foundation
import Testing
@testable import ICalendar

@Suite("ICalendarReader: outside calendars")
struct ReaderTests {
    /// The issues `parse` throws, or records a failure when it does not throw.
    func thrown(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) -> [ICalendarIssue] {
        do {
            let cal = try ICalendarReader.parse(text)
            Issue.record("no error; read \(cal.events.count) events", sourceLocation: sourceLocation)
        } catch let e as ICalendarError {
            return e.issues
        } catch {
            Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        }
        return []
    }

    static let event = ["BEGIN:VEVENT", "UID:e1", "DTSTAMP:20240101T000000Z", "DTSTART:20240404T150000Z", "SUMMARY:s"]

    @Test("empty and blank input")
    func empty() {
        #expect(thrown("").map(\.kind) == [.parse])
        #expect(thrown(" \r\n\r\n").map(\.kind) == [.parse])
        #expect(thrown("").first?.message.contains("empty") == true)
    }

    @Test("text that is not iCalendar")
    func garbage() {
        #expect(thrown("hello world\nthis is not a calendar\n").map(\.kind) == [.parse])
        #expect(thrown("BEGIN:VCARD\r\nFN:x\r\nEND:VCARD\r\n").first?.message.contains("BEGIN:VCALENDAR") == true)
    }

    @Test("a missing END:VEVENT names VEVENT and the line of its BEGIN")
    func missingEnd() throws {
        let text = calendarText(Self.event + ["BEGIN:VEVENT", "UID:e2"] + Self.event.dropFirst(2) + ["END:VEVENT"])
        let issues = thrown(text)
        let i = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(i.kind == .missingEnd)
        #expect(i.component == "VEVENT")
        #expect(i.line == 5)
        #expect(i.uid == "e1")
        #expect(i.message == "'BEGIN:VEVENT' on line 5 has no 'END:VEVENT'; add it before line 10")
    }

    @Test("a missing END:VCALENDAR at the end of the text")
    func missingCalendarEnd() {
        let text = calendarText(Self.event + ["END:VEVENT"]).replacingOccurrences(of: "END:VCALENDAR\r\n", with: "")
        let issues = thrown(text)
        #expect(issues.map(\.kind) == [.missingEnd])
        #expect(issues.first?.component == "VCALENDAR")
        #expect(issues.first?.line == 1)
    }

    @Test("a TZID with no VTIMEZONE and no known zone is an error with its line")
    func unknownTZID() {
        let text = calendarText(["BEGIN:VEVENT", "UID:e1", "DTSTAMP:20240101T000000Z",
                                 "DTSTART;TZID=Mars/Olympus_Mons:20240404T090000", "END:VEVENT"])
        let issues = thrown(text)
        #expect(issues.map(\.kind) == [.unknownTimezone])
        #expect(issues.first?.line == 8)
        #expect(issues.first?.property == "DTSTART")
        #expect(issues.first?.message.contains("'Mars/Olympus_Mons'") == true)
    }

    @Test("a known system zone without a VTIMEZONE is read through the system rules")
    func systemZone() throws {
        let text = calendarText(["BEGIN:VEVENT", "UID:e1", "DTSTAMP:20240101T000000Z",
                                 "DTSTART;TZID=America/Bogota:20240619T090000", "DURATION:PT1H30M", "END:VEVENT"])
        let e = try #require(try ICalendarReader.parse(text).events.first)
        #expect(e.startInstant == instant("2024-06-19T14:00:00Z"))
        #expect(e.end == .local(wall("2024-06-19T10:30"), tzid: "America/Bogota"))
        #expect(e.endInstant == instant("2024-06-19T15:30:00Z"))
        #expect(e.zoneDefinition == nil)
    }

    @Test("an impossible date-time is an error, not silently normalised", arguments: [
        "20241332T250000", "20240230T100000", "20240101T246000", "20241301",
    ])
    func impossibleDate(_ value: String) {
        let text = calendarText(["BEGIN:VEVENT", "UID:e1", "DTSTAMP:20240101T000000Z", "DTSTART:\(value)", "END:VEVENT"])
        let issues = thrown(text)
        #expect(issues.map(\.kind) == [.invalidValue])
        #expect(issues.first?.line == 8)
        #expect(issues.first?.uid == "e1")
    }

    @Test("libical's X-LIC-ERRORs become issues with the offending line")
    func xLicError() throws {
        let text = calendarText(Self.event + ["FOO BAR", "DTEND:2024XX01T100000", "END:VEVENT"])
        let cal = try ICalendarReader.parse(text)
        #expect(cal.events.count == 1)
        let foo = try #require(cal.issues.first { $0.line == 10 })
        #expect(foo.kind == .parse)
        #expect(foo.component == "VEVENT")
        #expect(foo.uid == "e1")
        let dtend = try #require(cal.issues.first { $0.line == 11 })
        #expect(dtend.property == "DTEND")
        #expect(cal.issues.count == 2)
    }

    @Test("calendar properties, DATE events, floating times and other properties")
    func values() throws {
        let text = calendarText(["NAME:Ext", "X-WR-CALNAME:Ext", "X-PUBLISHED-TTL:PT1H",
            "BEGIN:VEVENT", "UID:d", "DTSTAMP:20240101T000000Z", "DTSTART;VALUE=DATE:20241025",
            "DTEND;VALUE=DATE:20241027", "SUMMARY:Día", "STATUS:CONFIRMED", "SEQUENCE:4", "CLASS:PUBLIC",
            "ATTENDEE:mailto:a@x.org", "ATTENDEE:mailto:b@x.org", "ORGANIZER;CN=Sec:mailto:s@x.org", "END:VEVENT",
            "BEGIN:VEVENT", "UID:f", "DTSTAMP:20240101T000000Z", "DTSTART:20241025T100000", "END:VEVENT"])
        let cal = try ICalendarReader.parse(text)
        #expect(cal.properties["METHOD"] == "PUBLISH")
        #expect(cal.properties["X-WR-CALNAME"] == "Ext")
        #expect(cal.properties["X-PUBLISHED-TTL"] == "PT1H")
        #expect(cal.events.count == 2)
        let d = cal.events[0]
        #expect(d.start == .date(day("2024-10-25")))
        #expect(d.end == .date(day("2024-10-27")))
        #expect(d.startInstant == nil)
        #expect(d.status == "CONFIRMED")
        #expect(d.sequence == 4)
        #expect(d.line == 8)
        #expect(d.properties["ATTENDEE-COUNT"] == "2")
        #expect(d.properties["ORGANIZER-CN"] == "Sec")
        #expect(d.properties["CLASS"] == "PUBLIC")
        let f = cal.events[1]
        #expect(f.start == .floating(wall("2024-10-25T10:00")))
        #expect(f.startInstant == nil)
        #expect(f.line == 21)
    }
}
