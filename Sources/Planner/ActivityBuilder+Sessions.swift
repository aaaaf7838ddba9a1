import Diagnostics
import Dispatch

extension ActivityBuilder {
    /// The sessions of one activity, each with the findings building it gave, in node order.
    struct BuiltSessions {
        /// `nil` where a session could not be built (its findings say why).
        var sessions: [Session?] = []
        var diagnostics: [Diagnostic] = []
        /// The findings of session `k` end at `ends[k]` in ``diagnostics`` (and start where `k - 1`'s end).
        var ends: [Int] = []

        func diagnostics(of k: Int) -> ArraySlice<Diagnostic> { diagnostics[(k == 0 ? 0 : ends[k - 1])..<ends[k]] }
    }

    /// Activities with at least this many sessions are built in two halves on two cores
    /// (``parallelMinimum`` unless a test asks for another).
    static let parallelSessions = 4096

    /// Builds the session `nodes` of an activity; a long list in two halves at once, each with
    /// its own findings and zone memo, so that the caller adds the findings in node order and the
    /// result is the same as building them one after the other.
    /// - Returns: the sessions in parts (one or two), in node order.
    mutating func buildSessions(_ nodes: [ProgrammeNode], activity: String, venue: Venue?, dates: ActivityDates,
                                personIDs: Set<String>, file: String) -> [BuiltSessions] {
        @Sendable func run(_ builder: inout ActivityBuilder, _ range: Range<Int>) -> BuiltSessions {
            var doc = ProgrammeDocument(file: file)
            var out = BuiltSessions()
            out.sessions.reserveCapacity(range.count)
            out.ends.reserveCapacity(range.count)
            for k in range {
                out.sessions.append(builder.buildSession(nodes[k], activity: activity, venue: venue, dates: dates, personIDs: personIDs, &doc))
                out.ends.append(doc.diagnostics.count)
            }
            out.diagnostics = doc.diagnostics
            return out
        }
        guard nodes.count >= parallelMinimum else { return [run(&self, nodes.indices)] }
        let halves = Halves(first: self, second: self)
        let middle = nodes.count / 2
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            if half == 0 {
                halves.firstOut = run(&halves.first, 0..<middle)
            } else {
                halves.secondOut = run(&halves.second, middle..<nodes.count)
            }
        }
        self = halves.first  // the zone memo of the first half
        return [halves.firstOut, halves.secondOut]
    }
}

/// The two halves of ``ActivityBuilder/buildSessions(_:activity:venue:dates:personIDs:file:)``:
/// each thread reads and writes only its own builder and result, and the caller reads them after
/// both threads are done (`concurrentPerform` returns then).
private final class Halves: @unchecked Sendable {
    var first: ActivityBuilder
    var second: ActivityBuilder
    var firstOut = ActivityBuilder.BuiltSessions()
    var secondOut = ActivityBuilder.BuiltSessions()

    init(first: ActivityBuilder, second: ActivityBuilder) {
        self.first = first
        self.second = second
    }
}
