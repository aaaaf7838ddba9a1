import CivilTime
import Testing
@testable import ICalendar

@Suite("ICalendarWriter: feeds written by libical")
struct WriterTests {
    static let header = CalendarHeader(prodID: "-//Cartagena+40//cartagena//EN", method: "PUBLISH",
                                       name: "Cartagena+40, plenaria; todo", description: "Línea 1\nLínea 2",
                                       refreshInterval: "PT12H", timezoneHint: "America/Bogota",
                                       url: "https://example.org/feed.ics")
    static let organizer = Organizer(name: "Secretaría, General", email: "secretaria@example.org")

    /// One session per venue city, at the wall times whose instants are known.
    static let sessions = venueInstants

    static func spec(_ n: Int, zone: String, local: String) -> EventSpec {
        let start = wall(local)
        let end = LocalDateTime(secondsAsIfUTC: start.secondsAsIfUTC + 5400)
        return EventSpec(uid: "session-\(n)@cartagena", dtstamp: instant("2024-01-01T00:00:00Z"),
                         start: .local(start, tzid: zone), end: .local(end, tzid: zone),
                         summary: "Sesión \(n): diálogo, acción; \\ revisión", organizer: organizer)
    }

    /// A feed with one truncated VTIMEZONE per zone, starting at its earliest session.
    static func feed() throws -> String {
        let zones = SystemZones()
        var earliest: [String: Instant] = [:]
        for (zone, local, _) in sessions {
            let i = try #require(zones.resolve(wall(local), in: zone)?.instant)
            earliest[zone] = min(earliest[zone] ?? i, i)
        }
        let vtz = try earliest.keys.sorted().map { try zones.vtimezone(for: $0, from: earliest[$0]!, through: nil) }
        let events = sessions.enumerated().map { ICalendarWriter.event(spec($0.offset, zone: $0.element.0, local: $0.element.1)) }
        return ICalendarWriter.calendar(header: header, timezones: vtz, events: events)
    }

    @Test("times read back through the embedded VTIMEZONEs are the known instants")
    func roundTrip() throws {
        let text = try Self.feed()
        let cal = try ICalendarReader.parse(text)
        #expect(cal.issues == [])
        #expect(cal.properties["NAME"] == Self.header.name)
        #expect(cal.properties["X-WR-CALNAME"] == Self.header.name)
        #expect(cal.properties["X-WR-CALDESC"] == "Línea 1\nLínea 2")
        #expect(cal.properties["REFRESH-INTERVAL"] == "PT12H")
        #expect(cal.events.count == Self.sessions.count)
        #expect(Set(cal.timezoneIDs) == Set(Self.sessions.map(\.0)))
        for (n, (zone, local, utc)) in Self.sessions.enumerated() {
            let e = try #require(cal.events.first { $0.uid == "session-\(n)@cartagena" })
            #expect(e.start == .local(wall(local), tzid: zone))
            #expect(e.startInstant == instant(utc), "\(zone) \(local)")
            #expect(e.endInstant == instant(utc).adding(seconds: 5400))
            #expect(e.zoneDefinition?.contains("TZID:\(zone)\r\n") == true)
            #expect(text.contains("DTSTART;TZID=\(zone):\(wall(local).basic)\r\n"))
        }
    }

