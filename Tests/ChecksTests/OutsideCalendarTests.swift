import CivilTime
import Diagnostics
import Feeds
import Foundation
import ICalendar
import Checks
import Planner
import TestSupport
import Testing

private func ics(_ lines: [String]) -> String {
    (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//cartagena tests//EN"] + lines + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
}

@Suite("outside calendars")
struct OutsideCalendarTests {
    static let december = LocalDate(iso: "2024-12-11")!...LocalDate(iso: "2024-12-12")!

    @Test("an RRULE without end is expanded only over the programme's days (with two days' margin)")
    func endlessIsBounded() throws {
        let text = ics(["BEGIN:VEVENT", "UID:d@test", "DTSTAMP:20240101T000000Z", "DTSTART;VALUE=DATE:19700101", "RRULE:FREQ=DAILY",
                        "SUMMARY:Every day", "END:VEVENT"])
        let (calendar, warnings) = try OutsideCalendarReader.read(text: text, path: "daily.ics", scope: .everyVenue, days: Self.december)
        #expect(warnings == [])
        #expect(calendar.events.map(\.when) == (9...14).map { .days(LocalDate(year: 2024, month: 12, day: $0)!, LocalDate(year: 2024, month: 12, day: $0)!) })
    }

    @Test("an endless RRULE that would exceed the cap stops at 100,000 occurrences with a warning")
    func capped() throws {
        let text = ics(["BEGIN:VEVENT", "UID:m@test", "DTSTAMP:20240101T000000Z", "DTSTART:20240101T000000Z", "RRULE:FREQ=MINUTELY",
                        "SUMMARY:Every minute", "END:VEVENT"])
        let (calendar, warnings) = try OutsideCalendarReader.read(text: text, path: "minutely.ics", scope: .everyVenue, days: Self.december)
        #expect(calendar.events.isEmpty, "100,000 minutes from 1 January end in March, before the window")
        #expect(warnings.map(\.code) == ["calendar-truncated"])
        #expect(warnings.first?.location == SourceLocation(file: "minutely.ics", line: 4, column: 1))
        #expect(warnings.first?.message.hasPrefix("the recurrence of 'Every minute' was cut after 100000 steps before it reached 2024-12-14") == true)
        #expect(OutsideCalendarReader.maximumOccurrences == 100_000)
    }

    @Test("a 196-byte calendar whose SECONDLY rule never matches: the run completes with a located calendar-truncated warning")
    func neverMatchingSecondly() throws {
        let text = ics(["BEGIN:VEVENT", "UID:a", "DTSTAMP:20240101T000000Z", "DTSTART:20240101T000000Z",
                        "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30", "SUMMARY:never", "END:VEVENT"])
        let (calendar, warnings) = try OutsideCalendarReader.read(text: text, path: "never.ics", scope: .everyVenue, days: Self.december)
        #expect(calendar.events.isEmpty, "its first occurrence, 1 January, is outside the window")
        #expect(warnings.map { "\($0.location.map { "\($0.file):\($0.line):\($0.column)" } ?? "-") \($0.code): \($0.message)" } == [
            "never.ics:4:1 calendar-truncated: the recurrence of 'never' ('FREQ=SECONDLY;BYMONTHDAY=30;BYMONTH=2') is not expanded: "
                + "rules more frequent than daily with BY parts are not supported, so only its first occurrence is compared; "
                + "write it as a DAILY (or coarser) rule",
        ])
    }

    @Test("after two daily rules that never match, later rules with BY parts are left unexpanded with a warning; the run stays short")
    func fruitlessSearches() throws {
        var lines: [String] = []
        for n in 0..<4 {
            lines += ["BEGIN:VEVENT", "UID:n\(n)", "DTSTAMP:20240101T000000Z", "DTSTART;VALUE=DATE:20241211",
                      "RRULE:FREQ=DAILY;BYMONTH=2;BYMONTHDAY=\(30 + n % 2)", "SUMMARY:never \(n)", "END:VEVENT"]
        }
        lines += ["BEGIN:VEVENT", "UID:plain", "DTSTAMP:20240101T000000Z", "DTSTART;VALUE=DATE:20241211", "RRULE:FREQ=DAILY;COUNT=2",
                  "SUMMARY:plain", "END:VEVENT"]
        let (calendar, warnings) = try OutsideCalendarReader.read(text: ics(lines), path: "never.ics", scope: .everyVenue, days: Self.december)
        #expect(warnings.map { "\($0.location?.line ?? 0) \($0.code)" } == (2..<4).map { "\(4 + 7 * $0) calendar-truncated" })
        #expect(warnings.first?.message.hasPrefix("the recurrence of 'never 2' is not expanded: two rules with BY parts before it") == true)
        // The rules left unexpanded keep their first day; the rule without BY parts is expanded.
        #expect(calendar.events.map(\.name) == ["never 2", "never 3", "plain", "plain"])
    }

    @Test("an event's name is quoted at most 80 characters in a warning")
    func longName() throws {
        let name = String(repeating: "n", count: 5000)
        let text = ics(["BEGIN:VEVENT", "UID:a", "DTSTAMP:20240101T000000Z", "DTSTART:20240101T000000Z",
                        "RRULE:FREQ=SECONDLY;BYHOUR=1", "SUMMARY:" + name, "END:VEVENT"])
        let (_, warnings) = try OutsideCalendarReader.read(text: text, path: "n.ics", scope: .everyVenue, days: Self.december)
        #expect(warnings.map(\.code) == ["calendar-truncated"])
        #expect(warnings.first?.message.contains("'" + String(repeating: "n", count: 79) + "…'") == true)
    }

    @Test("a file that is not iCalendar is an invalid-calendar error at its file and line")
    func unreadable() throws {
        #expect(throws: DiagnosticError.self) {
            try OutsideCalendarReader.read(text: "hello\n", path: "bad.ics", scope: .everyVenue, days: Self.december)
        }
        do {
            _ = try OutsideCalendarReader.read(text: ics(["BEGIN:VEVENT", "UID:x", "DTSTART:20241211T100000Z"]), path: "open.ics",
                                               scope: .everyVenue, days: Self.december)
            Issue.record("expected an error")
        } catch {
            #expect(error.diagnostics.map(\.code) == ["invalid-calendar"])
            #expect(error.diagnostics.first?.location?.file == "open.ics")
            #expect(error.diagnostics.first?.location?.line == 4)
        }
    }

    @Test("the shipped holiday calendars read without issues through libical", arguments: [
        ("brazil-2024.ics", 19), ("chile-2024.ics", 20), ("colombia-2024.ics", 18), ("mexico-2024.ics", 9),
        ("switzerland-geneva-2024.ics", 9),
    ])
    func shippedHolidays(file: String, count: Int) throws {
        let url = repositoryRoot().appendingPathComponent("Calendars/holidays/\(file)")
        let text = try String(contentsOf: url, encoding: .utf8)
        let parsed = try ICalendarReader.parse(text)
        #expect(parsed.issues.map(\.description) == [])
        #expect(parsed.events.count == count)
        #expect(parsed.events.allSatisfy { if case .date(let d) = $0.start { d.year == 2024 } else { false } })
        #expect(Set(parsed.events.compactMap(\.uid)).count == count, "UIDs are unique")
        #expect(text.contains("Sources:") || text.contains("Source:"), "each file names its source")
        let year = LocalDate(iso: "2024-01-01")!...LocalDate(iso: "2024-12-31")!
        let (calendar, warnings) = try OutsideCalendarReader.read(text: text, path: file, scope: .everyVenue, days: year)
        #expect(warnings == [])
        #expect(calendar.events.count == count)
    }

    @Test("the embedded programme checks clean with its venues' holiday calendars")
    func embeddedIsClean() throws {
        let root = repositoryRoot()
        let path = "Calendars/cartagena40.yaml"
        let text = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
        let p = try ProgrammeLoader(zones: SystemZones()).load(text: text, path: path).programme
        var calendars: [OutsideCalendar] = []
        for v in p.venues {
            for h in v.holidays {
                let file = "Calendars/" + h
                let ics = try String(contentsOf: root.appendingPathComponent(file), encoding: .utf8)
                calendars.append(try OutsideCalendarReader.read(text: ics, path: file, scope: .venues([v.id]), days: sessionDays(p)).0)
            }
        }
        #expect(calendars.count == 5)
        let report = ProgrammeChecks.run(p, calendars: calendars)
        #expect(report.diagnostics.filter { $0.severity != .note }.map { DiagnosticRenderer.line($0, colour: false) } == [])
        // Chile's 20 June holiday falls during the Bogotá consultation, but applies only at Chilean venues.
        let chile = try #require(calendars.first { $0.file.hasSuffix("chile-2024.ics") })
        #expect(chile.events.contains { $0.when == .days(LocalDate(iso: "2024-06-20")!, LocalDate(iso: "2024-06-20")!) })
        let everywhere = calendars.map { OutsideCalendar(file: $0.file, events: $0.events, scope: .everyVenue) }
        let flagged = ProgrammeChecks.run(p, calendars: everywhere).diagnostics.filter { $0.code == "outside-event" }
        #expect(flagged.contains { $0.subjects == ["c3-wg-reports"] }, "as an --against calendar it would apply everywhere")
    }
}

