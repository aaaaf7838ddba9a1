import CivilTime
import Foundation
import Testing
import TestSupport
@testable import ICalendar

/// `ICalendarReader.parse` reads an ordinary calendar one event at a time after a quick pass over
/// its bytes, and falls back to the full, located scan for anything unusual. The two paths must
/// give the same values and the same issues; these tests hold them to it.
@Suite("ICalendarReader: the quick path agrees with the located path")
struct QuickPathTests {
    /// What one read gives.
    enum Outcome: Equatable, CustomStringConvertible {
        case read(events: [ParsedEvent], zones: [String], properties: [String: String], issues: [ICalendarIssue])
        case thrown([ICalendarIssue])

        init(_ body: () throws -> ParsedCalendar) {
            do {
                let c = try body()
                self = .read(events: c.events, zones: c.timezoneIDs, properties: c.properties, issues: c.issues)
            } catch let e as ICalendarError {
                self = .thrown(e.issues)
            } catch {
                self = .thrown([ICalendarIssue(kind: .other, component: "?", message: "\(error)")])
            }
        }

        var description: String {
            switch self {
            case .read(let events, let zones, _, let issues):
                return "read \(events.count) events (lines \(events.map(\.line))), zones \(zones), issues \(issues)"
            case .thrown(let issues):
                return "thrown \(issues)"
            }
        }
    }

    /// The quick path's result, or nil when it hands over to the located path.
    static func quick(_ text: String) -> ParsedCalendar? {
        guard let scan = QuickScan(text) else { return nil }
        return LibicalLock.run { ICalendarReader.parseQuickLocked(text, quick: scan) }
    }

    static func file(_ path: String) throws -> String {
        try String(contentsOf: repositoryRoot().appendingPathComponent(path), encoding: .utf8)
    }

    static let files = [
        "Calendars/holidays/brazil-2024.ics", "Calendars/holidays/chile-2024.ics",
        "Calendars/holidays/colombia-2024.ics", "Calendars/holidays/mexico-2024.ics",
        "Calendars/holidays/switzerland-geneva-2024.ics", "Tests/ChecksTests/Fixtures/assembly.ics",
        "Tests/ChecksTests/Fixtures/touching.ics", "Tests/Fuzz/Corpus/ics/mini.en.ics",
        "Tests/Fuzz/Corpus/ics/recurring.ics",
    ]

    /// Two calendars with VTIMEZONEs (one after its events), recurrences, EXDATEs, an alarm,
    /// folded and quoted lines, DATE and DURATION events, X- properties and a VTODO.
    static func synthetic() throws -> String {
        let zurich = try SystemZones().vtimezone(for: "Europe/Zurich", from: instant("2024-01-01T00:00:00Z"), through: nil)
        let santiago = try SystemZones().vtimezone(for: "America/Santiago", from: instant("2024-01-01T00:00:00Z"), through: nil)
        let first = calendarText(["X-WR-CALNAME:Ext", chomp(zurich),
            "BEGIN:VEVENT", "UID:a1", "DTSTAMP:20240101T000000Z", "DTSTART;TZID=Europe/Zurich:20241010T100000",
            "DTEND;TZID=\"Europe/Zurich\":20241010T113000", "RRULE:FREQ=WEEKLY;COUNT=5",
            "EXDATE;TZID=Europe/Zurich:20241017T100000,20241024T100000", "SUMMARY:Réunion des \\, experts",
            " \u{301} plénière", "ORGANIZER;CN=\"Sec; Gen\":mailto:s@x.org", "ATTENDEE:mailto:a@x.org",
            "ATTENDEE:mailto:b@x.org", "X-CUSTOM;X-P=1:yes", "CATEGORIES:A,B",
            "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT5M", "DESCRIPTION:x", "END:VALARM", "END:VEVENT",
            "BEGIN:VTODO", "UID:t1", "DTSTAMP:20240101T000000Z", "END:VTODO",
            "BEGIN:VEVENT", "UID:a2", "DTSTAMP:20240101T000000Z", "DTSTART;TZID=America/Santiago:20240906T230000",
            "DURATION:PT2H", "STATUS:CANCELLED", "SEQUENCE:3", "END:VEVENT",
            chomp(santiago),
            "BEGIN:VEVENT", "UID:a3", "DTSTAMP:20240101T000000Z", "DTSTART;VALUE=DATE:20241025",
            "DTEND;VALUE=DATE:20241027", "RRULE:FREQ=YEARLY;UNTIL=20261025", "END:VEVENT",
            "BEGIN:VEVENT", "UID:a4", "DTSTAMP:20240101T000000Z", "DTSTART;TZID=America/Bogota:20240619T090000",
            "RDATE;VALUE=PERIOD:20240620T090000Z/20240620T100000Z", "END:VEVENT",
            "BEGIN:VEVENT", "UID:a5", "DTSTART:20241010T100000", "END:VEVENT"])
        let second = calendarText(method: nil, ["BEGIN:VEVENT", "UID:b1", "DTSTAMP:20240101T000000Z",
            "DTSTART:20240404T150000Z", "DTEND:20240404T160000Z", "END:VEVENT"])
        return first + second
    }

