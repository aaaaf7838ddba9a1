import CivilTime
import Foundation
import Diagnostics
import ICalendar
@testable import Planner
import Testing

/// The sessions of a long activity are built in two halves at once
/// (``ActivityBuilder/buildSessions(_:activity:venue:dates:personIDs:file:)``): the programme
/// and every finding, in order, are those of building them one after the other.
@Suite struct SessionHalvesTests {
    /// A programme of one activity with `count` sessions, some of them wrong in each half.
    static func programme(count: Int) -> String {
        var lines = """
            programme: {id: p, title: P, organiser: {name: O, email: o@example.org}, updated: 2024-03-01T00:00:00Z}
            people:
              - {id: ana, name: Ana}
            venues:
              - {id: v, name: V, city: Ginebra, country: CHE, timezone: Europe/Zurich, rooms: [{id: r1, capacity: 10}, {id: r2}]}
            activities:
              - id: a
                kind: negotiation
                title: A
                venue: v
                start: 2024-03-30
                end: 2024-04-02
                status: confirmed
                sessions:

            """
        for k in 0..<count {
            let minute = k % 60, hour = 8 + (k / 60) % 10
            var id = "s\(k)", room = "r\(k % 2 + 1)", end = String(format: "%02d:%02d", hour + 1, minute), chairs = ""
            if k == 7 || k == count - 5 { room = "r9" }                      // unknown-room in both halves
            if k == count / 2 + 3 { id = "s11" }                              // duplicate-id across the halves
            if k == count / 2 - 1 { id = "S11" }                              // duplicate-id up to case
            if k == 40 || k == count - 2 { end = "07:00" }                    // end-before-start
            if k == 41 || k == count / 2 { chairs = ", chairs: [bob]" }       // unknown-person
            let day = k == count - 9 ? "2024-03-31T02:30" : String(format: "2024-04-01T%02d:%02d", hour, minute)  // a DST gap
            lines += "      - {id: \(id), title: T, room: \(room), start: \(day), end: 2024-04-01T\(end)\(chairs)}\n"
        }
        return lines
    }

    @Test("two halves give the programme and the findings of one pass", arguments: [4, 101, 5000])
    func sameAsOnePass(count: Int) throws {
        let root = try YAMLReader.read(Self.programme(count: count), file: "p.yaml")
        func build(parallelFrom minimum: Int) -> (Programme?, [Diagnostic]) {
            var doc = ProgrammeDocument(file: "p.yaml")
            var builder = ProgrammeBuilder(zones: SystemZones())
            builder.parallelMinimum = minimum
            let p = builder.build(root, &doc)
            return (p, doc.diagnostics)
        }
        let (serial, serialFindings) = build(parallelFrom: .max)
        let (halves, halvesFindings) = build(parallelFrom: 2)
        #expect(serial != nil)
        #expect(halves == serial)
        #expect(halvesFindings == serialFindings)
        let codes = Set(serialFindings.map(\.code))
        #expect(codes.isSuperset(of: ["end-before-start", "unknown-person"]))
        if count > 100 { #expect(codes.isSuperset(of: ["unknown-room", "duplicate-id", "nonexistent-local-time"])) }
    }
}
