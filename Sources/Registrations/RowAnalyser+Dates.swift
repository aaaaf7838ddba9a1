import CivilTime
import Diagnostics
import Planner

/// Travel dates: arrival and departure against the days of what the row registers for.
extension RowAnalyser {
    /// dates-outside: arrival after the first day, or departure before the last day, of what the row registers for.
    package func checkDates(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, sessions: [Int32], activities: [Int32],
                    into findings: inout [Diagnostic]) {
        var spans: [(first: LocalDate, last: LocalDate, what: String)] = []
        for s in sessions {
            let info = index.sessions[Int(s)]
            spans.append((info.localStart.date, info.localEnd.date, "session \(quoted: info.id)"))
        }
        for a in activities where index.activities[Int(a)].exact {
            let info = index.activities[Int(a)]
            spans.append((info.first, info.last, "activity \(quoted: info.id)"))
        }
        guard let earliest = spans.min(by: { $0.first < $1.first }), let latest = spans.max(by: { $0.last < $1.last }) else { return }
        for (column, isArrival) in [(RegistrationColumn.arrival, true), (.departure, false)] {
            guard let f = columns[column] else { continue }
            let r = ByteText.trimmed(p, record.range(f))
            if r.isEmpty { continue }
            let value = Self.text(p, r)
            func finding(_ code: String, _ message: String, severity: Severity = .error) -> Diagnostic {
                Diagnostic.listFinding(file: file, row: record.row, column: columns.headers[f], columnNumber: f + 1, code: code, severity: severity,
                                    message: message, value: value)
            }
            guard let date = Self.parseDate(value) else {
                findings.append(finding("invalid-date", "\(column.rawValue) \(quoted: value) is not a date; write it as 2024-04-04 (or 04/04/2024, day first)"))
                continue
            }
            if isArrival, date > earliest.first {
                findings.append(finding("dates-outside",
                                        "arrival \(quoted: value) is after the start of \(earliest.what) on \(earliest.first.iso); arrive by \(earliest.first.iso) or drop the registration",
                                        severity: .warning))
            } else if !isArrival, date < latest.last {
                findings.append(finding("dates-outside",
                                        "departure \(quoted: value) is before the end of \(latest.what) on \(latest.last.iso); leave on \(latest.last.iso) or later, or drop the registration",
                                        severity: .warning))
            }
        }
    }

    /// A date as ISO (`2024-04-04`, optionally followed by a time) or day first (`04/04/2024`).
    package static func parseDate(_ s: String) -> LocalDate? {
        let head = s.prefix { $0 != " " && $0 != "T" }
        if let d = LocalDate(iso: head) { return d }
        let parts = head.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), parts[2].count == 4 else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }
}
