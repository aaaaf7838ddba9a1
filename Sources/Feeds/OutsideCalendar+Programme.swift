import CivilTime
import Diagnostics
import Foundation
import Checks
import Planner

extension OutsideCalendarReader {
    /// What `cartagena check` compares a programme with: the venues' holiday calendars (paths
    /// relative to the programme file; each file read once for every venue that lists it) and
    /// the `against` files (applying to every venue; a file listed both ways is read as these).
    /// Every file that cannot be read is reported before this throws; a venue's calendar that
    /// cannot be read is reported at the venue when the finding has no place of its own.
    /// - Parameters:
    ///   - text: reads a file's text (the tool reads from disk; tests from fixtures).
    /// - Returns: the calendars, venues' first, and the warnings of reading them, in file order.
    public static func calendars(of programme: Programme, against: [String],
                                 text: (String) throws(DiagnosticError) -> String) throws(DiagnosticError)
        -> (calendars: [OutsideCalendar], warnings: [Diagnostic]) {
        let sessions = programme.activities.flatMap(\.sessions)
        let days: ClosedRange<LocalDate>? = sessions.isEmpty ? nil
            : sessions.map(\.start.date).min()!...sessions.map(\.end.date).max()!
        let base = (programme.file as NSString).deletingLastPathComponent
        var venueFiles: [String: (venues: Set<VenueID>, first: Venue)] = [:]
        var order: [String] = []
        for v in programme.venues {
            for h in v.holidays {
                let path = h.hasPrefix("/") || base.isEmpty ? h : base + "/" + h
                if venueFiles[path] == nil { order.append(path); venueFiles[path] = ([], v) }
                venueFiles[path]!.venues.insert(v.id)
            }
        }
        var out: [OutsideCalendar] = []
        var warnings: [Diagnostic] = []
        var errors: [Diagnostic] = []
        func read(_ path: String, _ scope: OutsideCalendar.Scope, listedBy venue: Venue?) {
            do {
                let (calendar, found) = try Self.read(text: try text(path), path: path, scope: scope, days: days)
                out.append(calendar)
                warnings += found
            } catch {
                errors += error.diagnostics.map { d in
                    guard let venue, d.location == nil else { return d }
                    var located = d
                    located.message = "holiday calendar of venue '\(venue.id)': \(d.message)"
                    located.location = venue.location
                    return located
                }
            }
        }
        let againstSet = Set(against)
        for path in order where !againstSet.contains(path) {
            read(path, .venues(venueFiles[path]!.venues), listedBy: venueFiles[path]!.first)
        }
        var seen = Set<String>()
        for path in against where seen.insert(path).inserted { read(path, .everyVenue, listedBy: nil) }
        if !errors.isEmpty { throw DiagnosticError(errors) }
        return (out, warnings)
    }
}
