import Planner
import CivilTime
import Diagnostics

/// The sessions of a programme flattened into one array (in ``Programme/sessionOrder``), with
/// what every check needs at hand: venue, city, zone, effective status, instants.
struct SessionTable {
    struct Entry {
        var session: Session
        /// Index into `programme.activities`.
        var activity: Int
        /// Index into `programme.venues`; nil when the activity has no known venue.
        var venue: Int?
        var status: Status

        var id: SessionID { session.id }
        var start: Instant { session.startInstant }
        var end: Instant { session.endInstant }
    }

    let programme: Programme
    let entries: [Entry]
    /// The hot fields of `entries` in flat arrays, for the sorts and sweeps over 100,000 sessions:
    /// reading `entries[i].start` copies the whole entry with its session (a dozen references).
    let starts: [Int64]
    let ends: [Int64]
    /// `entries[i].activity`.
    let activityOf: [Int32]
    /// `entries[i].venue`, -1 for none.
    let venueOf: [Int32]
    /// `entries[i].status == .cancelled || entries[i].venue == nil`: left out of room and people checks.
    let idle: [Bool]
    /// `entries[i].status`.
    let statuses: [Status]
    /// The city of each venue, by venue index.
    let cities: [String]

    init(_ programme: Programme) {
        self.programme = programme
        var venueIndex: [VenueID: Int] = [:]
        for (i, v) in programme.venues.enumerated() where venueIndex[v.id] == nil { venueIndex[v.id] = i }
        var out: [Entry] = []
        var starts: [Int64] = [], ends: [Int64] = [], activityOf: [Int32] = [], venueOf: [Int32] = []
        var idle: [Bool] = [], statuses: [Status] = []
        for (ai, a) in programme.activities.enumerated() {
            let v = a.venue.flatMap { venueIndex[$0] }
            for s in a.sessions {
                let status: Status = if s.status == .cancelled || a.status == .cancelled { .cancelled }
                    else if s.status == .tentative { .tentative } else { a.status }
                out.append(Entry(session: s, activity: ai, venue: v, status: status))
                starts.append(s.startInstant.secondsSince1970)
                ends.append(s.endInstant.secondsSince1970)
                activityOf.append(Int32(ai))
                venueOf.append(Int32(v ?? -1))
                idle.append(status == .cancelled || v == nil)
                statuses.append(status)
            }
        }
        entries = out
        self.starts = starts
        self.ends = ends
        self.activityOf = activityOf
        self.venueOf = venueOf
        self.idle = idle
        self.statuses = statuses
        cities = programme.venues.map(\.city)
    }

    var count: Int { entries.count }
    subscript(i: Int) -> Entry { entries[i] }

    func venue(of i: Int) -> Venue? { entries[i].venue.map { programme.venues[$0] } }
    func city(of i: Int) -> String { venueOf[i] < 0 ? "" : cities[Int(venueOf[i])] }
    func zone(of i: Int) -> String { venue(of: i)?.timezone ?? "UTC" }
    func activity(of i: Int) -> Activity { programme.activities[entries[i].activity] }

    /// `2024-04-04 11:00–12:30`, the end date added when it differs.
    func span(_ i: Int) -> String {
        let s = entries[i].session
        let end = s.end.date == s.start.date ? s.end.hhmm : "\(s.end.date.iso) \(s.end.hhmm)"
        return "\(s.start.date.iso) \(s.start.hhmm)–\(end)"
    }

    /// `'c1-opening' 2024-04-04 09:00–10:00 (America/Mexico_City)`.
    func described(_ i: Int) -> String { "\(quoted: entries[i].id) \(span(i)) (\(zone(of: i)))" }
}

/// Formats a duration in seconds as hours with at most two decimals: `30 h`, `14.5 h`, `0.25 h`.
func hours(_ seconds: Int64) -> String {
    let negative = seconds < 0
    let centi = (abs(seconds) * 100 + 1800) / 3600
    var text = "\(centi / 100)"
    let frac = centi % 100
    if frac != 0 {
        text += "." + (frac % 10 == 0 ? "\(frac / 10)" : pad(Int(frac), 2))
    }
    return (negative ? "-" : "") + text + " h"
}
