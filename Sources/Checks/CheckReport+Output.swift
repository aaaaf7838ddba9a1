import Planner
import Diagnostics

extension CheckReport {
    /// Text for people: one line per finding, `file:line:column: severity: message [code]`,
    /// grouped by code (groups with errors first, then by code; within a group by place), a
    /// blank line between groups, and two summary lines: what was checked, and the counts.
    ///
    /// ```
    /// Calendars/x.yaml:40:9: error: room 'plenary' of venue 'sre' double-booked: … [room-overlap]
    ///     note: 'c1-opening' is at Calendars/x.yaml:35:9
    ///
    /// checked 12 sessions in 3 rooms at 1 venue, 2 people (chairs and speakers), 0 registrants and 1 calendar (9 events)
    /// Calendars/x.yaml: 1 error, 0 warnings, 0 notes
    /// ```
    /// - Parameter colour: ANSI colour (decided by the caller: a terminal, and no `NO_COLOR`).
    public func text(colour: Bool) -> String {
        var groups: [String: [Diagnostic]] = [:]
        for d in diagnostics { groups[d.code, default: []].append(d) }
        let order = groups.keys.sorted { a, b in
            let sa = groups[a]!.map(\.severity).min()!, sb = groups[b]!.map(\.severity).min()!
            return sa != sb ? sa < sb : a < b
        }
        var out = ""
        for code in order {
            out += DiagnosticRenderer.text(groups[code]!.sortedForOutput(), colour: colour) + "\n"
        }
        out += ProgrammeChecks.summarySentence(counts) + "\n"
        out += "\(file): \(DiagnosticRenderer.summary(diagnostics))\n"
        return out
    }

    /// The documented JSON object: `{"findings": [...], "summary": {"errors", "warnings",
    /// "notes", "by_code", "counts"}}`, findings sorted by file, line, column and code.
    public var json: String { DiagnosticRenderer.json(diagnostics.sortedForOutput(), extraSummary: counts) }
}
