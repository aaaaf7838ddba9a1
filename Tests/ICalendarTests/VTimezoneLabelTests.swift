import CivilTime
import Testing
@testable import ICalendar

/// What readers other than libical need from a truncated VTIMEZONE and from text X- properties.
@Suite("VTIMEZONE and X- properties as every reader expects")
struct VTimezoneLabelTests {
    let zones = SystemZones()

    /// The observances of a VTIMEZONE text: (kind, TZNAME, TZOFFSETFROM, TZOFFSETTO, DTSTART), in order.
    func observances(_ text: String) -> [[String]] {
        var out: [[String]] = []
        var current: [String: String] = [:]
        var kind: String?
        for line in text.split(separator: "\r\n").map(String.init) {
            if line == "BEGIN:STANDARD" || line == "BEGIN:DAYLIGHT" {
                kind = String(line.dropFirst(6)); current = [:]
            } else if line.hasPrefix("END:"), let k = kind {
                out.append([k, current["TZNAME"] ?? "", current["TZOFFSETFROM"] ?? "", current["TZOFFSETTO"] ?? "",
                            current["DTSTART"] ?? ""])
                kind = nil
            } else if kind != nil, let colon = line.firstIndex(of: ":") {
                current[String(line[..<colon])] = String(line[line.index(after: colon)...])
            }
        }
        return out
    }

    /// The observance in force at the start is the real change (its TZOFFSETFROM differs from its
    /// TZOFFSETTO, which is where dateutil and python icalendar read dst() from), after an opening
    /// observance holding the offset before it.
    /// `20240331T020000` as `2024-03-31T02:00:00`.
    func isoOf(_ basic: String) -> String {
        let c = Array(basic)
        return String(c[0..<4]) + "-" + String(c[4..<6]) + "-" + String(c[6..<8]) + "T"
            + String(c[9..<11]) + ":" + String(c[11..<13]) + ":" + String(c[13..<15])
    }

    @Test("a summer start in Zurich is covered by the DAYLIGHT change of 31 March, and no TZUNTIL")
    func zurichSummerStart() throws {
        let text = try zones.vtimezone(for: "Europe/Zurich", from: instant("2024-10-24T08:00:00Z"),
                                       through: instant("2025-01-02T00:00:00Z"))
        #expect(!text.contains("TZUNTIL"))
        #expect(observances(text) == [["STANDARD", "CET", "+0100", "+0100", "20240330T020000"],
                                      ["DAYLIGHT", "CEST", "+0100", "+0200", "20240331T020000"],
                                      ["STANDARD", "CET", "+0200", "+0100", "20241027T030000"]])
    }

    /// libical wrote the second onset of the September change as `RDATE:20240908T040000Z` (UTC,
    /// where RFC 5545 asks for local time): it is an observance of its own.
    @Test("Santiago across 6 April and 8 September 2024: one observance per change, no RDATE")
    func santiagoBothChanges() throws {
        let text = try zones.vtimezone(for: "America/Santiago", from: instant("2024-04-01T12:00:00Z"),
                                       through: instant("2024-12-31T00:00:00Z"))
        #expect(!text.contains("TZUNTIL"))
        #expect(!text.contains("RDATE"))
        #expect(observances(text) == [["STANDARD", "-04", "-0400", "-0400", "20230902T000000"],
                                      ["DAYLIGHT", "-03", "-0400", "-0300", "20230903T000000"],
                                      ["STANDARD", "-04", "-0300", "-0400", "20240407T000000"],
                                      ["DAYLIGHT", "-03", "-0400", "-0300", "20240908T000000"]])
    }

    /// Zones whose standard and daylight names are known; every month of 2024 as a start, with and
    /// without an end: each block's label agrees with its name.
    @Test("every observance's label agrees with its TZNAME", arguments: [
        ("Europe/Zurich", "CET", "CEST"), ("America/New_York", "EST", "EDT"),
        ("Australia/Sydney", "AEST", "AEDT"), ("America/Santiago", "-04", "-03"),
    ])
    func labelsAgreeWithNames(zone: String, standard: String, daylight: String) throws {
        for month in 1...12 {
            let start = instant("2024-\(month < 10 ? "0" : "")\(month)-15T12:00:00Z")
            for end in [nil, start.adding(seconds: 200 * 86_400)] {
                let text = try zones.vtimezone(for: zone, from: start, through: end)
                #expect(!text.contains("TZUNTIL"))
                #expect(!text.contains("RDATE"))
                let blocks = observances(text)
                #expect(!blocks.isEmpty)
                for b in blocks {
                    #expect(b[1] == (b[0] == "DAYLIGHT" ? daylight : standard), "\(zone) from \(month)/2024: \(b)")
                }
                // The block in force at the start is a real change (TZOFFSETFROM differs from
                // TZOFFSETTO): dateutil and python icalendar read dst() from that difference.
                let startWall = LocalDateTime(secondsAsIfUTC: start.secondsSince1970
                    + Int64(zones.utcOffset(at: start, in: zone) ?? 0))
                let inForce = blocks.last { LocalDateTime(iso: isoOf($0[4]))! <= startWall }
                #expect(inForce != nil && inForce?[2] != inForce?[3], "\(zone) from \(month)/2024: \(blocks)")
            }
        }
    }

    @Test("text X- properties are escaped as TEXT and read back whole")
    func xTextEscaping() throws {
        let name = "Cartagena+40 Process: Venue, to be confirmed; \\ Bogotá"
        let description = String(repeating: "Consultas regionales, ministerial; día \\ año 🇨🇴\n", count: 6)
        let header = CalendarHeader(prodID: "-//T//T//EN", method: "PUBLISH", name: name, description: description,
                                    refreshInterval: "PT1H", timezoneHint: "America/Bogota")
        let h = ICalendarWriter.header(header)
        #expect(h.contains("\r\nX-WR-CALNAME:Cartagena+40 Process: Venue\\, to be confirmed\\; \\\\ Bogotá\r\n"))
        #expect(h.contains("\r\nX-WR-CALDESC:Consultas regionales\\, ministerial\\; día \\\\ año"))
        #expect(h.contains("\r\nX-PUBLISHED-TTL:PT1H\r\nX-WR-TIMEZONE:America/Bogota\r\n"))
        for line in h.split(separator: "\r\n") {
            #expect(line.utf8.count <= 75, "\(line.utf8.count) octets: \(line)")
        }
        let back = try ICalendarReader.parse(h + ICalendarWriter.footer)
        #expect(back.properties["X-WR-CALNAME"] == name)
        #expect(back.properties["NAME"] == name)
        #expect(back.properties["X-WR-CALDESC"] == description)
        #expect(back.properties["X-WR-CALDESC"] == back.properties["DESCRIPTION"])
        #expect(back.properties["X-WR-TIMEZONE"] == "America/Bogota")
    }

    @Test("a value that quotes a placeholder line is written as given")
    func placeholderInValue() throws {
        let name = "x X-WR-CALNAME:cartagena-x-text-0"
        let h = ICalendarWriter.header(CalendarHeader(prodID: "-//T//T//EN", name: name, description: "d"))
        let back = try ICalendarReader.parse(h + ICalendarWriter.footer)
        #expect(back.properties["X-WR-CALNAME"] == name)
        #expect(back.properties["NAME"] == name)
        #expect(back.properties["X-WR-CALDESC"] == "d")
    }
}
