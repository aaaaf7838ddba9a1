import Planner
import CivilTime
import Diagnostics

extension ProgrammeChecks {
    /// `travel-time` and `cancelled-reference` for the people of a registration list, located at
    /// each person's first row. The rules across the list's rows (duplicates, seats and
    /// `over-capacity`, quotas, heads of delegation, `overlapping-sessions`) are applied once, by
    /// ``RegistrationChecker`` as it reads the list, and every command reports those findings as
    /// they are: two sessions of one person at once are not a `person-overlap` here.
    ///
    /// A registration for a whole activity includes its parallel sessions, so overlaps between
    /// sessions of one activity are not conflicts here.
    static func registrantChecks(_ t: SessionTable, _ r: Registrants) -> [Diagnostic] {
        let sweep = CommitmentSweep(table: t, transfers: t.programme.transfers, allowOverlapWithinActivity: true)
        let statuses = t.statuses
        var cancelled = [Int32](repeating: 0, count: t.count)
        var firstCancelledRow = [Int32](repeating: 0, count: t.count)
        var out: [Diagnostic] = []
        var list: [Int32] = []
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
        }
        for s in 0..<t.count where cancelled[s] > 0 {
            let e = t[s]
            let n = cancelled[s]
            out.append(.warning("cancelled-reference",
                                "\(n) registrant\(n == 1 ? " is" : "s are") registered for cancelled session '\(e.id)' (the first on this row); tell them, or restore the session",
                                at: SourceLocation(file: r.file, line: Int(firstCancelledRow[s]), column: 1),
                                subjects: [e.id.rawValue], notes: ["'\(e.id)' is at \(e.session.location)"]))
        }
        return out
    }
}
