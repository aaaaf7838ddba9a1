import CivilTime
import Foundation
import Testing
@testable import ICalendar

/// The bad-input corpus for the .ics reader. Our own messages are pinned in full; for libical's
/// `X-LIC-ERROR`s only the kind, component, property and line are pinned, since libical's wording
/// changes between versions.
@Suite("ICalendarReader: hostile input")
struct HostileICSTests {
    static let stamp = ["UID:e1", "DTSTAMP:20240101T000000Z"]

    /// `line kind component property: message` of each thrown issue, or `["parsed"]`.
    private func thrown(_ text: String) -> [String] {
        do {
            _ = try ICalendarReader.parse(text)
            return ["parsed"]
        } catch let e as ICalendarError {
            return e.issues.map { "\($0.line.map(String.init) ?? "-") \($0.kind) \($0.component) \($0.property ?? "-"): \($0.message)" }
        } catch {
            return ["unexpected \(type(of: error))"]
        }
    }

    @Test("empty input")
    func empty() {
        #expect(thrown("").count == 1)
        #expect(thrown("").first?.hasPrefix("- parse VCALENDAR") == true)
    }

    @Test("broken folding: a continuation line without its leading space becomes a located parse issue")
    func brokenFolding() throws {
        let text = calendarText(["BEGIN:VEVENT"] + Self.stamp + ["DTSTART:20240404T150000Z",
                                 "SUMMARY:a summary that was folded", "without the leading space", "END:VEVENT"])
        let cal = try ICalendarReader.parse(text)
        #expect(cal.events.count == 1)
        #expect(cal.issues.map { "\($0.line ?? 0) \($0.kind) \($0.component) \($0.uid ?? "-")" } == ["10 parse VEVENT e1"])
    }

