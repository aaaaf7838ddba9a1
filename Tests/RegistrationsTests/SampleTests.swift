import Checks
import Diagnostics
import Foundation
import ICalendar
import Planner
import Registrations
import TestSupport
import Testing

@Suite("the sample registration list of the embedded programme")
struct SampleTests {
    @Test("finds exactly the planted problems, and nothing in the phone numbers or the multi-line note")
    func sample() throws {
        let root = repositoryRoot()
        let planPath = root.appendingPathComponent("Calendars/cartagena40.yaml").path
        let programme = try ProgrammeLoader(zones: SystemZones())
            .load(text: String(contentsOfFile: planPath, encoding: .utf8), path: "Calendars/cartagena40.yaml").programme
        let delegations = try DelegationList.load(
            text: String(contentsOfFile: root.appendingPathComponent("Calendars/delegations.yaml").path, encoding: .utf8),
            path: "Calendars/delegations.yaml")
        var checker = RegistrationChecker(programme: programme, delegations: delegations,
                                          options: RegistrationOptions(file: "Calendars/sample-registrations.csv"))
        try checker.feed([UInt8](Data(contentsOf: root.appendingPathComponent("Calendars/sample-registrations.csv"))))
        let report = try checker.finish().report
        #expect(report.findings.map { "\($0.row!) \($0.code)" } == [
            "82 duplicate", "84 invalid-email", "85 unknown-delegation", "86 unknown-session", "87 formula-injection",
            "89 overlapping-sessions", "90 dates-outside", "91 missing-field", "92 duplicate-email", "94 over-quota", "99 over-quota",
        ])
        #expect(report.rows == 98)
    }
}
