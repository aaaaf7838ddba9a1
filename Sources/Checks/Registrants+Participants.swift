import Planner
import Registrations

extension Registrants {
    /// The compact registrants of a list's participants: every session each follows, for the
    /// travel times and cancellations that `check --registrations` adds to the list's own findings.
    /// - Parameters:
    ///   - participants: what ``RegistrationChecker`` collected.
    ///   - programme: the programme the list registers for.
    ///   - file: the list's path, for the findings' locations.
    public init(participants: [Participant], programme: Programme, file: String) {
        self.init(file: file)
        let numbers = SessionNumbers(programme)
        var list: [Int] = []
        for p in participants {
            list.removeAll(keepingCapacity: true)
            for s in p.sessions { if let k = numbers[s] { list.append(k) } }
            append(sessions: list, row: p.rows.first ?? 1, sessionCount: numbers.count)
        }
    }
}
