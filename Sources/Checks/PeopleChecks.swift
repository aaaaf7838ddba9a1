import Planner
import CivilTime
import Diagnostics

extension ProgrammeChecks {
    /// Each chair and speaker with the numbers of their sessions, sorted by person id.
    static func peopleCommitments(_ t: SessionTable) -> [(person: PersonID, sessions: [Int32])] {
        var map: [PersonID: [Int32]] = [:]
        for (i, e) in t.entries.enumerated() {
            for p in e.session.chairs { map[p, default: []].append(Int32(i)) }
            for p in e.session.speakers { map[p, default: []].append(Int32(i)) }
        }
        return map.map { ($0.key, $0.value) }.sorted { $0.person < $1.person }
    }

    /// `person-overlap` and `travel-time` for chairs and speakers, located at the later session.
    static func peopleChecks(_ t: SessionTable, _ people: [(person: PersonID, sessions: [Int32])]) -> [Diagnostic] {
        let sweep = CommitmentSweep(table: t, transfers: t.programme.transfers, allowOverlapWithinActivity: false)
        var out: [Diagnostic] = []
        for (person, sessions) in people {
            var list = sessions
            sweep.run(&list) { event in
                out.append(commitmentFinding(t, event, who: "person \(quoted: person)", at: nil, person: person.rawValue))
            }
        }
        return out
    }

    /// The finding for one sweep event; `at` nil means the later session's location.
    static func commitmentFinding(_ t: SessionTable, _ event: CommitmentSweep.Event, who: String, at: SourceLocation?,
                                  person: String?) -> Diagnostic {
        switch event {
        case .overlap(let a, let b):
            let what = person == nil ? "overlapping sessions of different activities" : "overlapping sessions"
            let fix = person == nil ? "they cannot attend both: drop one registration or move a session"
                : "replace them in one session or move it"
            return .error("person-overlap", "\(who) is booked into \(what): \(t.described(a)) and \(t.described(b)); \(fix)",
                          at: at ?? t[b].session.location, subjects: subjects(t, a, b, person),
                          notes: notes(t, a, b, at: at))
        case .travel(let a, let b, let gap, let needed):
            let ends = t[a].session.end, starts = t[b].session.start
            return .error("travel-time",
                          "\(who) cannot get from \(t.city(of: a)) to \(t.city(of: b)) in time: \(quoted: t[a].id) ends \(ends.date.iso) \(ends.hhmm) (\(t.zone(of: a))) and \(quoted: t[b].id) starts \(starts.date.iso) \(starts.hhmm) (\(t.zone(of: b))); gap \(hours(gap)), needed \(hours(needed)); move a session or change the 'transfers' minimum",
                          at: at ?? t[b].session.location, subjects: subjects(t, a, b, person),
                          notes: notes(t, a, b, at: at))
        }
    }

    private static func subjects(_ t: SessionTable, _ a: Int, _ b: Int, _ person: String?) -> [String] {
        ([t[a].id.rawValue, t[b].id.rawValue] + (person.map { [$0] } ?? [])).sorted()
    }

    private static func notes(_ t: SessionTable, _ a: Int, _ b: Int, at: SourceLocation?) -> [String] {
        var out = ["\(quoted: t[a].id) is at \(t[a].session.location)"]
        if at != nil { out.append("\(quoted: t[b].id) is at \(t[b].session.location)") }
        return out
    }
}
