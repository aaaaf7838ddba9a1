import CivilTime
import Diagnostics
import Foundation
import ICalendar
import Planner
import Testing

/// A one-venue programme whose session line is line 17, so tests can point at exact places.
private func programme(venueZone: String = "America/Santiago", rooms: String = "[{id: plenary, capacity: 400}, {id: sala-b}]",
                       activity: String = "start: 2024-12-11\n    end: 2024-12-12",
                       session: String = "{id: s1, title: {en: Opening}, room: plenary, start: 2024-12-11T09:00, end: 2024-12-11T10:30}") -> String {
    """
    programme:
      id: t
      title: {en: Test}
      organiser: {name: Secretariat, email: s@example.org}
      updated: 2024-03-01T12:00:00Z
    venues:
      - id: cepal
        name: {en: ECLAC}
        city: Santiago
        country: CHL
        timezone: \(venueZone)
        rooms: \(rooms)
    activities:
      - {id: a1, kind: ministerial, title: {en: A}, venue: cepal, status: confirmed,
         \(activity.replacingOccurrences(of: "\n    ", with: ", ")),
         sessions: [
          \(session)]}

    """
}

private func load(_ text: String) throws(DiagnosticError) -> ProgrammeLoader.Result {
    try ProgrammeLoader(zones: SystemZones()).load(text: text, path: "p.yaml")
}

private func errors(_ text: String) -> [Diagnostic] {
    do {
        _ = try load(text)
        return []
    } catch {
        return error.diagnostics
    }
}

