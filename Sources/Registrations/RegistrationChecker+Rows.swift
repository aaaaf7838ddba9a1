import CivilTime
import Diagnostics
import Foundation
import Planner

/// Roles that mark a head of delegation (folded), in the four languages.
private let headRoles: Set<String> = [
    "head of delegation", "head", "jefe de delegacion", "jefa de delegacion", "chefe de delegacao", "chef de delegation",
    "cheffe de delegation",
]

/// Folded-name hashes of the head roles.
private let headRoleKeys: [UInt64] = headRoles.sorted().map { role in
    var h = KeyHash()
    var s = role
    _ = s.withUTF8 { NameFolder.fold($0, 0..<$0.count, into: &h, separated: false) }
    return h.finalized
}

extension RegistrationChecker {
    /// The checks that need one row only, and the bookkeeping for those that need every row.
    ///
    /// Nothing is allocated for a row without findings: the item and session lists go into
    /// buffers kept from row to row, and the keys are 64-bit hashes of the field bytes.
    mutating func checkRow(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, _ columns: ColumnMap) {
        let row = Int32(record.row)
        func range(_ c: RegistrationColumn) -> Range<Int>? { columns[c].map { ByteText.trimmed(p, record.range($0)) } }

        // formula-injection: every field.
        for f in 0..<record.count where ByteText.isFormula(p, record.range(f)) {
            findings.append(finding(record, p, f, "formula-injection",
                                    "'\(record.string(f, in: p))' in '\(columns.headers[f])' would run as a formula in a spreadsheet; remove the leading sign or start the value with an apostrophe (')"))
        }

        // missing-field
        let givenRange = range(.givenName)!, familyRange = range(.familyName)!
        let emailRange = range(.email)!, delegationRange = range(.delegation)!
        for (c, r) in [(RegistrationColumn.givenName, givenRange), (.familyName, familyRange), (.email, emailRange), (.delegation, delegationRange)]
        where r.isEmpty {
            findings.append(finding(record, p, columns[c], "missing-field",
                                    "'\(columns.headers[columns[c]!])' is empty; every registration needs a given name, family name, e-mail, delegation and at least one activity or session"))
        }
        ByteText.items(p, range(.sessions), into: &sessionItems)
        ByteText.items(p, range(.activities), into: &activityItems)
        if sessionItems.isEmpty, activityItems.isEmpty {
            let field = columns[.sessions] ?? columns[.activities]!
            findings.append(finding(record, p, field, "missing-field",
                                    "no activity or session is given; every registration needs at least one"))
        }

        // invalid-email and its key.
        var emailKey: UInt64?
        if !emailRange.isEmpty {
            let ok = ByteText.isPlausibleEmailASCII(p, emailRange) ?? isPlausibleEmail(Self.text(p, emailRange))
            if !ok {
                findings.append(finding(record, p, columns[.email], "invalid-email",
                                        "e-mail '\(Self.text(p, emailRange))' is not an address like name@example.org (one @, a domain with a dot, no spaces)",
                                        value: Self.text(p, emailRange)))
            }
            var h = KeyHash()
            for i in emailRange { let b = p[i]; h.add(b >= 65 && b <= 90 ? b | 0x20 : b) }
            emailKey = h.finalized
        }

        // unknown-delegation
        var delegationNumber: Int32?
        if !delegationRange.isEmpty {
            if let lookup = index.delegationLookup, lookup.find(p, delegationRange) == nil {
                let code = Self.text(p, delegationRange)
                let hint = suggestion(code, lookup).map { " (did you mean '\($0)'?)" } ?? ""
                findings.append(finding(record, p, columns[.delegation], "unknown-delegation",
                                        "unknown delegation '\(code)'\(hint); the delegations are listed in '\(delegationsFile ?? "the delegation list")'",
                                        value: code))
            } else {
                delegationNumber = Int32(delegationNumbers.find(p, delegationRange) ?? delegationNumbers.insert(Self.text(p, delegationRange)))
            }
        }

        // unknown-session / unknown-activity
        sessions.removeAll(keepingCapacity: true)
        for item in sessionItems {
            if let s = index.sessionLookup.find(p, item) { sessions.append(Int32(s)); continue }
            let id = Self.text(p, item)
            let hint = suggestion(id, index.sessionLookup).map { " (did you mean '\($0)'?)" } ?? ""
            findings.append(finding(record, p, columns[.sessions], "unknown-session",
                                    "unknown session '\(id)'\(hint); the sessions are listed in '\(programmeFile)'", value: id))
        }
        activities.removeAll(keepingCapacity: true)
        for item in activityItems {
            if let a = index.activityLookup.find(p, item) { activities.append(Int32(a)); continue }
            let id = Self.text(p, item)
            let hint = suggestion(id, index.activityLookup).map { " (did you mean '\($0)'?)" } ?? ""
            findings.append(finding(record, p, columns[.activities], "unknown-activity",
                                    "unknown activity '\(id)'\(hint); the activities are listed in '\(programmeFile)'", value: id))
        }

        // The person: folded given and family name within the delegation.
        var person = KeyHash()
        let namedGiven = NameFolder.fold(p, givenRange, into: &person, separated: false)
        let namedFamily = NameFolder.fold(p, familyRange, into: &person, separated: namedGiven)
        let named = namedGiven || namedFamily
        person.add(0x1F)
        for i in delegationRange { let b = p[i]; person.add(b >= 97 && b <= 122 ? b & ~0x20 : b) }
        let personKey = person.finalized
        // Who the rows belong to: the participant id when given, else the person.
        var identity = personKey
        let idRange = range(.participantID)
        if let idRange, !idRange.isEmpty {
            var h = KeyHash()
            h.add(0x1E)
            h.add(p, idRange)
            identity = h.finalized
        }
        func displayName() -> String { "\(Self.text(p, givenRange)) \(Self.text(p, familyRange))" }

        // duplicate, and duplicate-email: one address, two different people. The two table
        // look-ups are independent, so their cache misses overlap.
        var repeatedSessions = false
        if named {
            if !columns.perRegistration {
                if let first = firstRowOfPerson.insertIfAbsent(personKey, row) {
                    findings.append(finding(record, p, columns[.familyName], "duplicate",
                                            "'\(displayName())' of delegation '\(Self.text(p, delegationRange))' repeats row \(first) (the same name once case, accents, hyphens and spaces are ignored); remove one of the rows",
                                            value: displayName(), related: [Int(first)]))
                }
            } else {
                repeatedSessions = registrationDuplicates(record, p, personKey: personKey, delegation: delegationRange,
                                                          given: givenRange, family: familyRange)
            }
            if let emailKey, let owner = ownerOfEmail.insertIfAbsent(emailKey, EmailOwner(person: personKey, row: row)),
               owner.person != personKey {
                findings.append(finding(record, p, columns[.email], "duplicate-email",
                                        "e-mail '\(Self.text(p, emailRange))' is also the address of a different person on row \(owner.row); each person needs their own address",
                                        value: Self.text(p, emailRange), related: [Int(owner.row)]))
            }
        }

        // Seats per session (over-capacity is reported once per session in finish()).
        for s in sessions where !(repeatedSessions && repeated.contains(s)) {
            seatCount[Int(s)] += 1
            if let cap = index.sessions[Int(s)].capacity, seatCount[Int(s)] == cap + 1 { firstRowOverCapacity[Int(s)] = row }
        }

        // Registrants per delegation and activity, heads of delegation.
        if let delegationNumber {
            countQuota(record, p, delegation: Int(delegationNumber), delegationRange: delegationRange, identity: identity, columns)
        }

        // overlapping-sessions: within the row now, across rows (per-registration shape) at the end.
        if columns.perRegistration {
            if !sessions.isEmpty { sessionsOfPerson[identity, default: []] += sessions.map { ($0, row) } }
        } else if sessions.count > 1 {
            var list: [(session: Int32, row: Int32)] = []
            swap(&list, &sweep)
            list.removeAll(keepingCapacity: true)
            for s in sessions { list.append((s, row)) }
            Self.overlaps(in: &list, index, into: &pairs)
            swap(&list, &sweep)
            for (later, earlier) in pairs { findings.append(overlapFinding(record.row, later.session, earlier)) }
        }

        if columns[.arrival] != nil || columns[.departure] != nil {
            checkDates(record, p, columns, sessions: sessions, activities: activities)
        }
        if options.collectParticipants {
            collect(record, p, columns, identity: idRange.flatMap { $0.isEmpty ? nil : Self.text(p, $0) },
                    personKey: personKey, sessions: sessions, activities: activities)
        }
    }

