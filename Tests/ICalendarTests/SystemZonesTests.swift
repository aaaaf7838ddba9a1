import CivilTime
import Testing
@testable import ICalendar

@Suite("SystemZones: libical over the system tz database")
struct SystemZonesTests {
    let zones = SystemZones()

    /// (zone, venue wall time, the instant it is), checked by hand and against `zdump`.
    static let truths = venueInstants

    @Test("venue wall times resolve to the known instants", arguments: 0..<truths.count)
    func knownInstants(_ n: Int) throws {
        let (zone, local, utc) = Self.truths[n]
        let r = try #require(zones.resolve(wall(local), in: zone))
        #expect(r == .unique(instant(utc), offsetSeconds: Int(wall(local).secondsAsIfUTC - instant(utc).secondsSince1970)))
        #expect(r.instant == instant(utc), "\(zone) \(local)")
    }

    @Test("libical's offsets agree with zdump", arguments: 0..<truths.count)
    func agreesWithZdump(_ n: Int) throws {
        let (zone, local, _) = Self.truths[n]
        guard let table = try ZdumpTable(zone: zone, years: 1970...2025) else {
            Issue.record("zdump not found in /usr/sbin or /usr/bin; install tzdata's zdump to run this check")
            return
        }
        #expect(!table.steps.isEmpty, "zdump gave no transitions for \(zone)")
        let r = try #require(zones.resolve(wall(local), in: zone)?.instant)
        let zdumpOffset = try #require(table.offset(at: r))
        #expect(zones.utcOffset(at: r, in: zone) == zdumpOffset)
        #expect(r.secondsSince1970 == wall(local).secondsAsIfUTC - Int64(zdumpOffset))
        // Every transition zdump lists in 2024 is seen by libical too.
        for (at, offset) in table.steps where at.utc.date.year == 2024 {
            #expect(zones.utcOffset(at: at, in: zone) == offset, "\(zone) at \(at)")
        }
    }

    @Test("a wall time in the Santiago spring-forward gap is a gap")
    func gap() {
        let r = zones.resolve(wall("2024-09-08T00:30"), in: "America/Santiago")
        #expect(r == .gap(offsetBefore: -4 * 3600, offsetAfter: -3 * 3600))
    }

    @Test("a wall time in the Zurich fall-back overlap has both instants")
    func overlap() {
        let r = zones.resolve(wall("2024-10-27T02:30"), in: "Europe/Zurich")
        #expect(r == .overlap(earlier: instant("2024-10-27T00:30:00Z"), later: instant("2024-10-27T01:30:00Z"),
                              offsetEarlier: 7200, offsetLater: 3600))
    }

    @Test("UTC is known, nonsense is not")
    func known() {
        #expect(zones.isKnown("UTC"))
        #expect(zones.isKnown("Europe/Zurich"))
        #expect(!zones.isKnown("Europe/Atlantis"))
        #expect(!zones.isKnown(""))
        #expect(!zones.isKnown("../../etc/passwd"))
        #expect(zones.utcOffset(at: instant("2024-01-01T00:00:00Z"), in: "UTC") == 0)
        #expect(zones.utcOffset(at: instant("2024-01-01T00:00:00Z"), in: "Mars/Olympus") == nil)
    }

    @Test("a VTIMEZONE is small, plainly named and has no libical extras")
    func vtimezone() throws {
        let text = try zones.vtimezone(for: "America/Santiago", from: instant("2024-04-04T15:00:00Z"), through: nil)
        #expect(text.hasPrefix("BEGIN:VTIMEZONE\r\nTZID:America/Santiago\r\n"))
        #expect(text.hasSuffix("END:VTIMEZONE\r\n"))
        #expect(text.utf8.count < 1100, "\(text.utf8.count) bytes")
        #expect(!text.contains("freeassociation"))
        #expect(!text.contains("X-LIC-LOCATION"))
        let again = try zones.vtimezone(for: "America/Santiago", from: instant("2024-04-04T15:00:00Z"), through: nil)
        #expect(again == text)
    }

    @Test("no VTIMEZONE for UTC or an unknown zone")
    func vtimezoneErrors() {
        let at = instant("2024-01-01T00:00:00Z")
        #expect(throws: ICalendarError.self) { try zones.vtimezone(for: "UTC", from: at, through: nil) }
        do {
            _ = try zones.vtimezone(for: "Europe/Atlantis", from: at, through: nil)
            Issue.record("no error for an unknown zone")
        } catch let e as ICalendarError {
            #expect(e.issues.map(\.kind) == [.unknownTimezone])
            #expect(e.description.contains("'Europe/Atlantis'"))
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }
}
