import Diagnostics
import Foundation
import Checks
import Planner
import Testing

/// Every conflict planted in `Fixtures/conflicts.yaml` (with `registrations.csv`, the venue
/// calendar `holidays/mexico-test.ics` and `--against assembly.ics`), and nothing else.
@Suite("checks on planted conflicts")
struct ConflictChecksTests {
    static let planted = [
        "cancelled-reference conflicts.yaml:76:9 warning",
        "cancelled-reference conflicts.yaml:94:9 warning",
        "cancelled-reference registrations.csv:8:1 warning",
        "date-to-be-confirmed conflicts.yaml:98:12 note",
        "holiday conflicts.yaml:66:9 warning",
        "outside-event conflicts.yaml:75:9 warning",
        "outside-event conflicts.yaml:85:9 warning",
        "outside-opening-hours conflicts.yaml:54:9 error",
        "over-capacity registrations.csv:5:6 error",
        "overlapping-sessions registrations.csv:6:6 warning",
        "person-overlap conflicts.yaml:55:9 error",
        "room-overlap conflicts.yaml:52:9 error",
        "tentative conflicts.yaml:86:9 note",
        "tentative conflicts.yaml:95:5 note",
        "travel-time conflicts.yaml:85:9 error",
        "travel-time registrations.csv:7:1 error",
        "venue-overlap conflicts.yaml:57:5 warning",
    ]

    func report() throws -> CheckReport {
        try check("conflicts.yaml", registrations: "registrations.csv", against: ["assembly.ics"])
    }

    func findings(_ code: String) throws -> [Diagnostic] {
        try report().diagnostics.filter { $0.code == code }
    }