    /// `duplicate` in the per-registration shape: the same person registered for the same session
    /// or activity on an earlier row. Lists the repeated sessions (not counted for seats again)
    /// in ``repeated``.
    /// - Returns: whether any session was repeated.
    mutating func registrationDuplicates(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, personKey: UInt64,
                                         delegation: Range<Int>, given: Range<Int>, family: Range<Int>) -> Bool {
        func displayName() -> String { "\(Self.text(p, given)) \(Self.text(p, family))" }
        let row = Int32(record.row)
        var any = false
        repeated.removeAll(keepingCapacity: true)
        for kind in [UInt8(1), 2] {
            let items = kind == 1 ? sessions : activities
            for item in items {
                var h = KeyHash()
                h.add(word: personKey)
                h.add(kind)
                withUnsafeBytes(of: item) { h.add($0) }
                guard let first = firstRowOfRegistration.insertIfAbsent(h.finalized, row) else { continue }
                if kind == 1 {
                    repeated.append(item)
                    any = true
                }
                let name = kind == 1 ? index.sessionLookup.names[Int(item)] : index.activityLookup.names[Int(item)]
                findings.append(finding(record, p, columns![kind == 1 ? .sessions : .activities], "duplicate",
                                        "'\(displayName())' of delegation '\(Self.text(p, delegation))' is registered for \(kind == 1 ? "session" : "activity") '\(name)' again (first on row \(first)); remove one of the rows",
                                        value: displayName(), related: [Int(first)]))
            }
        }
        return any
    }

