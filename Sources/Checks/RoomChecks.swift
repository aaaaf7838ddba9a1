import Planner
import CivilTime
import Diagnostics

extension ProgrammeChecks {
    /// `room-overlap`: sessions of one room sorted by start instant, swept with the session that
    /// ends latest so far. A session starting exactly when the previous one ends does not overlap.
    static func roomOverlaps(_ t: SessionTable) -> [Diagnostic] {
        struct Key: Hashable { var venue: Int; var room: RoomID }
        var groups: [Key: [Int]] = [:]
        for (i, e) in t.entries.enumerated() where e.status != .cancelled {
            guard let v = e.venue else { continue }
            groups[Key(venue: v, room: e.session.room), default: []].append(i)
        }
        var out: [Diagnostic] = []
        let starts = t.starts, ends = t.ends
        for (key, list) in groups where list.count > 1 {
            let sorted = list.sorted { (starts[$0], ends[$0], $0) < (starts[$1], ends[$1], $1) }
            var latest = sorted[0]
            for c in sorted.dropFirst() {
                if starts[c] < ends[latest] {
                    out.append(roomOverlap(t, room: key.room, venue: t.programme.venues[key.venue].id, earlier: latest, later: c))
                }
                if ends[c] > ends[latest] { latest = c }
            }
        }
        return out
    }

    static func roomOverlap(_ t: SessionTable, room: RoomID, venue: VenueID, earlier a: Int, later b: Int) -> Diagnostic {
        .error("room-overlap",
               "room \(quoted: room) of venue \(quoted: venue) double-booked: \(quoted: t[a].id) \(t.span(a)) overlaps \(quoted: t[b].id) \(t.span(b)) (\(t.zone(of: b))); move one session to another room or time",
               at: t[b].session.location, subjects: [t[a].id.rawValue, t[b].id.rawValue].sorted(),
               notes: ["\(quoted: t[a].id) is at \(t[a].session.location)"])
    }

    /// `outside-opening-hours`: a session that starts before the venue opens, ends after it
    /// closes, or runs past midnight (venue wall-clock time).
    static func openingHours(_ t: SessionTable) -> [Diagnostic] {
        var out: [Diagnostic] = []
        let venues = t.programme.venues
        for (i, e) in t.entries.enumerated() where e.status != .cancelled {
            guard let vi = e.venue, let hours = venues[vi].hours else { continue }
            let v = venues[vi]
            let s = e.session
            let startMinute = s.start.hour * 60 + s.start.minute
            var endMinute = s.end.hour * 60 + s.end.minute + (s.end.second > 0 ? 1 : 0)
            if s.end.date != s.start.date {
                endMinute = s.end.date == s.start.date.adding(days: 1) && endMinute == 0 ? 1440 : Int.max
            }
            guard startMinute < hours.open || endMinute > hours.close else { continue }
            out.append(.error("outside-opening-hours",
                              "session \(quoted: e.id) \(t.span(i)) is outside the opening hours of venue \(quoted: v.id) (\(clock(hours.open))–\(clock(hours.close)), \(v.timezone)); move it within them or change the venue's 'hours'",
                              at: s.location, subjects: [e.id.rawValue], notes: ["the hours are declared at \(v.location)"]))
        }
        return out
    }

    private static func clock(_ minutes: Int) -> String { "\(pad(minutes / 60, 2)):\(pad(minutes % 60, 2))" }

    /// `venue-overlap`: activities with exact dates at one venue, sorted by first day and swept
    /// with the one that ends latest; a warning, as they may share the venue deliberately.
    /// Month-only and cancelled activities are left out.
    static func venueOverlaps(_ p: Programme) -> [Diagnostic] {
        var groups: [VenueID: [Int]] = [:]
        for (i, a) in p.activities.enumerated() where a.dates.isExact && a.status != .cancelled {
            if let v = a.venue { groups[v, default: []].append(i) }
        }
        var out: [Diagnostic] = []
        for (venue, list) in groups where list.count > 1 {
            let acts = p.activities
            let sorted = list.sorted { (acts[$0].dates.first, acts[$0].dates.last, $0) < (acts[$1].dates.first, acts[$1].dates.last, $1) }
            var latest = sorted[0]
            for c in sorted.dropFirst() {
                let a = acts[latest], b = acts[c]
                if b.dates.first <= a.dates.last {
                    let from = b.dates.first, to = min(a.dates.last, b.dates.last)
                    let days = from == to ? "on \(from)" : "from \(from) to \(to)"
                    out.append(.warning("venue-overlap",
                                        "activities \(quoted: a.id) (\(a.dates.first) to \(a.dates.last)) and \(quoted: b.id) (\(b.dates.first) to \(b.dates.last)) both use venue \(quoted: venue) \(days); if they share it deliberately, make sure their rooms and sessions do not collide",
                                        at: b.location, subjects: [a.id.rawValue, b.id.rawValue].sorted(),
                                        notes: ["\(quoted: a.id) is at \(a.location)"]))
                }
                if b.dates.last > a.dates.last { latest = c }
            }
        }
        return out
    }
}