    @Test("ordinary calendars take the quick path and read as the located path reads them")
    func ordinary() throws {
        for path in Self.files {
            let text = try Self.file(path)
            let quick = try #require(Self.quick(text), "\(path) fell back to the located path")
            #expect(Outcome { quick } == Outcome { try ICalendarReader.parseLocated(text) }, "\(path)")
        }
        let text = try Self.synthetic()
        let quick = try #require(Self.quick(text))
        #expect(quick.events.count == 6)
        #expect(Outcome { quick } == Outcome { try ICalendarReader.parseLocated(text) })
    }

    @Test("what the quick scan cannot vouch for takes the located path", arguments: [
        "DTSTART:20241332T250000",                  // impossible date-time
        "DTSTART;TZID=Mars/Olympus_Mons:20240404T090000",  // unknown zone
        "BEGIN:VALARM",                              // missing END
        "END:VTODO",                                 // END without BEGIN
        "DTSTART;TZID:20240404T090000",              // bare parameter
        "dtſtart:20240404T090000",                   // a name that uppercases to DTSTART
        "SUMMARY:a\u{0}b",                           // NUL: libical would stop there
    ])
    func located(_ line: String) {
        let text = calendarText(["BEGIN:VEVENT", "UID:e1", "DTSTAMP:20240101T000000Z", "DTSTART:20240404T150000Z",
                                 line, "END:VEVENT"])
        #expect(Self.quick(text) == nil)
        #expect(Outcome { try ICalendarReader.parse(text) } == Outcome { try ICalendarReader.parseLocated(text) })
    }

    @Test("libical's errors met on the quick path are located as the located path locates them", arguments: [
        "FOO BAR", "RRULE:FREQ=SOMETIMES", "X-LIC-ERROR:planted", "DTEND:2024XX01T100000",
    ])
    func libicalErrors(_ line: String) throws {
        let event = { (uid: String, extra: [String]) in
            ["BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:20240101T000000Z", "DTSTART:20240404T150000Z"] + extra + ["END:VEVENT"]
        }
        let zone = try SystemZones().vtimezone(for: "Europe/Zurich", from: instant("2024-01-01T00:00:00Z"), through: nil)
        // Errors in an event, in a VTODO between events, in a VTIMEZONE and in the calendar itself,
        // and an event without DTSTART, so that the order of the issues is tested too.
        let text = calendarText(["X-WR-CALNAME:x", line] + event("e1", [line]) + ["BEGIN:VTODO", "UID:t", line, "END:VTODO"]
            + ["BEGIN:VEVENT", "UID:e2", "END:VEVENT"] + event("e3", []) + [chomp(zone)]
            + event("e4", ["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT5M", line, "END:VALARM", line]))
        let quick = try #require(Self.quick(text))
        let located = Outcome { try ICalendarReader.parseLocated(text) }
        #expect(Outcome { quick } == located)
        #expect(quick.issues.count >= 5)
    }

