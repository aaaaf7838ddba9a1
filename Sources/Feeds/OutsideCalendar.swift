import CivilTime
import Diagnostics
import ICalendar
import Planner

/// Turns an outside iCalendar file (public holidays, another body's meetings) into
/// ``Planner/OutsideCalendar`` values for `cartagena check`.
///
/// Recurring events are expanded with libical's recurrence iterator, bounded twice so that an
/// endless `RRULE` cannot hang the tool: only up to two days after the last day the programme's
/// sessions cover (``read(text:path:scope:days:)``'s `days`), and at most
/// ``maximumOccurrences`` occurrences per event, counted from its `DTSTART`. When the second
/// bound stops an expansion early, a `calendar-truncated` warning says so.
///
/// ```swift
/// let (calendar, warnings) = try OutsideCalendarReader.read(text: ics, path: "holidays/chile-2024.ics",
///                                                           scope: .venues(["cepal"]), days: first...last)
/// ```
public enum OutsideCalendarReader {
    /// The most occurrences expanded from one event (a `FREQ=MINUTELY` rule from 2020 reaches
    /// this in ten weeks; a daily rule in about 270 years).
    public static let maximumOccurrences = 100_000

    /// Reads one calendar.
    /// - Parameters:
    ///   - text: the `.ics` text.
    ///   - path: the path to report in locations.
    ///   - scope: the sessions it applies to.
    ///   - days: the venue-local days the programme's sessions cover; occurrences outside them
    ///     (with two days' margin for zones) are dropped. Nil (no sessions): no occurrences kept.
    /// - Returns: the calendar with its occurrences in text order, and warnings
    ///   (`calendar-issue` for what libical could not read in an event, `calendar-truncated`).
    /// - Throws: ``DiagnosticError`` with `invalid-calendar` errors at `path:line:1` when the
    ///   file cannot be read as iCalendar at all.
    public static func read(text: String, path: String, scope: OutsideCalendar.Scope,
                            days: ClosedRange<LocalDate>?) throws(DiagnosticError) -> (OutsideCalendar, [Diagnostic]) {
        let parsed: ParsedCalendar
        do {
            parsed = try ICalendarReader.parse(text)
        } catch let error as ICalendarError {
            throw DiagnosticError(error.issues.map { diagnostic($0, path: path, severity: .error, code: "invalid-calendar") })
        } catch {
            throw DiagnosticError(.error("invalid-calendar", "'\(path)' cannot be read as iCalendar: \(error)",
                                         at: SourceLocation(file: path, line: 1, column: 1)))
        }
        var warnings = parsed.issues.map { diagnostic($0, path: path, severity: .warning, code: "calendar-issue") }
        guard let days else { return (OutsideCalendar(file: path, events: [], scope: scope), warnings) }
        let from = days.lowerBound.adding(days: -2), to = days.upperBound.adding(days: 2)
        let until = Instant(secondsSince1970: Int64(to.daysSinceEpoch + 1) * 86_400 - 1)
        let earliest = Instant(secondsSince1970: Int64(from.daysSinceEpoch) * 86_400)
        // Which events are compared: not floating (warned about below), not cancelled.
        let compared = parsed.events.map { e in
            if case .floating = e.start { return false }
            return e.status.map { $0.uppercased() != "CANCELLED" } ?? true
        }
        // Expanded together: one lock, and each VTIMEZONE of the file read once.
        let kept = parsed.events.indices.lazy.filter { compared[$0] }.map { parsed.events[$0] }
        var expanded = ICalendarReader.occurrences(of: kept, until: until, limit: maximumOccurrences).makeIterator()
        var events: [OutsideEvent] = []
        for (k, e) in parsed.events.enumerated() {
            if case .floating = e.start {
                let name = e.summary ?? e.uid ?? "event on line \(e.line)"
                warnings.append(.warning("calendar-issue",
                                         "event \(quoted: name) has a floating time (neither TZID nor Z), so it cannot be compared with sessions; give DTSTART a TZID",
                                         at: SourceLocation(file: path, line: e.line, column: 1)))
                continue
            }
            guard compared[k] else { continue }
            let occurrences = expanded.next() ?? []
            if occurrences.isEmpty { continue }
            let source = SourceLocation(file: path, line: e.line, column: 1)
            let name = e.summary ?? e.uid ?? "event on line \(e.line)"
            if occurrences.count == maximumOccurrences, e.rrule != nil {
                warnings.append(.warning("calendar-truncated",
                                         "the recurrence of \(quoted: name) was cut at \(maximumOccurrences) occurrences before it reached \(to); later occurrences are not compared: give the RRULE an UNTIL or a later DTSTART",
                                         at: source))
            }
            for o in occurrences {
                switch o {
                case .allDay(let a, let b) where b >= from && a <= to:
                    events.append(OutsideEvent(name: name, when: .days(a, b), source: source))
                case .timed(let a, let b) where b >= earliest && a <= until:
                    events.append(OutsideEvent(name: name, when: .timed(a, b), source: source))
                default:
                    continue
                }
            }
        }
        return (OutsideCalendar(file: path, events: events, scope: scope), warnings)
    }

    /// An issue as a finding at `path:line:1` (line 1 when the issue has none).
    static func diagnostic(_ issue: ICalendarIssue, path: String, severity: Severity, code: String) -> Diagnostic {
        var subject = issue.component
        if let uid = issue.uid { subject += " \(quoted: uid)" }
        if let property = issue.property { subject += " \(property)" }
        return Diagnostic(severity, code: code, "\(subject): \(issue.message)",
                          at: SourceLocation(file: path, line: issue.line ?? 1, column: 1))
    }
}
