import Planner
import Registrations

extension Registrants {
    /// The compact registrants of a list's participants, as every command counts them: a seat in
    /// each session picked on a row, and for an activity registered as a whole, a seat in each of
    /// its sessions that overlaps none of its others (parallel sessions are a choice, counted in
    /// none); every session followed is kept for travel times and cancellations.
    /// - Parameters:
    ///   - participants: what ``RegistrationChecker`` collected.
    ///   - programme: the programme the list registers for.
    ///   - file: the list's path, for the findings' locations.
    public init(participants: [Participant], programme: Programme, file: String) {
        self.init(file: file)
        let numbers = SessionNumbers(programme)
        var wholeSeats: [ActivityID: [Int]] = [:]
        var n = 0
        for a in programme.activities {
            let own = Array(n..<(n + a.sessions.count))
            n += a.sessions.count
            wholeSeats[a.id] = zip(own, a.sessions).filter { _, s in
                !a.sessions.contains { o in o.id != s.id && o.startInstant < s.endInstant && s.startInstant < o.endInstant }
            }.map(\.0)
        }
        var list: [Int] = [], seats: [Int] = []
        for p in participants {
            list.removeAll(keepingCapacity: true)
            seats.removeAll(keepingCapacity: true)
            for s in p.sessions { if let k = numbers[s] { list.append(k) } }
            for s in p.pickedSessions { if let k = numbers[s] { seats.append(k) } }
            for a in p.wholeActivities { seats += wholeSeats[a] ?? [] }
            append(sessions: list, seats: seats, row: p.rows.first ?? 1, sessionCount: numbers.count)
        }
    }
}
