import Planner
import CivilTime

/// One person's sessions, swept in start order to find overlaps and too-short transfers.
///
/// Sorting costs O(k log k) for k commitments; the sweep is linear. It keeps the commitment
/// that ends latest so far (`a`) and, when overlaps within one activity are allowed, the one
/// that ends latest among other activities (`b`), so each commitment is compared with the one
/// it could collide with and reported once.
struct CommitmentSweep {
    enum Event {
        /// `later` starts before `earlier` ends.
        case overlap(earlier: Int, later: Int)
        /// `later` is in another city and starts `gap` seconds after `earlier` ends, less than `needed`.
        case travel(earlier: Int, later: Int, gap: Int64, needed: Int64)
    }

    let table: SessionTable
    let transfers: TransferRules
    /// True for registrants: parallel sessions of one activity are a choice, not a conflict.
    let allowOverlapWithinActivity: Bool

    /// Sorts `list` in place (start, end, number), drops cancelled, venue-less and repeated
    /// sessions, and reports each conflict.
    func run(_ list: inout [Int32], _ report: (Event) -> Void) {
        let t = table
        let starts = t.starts, ends = t.ends, activityOf = t.activityOf, venueOf = t.venueOf
        list.removeAll { t.idle[Int($0)] }
        list.sort { (starts[Int($0)], ends[Int($0)], $0) < (starts[Int($1)], ends[Int($1)], $1) }
        var a: Int?, b: Int?
        var previous: Int32 = -1
        for raw in list {
            if raw == previous { continue }
            previous = raw
            let c = Int(raw)
            let other: Int? = if let a, allowOverlapWithinActivity, activityOf[a] == activityOf[c] { b } else { a }
            if let o = other, starts[c] < ends[o] {
                report(.overlap(earlier: o, later: c))
            } else if let a, starts[c] >= ends[a], venueOf[a] != venueOf[c] {
                let from = t.city(of: a), to = t.city(of: c)
                if from != to {
                    let needed = Int64(transfers.minimum(from: from, to: to))
                    let gap = starts[c] - ends[a]
                    if gap < needed { report(.travel(earlier: a, later: c, gap: gap, needed: needed)) }
                }
            }
            guard let current = a else { a = c; continue }
            if ends[c] > ends[current] {
                if activityOf[c] != activityOf[current] { b = current }
                a = c
            } else if activityOf[c] != activityOf[current], b.map({ ends[c] > ends[$0] }) ?? true {
                b = c
            }
        }
    }
}
