import Planner
import Registrations

extension Registrants {
    /// The compact registrants of a list's participants: every session each follows (for travel
    /// times and cancellations) and the seats they take with the rows that took them
    /// (`Participant.seats`, the rule the list's reader counts by), so that `check
    /// --registrations` and `registrations check` give the same counts at the same rows.
    /// - Parameters:
    ///   - participants: what ``RegistrationChecker`` collected.
    ///   - programme: the programme the list registers for.
    ///   - file: the list's path, for the findings' locations.
    public init(participants: [Participant], programme: Programme, file: String) {
        self.init(file: file)
        let numbers = SessionNumbers(programme)
        var list: [Int] = []
        var seats: [(session: Int, row: Int)] = []
        for p in participants {
            list.removeAll(keepingCapacity: true)
            seats.removeAll(keepingCapacity: true)
            for s in p.sessions { if let k = numbers[s] { list.append(k) } }
            for seat in p.seats { if let k = numbers[seat.session] { seats.append((k, seat.row)) } }
            append(sessions: list, seats: seats, row: p.rows.first ?? 1, sessionCount: numbers.count)
        }
    }
}
