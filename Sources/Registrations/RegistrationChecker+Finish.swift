import CivilTime
import Diagnostics
import Planner

extension RegistrationChecker {
    /// over-capacity: once per session, at the first row beyond the room's capacity.
    mutating func finishCapacity() {
        for (i, s) in index.sessions.enumerated() {
            guard let cap = s.capacity, Int(seatCount[i]) > cap else { continue }
            findings.append(RegistrationFinding(row: Int(firstRowOverCapacity[i]), column: columns?.header(.sessions),
                                                columnNumber: columns?[.sessions].map { $0 + 1 }, code: "over-capacity", severity: .error,
                                                message: "session '\(s.id)' has \(seatCount[i]) registrations but room '\(s.room)' holds \(cap); this row is the first beyond it: move the session to a larger room or close its registration",
                                                value: s.id.rawValue))
        }
    }

    /// over-quota: once per delegation and activity, at the first registrant beyond the quota.
    mutating func finishQuota() {
        let activityCount = index.activities.count
        for (k, count) in quota.enumerated() {
            let a = index.activities[k % activityCount]
            guard let limit = a.quota, count.count > limit, count.rows.count > limit else { continue }
            let code = delegationNumbers.names[k / activityCount]
            findings.append(RegistrationFinding(row: Int(count.rows[limit]), column: columns?.header(.delegation),
                                                columnNumber: columns?[.delegation].map { $0 + 1 }, code: "over-quota", severity: .error,
                                                message: "delegation '\(code)' has \(count.count) registrants for activity '\(a.id)', above its quota of \(limit); this row is the first beyond it (the first \(limit) are the related rows)",
                                                value: code, relatedRows: count.rows.prefix(limit).map { Int($0) }))
        }
    }

    /// overlapping-sessions across the rows of one person (the per-registration shape).
    mutating func finishOverlaps() {
        var pairs: [((session: Int32, row: Int32), (session: Int32, row: Int32))] = []
        for (_, list) in sessionsOfPerson where list.count > 1 {
            var list = list
            Self.overlaps(in: &list, index, into: &pairs)
            for (later, earlier) in pairs { findings.append(overlapFinding(Int(later.row), later.session, earlier)) }
        }
    }

    /// dates-outside: arrival after the first day, or departure before the last day, of what the row registers for.
    mutating func checkDates(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, _ columns: ColumnMap, sessions: [Int32], activities: [Int32]) {
        guard columns[.arrival] != nil || columns[.departure] != nil else { return }
        var spans: [(first: LocalDate, last: LocalDate, what: String)] = []
        for s in sessions {
            let info = index.sessions[Int(s)]
            spans.append((info.localStart.date, info.localEnd.date, "session '\(info.id)'"))
        }
        for a in activities where index.activities[Int(a)].exact {
            let info = index.activities[Int(a)]
            spans.append((info.first, info.last, "activity '\(info.id)'"))
        }
        guard let earliest = spans.min(by: { $0.first < $1.first }), let latest = spans.max(by: { $0.last < $1.last }) else { return }
        for (column, isArrival) in [(RegistrationColumn.arrival, true), (.departure, false)] {
            guard let f = columns[column] else { continue }
            let r = ByteText.trimmed(p, record.range(f))
            if r.isEmpty { continue }
            let value = Self.text(p, r)
            guard let date = Self.parseDate(value) else {
                findings.append(finding(record, p, f, "invalid-date",
                                        "\(column.rawValue) '\(value)' is not a date; write it as 2024-04-04 (or 04/04/2024, day first)", value: value))
                continue
            }
            if isArrival, date > earliest.first {
                findings.append(finding(record, p, f, "dates-outside",
                                        "arrival '\(value)' is after the start of \(earliest.what) on \(earliest.first.iso); arrive by \(earliest.first.iso) or drop the registration", severity: .warning,
                                        value: value))
            } else if !isArrival, date < latest.last {
                findings.append(finding(record, p, f, "dates-outside",
                                        "departure '\(value)' is before the end of \(latest.what) on \(latest.last.iso); leave on \(latest.last.iso) or later, or drop the registration", severity: .warning,
                                        value: value))
            }
        }
    }

    /// A date as ISO (`2024-04-04`, optionally followed by a time) or day first (`04/04/2024`).
    static func parseDate(_ s: String) -> LocalDate? {
        let head = s.prefix { $0 != " " && $0 != "T" }
        if let d = LocalDate(iso: head) { return d }
        let parts = head.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 3, let day = Int(parts[0]), let month = Int(parts[1]), let year = Int(parts[2]), parts[2].count == 4 else { return nil }
        return LocalDate(year: year, month: month, day: day)
    }

    /// Adds the row to its participant (merging the rows of one person).
    mutating func collect(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, _ columns: ColumnMap, identity: String?,
                          personKey: UInt64, sessions: [Int32], activities: [Int32]) {
        func field(_ c: RegistrationColumn) -> String { columns[c].map { Self.text(p, ByteText.trimmed(p, record.range($0))) } ?? "" }
        let email = field(.email)
        let delegation = field(.delegation)
        // Without an id column, the per-registration shape merges rows by e-mail (else by name);
        // in the one-row-per-person shape every row is its own participant.
        var id: String
        if let identity { id = identity } else if !email.isEmpty { id = email.lowercased() } else {
            id = "name:" + NameFolder.folded(field(.givenName) + " " + field(.familyName)) + "/" + delegation.uppercased()
        }
        if identity == nil, !columns.perRegistration, participantNumber[id] != nil { id = "row-\(record.row)" }
        var all = Set(sessions.map { Int($0) })
        var acts = Set(activities.map { Int($0) })
        for s in sessions { acts.insert(index.sessions[Int(s)].activity) }
        for a in activities { all.formUnion(index.activities[Int(a)].sessions) }
        let n: Int
        if let existing = participantNumber[id] { n = existing } else {
            n = participants.count
            participantNumber[id] = n
            let role = field(.role), language = field(.language)
            participants.append(Participant(id: id, givenName: field(.givenName), familyName: field(.familyName), email: email,
                                            delegation: delegation, role: role.isEmpty ? nil : role,
                                            language: language.isEmpty ? nil : language))
        }
        var merged = Set(participants[n].sessions.compactMap { index.sessionLookup.find($0.rawValue) }).union(all)
        participants[n].sessions = merged.sorted {
            let a = index.sessions[$0], b = index.sessions[$1]
            return (a.start, a.id) < (b.start, b.id)
        }.map { index.sessions[$0].id }
        merged = Set(participants[n].activities.compactMap { index.activityLookup.find($0.rawValue) }).union(acts)
        participants[n].activities = merged.map { index.activities[$0].id }.sorted()
        let whole = Set(participants[n].wholeActivities.compactMap { index.activityLookup.find($0.rawValue) })
            .union(activities.map { Int($0) })
        participants[n].wholeActivities = whole.map { index.activities[$0].id }.sorted()
        participants[n].rows.append(record.row)
    }
}