    @Test("exactly the planted findings, at their places")
    func exactlyPlanted() throws {
        let r = try report()
        #expect(r.diagnostics.map(place).sorted() == Self.planted)
        #expect(r.counts == ["sessions": 13, "rooms": 5, "venues": 3, "activities": 6, "people": 2, "registrants": 8,
                             "calendars": 2, "calendar_events": 4])
    }

    @Test("room-overlap: two sessions in one room at once; the touching one is not reported")
    func roomOverlap() throws {
        let d = try #require(try findings("room-overlap").first)
        #expect(try findings("room-overlap").count == 1)
        #expect(d.message == "room 'plenary' of venue 'sre' double-booked: 'mx-opening' 2024-04-04 09:00–10:00 overlaps 'mx-panel' 2024-04-04 09:30–11:00 (America/Mexico_City); move one session to another room or time")
        #expect(d.subjects == ["mx-opening", "mx-panel"])
        #expect(d.notes == ["'mx-opening' is at conflicts.yaml:51:9"])
    }

    @Test("outside-opening-hours: a session before the venue opens")
    func openingHours() throws {
        let d = try #require(try findings("outside-opening-hours").first)
        #expect(d.message == "session 'mx-early' 2024-04-04 07:00–08:30 is outside the opening hours of venue 'sre' (08:00–20:00, America/Mexico_City); move it within them or change the venue's 'hours'")
        #expect(d.notes == ["the hours are declared at conflicts.yaml:17:5"])
    }

    @Test("venue-overlap: two activities at one venue on the same day; the cancelled one is left out")
    func venueOverlap() throws {
        let all = try findings("venue-overlap")
        #expect(all.count == 1)
        #expect(all.first?.message == "activities 'mx-consult' (2024-04-04 to 2024-04-05) and 'mx-side-event' (2024-04-05 to 2024-04-06) both use venue 'sre' on 2024-04-05; if they share it deliberately, make sure their rooms and sessions do not collide")
        #expect(all.first?.severity == .warning)
    }

    @Test("person-overlap: a chair who also speaks elsewhere; a registrant in two activities at once is one overlapping-sessions finding")
    func personOverlap() throws {
        let all = try findings("person-overlap")
        #expect(all.map(place) == ["person-overlap conflicts.yaml:55:9 error"])
        #expect(all[0].message == "person 'ana' is booked into overlapping sessions: 'mx-opening' 2024-04-04 09:00–10:00 (America/Mexico_City) and 'mx-side' 2024-04-04 09:45–10:30 (America/Mexico_City); replace them in one session or move it")
        #expect(all[0].subjects == ["ana", "mx-opening", "mx-side"])
        // One rule, one finding: the registrant's overlap is the list's own finding, not also a person-overlap.
        let registrant = try findings("overlapping-sessions")
        #expect(registrant.map(place) == ["overlapping-sessions registrations.csv:6:6 warning"])
        #expect(registrant.first?.message.contains("'side-0'") == true && registrant.first?.message.contains("'mx-closing'") == true)
    }

    @Test("travel-time: Bogotá to Geneva in 14 h where 30 h are needed, for a chair and a registrant")
    func travel() throws {
        let all = try findings("travel-time")
        #expect(all.count == 2)
        #expect(all[0].message == "person 'cleo' cannot get from Bogotá to Geneva in time: 'bog-2' ends 2024-04-07 12:00 (America/Bogota) and 'gva-1' starts 2024-04-08 09:00 (Europe/Zurich); gap 14 h, needed 30 h; move a session or change the 'transfers' minimum")
        #expect(all[1].message.hasPrefix("the registrant on this row cannot get from Bogotá to Geneva in time"))
    }

    @Test("over-capacity: six registrants for a room of three, at the fourth one's row")
    func capacity() throws {
        let d = try #require(try findings("over-capacity").first)
        #expect(d.message == "session 'mx-closing' 2024-04-05 16:00–17:00 has 6 registrants but room 'plenary' of venue 'sre' holds 3 (3 too many); this row is the first beyond it: move the session to a larger room or close its registration")
        #expect(d.location == SourceLocation(file: "registrations.csv", line: 5, column: 6), "the list's own finding, at its sessions column")
        #expect(d.cell?.header == "sessions" && d.cell?.value == "mx-closing")
        // The whole-activity registrant on row 9 holds three parallel sessions and is counted in none.
        #expect(try findings("person-overlap").allSatisfy { $0.location?.line != 9 })
    }

    @Test("holiday: only for sessions at the venue whose calendar it is")
    func holiday() throws {
        let all = try findings("holiday")
        #expect(all.count == 1, "'Only in Mexico' on 8 April must not flag the Geneva sessions")
        #expect(all.first?.message == "session 'side-1' 2024-04-06 10:00–11:00 at venue 'sre' falls on the holiday 'Día de prueba' (on 2024-04-06); check that the venue is open and delegates can attend, or move the session")
        #expect(all.first?.notes == ["'Día de prueba' is the VEVENT at holidays/mexico-test.ics:5:1"])
    }

    @Test("outside-event: a timed assembly and a yearly all-day event from 2000 with no end")
    func outsideEvent() throws {
        let all = try findings("outside-event")
        #expect(all.map(\.message) == [
            "session 'bog-2' 2024-04-07 09:00–12:00 (America/Bogota) falls on 'Founders' day' (on 2024-04-07) of 'assembly.ics'; check that the two can coexist, or move the session",
            "session 'gva-1' 2024-04-08 09:00–10:00 (Europe/Zurich) falls on 'Assembly' (2024-04-08 06:30–07:30 UTC) of 'assembly.ics'; check that the two can coexist, or move the session",
        ])
        #expect(all.map(\.notes) == [["'Founders' day' is the VEVENT at assembly.ics:11:1"], ["'Assembly' is the VEVENT at assembly.ics:4:1"]])
    }

    @Test("tentative: a tentative activity and a tentative session are notes")
    func tentative() throws {
        let all = try findings("tentative")
        #expect(all.map(\.severity) == [.note, .note])
        #expect(all.map(\.message) == ["session 'gva-2' 2024-04-08 14:00–15:00 is tentative",
                                       "activity 'tbc' is tentative; its dates and sessions may still change"])
    }

    @Test("cancelled-reference: a chair in a cancelled session, a confirmed session of a cancelled activity, a registrant")
    func cancelled() throws {
        let all = try findings("cancelled-reference")
        #expect(all.map(\.message) == [
            "cancelled session 'bog-x' 2024-04-07 10:00–11:00 still lists chair 'ana'; tell them and remove them, or restore the session",
            "session 'old-1' is 'confirmed' but its activity 'old' is cancelled; cancel the session too or restore the activity",
            "1 registrant is registered for cancelled session 'bog-x' (the first on this row); tell them, or restore the session",
        ])
        // A cancelled session occupies no room: 'bog-x' overlaps 'bog-2' in the same room, 'old-1' overlaps 'gva-1'.
        #expect(try findings("room-overlap").count == 1)
    }

    @Test("text output: one compiler-style line per finding, grouped by code, a summary of what was checked")
    func text() throws {
        let text = try report().text(colour: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.contains("conflicts.yaml:52:9: error: room 'plenary' of venue 'sre' double-booked: 'mx-opening' 2024-04-04 09:00–10:00 overlaps 'mx-panel' 2024-04-04 09:30–11:00 (America/Mexico_City); move one session to another room or time [room-overlap]"))
        let findingLines = lines.filter { $0.contains(": error: ") || $0.contains(": warning: ") || $0.contains(": note: ") }
        #expect(findingLines.count == Self.planted.count)
        #expect(findingLines.allSatisfy { $0.hasSuffix("]") })
        // Errors' groups come first: the first line is an error, and each code's lines are together.
        #expect(findingLines.first?.contains(": error: ") == true)
        let codes = findingLines.map { String($0[$0.lastIndex(of: "[")!...]) }
        var seen: [String] = []
        for c in codes where seen.last != c { #expect(!seen.contains(c), "code \(c) split into two groups"); seen.append(c) }
        #expect(text.hasSuffix("""
            checked 13 sessions in 5 rooms at 3 venues, 2 people (chairs and speakers), 8 registrants and 2 calendars (4 events)
            conflicts.yaml: 6 errors, 8 warnings, 3 notes

            """))
        #expect(!text.contains("\u{1B}"))
        #expect(try report().text(colour: true).contains("\u{1B}[1;31merror\u{1B}[0m"))
    }

    @Test("JSON output decodes into the documented shape, findings sorted by file, line, column, code")
    func json() throws {
        let r = try report()
        let decoded = try JSONDecoder().decode(CheckJSON.self, from: Data(r.json.utf8))
        #expect(decoded.findings.map { "\($0.code) \($0.file!):\($0.line!):\($0.column!) \($0.severity)" }.sorted() == Self.planted)
        let keys = decoded.findings.map { ($0.file!, $0.line!, $0.column!, $0.code) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(decoded.summary.errors == 6 && decoded.summary.warnings == 8 && decoded.summary.notes == 3)
        #expect(decoded.summary.by_code["travel-time"] == 2)
        #expect(decoded.summary.counts["sessions"] == 13)
        let room = try #require(decoded.findings.first { $0.code == "room-overlap" })
        #expect(room == CheckJSON.Finding(severity: "error", code: "room-overlap",
                                          message: "room 'plenary' of venue 'sre' double-booked: 'mx-opening' 2024-04-04 09:00–10:00 overlaps 'mx-panel' 2024-04-04 09:30–11:00 (America/Mexico_City); move one session to another room or time",
                                          file: "conflicts.yaml", line: 52, column: 9, subjects: ["mx-opening", "mx-panel"],
                                          notes: ["'mx-opening' is at conflicts.yaml:51:9"]))
        #expect(r.json == (try report()).json, "the same input gives the same bytes")
    }
}

/// `Fixtures/clean.yaml`: near-misses only, which must give no finding at all.
@Suite("checks on near-misses")
struct NearMissTests {
    @Test("touching sessions, equal wall times in two zones, transfers equal to the minimum, a full but not overfull room: nothing")
    func nothing() throws {
        let r = try check("clean.yaml", registrations: "clean.csv", against: ["touching.ics"])
        #expect(r.diagnostics.map { DiagnosticRenderer.line($0, colour: false) } == [])
        #expect(r.counts["calendar_events"]! > 5, "the endless daily RRULE is expanded over the sessions' days")
    }
}
