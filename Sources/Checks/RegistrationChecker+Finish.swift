import Registrations
import CivilTime
import Diagnostics
import Planner

extension RegistrationChecker {
    /// over-capacity: once per session, at the first row beyond the room's capacity. The one
    /// capacity rule of every command (`check --registrations` reports this finding as it is).
    mutating func finishCapacity() {
        for (i, s) in index.sessions.enumerated() {
            guard let cap = s.capacity, Int(seatCount[i]) > cap else { continue }
            let end = s.localEnd.date == s.localStart.date ? s.localEnd.hhmm : "\(s.localEnd.date.iso) \(s.localEnd.hhmm)"
            var d = Diagnostic.listFinding(file: options.file, row: Int(firstRowOverCapacity[i]), column: columns?.header(.sessions),
                                           columnNumber: columns?[.sessions].map { $0 + 1 }, code: "over-capacity", severity: .error,
                                           message: "session \(quoted: s.id) \(s.localStart.date.iso) \(s.localStart.hhmm)–\(end) has \(seatCount[i]) registrants but room \(quoted: s.room) of venue \(quoted: s.venue) holds \(cap) (\(Int(seatCount[i]) - cap) too many); this row is the first beyond it: move the session to a larger room or close its registration",
                                           value: s.id.rawValue)
            d.subjects = [s.id.rawValue]
            d.notes = ["\(quoted: s.id) is at \(s.location)"]
            findings.append(d)
        }
    }

    /// over-quota: once per delegation and activity, at the first registrant beyond the quota.
    mutating func finishQuota() {
        let activityCount = index.activities.count
        for (k, count) in quota.enumerated() {
            let a = index.activities[k % activityCount]
            guard let limit = a.quota, count.count > limit, count.rows.count > limit else { continue }
            let code = delegationNumbers.names[k / activityCount]
            findings.append(Diagnostic.listFinding(file: options.file, row: Int(count.rows[limit]), column: columns?.header(.delegation),
                                                columnNumber: columns?[.delegation].map { $0 + 1 }, code: "over-quota", severity: .error,
                                                message: "delegation \(quoted: code) has \(count.count) registrants for activity \(quoted: a.id), above its quota of \(limit); this row is the first beyond it (the first \(limit) are the related rows)",
                                                value: code, relatedRows: count.rows.prefix(limit).map { Int($0) }))
        }
    }

    /// overlapping-sessions across the rows of one person (the per-registration shape).
    mutating func finishOverlaps() {
        var pairs: [((session: Int32, row: Int32), (session: Int32, row: Int32))] = []
        for (_, list) in sessionsOfPerson where list.count > 1 {
            var list = list
            RowAnalyser.overlaps(in: &list, index, into: &pairs)
            for (later, earlier) in pairs { findings.append(analyser!.overlapFinding(Int(later.row), later.session, earlier)) }
        }
    }

    /// Adds the row to its participant (merging the rows of one person).
    mutating func collect(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, _ columns: ColumnMap, identity: String?,
                          personKey: UInt64, sessions: [Int32], activities: [Int32]) {
        func field(_ c: RegistrationColumn) -> String { columns[c].map { RowAnalyser.text(p, ByteText.trimmed(p, record.range($0))) } ?? "" }
        let email = field(.email)
        let written = field(.delegation)
        let delegation = index.delegationLookup?.canonical(written) ?? written  // `mex` is MEX (normalised-code)
        // Without an id column, the per-registration shape merges rows by e-mail (else by name);
        // in the one-row-per-person shape every row is its own participant.
        var id: String
        if let identity { id = identity } else if !email.isEmpty { id = email.lowercased() } else {
            id = "name:" + NameFolder.folded(field(.givenName) + " " + field(.familyName)) + "/" + delegation.uppercased()
        }
        if identity == nil, !columns.perRegistration, participantNumber[id] != nil { id = "row-\(record.row)" }
        if participantNumber[id] == nil {
            addParticipant(id: id, record.row, field: field, email: email, delegation: delegation, sessions: sessions, activities: activities)
            return
        }
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
        addSeats(&participants[n].seats, row: record.row, sessions: sessions, activities: activities)
        participants[n].rows.append(record.row)
    }

    /// `collect` for a person's first row: the same lists, sorted by orders computed once
    /// (``ProgrammeIndex/timeOrder``, ``ProgrammeIndex/idOrder``) instead of sets and string sorts.
    private mutating func addParticipant(id: String, _ row: Int, field: (RegistrationColumn) -> String, email: String, delegation: String,
                                         sessions: [Int32], activities: [Int32]) {
        let stamp = Int32(truncatingIfNeeded: row)
        if sessionStamp.count != index.sessions.count { sessionStamp = Array(repeating: 0, count: index.sessions.count) }
        var all: [Int] = []
        var acts: [Int] = [], whole: [Int] = []
        func addSession(_ s: Int) {
            if sessionStamp[s] != stamp { sessionStamp[s] = stamp; all.append(s) }
        }
        func addActivity(_ a: Int, _ list: inout [Int]) {
            if !list.contains(a) { list.append(a) }
        }
        for s in sessions {
            addSession(Int(s))
            addActivity(index.sessions[Int(s)].activity, &acts)
        }
        for a in activities {
            for s in index.activities[Int(a)].sessions { addSession(s) }
            addActivity(Int(a), &acts)
            addActivity(Int(a), &whole)
        }
        let timeOrder = index.timeOrder, idOrder = index.idOrder
        all.sort { timeOrder[$0] < timeOrder[$1] }
        acts.sort { idOrder[$0] < idOrder[$1] }
        whole.sort { idOrder[$0] < idOrder[$1] }
        participantNumber[id] = participants.count
        let role = field(.role), language = field(.language)
        var p = Participant(id: id, givenName: field(.givenName), familyName: field(.familyName), email: email,
                            delegation: delegation, role: role.isEmpty ? nil : role, language: language.isEmpty ? nil : language,
                            activities: acts.map { index.activities[$0].id }, sessions: all.map { index.sessions[$0].id }, rows: [row])
        p.wholeActivities = whole.map { index.activities[$0].id }
        addSeats(&p.seats, row: row, sessions: sessions, activities: activities)
        participants.append(p)
    }

    /// The seats a row takes (see ``Participant/seats``): the same rule as the seat counts of ``apply(_:rowOffset:)``.
    private func addSeats(_ seats: inout [Participant.Seat], row: Int, sessions: [Int32], activities: [Int32]) {
        func add(_ s: Int32) {
            let id = index.sessions[Int(s)].id
            if !seats.contains(where: { $0.session == id }) { seats.append(Participant.Seat(session: id, row: row)) }
        }
        for s in sessions { add(s) }
        for a in activities { for s in index.activities[Int(a)].seatSessions { add(s) } }
    }
}
