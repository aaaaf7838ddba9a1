import Planner
import CivilTime
import Diagnostics

extension ProgrammeChecks {
    /// Longest span of days one occurrence is indexed over; longer events are clamped to the
    /// sessions' days, so a decade-long event cannot blow up the index.
    static let indexedDaysLimit = 400

    /// `holiday` (venue calendars) and `outside-event` (`--against`): a session on a day of an
    /// all-day event (compared with the venue-local dates of the session), or during a timed
    /// event (compared as instants). Occurrences are indexed by day in a dictionary, so the cost
    /// is linear in sessions and occurrences.
    static func calendarChecks(_ t: SessionTable, _ calendars: [OutsideCalendar]) -> [Diagnostic] {
        let live = (0..<t.count).filter { t[$0].status != .cancelled && t[$0].venue != nil }
        guard let firstDay = live.map({ t[$0].session.start.date }).min(),
              let lastDay = live.map({ t[$0].session.end.date }).max() else { return [] }
        // UTC days of the sessions, with a day's margin for zones.
        let window = (firstDay.daysSinceEpoch - 2)...(lastDay.daysSinceEpoch + 2)
        var out: [Diagnostic] = []
        for calendar in calendars {
            var byLocalDay: [Int: [Int]] = [:]
            var byUTCDay: [Int: [Int]] = [:]
            for (k, event) in calendar.events.enumerated() {
                switch event.when {
                case .days(let a, let b):
                    let from = max(a.daysSinceEpoch, window.lowerBound), to = min(b.daysSinceEpoch, window.upperBound)
                    if from <= to { for d in from...to { byLocalDay[d, default: []].append(k) } }
                case .timed(let a, let b):
                    let from = max(utcDay(a), window.lowerBound)
                    let to = min(utcDay(b > a ? b.adding(seconds: -1) : a), window.upperBound)
                    if from <= to { for d in from...to { byUTCDay[d, default: []].append(k) } }
                }
            }
            if byLocalDay.isEmpty && byUTCDay.isEmpty { continue }
            for i in live {
                let e = t[i]
                if case .venues(let ids) = calendar.scope, !ids.contains(t.venue(of: i)!.id) { continue }
                var hits: [Int] = []
                for d in localDays(e.session) { hits += byLocalDay[d] ?? [] }
                let from = utcDay(e.start), to = utcDay(e.end > e.start ? e.end.adding(seconds: -1) : e.start)
                for d in from...to {
                    for k in byUTCDay[d] ?? [] {
                        guard case .timed(let a, let b) = calendar.events[k].when else { continue }
                        let during = b > a ? a < e.end && b > e.start : a >= e.start && a < e.end
                        if during { hits.append(k) }
                    }
                }
                for k in Set(hits).sorted() { out.append(calendarFinding(t, i, calendar, calendar.events[k])) }
            }
        }
        return out
    }

    private static func utcDay(_ i: Instant) -> Int {
        Int((i.secondsSince1970 >= 0 ? i.secondsSince1970 : i.secondsSince1970 - 86_399) / 86_400)
    }

    /// Venue-local days a session touches (an end at exactly 00:00 does not touch that day).
    private static func localDays(_ s: Session) -> ClosedRange<Int> {
        let first = s.start.date.daysSinceEpoch
        var last = s.end.date.daysSinceEpoch
        if last > first, s.end.hour == 0, s.end.minute == 0, s.end.second == 0 { last -= 1 }
        return first...max(first, min(last, first + indexedDaysLimit))
    }

    static func calendarFinding(_ t: SessionTable, _ i: Int, _ calendar: OutsideCalendar, _ event: OutsideEvent) -> Diagnostic {
        let e = t[i]
        let code = calendar.scope == .everyVenue ? "outside-event" : "holiday"
        let when: String
        switch event.when {
        case .days(let a, let b):
            when = a == b ? "on \(a)" : "from \(a) to \(b)"
        case .timed(let a, let b):
            let ua = a.utc, ub = b.utc
            when = "\(ua.date.iso) \(ua.hhmm)–" + (ub.date == ua.date ? ub.hhmm : "\(ub.date.iso) \(ub.hhmm)") + " UTC"
        }
        let message = code == "holiday"
            ? "session \(quoted: e.id) \(t.span(i)) at venue \(quoted: t.venue(of: i)!.id) falls on the holiday \(quoted: event.name) (\(when)); check that the venue is open and delegates can attend, or move the session"
            : "session \(quoted: e.id) \(t.span(i)) (\(t.zone(of: i))) falls on \(quoted: event.name) (\(when)) of \(quoted: calendar.file); check that the two can coexist, or move the session"
        return .warning(code, message, at: e.session.location, subjects: [e.id.rawValue],
                        notes: ["\(quoted: event.name) is the VEVENT at \(event.source)"])
    }
}