@Suite("cartagena check (the executable)")
struct CheckCommandTests {
    @Test("the embedded programme: exit 0, and it says what it checked")
    func embedded() throws {
        let r = try runCartagena(["check"])
        #expect(r.status == 0, "\(r.stdout)\(r.stderr)")
        #expect(r.stdout.contains("checked 54 sessions in 12 rooms at 5 venues, 6 people (chairs and speakers), 0 registrants and 5 calendars"))
        #expect(r.stdout.hasSuffix("Calendars/cartagena40.yaml: 0 errors, 0 warnings, 4 notes\n"))
        #expect(!r.stdout.contains("\u{1B}"), "no colour when not on a terminal")
    }

    @Test("planted conflicts: exit 1, JSON on standard output; --strict turns warnings into exit 1")
    func conflicts() throws {
        let dir = try fixturePath("conflicts.yaml")
        let folder = URL(fileURLWithPath: dir).deletingLastPathComponent()
        let r = try runCartagena(["check", "--plan", "conflicts.yaml", "--registrations", "registrations.csv", "--against", "assembly.ics",
                                  "--format", "json"], in: folder)
        #expect(r.status == 1, "\(r.stderr)")
        let decoded = try JSONDecoder().decode(CheckJSON.self, from: Data(r.stdout.utf8))
        #expect(decoded.findings.map { "\($0.code) \($0.file!):\($0.line!):\($0.column!) \($0.severity)" }.sorted() == ConflictChecksTests.planted)
        let clean = try runCartagena(["check", "--plan", "clean.yaml", "--against", "touching.ics"], in: folder)
        #expect(clean.status == 0, "\(clean.stdout)")
        let warned = try runCartagena(["check", "--plan", "clean.yaml", "--against", "assembly.ics"], in: folder)
        #expect(warned.status == 0, "\(warned.stdout)")
        #expect(warned.stdout.contains("[outside-event]"))
        #expect(try runCartagena(["check", "--plan", "clean.yaml", "--against", "assembly.ics", "--strict"], in: folder).status == 1)
    }

    @Test("an --against file that is missing or not iCalendar: exit 2 with located errors")
    func unreadableCalendar() throws {
        let dir = try temporaryDirectory("check-ics")
        let bad = dir.appendingPathComponent("bad.ics")
        try Data("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:x\r\n".utf8).write(to: bad)
        let plan = try fixturePath("clean.yaml")
        let r = try runCartagena(["check", "--plan", plan, "--against", bad.path, "--against", dir.appendingPathComponent("none.ics").path])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(bad.path):"), "\(r.stderr)")
        #expect(r.stderr.contains("[invalid-calendar]"))
        #expect(r.stderr.contains("cannot read '\(dir.path)/none.ics': no such file [unreadable-file]"))
        let json = try runCartagena(["check", "--plan", plan, "--against", bad.path, "--format", "json"])
        #expect(json.status == 2)
        #expect(try JSONDecoder().decode(CheckJSON.self, from: Data(json.stdout.utf8)).findings.first?.code == "invalid-calendar")
    }
}
