import CivilTime
import Diagnostics
import Planner

/// The sessions an agenda covers, and what its header talks about.
struct Selection {
    var sessions: [ScheduledSession]
    /// The one venue of a venue or activity agenda (`nil` for a participant, or while the
    /// activity's venue is to be confirmed).
    var venue: Venue?
    var activity: Activity?
    /// Activities at the venue that have no sessions yet (venue agendas).
    var pending: [Activity]
}

extension AgendaBuilder {
    func select(_ scope: AgendaScope) throws(DiagnosticError) -> Selection {
        let all = programme.scheduledSessions
        switch scope {
        case .venue(let id):
            guard let venue = programme.venue(id) else {
                throw DiagnosticError(.error("unknown-venue", Self.unknown("venue", id.rawValue, programme.venues.map(\.id.rawValue))))
            }
            let sessions = all.filter { $0.venue.id == id }
            let pending = programme.activities
                .filter { $0.venue == id && $0.sessions.isEmpty }
                .sorted { ($0.dates.first, $0.id) < ($1.dates.first, $1.id) }
            return Selection(sessions: sessions, venue: venue, activity: nil, pending: pending)
        case .activity(let id):
            guard let activity = programme.activity(id) else {
                throw DiagnosticError(.error("unknown-activity",
                                             Self.unknown("activity", id.rawValue, programme.activities.map(\.id.rawValue))))
            }
            return Selection(sessions: all.filter { $0.activity.id == id }, venue: activity.venue.flatMap(programme.venue),
                             activity: activity, pending: [])
        case .participant(_, let ids):
            return Selection(sessions: all.filter { ids.contains($0.session.id) }, venue: nil, activity: nil, pending: [])
        }
    }

    /// `unknown venue 'cepall' (did you mean 'cepal'?); venues: cepal, geneva, sre`.
    static func unknown(_ kind: String, _ id: String, _ choices: [String]) -> String {
        let sorted = choices.sorted()
        var message = "unknown \(kind) \(quoted: id)"
        if let near = sorted.min(by: { editDistance($0, id) < editDistance($1, id) }), editDistance(near, id) <= max(2, id.count / 3) {
            message += " (did you mean \(quoted: near)?)"
        }
        let plural = kind == "activity" ? "activities" : kind + "s"
        return message + "; \(plural): " + (sorted.isEmpty ? "none" : sorted.joined(separator: ", "))
    }

    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var previous = row[0]
            row[0] = i
            for j in stride(from: 1, through: b.count, by: 1) {
                let old = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] == b[j - 1] ? 0 : 1))
                previous = old
            }
        }
        return a.isEmpty ? b.count : row[b.count]
    }

    /// Every venue-local day the header's time zone line speaks for: from the first to the last
    /// session (or the activity's days when it has no sessions), capped at about two years.
    func zoneDays(_ selection: Selection) -> [LocalDate] {
        var first = selection.sessions.map(\.session.start.date).min()
        var last = selection.sessions.map(\.session.end.date).max()
        if first == nil, case .days(let a, let b)? = selection.activity?.dates {
            first = a
            last = b
        }
        guard let first, let last else { return [] }
        let count = min(last.daysSinceEpoch - first.daysSinceEpoch, 800)
        return (0...max(count, 0)).map { first.adding(days: $0) }
    }

    /// The UTC offset at noon, venue wall-clock, of a day (noon is never skipped by a DST change).
    func noonOffset(_ date: LocalDate, in zone: String) -> Int? {
        guard let noon = LocalDateTime(date: date, hour: 12, minute: 0) else { return nil }
        switch zones.resolve(noon, in: zone) {
        case .unique(_, let offset)?: return offset
        case .overlap(_, _, _, let later)?: return later
        case .gap(_, let after)?: return after
        case nil: return nil
        }
    }

    /// The offsets in force over `days`, each with the first day it applies to.
    func offsetRuns(in zone: String, over days: [LocalDate]) -> [(from: LocalDate, offset: Int)] {
        var runs: [(from: LocalDate, offset: Int)] = []
        for day in days.sorted() {
            guard let offset = noonOffset(day, in: zone) else { continue }
            if runs.last?.offset != offset { runs.append((day, offset)) }
        }
        return runs
    }

    /// `America/Santiago, UTC−03:00`, or `Europe/Zurich, UTC+02:00; UTC+01:00 from 27 October 2024`.
    func zoneLine(_ zone: String, _ runs: [(from: LocalDate, offset: Int)], _ speller: DateSpeller, _ words: Words) -> String {
        guard let first = runs.first else { return zone }
        var line = "\(zone), \(Self.utc(first.offset))"
        for run in runs.dropFirst() {
            line += "; \(Self.utc(run.offset)) \(words.offsetFrom(speller.medium(run.from)))"
        }
        return line
    }

    /// `UTC+02:00`, `UTC−03:00` (with a true minus sign, U+2212).
    static func utc(_ offset: Int) -> String {
        "UTC" + String(formatOffset(offset).map { $0 == "-" ? "\u{2212}" : $0 })
    }
}
