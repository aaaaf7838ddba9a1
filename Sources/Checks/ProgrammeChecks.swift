import Planner
import CivilTime
import Diagnostics

/// What ``ProgrammeChecks/run(_:registrants:calendars:)`` found and what it looked at.
public struct CheckReport: Sendable {
    /// The programme file checked.
    public var file: String
    /// Every finding, sorted for output (file, line, column, code).
    public var diagnostics: [Diagnostic]
    /// What was checked: `sessions`, `rooms`, `venues`, `activities`, `people`, `registrants`,
    /// `calendars`, `calendar_events`. The JSON summary's `counts`.
    public var counts: [String: Int]

    public init(file: String, diagnostics: [Diagnostic], counts: [String: Int]) {
        self.file = file
        self.diagnostics = diagnostics
        self.counts = counts
    }

    /// Adds findings from elsewhere (the loader, a registration list, calendar warnings),
    /// keeping the output order.
    public mutating func add(_ more: [Diagnostic]) {
        diagnostics = (diagnostics + more).sortedForOutput()
    }
}

/// The scheduling checks of `cartagena check`: pure functions from a loaded programme (plus
/// optional registrants and outside calendars) to findings.
///
/// Every check is sort-based, O(n log n) in sessions and in commitments per person; none
/// compares all pairs. Times are compared as instants, so equal wall-clock times in two zones
/// never collide by accident; intervals are half-open, so sessions that touch (one ends when
/// the next starts) do not overlap. Cancelled sessions occupy no room and no person.
///
/// | code | severity | what |
/// |---|---|---|
/// | `room-overlap` | error | two sessions in one room at once |
/// | `outside-opening-hours` | error | a session outside its venue's `hours:` |
/// | `venue-overlap` | warning | two activities at one venue on overlapping days |
/// | `person-overlap` | error | a chair, speaker or registrant in two sessions at once |
/// | `travel-time` | error | consecutive commitments in two cities closer than the transfer minimum |
/// | `over-capacity` | error | more registrants than the room holds |
/// | `holiday` | warning | a session on a holiday of a venue's `holidays:` calendar |
/// | `outside-event` | warning | a session during an event of an `--against` calendar |
/// | `tentative` | note | a tentative activity or session |
/// | `cancelled-reference` | warning | a person, registrant or session still tied to a cancelled session |
///
/// ```swift
/// let report = ProgrammeChecks.run(programme, registrants: list, calendars: holidays)
/// print(DiagnosticRenderer.text(report.diagnostics, colour: false))
/// ```
public enum ProgrammeChecks {
    /// Runs every check.
    /// - Parameters:
    ///   - programme: a loaded programme.
    ///   - registrants: people from a registration list, or nil to skip registrant checks.
    ///   - calendars: outside calendars (venue holidays and `--against` files) with their scope.
    ///   - extra: findings from elsewhere (the loader, a registration list) to report with them;
    ///     the same as ``CheckReport/add(_:)`` afterwards, with one sort instead of two.
    /// - Returns: the findings, sorted, and what was checked.
    public static func run(_ programme: Programme, registrants: Registrants? = nil,
                           calendars: [OutsideCalendar] = [], adding extra: [Diagnostic] = []) -> CheckReport {
        ProgrammeOnly(programme).report(registrants: registrants, calendars: calendars, adding: extra)
    }

    /// The checks that read the programme alone: rooms, opening hours, venues, chairs and
    /// speakers, statuses; what ``run(_:registrants:calendars:adding:)`` adds to them with the
    /// registrants and calendars.
    struct ProgrammeOnly: Sendable {
        let table: SessionTable
        /// Room, opening-hour, venue and people findings, in that order.
        let findings: [Diagnostic]
        let statusFindings: [Diagnostic]
        let people: Int
        let rooms: Int

        init(_ programme: Programme) {
            table = SessionTable(programme)
            var out = roomOverlaps(table)
            out += openingHours(table)
            out += venueOverlaps(programme)
            let commitments = peopleCommitments(table)
            out += peopleChecks(table, commitments)
            findings = out
            people = commitments.count
            statusFindings = statusChecks(table)
            struct RoomKey: Hashable { var venue: Int; var room: RoomID }
            var rooms = Set<RoomKey>()
            for e in table.entries { if let v = e.venue { rooms.insert(RoomKey(venue: v, room: e.session.room)) } }
            self.rooms = rooms.count
        }

        func report(registrants: Registrants?, calendars: [OutsideCalendar], adding extra: [Diagnostic]) -> CheckReport {
            var out: [Diagnostic] = extra
            out += findings
            if let registrants { out += registrantChecks(table, registrants) }
            out += calendarChecks(table, calendars)
            out += statusFindings
            let programme = table.programme
            let counts: [String: Int] = [
                "sessions": table.count,
                "rooms": rooms,
                "venues": programme.venues.count,
                "activities": programme.activities.count,
                "people": people,
                "registrants": registrants?.count ?? 0,
                "calendars": calendars.count,
                "calendar_events": calendars.reduce(0) { $0 + $1.events.count },
            ]
            return CheckReport(file: programme.file, diagnostics: out.sortedForOutput(), counts: counts)
        }
    }

    /// One sentence saying what was checked, for the end of the text output:
    /// `checked 51 sessions in 15 rooms at 5 venues, 6 people, 0 registrants and 5 calendars (103 events)`.
    public static func summarySentence(_ counts: [String: Int]) -> String {
        func n(_ key: String, _ word: String, _ plural: String? = nil) -> String {
            let c = counts[key] ?? 0
            return "\(c) \(c == 1 ? word : plural ?? word + "s")"
        }
        return "checked \(n("sessions", "session")) in \(n("rooms", "room")) at \(n("venues", "venue")), "
            + "\(n("people", "person", "people")) (chairs and speakers), \(n("registrants", "registrant")) and "
            + "\(n("calendars", "calendar")) (\(n("calendar_events", "event")))"
    }
}
