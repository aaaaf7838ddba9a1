import Planner
import CivilTime
import Diagnostics

extension ProgrammeChecks {
    /// `travel-time`, `over-capacity` and `cancelled-reference` for the people of a registration
    /// list, located at each person's first CSV row. Two sessions of one person at once are the
    /// list's own `overlapping-sessions` finding (reported once, by every command).
    ///
    /// A registration for a whole activity includes its parallel sessions, so overlaps between
    /// sessions of one activity are not conflicts here (the registration list's own
    /// `overlapping-sessions` reports explicit double registrations), and a person holding two
    /// overlapping sessions of one activity is counted in neither room.
    static func registrantChecks(_ t: SessionTable, _ r: Registrants) -> [Diagnostic] {
        let sweep = CommitmentSweep(table: t, transfers: t.programme.transfers, allowOverlapWithinActivity: true)
        let venues = t.programme.venues
        let capacity: [Int?] = t.entries.map { e in e.venue.flatMap { venues[$0].room(e.session.room)?.capacity } }
        let starts = t.starts, ends = t.ends, activityOf = t.activityOf, statuses = t.statuses
        var seats = [Int32](repeating: 0, count: t.count)
        var firstRowBeyond = [Int32](repeating: 0, count: t.count)
        var cancelled = [Int32](repeating: 0, count: t.count)
        var firstCancelledRow = [Int32](repeating: 0, count: t.count)
        var out: [Diagnostic] = []
        var list: [Int32] = []
        var byActivity: [Int32] = []
        /// Known seats (row, session), counted in row order after the people: the first row
        /// beyond a room is the row that took the seat, as the list's reader counts it.
        var seatEvents: [(row: Int32, session: Int32)] = []
        for p in 0..<r.count {
            let at = r.location(of: p)
            list.removeAll(keepingCapacity: true)
            list.append(contentsOf: r.sessions(of: p))
            list.sort()
            var unique = 0
            for k in list.indices where k == 0 || list[k] != list[unique - 1] {
                list[unique] = list[k]
                unique += 1
            }
            list.removeLast(list.count - unique)
            for s in list where statuses[Int(s)] == .cancelled {
                cancelled[Int(s)] += 1
                if cancelled[Int(s)] == 1 { firstCancelledRow[Int(s)] = Int32(at.line) }
            }
            sweep.run(&list) { event in
                // Overlaps are the list's `overlapping-sessions` (one rule, one finding).
                guard case .travel = event else { return }
                out.append(commitmentFinding(t, event, who: "the registrant on this row", at: at, person: nil))
            }
            if let known = r.seats(of: p) {
                for (s, row) in known { seatEvents.append((row, s)) }
                continue
            }
            // Seats: a session counts unless it overlaps another session of the same activity.
            byActivity.removeAll(keepingCapacity: true)
            byActivity.append(contentsOf: list)
            byActivity.sort { (activityOf[Int($0)], starts[Int($0)], $0) < (activityOf[Int($1)], starts[Int($1)], $1) }
            var i = 0
            while i < byActivity.count {
                var j = i + 1
                var end = ends[Int(byActivity[i])]
                while j < byActivity.count, activityOf[Int(byActivity[j])] == activityOf[Int(byActivity[i])],
                      starts[Int(byActivity[j])] < end {
                    end = max(end, ends[Int(byActivity[j])])
                    j += 1
                }
                if j == i + 1 {
                    let s = Int(byActivity[i])
                    seats[s] += 1
                    if let cap = capacity[s], Int(seats[s]) == cap + 1 { firstRowBeyond[s] = Int32(at.line) }
                }
                i = j
            }
        }
        seatEvents.sort { ($0.row, $0.session) < ($1.row, $1.session) }
        for (row, s) in seatEvents {
            seats[Int(s)] += 1
            if let cap = capacity[Int(s)], Int(seats[Int(s)]) == cap + 1 { firstRowBeyond[Int(s)] = row }
        }
        for s in 0..<t.count {
            let e = t[s]
            if let cap = capacity[s], Int(seats[s]) > cap {
                out.append(.error("over-capacity",
                                  "session '\(e.id)' \(t.span(s)) has \(seats[s]) registrants but room '\(e.session.room)' of venue '\(t.venue(of: s)!.id)' holds \(cap) (\(Int(seats[s]) - cap) too many); this row is the first beyond it: move the session to a larger room or close its registration",
                                  at: SourceLocation(file: r.file, line: Int(firstRowBeyond[s]), column: 1),
                                  subjects: [e.id.rawValue], notes: ["'\(e.id)' is at \(e.session.location)"]))
            }
            if cancelled[s] > 0 {
                let n = cancelled[s]
                out.append(.warning("cancelled-reference",
                                    "\(n) registrant\(n == 1 ? " is" : "s are") registered for cancelled session '\(e.id)' (the first on this row); tell them, or restore the session",
                                    at: SourceLocation(file: r.file, line: Int(firstCancelledRow[s]), column: 1),
                                    subjects: [e.id.rawValue], notes: ["'\(e.id)' is at \(e.session.location)"]))
            }
        }
        return out
    }
}