    @Test("lines are CRLF, at most 75 octets, and folds never split a UTF-8 sequence")
    func folding() throws {
        let long = String(repeating: "Reunião de coordenação çãõ — año niño 🇨🇴🎉 déjà vu ", count: 12)
        var e = Self.spec(1, zone: "America/Bogota", local: "2024-06-19T09:00")
        e.description = long
        e.location = String(repeating: "🏛️", count: 40)
        let text = ICalendarWriter.calendar(header: Self.header, timezones: [], events: [ICalendarWriter.event(e)])
        let bytes = Array(text.utf8)
        var lines: [[UInt8]] = [], current: [UInt8] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x0D, i + 1 < bytes.count, bytes[i + 1] == 0x0A {
                lines.append(current); current = []; i += 2; continue
            }
            #expect(bytes[i] != 0x0A && bytes[i] != 0x0D, "a bare line break at byte \(i)")
            current.append(bytes[i]); i += 1
        }
        #expect(current.isEmpty, "the text does not end with CRLF")
        #expect(lines.count > 20)
        for l in lines {
            #expect(l.count <= 75, "\(l.count) octets: \(String(decoding: l, as: UTF8.self))")
            #expect(String(validating: l, as: UTF8.self) != nil, "a fold split a UTF-8 sequence")
        }
        let back = try ICalendarReader.parse(text)
        #expect(back.events.first?.properties["DESCRIPTION"] == String(long.dropLast()), "without the trailing space")
        #expect(back.events.first?.properties["LOCATION"] == e.location)
    }

    @Test("TEXT escaping of comma, semicolon, backslash and newlines round-trips")
    func escaping() throws {
        var e = Self.spec(2, zone: "Europe/Zurich", local: "2024-10-25T10:00")
        e.summary = "a, b; c \\ d\ne"
        e.description = "uno\r\ndos\rtres\ncuatro"
        e.location = "Palais des Nations, Salle XX; Genève"
        e.categories = ["Plenary", "Peace, Security"]
        let text = ICalendarWriter.event(e)
        #expect(text.contains("SUMMARY:a\\, b\\; c \\\\ d\\ne\r\n"))
        let cal = try ICalendarReader.parse(calendarText([try SystemZones().vtimezone(
            for: "Europe/Zurich", from: instant("2024-10-25T08:00:00Z"), through: nil), text].map(chomp)))
        let back = try #require(cal.events.first)
        #expect(back.summary == e.summary)
        #expect(back.properties["DESCRIPTION"] == "uno\ndos\ntres\ncuatro")
        #expect(back.properties["LOCATION"] == e.location)
        #expect(back.properties["CATEGORIES"] == "Plenary,Peace Security")
    }

    @Test("the header carries VERSION, PRODID, METHOD, names and refresh hints, without END")
    func header() {
        let h = ICalendarWriter.header(Self.header)
        #expect(h.hasPrefix("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Cartagena+40//cartagena//EN\r\n"
            + "CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\nNAME:Cartagena+40\\, plenaria\\; todo\r\n"
            + "X-WR-CALNAME:Cartagena+40\\, plenaria\\; todo\r\n"))
        #expect(h.contains("DESCRIPTION:Línea 1\\nLínea 2\r\nX-WR-CALDESC:Línea 1\\nLínea 2\r\n"))
        #expect(h.contains("REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\nX-PUBLISHED-TTL:PT12H\r\n"))
        #expect(h.contains("X-WR-TIMEZONE:America/Bogota\r\n"))
        #expect(!h.contains("END:VCALENDAR"))
        #expect(ICalendarWriter.footer == "END:VCALENDAR\r\n")
        #expect(ICalendarWriter.isValidDuration("PT12H"))
        #expect(!ICalendarWriter.isValidDuration("twelve hours"))
    }

    @Test("every property is written in a fixed order")
    func fullEvent() {
        let e = EventSpec(uid: "u1", dtstamp: instant("2024-01-02T03:04:05Z"),
                          start: .date(day("2024-10-25")), end: .date(day("2024-10-26")), summary: "Día libre",
                          description: "d", location: "l", geo: GeoPoint(lat: 46.2, lon: 6.15),
                          categories: ["A", "B"], status: .confirmed, organizer: Self.organizer, sequence: 3,
                          lastModified: instant("2024-01-03T00:00:00Z"), created: instant("2024-01-01T00:00:00Z"),
                          url: "https://example.org/e/1", classification: .public, language: "es")
        let names = ICalendarWriter.event(e).split(separator: "\r\n").map { $0.prefix { $0 != ":" && $0 != ";" } }
        #expect(names == ["BEGIN", "UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "LOCATION", "GEO",
                          "CATEGORIES", "CATEGORIES", "STATUS", "ORGANIZER", "SEQUENCE", "CREATED", "LAST-MODIFIED",
                          "URL", "CLASS", "END"])
        let text = ICalendarWriter.event(e)
        #expect(text.contains("DTSTART;VALUE=DATE:20241025\r\n"))
        #expect(text.contains("SUMMARY;LANGUAGE=es:Día libre\r\n"))
        #expect(text.contains("ORGANIZER;CN=\"Secretaría, General\":mailto:secretaria@example.org\r\n"))
        #expect(text.contains("DTSTAMP:20240102T030405Z\r\n"))
        #expect(ICalendarWriter.event(e) == text, "same input, same bytes")
    }

    @Test("CLASS added to a written event gives the bytes libical writes with it", arguments: [EventClass.private, .public, .confidential])
    func classifiedCopy(_ c: EventClass) {
        var e = EventSpec(uid: "u1", dtstamp: instant("2024-01-02T03:04:05Z"),
                          start: .date(day("2024-10-25")), end: .date(day("2024-10-26")),
                          summary: String(repeating: "Sesión larga, con acentos; ", count: 6),
                          description: "d\nline 2 \\ end", location: "l", geo: GeoPoint(lat: 46.2, lon: 6.15),
                          categories: ["A", "B"], status: .tentative, organizer: Self.organizer, sequence: 3,
                          lastModified: instant("2024-01-03T00:00:00Z"), url: "https://example.org/e/1", language: "es")
        let plain = ICalendarWriter.event(e)
        e.classification = c
        #expect(ICalendarWriter.event(plain, classifiedAs: c) == ICalendarWriter.event(e))
        #expect(ICalendarWriter.event(ICalendarWriter.event(Self.spec(1, zone: "Europe/Zurich", local: "2024-10-27T02:30")), classifiedAs: c)
                .hasSuffix("\r\nCLASS:\(c.rawValue)\r\nEND:VEVENT\r\n"))
    }

    @Test("the same feed twice is byte-identical, and it validates clean")
    func deterministic() throws {
        let a = try Self.feed(), b = try Self.feed()
        #expect(a == b)
        #expect(ICalendarValidator.validate(a) == [])
    }

    @Test("a .local time in UTC is written with Z")
    func localUTC() {
        var e = Self.spec(3, zone: "UTC", local: "2024-06-19T09:00")
        e.end = .utc(instant("2024-06-19T10:00:00Z"))
        let text = ICalendarWriter.event(e)
        #expect(text.contains("DTSTART:20240619T090000Z\r\n"))
        #expect(!text.contains("TZID"))
    }
}
