import Planner
import Diagnostics

extension ProgrammeChecks {
    /// `tentative` notes for tentative activities and sessions; `cancelled-reference` warnings for
    /// chairs and speakers still listed in a cancelled session, and for a session that says it
    /// goes ahead although its activity is cancelled. (Month-only dates are the loader's
    /// `date-to-be-confirmed` note.)
    static func statusChecks(_ t: SessionTable) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for a in t.programme.activities where a.status == .tentative {
            out.append(.note("tentative", "activity \(quoted: a.id) is tentative; its dates and sessions may still change",
                             at: a.location, subjects: [a.id.rawValue]))
        }
        let activities = t.programme.activities
        for (i, e) in t.entries.enumerated() {
            let s = e.session
            let activityStatus = activities[e.activity].status
            if s.status == .tentative, activityStatus != .tentative {
                out.append(.note("tentative", "session \(quoted: s.id) \(t.span(i)) is tentative", at: s.location, subjects: [s.id.rawValue]))
            }
            if activityStatus == .cancelled, let own = s.status, own != .cancelled {
                let activity = activities[e.activity]
                out.append(.warning("cancelled-reference",
                                    "session \(quoted: s.id) is \(quoted: own.rawValue) but its activity \(quoted: activity.id) is cancelled; cancel the session too or restore the activity",
                                    at: s.location, subjects: [activity.id.rawValue, s.id.rawValue].sorted()))
            }
            guard e.status == .cancelled, !s.chairs.isEmpty || !s.speakers.isEmpty else { continue }
            var who: [String] = []
            if !s.chairs.isEmpty { who.append("chair\(s.chairs.count == 1 ? "" : "s") " + s.chairs.map { "\(quoted: $0)" }.joined(separator: ", ")) }
            if !s.speakers.isEmpty { who.append("speaker\(s.speakers.count == 1 ? "" : "s") " + s.speakers.map { "\(quoted: $0)" }.joined(separator: ", ")) }
            out.append(.warning("cancelled-reference",
                                "cancelled session \(quoted: s.id) \(t.span(i)) still lists \(who.joined(separator: " and ")); tell them and remove them, or restore the session",
                                at: s.location, subjects: Set([s.id.rawValue] + (s.chairs + s.speakers).map(\.rawValue)).sorted()))
        }
        return out
    }
}