    @Test("a fold before any property is a located issue, not a crash")
    func foldAtStart() {
        let found = thrown(" continued\r\n" + calendarText([]))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("1 parse") == true)
    }

    @Test("a missing END:VALARM inside an event names VALARM and the line of its BEGIN")
    func missingNestedEnd() {
        let text = calendarText(["BEGIN:VEVENT"] + Self.stamp + ["DTSTART:20240404T150000Z", "BEGIN:VALARM",
                                 "ACTION:DISPLAY", "TRIGGER:-PT5M", "END:VEVENT"])
        #expect(thrown(text) == ["9 missingEnd VALARM -: 'BEGIN:VALARM' on line 9 has no 'END:VALARM'; add it before line 12"])
    }

    @Test("a missing END:VEVENT at the end of the text")
    func missingEndAtEnd() {
        let text = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//t//EN", "BEGIN:VEVENT"] + Self.stamp
        #expect(thrown(text.joined(separator: "\r\n") + "\r\n") == [
            "4 missingEnd VEVENT -: 'BEGIN:VEVENT' on line 4 has no 'END:VEVENT'; add it before the end of the text",
            "1 missingEnd VCALENDAR -: 'BEGIN:VCALENDAR' on line 1 has no 'END:VCALENDAR'; add it before the end of the text",
        ])
    }

    @Test("a TZID with no VTIMEZONE and no known zone is an error, never read as UTC or floating")
    func unknownTZID() {
        let text = calendarText(["BEGIN:VEVENT"] + Self.stamp + ["DTSTART;TZID=Mars/Olympus_Mons:20240404T090000", "END:VEVENT"])
        #expect(thrown(text) == [
            "8 unknownTimezone VEVENT DTSTART: TZID 'Mars/Olympus_Mons' has no VTIMEZONE in the calendar and is not a known time zone; add its VTIMEZONE or use an IANA name such as 'Europe/Zurich'",
        ])
    }

    @Test("20241332T250000 is an error, not normalised into 2025")
    func impossibleDateTime() {
        let text = calendarText(["BEGIN:VEVENT"] + Self.stamp + ["DTSTART:20241332T250000", "END:VEVENT"])
        #expect(thrown(text) == [
            "8 invalidValue VEVENT DTSTART: '20241332T250000' is not a real date-time: month 13 does not exist; write YYYYMMDD or YYYYMMDDTHHMMSS with a real date and time",
        ])
    }

    /// An `X-LIC-ERROR` written in the input itself is reported at its component's `BEGIN` line.
    @Test("libical's X-LIC-ERRORs become located issues, and the event is kept")
    func xLicError() throws {
        let text = calendarText(["BEGIN:VEVENT"] + Self.stamp + ["DTSTART:20240404T150000Z", "DTEND:2024XX01T100000",
                                 "X-LIC-ERROR:planted by hand", "END:VEVENT"])
        let cal = try ICalendarReader.parse(text)
        #expect(cal.events.map(\.uid) == ["e1"])
        #expect(cal.issues.map { "\($0.line ?? 0) \($0.kind) \($0.property ?? "-")" } == ["9 parse DTEND", "5 parse -"])
    }

    @Test("properties with no value are located issues or skipped events, never a crash", arguments: [
        "SUMMARY:", "DTEND:", "RRULE:", "LOCATION",
    ])
    func noValue(_ line: String) {
        let text = calendarText(["BEGIN:VEVENT"] + Self.stamp + ["DTSTART:20240404T150000Z", line, "END:VEVENT"])
        let outcome: String
        do {
            let cal = try ICalendarReader.parse(text)
            outcome = "events \(cal.events.count), issues at " + cal.issues.map { "\($0.line ?? 0)" }.joined(separator: ",")
        } catch let e as ICalendarError {
            outcome = "thrown at " + e.issues.map { "\($0.line ?? 0)" }.joined(separator: ",")
        } catch {
            outcome = "unexpected"
        }
        let expected: [String: String] = [
            "SUMMARY:": "events 1, issues at 9",
            "DTEND:": "events 1, issues at 9",
            "RRULE:": "events 1, issues at 9",
            "LOCATION": "events 1, issues at 9",
        ]
        #expect(outcome == expected[line])
    }

    @Test("an RRULE with no end stops at maximumOccurrences, whatever limit is asked")
    func endlessRule() throws {
        let text = calendarText(["BEGIN:VEVENT"] + Self.stamp + ["DTSTART:20240101T000000Z", "RRULE:FREQ=MINUTELY", "END:VEVENT"])
        let e = try #require(try ICalendarReader.parse(text).events.first)
        let far = Instant(secondsSince1970: 4_102_444_800)  // 2100
        let o = ICalendarReader.occurrences(of: e, until: far, limit: .max)
        #expect(o.count == ICalendarReader.maximumOccurrences)
    }

    @Test("100,000 events are read, in order (their speed is measured in Benchmarks/)")
    func manyEvents() throws {
        let count = 100_000
        var text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\n"
        text.reserveCapacity(count * 120)
        for i in 0..<count {
            let minute = i % 60, hour = i / 60 % 24, day = i / 1440 % 28 + 1
            text += "BEGIN:VEVENT\r\nUID:e\(i)\r\nDTSTAMP:20240101T000000Z\r\n"
            text += "DTSTART:202402\(day < 10 ? "0" : "")\(day)T\(hour < 10 ? "0" : "")\(hour)\(minute < 10 ? "0" : "")\(minute)00Z\r\nEND:VEVENT\r\n"
        }
        text += "END:VCALENDAR\r\n"
        let cal = try ICalendarReader.parse(text)
        #expect(cal.events.count == count)
        #expect(cal.events.last?.uid == "e\(count - 1)")
        #expect(cal.issues.isEmpty)
    }

    @Test("input over maximumInputBytes is refused before parsing")
    func tooLarge() {
        let text = String(repeating: "X", count: ICalendarReader.maximumInputBytes + 1)
        #expect(thrown(text) == [
            "- tooLarge VCALENDAR -: the calendar has \(ICalendarReader.maximumInputBytes + 1) bytes, more than the \(ICalendarReader.maximumInputBytes) allowed; split it",
        ])
    }

    @Test("100,001 EXDATE lines, or one line of 100,001 dates, are refused before libical, at the line of the date beyond the limit",
          arguments: [false, true])
    func tooManyDates(oneLine: Bool) {
        let limit = ICalendarReader.maximumDateValues
        var lines = ["BEGIN:VEVENT"] + Self.stamp + ["DTSTART:20240101T100000Z", "RRULE:FREQ=DAILY"]
        let firstDateLine = lines.count + 5  // after BEGIN:VCALENDAR, VERSION, PRODID and METHOD
        let dates = Array(repeating: "20240102T100000Z", count: limit + 1)
        if oneLine {
            lines.append("exdate;TZID=UTC:" + dates.joined(separator: ","))
        } else {
            lines += dates.map { "EXDATE:\($0)" }
        }
        lines.append("END:VEVENT")
        let line = oneLine ? firstDateLine : firstDateLine + limit
        #expect(thrown(calendarText(lines)) == [
            "\(line) tooLarge VEVENT EXDATE: more than \(limit) EXDATE and RDATE dates in the calendar; no rule is expanded past \(limit) steps, so the rest cannot matter: remove the dates that lie outside the programme's days, or split the calendar",
        ])
    }

    @Test("RDATE lines count with EXDATE lines, in any case; folded continuation lines count their commas")
    func datesCountAcrossProperties() throws {
        var lines = ["BEGIN:VCALENDAR", "BEGIN:VEVENT", "DTSTART:20240101T100000Z", "RDATE:20240102T100000Z",
                     "rdate;VALUE=DATE-TIME:20240103T100000Z", "EXDATE:20240104T100000Z,", " 20240105T100000Z,", "\t20240106T100000Z",
                     "DESCRIPTION:EXDATE:1,2,3", "X-EXDATE:1,2", "END:VEVENT", "END:VCALENDAR"]
        #expect(DateValueCount.excess(in: lines.joined(separator: "\r\n"), limit: 5) == nil)
        let issue = try #require(DateValueCount.excess(in: lines.joined(separator: "\n"), limit: 4))
        #expect(issue.line == 7 && issue.property == "EXDATE")  // the fifth date is on the first continuation line
        lines.insert("RDATE:20240107T100000Z", at: 3)
        #expect(DateValueCount.excess(in: lines.joined(separator: "\r\n"), limit: 5)?.line == 8)
    }

    /// One event with `lines` after its UID and DTSTAMP.
    private func event(_ lines: [String]) throws -> ParsedEvent {
        try #require(try ICalendarReader.parse(calendarText(["BEGIN:VEVENT"] + Self.stamp + lines + ["END:VEVENT"])).events.first)
    }

    @Test("a rule finer than daily with BY parts, which libical would search to the year 2582, is not expanded: cut, first occurrence kept",
          arguments: ["FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", "FREQ=MINUTELY;INTERVAL=2;BYMINUTE=1", "FREQ=HOURLY;BYMONTH=2;BYMONTHDAY=30",
                      "FREQ=SECONDLY;BYSECOND=5"])
    func unboundedSearch(_ rule: String) throws {
        let e = try event(["DTSTART:20240101T000000Z", "RRULE:\(rule)"])
        let far = Instant(secondsSince1970: 4_102_444_800)  // 2100
        let x = ICalendarReader.expansions(of: [e], until: far, limit: .max)
        #expect(x == [Expansion(occurrences: [.timed(start: Instant(secondsSince1970: 1_704_067_200), end: Instant(secondsSince1970: 1_704_067_200))],
                                cut: .unboundedSearch)])
    }

    @Test("a daily rule that never matches ends (libical's search per step is bounded by days, not seconds) with no occurrence")
    func dailyNeverMatches() throws {
        let e = try event(["DTSTART;VALUE=DATE:20240101", "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30"])
        let far = Instant(secondsSince1970: 4_102_444_800)
        #expect(ICalendarReader.expansions(of: [e], until: far, limit: 1000) == [Expansion(occurrences: [], cut: nil)])
    }

    @Test("100,000 EXDATE lines (the most accepted) are read into one list, and they do not buy more iterations than the limit")
    func manyExdates() throws {
        let count = ICalendarReader.maximumDateValues
        var lines = ["DTSTART:20240101T100000Z", "RRULE:FREQ=DAILY"]
        lines.reserveCapacity(count + 2)
        var day = LocalDate(year: 2024, month: 1, day: 1)!
        for _ in 0..<count {
            lines.append("EXDATE:\(day.basic)T100000Z")
            day = day.adding(days: 1)
        }
        let e = try event(lines)
        #expect(e.properties["EXDATE"]?.utf8.count == count * 17 - 1)
        let far = Instant(secondsSince1970: 32_503_680_000)  // year 3000
        // Every day of the first 100,000 is excluded: 1,000 iterations give nothing and are cut.
        #expect(ICalendarReader.expansions(of: [e], until: far, limit: 1000) == [Expansion(occurrences: [], cut: .iterations)])
        // Without the EXDATEs the same steps give 1,000 days; up to 10 January they are all excluded and the rule ends there.
        var plain = e
        plain.properties["EXDATE"] = nil
        #expect(ICalendarReader.expansions(of: [plain], until: far, limit: 1000).first?.occurrences.count == 1000)
        let tenth = Instant(secondsSince1970: 1_704_880_800)  // 2024-01-10T10:00Z
        #expect(ICalendarReader.expansions(of: [e], until: tenth, limit: 1000) == [Expansion(occurrences: [], cut: nil)])
    }
}