    /// Found by the fuzzer: libical trims the U+001D after `VEVENT` and reads an event that the
    /// raw scans name `VEVENT\u{1D}`; the issues must still come in the located path's order.
    @Test("a component name libical trims takes the located path")
    func trimmedName() {
        let text = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN\r\nBEGIN:VEVENT\u{1D}\r\nUID:r1\r\n"
            + "DTSTAMP:20240101Tccc\r\nEND:VEVENT\u{1D}\r\nEND:VCALENDAR\r\n"
        #expect(Self.quick(text) == nil)
        let located = Outcome { try ICalendarReader.parseLocated(text) }
        #expect(Outcome { try ICalendarReader.parse(text) } == located)
        guard case .read(_, _, _, let issues) = located else { Issue.record("\(located)"); return }
        #expect(issues.map(\.property) == ["DTSTAMP", "DTSTART"])
    }

    /// A small deterministic generator (SplitMix64), so a failure names a reproducible case.
    struct Mix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let pieces = ["\"", ";", ":", ",", "=", " ", "\t", "\r", "\n", "\r\n ", "\r\n", "ſ", "é", "\u{FFFD}", "Z",
                         "13", "99", "/", "TZID=", ";TZID=Mars/X", ";TZID=Europe/Zurich", ";VALUE=PERIOD", "BEGIN:",
                         "END:", "VEVENT", "VALARM", "X-LIC-ERROR:x", "RRULE:FREQ=DAILY;COUNT=2", "\u{0}"]

    /// `text` with one to three random edits of its lines or bytes.
    static func mutate(_ text: String, _ g: inout Mix) -> String {
        var lines = text.components(separatedBy: "\r\n")
        for _ in 0..<Int.random(in: 1...3, using: &g) {
            let i = Int.random(in: 0..<lines.count, using: &g)
            switch Int.random(in: 0..<7, using: &g) {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: Int.random(in: 0...lines.count, using: &g))
            case 2: lines.swapAt(i, Int.random(in: 0..<lines.count, using: &g))
            case 3: lines[i] = lines[i].lowercased()
            case 4: lines.insert("", at: i)
            default:
                var scalars = Array(lines[i].unicodeScalars)
                let at = Int.random(in: 0...scalars.count, using: &g)
                let piece = pieces.randomElement(using: &g)!
                if Bool.random(using: &g), at < scalars.count {
                    scalars.replaceSubrange(at..<min(scalars.count, at + 2), with: piece.unicodeScalars)
                } else {
                    scalars.insert(contentsOf: piece.unicodeScalars, at: at)
                }
                lines[i] = String(String.UnicodeScalarView(scalars))
            }
            if lines.isEmpty { lines = [""] }
        }
        return lines.joined(separator: Bool.random(using: &g) ? "\r\n" : "\n")
    }

    /// 1,500 mutants by default; set `QUICK_PATH_ROUNDS` for a longer run (40,000 agreed when
    /// the quick path was written, about 40 % of them on the quick path).
    @Test("mutated calendars read the same on both paths")
    func mutated() throws {
        let seeds = try Self.files.map(Self.file) + [try Self.synthetic()]
        var g = Mix(state: 40)
        var quickTaken = 0
        let rounds = Int(ProcessInfo.processInfo.environment["QUICK_PATH_ROUNDS"] ?? "") ?? 1_500
        for round in 0..<rounds {
            let seed = seeds[round % seeds.count]
            let text = Self.mutate(seed, &g)
            if Self.quick(text) != nil { quickTaken += 1 }
            let parsed = Outcome { try ICalendarReader.parse(text) }
            let located = Outcome { try ICalendarReader.parseLocated(text) }
            #expect(parsed == located, "round \(round): \(text.debugDescription)")
            if parsed != located { break }
        }
        // Both paths must have been exercised for the comparison to mean something.
        #expect(quickTaken > 100)
        #expect(quickTaken < rounds - 100)
    }
}