@Suite("programme loader")
struct ProgrammeLoaderTests {
    @Test("the fixture programme loads with instants from the venue zones")
    func loadsFixture() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml"))
        let text = try String(contentsOf: url, encoding: .utf8)
        let result = try load(text)
        let p = result.programme
        #expect(p.venues.map(\.id) == ["palais", "cepal"])
        let sessions = Dictionary(uniqueKeysWithValues: p.scheduledSessions.map { ($0.session.id.rawValue, $0.session) })
        #expect(sessions["r1"]?.startInstant == Instant(iso: "2024-10-25T08:00:00Z"))
        #expect(sessions["r2"]?.startInstant == Instant(iso: "2024-10-28T09:00:00Z"))
        #expect(sessions["m1"]?.startInstant == Instant(iso: "2024-12-11T12:00:00Z"))
        #expect(p.activity("civil")?.dates == .months(LocalDate(year: 2024, month: 8, day: 1)!, LocalDate(year: 2024, month: 8, day: 1)!))
        #expect(p.activity("civil")?.venue == nil)
        #expect(result.diagnostics.map(\.code) == ["date-to-be-confirmed"])
    }

    @Test("the valid base programme loads")
    func baseLoads() throws {
        let r = try load(programme())
        #expect(r.programme.activities.first?.sessions.first?.startInstant == Instant(iso: "2024-12-11T12:00:00Z"))
    }

    @Test("an unknown room names the session, the venue's rooms and the place")
    func unknownRoom() {
        let d = errors(programme(session: "{id: c1-opening, title: {en: O}, room: plenry, start: 2024-12-11T09:00, end: 2024-12-11T10:30}"))
        #expect(d.count == 1)
        #expect(d.first?.code == "unknown-room")
        #expect(d.first?.message == "unknown room 'plenry' in session 'c1-opening' (did you mean 'plenary'?); rooms of venue 'cepal': plenary, sala-b")
        #expect(d.first?.location == SourceLocation(file: "p.yaml", line: 17, column: 46))
    }

    @Test("an impossible date is an error at the value")
    func impossibleDate() {
        let d = errors(programme(activity: "start: 2024-02-30\n    end: 2024-12-12"))
        #expect(d.map(\.code) == ["invalid-date"])
        #expect(d.first?.location?.line == 15)
        #expect(d.first?.message.contains("'2024-02-30' is not a date") == true)
    }

    @Test("a local time in the Santiago DST gap does not exist")
    func dstGap() {
        let d = errors(programme(activity: "start: 2024-09-07\n    end: 2024-09-08",
                                 session: "{id: s1, title: {en: Night}, room: plenary, start: 2024-09-08T00:30, end: 2024-09-08T02:00}"))
        #expect(d.map(\.code) == ["nonexistent-local-time"])
        #expect(d.first?.message == "2024-09-08T00:30 does not exist in America/Santiago: clocks jump from UTC-04:00 to UTC-03:00 (daylight saving); move session 's1' out of the gap")
        #expect(d.first?.location == SourceLocation(file: "p.yaml", line: 17, column: 58))
    }

    @Test("a local time in the Geneva DST overlap is ambiguous")
    func dstOverlap() {
        let d = errors(programme(venueZone: "Europe/Zurich", activity: "start: 2024-10-27\n    end: 2024-10-27",
                                 session: "{id: s1, title: {en: Late}, room: plenary, start: 2024-10-27T02:30, end: 2024-10-27T04:00}"))
        #expect(d.map(\.code) == ["ambiguous-local-time"])
        #expect(d.first?.message.contains("at 2024-10-27T00:30:00Z, UTC+02:00, and at 2024-10-27T01:30:00Z, UTC+01:00") == true)
    }

    @Test("an unknown time zone is an error naming the venue")
    func unknownZone() {
        let d = errors(programme(venueZone: "Europe/Geneva"))
        #expect(d.map(\.code) == ["unknown-timezone"])
        #expect(d.first?.location == SourceLocation(file: "p.yaml", line: 11, column: 15))
        #expect(d.first?.message.contains("(Geneva is Europe/Zurich)") == true)
    }

    @Test("a session outside its activity's days is an error")
    func outsideActivity() {
        let d = errors(programme(session: "{id: s1, title: {en: O}, room: plenary, start: 2024-12-13T09:00, end: 2024-12-13T10:30}"))
        #expect(d.map(\.code) == ["session-outside-activity"])
        #expect(d.first?.message == "session 's1' on 2024-12-13 is outside its activity 'a1' (2024-12-11 to 2024-12-12)")
    }

    @Test("a session must end after it starts")
    func endBeforeStart() {
        let d = errors(programme(session: "{id: s1, title: {en: O}, room: plenary, start: 2024-12-11T10:00, end: 2024-12-11T10:00}"))
        #expect(d.map(\.code) == ["end-before-start"])
    }

    @Test("unknown keys are errors with the nearest allowed key")
    func unknownKey() {
        let d = errors(programme(session: "{id: s1, title: {en: O}, rom: plenary, start: 2024-12-11T09:00, end: 2024-12-11T10:30}"))
        #expect(d.map(\.code).sorted() == ["missing-key", "unknown-key"])
        let unknown = d.first { $0.code == "unknown-key" }
        #expect(unknown?.message.hasPrefix("unknown key 'rom' in a session; did you mean 'room'?") == true)
        #expect(unknown?.location == SourceLocation(file: "p.yaml", line: 17, column: 32))
    }

    @Test("wrong types are errors")
    func wrongType() {
        let d = errors(programme(rooms: "[{id: plenary, capacity: lots}]"))
        #expect(d.map(\.code) == ["wrong-type"])
        #expect(d.first?.location?.line == 12)
    }

    @Test("duplicate keys are errors")
    func duplicateKeys() {
        let text = programme().replacingOccurrences(of: "  id: t\n", with: "  id: t\n  id: u\n")
        let d = errors(text)
        #expect(d.map(\.code) == ["duplicate-key"])
    }

    @Test("broken YAML gives the scanner's place")
    func syntax() {
        let d = errors("programme: {id: [\n")
        #expect(d.map(\.code) == ["yaml-syntax"])
        #expect(d.first?.location?.file == "p.yaml")
    }

    @Test("an empty file says what a programme needs")
    func empty() {
        #expect(errors("").map(\.code) == ["empty-file"])
    }

    @Test("a confirmed activity needs exact dates")
    func confirmedMonth() {
        let d = errors(programme(activity: "start: 2024-08", session: "").replacingOccurrences(of: ",\n     sessions: [\n      ]", with: ""))
        #expect(d.contains { $0.code == "invalid-date" })
    }
}
