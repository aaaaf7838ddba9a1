import Diagnostics
import Feeds
import Foundation
import ICalendar
import Checks
import Planner
import Testing

@Suite("the calendars check compares a programme with")
struct CheckCalendarsTests {
    /// `conflicts.yaml` as if it were at `plans/conflicts.yaml`.
    private func plan() throws -> Programme {
        try ProgrammeLoader(zones: SystemZones()).load(text: try fixtureText("conflicts.yaml"), path: "plans/conflicts.yaml").programme
    }

    @Test("a venue's holidays are read beside the programme file, each --against file once, for every venue")
    func pathsAndScopes() throws {
        var asked: [String] = []
        let (calendars, warnings) = try OutsideCalendarReader.calendars(of: try plan(), against: ["assembly.ics", "assembly.ics"]) { path throws(DiagnosticError) in
            asked.append(path)
            do { return try fixtureText(path.replacingOccurrences(of: "plans/", with: "")) } catch {
                throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)'"))
            }
        }
        #expect(asked == ["plans/holidays/mexico-test.ics", "assembly.ics"])
        #expect(calendars.map(\.file) == asked)
        #expect(calendars.map(\.scope) == [.venues(["sre"]), .everyVenue])
        #expect(warnings.isEmpty)
    }

    @Test("a holiday calendar that cannot be read is reported at the venue that lists it, with every other failure")
    func unreadable() throws {
        let p = try plan()
        let error = #expect(throws: DiagnosticError.self) {
            _ = try OutsideCalendarReader.calendars(of: p, against: ["missing.ics"]) { path throws(DiagnosticError) in
                throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)': no such file"))
            }
        }
        let found = error?.diagnostics ?? []
        #expect(found.map(\.message) == ["holiday calendar of venue 'sre': cannot read 'plans/holidays/mexico-test.ics': no such file",
                                         "cannot read 'missing.ics': no such file"])
        #expect(found.first?.location == p.venue("sre")?.location)
        #expect(found.first?.location != nil)
        #expect(found.last?.location == nil)
    }
}
