import CivilTime
import Diagnostics
import Feeds
import Foundation
import ICalendar
import Checks
import Planner
import Registrations
import Testing

/// The text of a fixture file under `Fixtures/`.
func fixtureText(_ name: String) throws -> String {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil))
    return try String(contentsOf: url, encoding: .utf8)
}

/// The absolute path of a fixture file.
func fixturePath(_ name: String) throws -> String {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: nil)).path
}

/// Loads a fixture programme, reported under its bare name (`conflicts.yaml`).
func programme(_ name: String) throws -> ProgrammeLoader.Result {
    try ProgrammeLoader(zones: SystemZones()).load(text: try fixtureText(name), path: name)
}

/// The days a programme's sessions cover.
func sessionDays(_ p: Programme) -> ClosedRange<LocalDate>? {
    let s = p.activities.flatMap(\.sessions)
    guard let first = s.map(\.start.date).min(), let last = s.map(\.end.date).max() else { return nil }
    return first...last
}

/// What `cartagena check` does, with fixture files and bare names in locations: the venues'
/// holiday calendars, `against` calendars, and a registration list.
func check(_ plan: String, registrations: String? = nil, against: [String] = []) throws -> CheckReport {
    let loaded = try programme(plan)
    let p = loaded.programme
    var extra = loaded.diagnostics
    let (calendars, warnings) = try OutsideCalendarReader.calendars(of: p, against: against) { file throws(DiagnosticError) in
        do { return try fixtureText(file) } catch { throw DiagnosticError(.error("unreadable-file", "cannot read '\(file)'")) }
    }
    extra += warnings
    var registrants: Registrants?
    if let registrations {
        // As `check --registrations` reads the list (`CheckInput`): registrants collected as the rows are checked.
        var options = RegistrationOptions(file: registrations)
        options.collectRegistrants = true
        var checker = RegistrationChecker(programme: p, delegations: nil, options: options)
        try checker.feed(Array(try fixtureText(registrations).utf8))
        let result = try checker.finish()
        registrants = result.registrants ?? Registrants(file: registrations)
        extra += result.report.findings
    }
    var report = ProgrammeChecks.run(p, registrants: registrants, calendars: calendars)
    report.add(extra)
    return report
}

/// A finding reduced to what the tests pin: `code file:line:column severity`.
func place(_ d: Diagnostic) -> String {
    "\(d.code) \(d.location?.description ?? "-") \(d.severity.rawValue)"
}

/// The JSON shape of `cartagena check --format json`, declared here so that a change to it fails a test.
struct CheckJSON: Codable, Equatable {
    struct Finding: Codable, Equatable {
        var severity: String
        var code: String
        var message: String
        var file: String?
        var line: Int?
        var column: Int?
        var subjects: [String]
        var notes: [String]
    }
    struct Summary: Codable, Equatable {
        var errors: Int
        var warnings: Int
        var notes: Int
        var by_code: [String: Int]
        var counts: [String: Int]
    }
    var findings: [Finding]
    var summary: Summary
}