    /// Counts the row for each activity it touches (listed, or through one of its sessions) in
    /// its delegation, and checks that each delegation has one head per activity.
    mutating func countQuota(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, delegation: Int, delegationRange: Range<Int>,
                             identity: UInt64, _ columns: ColumnMap) {
        let row = Int32(record.row)
        touched.removeAll(keepingCapacity: true)
        for a in activities where activityStamp[Int(a)] != row {
            activityStamp[Int(a)] = row
            touched.append(a)
        }
        for s in sessions {
            let a = Int32(index.sessions[Int(s)].activity)
            if activityStamp[Int(a)] != row {
                activityStamp[Int(a)] = row
                touched.append(a)
            }
        }
        guard !touched.isEmpty else { return }
        var isHead = false
        if let r = columns[.role].map({ ByteText.trimmed(p, record.range($0)) }), !r.isEmpty {
            var h = KeyHash()
            NameFolder.fold(p, r, into: &h, separated: false)
            isHead = headRoleKeys.contains(h.finalized)
        }
        let activityCount = index.activities.count
        let needed = (delegation + 1) * activityCount
        if quota.count < needed { quota.append(contentsOf: repeatElement(QuotaCount(), count: needed - quota.count)) }
        for a in touched {
            let k = delegation * activityCount + Int(a)
            var counted = true
            if columns.perRegistration {
                var h = KeyHash()
                h.add(word: identity)
                withUnsafeBytes(of: a) { h.add($0) }
                counted = countedForQuota.insertIfAbsent(h.finalized, ()) == nil
            }
            if counted {
                quota[k].count += 1
                if quota[k].rows.count <= (index.activities[Int(a)].quota ?? 0) { quota[k].rows.append(row) }
            }
            if isHead {
                if quota[k].headRow != 0, quota[k].headPerson != identity {
                    findings.append(finding(record, p, columns[.role], "over-quota",
                                            "delegation '\(Self.text(p, delegationRange))' has a second head of delegation for activity '\(index.activities[Int(a)].id)' (the first is on row \(quota[k].headRow)); one head per delegation and activity",
                                            related: [Int(quota[k].headRow)]))
                } else if quota[k].headRow == 0 {
                    quota[k].headPerson = identity
                    quota[k].headRow = row
                }
            }
        }
    }

    static func text(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
    }

    mutating func suggestion(_ id: String, _ lookup: ByteLookup) -> String? {
        if let cached = unknownSuggestions[id] { return cached }
        let s = lookup.nearest(id)
        if unknownSuggestions.count < 10_000 { unknownSuggestions[id] = s }
        return s
    }

    /// The pairs (later, earlier) of sessions that overlap in time, by a sweep in (start, end,
    /// session, row) order, into `pairs` (emptied first). Sorts `list` in place.
    static func overlaps(in list: inout [(session: Int32, row: Int32)], _ index: ProgrammeIndex,
                         into pairs: inout [((session: Int32, row: Int32), (session: Int32, row: Int32))]) {
        pairs.removeAll(keepingCapacity: true)
        guard list.count > 1 else { return }
        let rank = index.rank, starts = index.starts, ends = index.ends
        if list.count > 16 {
            list.sort { (rank[Int($0.session)], $0.row) < (rank[Int($1.session)], $1.row) }
        } else {
            // Insertion sort: a row lists a handful of sessions.
            for i in 1..<list.count {
                let item = list[i]
                let key = (rank[Int(item.session)], item.row)
                var j = i
                while j > 0, key < (rank[Int(list[j - 1].session)], list[j - 1].row) {
                    list[j] = list[j - 1]
                    j -= 1
                }
                list[j] = item
            }
        }
        var latest = list[0]
        for item in list.dropFirst() where item.session != latest.session {
            let s = Int(item.session), l = Int(latest.session)
            if starts[s] < ends[l] { pairs.append((item, latest)) }
            if ends[s] > ends[l] { latest = item }
        }
    }

    func overlapFinding(_ row: Int, _ session: Int32, _ other: (session: Int32, row: Int32)) -> RegistrationFinding {
        let s = index.sessions[Int(session)], o = index.sessions[Int(other.session)]
        let also = other.row == Int32(row) ? "on the same row" : "on row \(other.row)"
        return RegistrationFinding(row: row, column: columns!.header(.sessions), columnNumber: columns![.sessions].map { $0 + 1 },
                                   code: "overlapping-sessions", severity: .warning,
                                   message: "session '\(s.id)' (\(s.localStart.date.iso) \(s.localStart.hhmm)–\(s.localEnd.hhmm)) overlaps session '\(o.id)' (\(o.localStart.date.iso) \(o.localStart.hhmm)–\(o.localEnd.hhmm)) of the same person \(also); keep one of them",
                                   value: s.id.rawValue, relatedRows: other.row == Int32(row) ? [] : [Int(other.row)])
    }
}
