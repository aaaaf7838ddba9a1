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
    mutating func checkRow(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, _ columns: ColumnMap) {
        let row = Int32(record.row)
        func range(_ c: RegistrationColumn) -> Range<Int>? { columns[c].map { ByteText.trimmed(p, record.range($0)) } }

        // formula-injection: every field.
        for f in 0..<record.count where ByteText.isFormula(p, record.range(f)) {
            findings.append(finding(record, f, "formula-injection",
                                    "'\(record.string(f))' in '\(columns.headers[f])' would run as a formula in a spreadsheet; remove the leading sign or start the value with an apostrophe (')"))
        }

        // missing-field
        for c in [RegistrationColumn.givenName, .familyName, .email, .delegation] where range(c)!.isEmpty {
            findings.append(finding(record, columns[c], "missing-field",
                                    "'\(columns.headers[columns[c]!])' is empty; every registration needs a given name, family name, e-mail, delegation and at least one activity or session"))
        }
        let sessionItems = range(.sessions).map { ByteText.items(p, $0) } ?? []
        let activityItems = range(.activities).map { ByteText.items(p, $0) } ?? []
        if sessionItems.isEmpty, activityItems.isEmpty {
            let field = columns[.sessions] ?? columns[.activities]!
            findings.append(finding(record, field, "missing-field",
                                    "no activity or session is given; every registration needs at least one"))
        }

        // invalid-email and its key.
        let emailRange = range(.email)!
        var emailKey: UInt64?
        if !emailRange.isEmpty {
            let ok = ByteText.isPlausibleEmailASCII(p, emailRange) ?? isPlausibleEmail(text(p, emailRange))
            if !ok {
                findings.append(finding(record, columns[.email], "invalid-email",
                                        "e-mail '\(text(p, emailRange))' is not an address like name@example.org (one @, a domain with a dot, no spaces)",
                                        value: text(p, emailRange)))
            }
            var h = KeyHash()
            for i in emailRange { let b = p[i]; h.add(b >= 65 && b <= 90 ? b | 0x20 : b) }
            emailKey = h.finalized
        }

        // unknown-delegation
        let delegationRange = range(.delegation)!
        var delegationNumber: Int32?
        if !delegationRange.isEmpty {
            if let lookup = index.delegationLookup, lookup.find(p, delegationRange) == nil {
                let code = text(p, delegationRange)
                let hint = suggestion(code, lookup).map { " (did you mean '\($0)'?)" } ?? ""
                findings.append(finding(record, columns[.delegation], "unknown-delegation",
                                        "unknown delegation '\(code)'\(hint); the delegations are listed in '\(delegationsFile ?? "the delegation list")'",
                                        value: code))
            } else {
                delegationNumber = Int32(delegationNumbers.find(p, delegationRange) ?? delegationNumbers.insert(text(p, delegationRange)))
            }
        }

        // unknown-session / unknown-activity
        var sessions: [Int32] = []
        for item in sessionItems {
            if let s = index.sessionLookup.find(p, item) { sessions.append(Int32(s)); continue }
            let id = text(p, item)
            let hint = suggestion(id, index.sessionLookup).map { " (did you mean '\($0)'?)" } ?? ""
            findings.append(finding(record, columns[.sessions], "unknown-session",
                                    "unknown session '\(id)'\(hint); the sessions are listed in '\(programmeFile)'", value: id))
        }
        var activities: [Int32] = []
        for item in activityItems {
            if let a = index.activityLookup.find(p, item) { activities.append(Int32(a)); continue }
            let id = text(p, item)
            let hint = suggestion(id, index.activityLookup).map { " (did you mean '\($0)'?)" } ?? ""
            findings.append(finding(record, columns[.activities], "unknown-activity",
                                    "unknown activity '\(id)'\(hint); the activities are listed in '\(programmeFile)'", value: id))
        }

        // The person: folded given and family name within the delegation.
        var person = KeyHash()
        let namedGiven = NameFolder.fold(p, range(.givenName)!, into: &person, separated: false)
        let namedFamily = NameFolder.fold(p, range(.familyName)!, into: &person, separated: namedGiven)
        let named = namedGiven || namedFamily
        person.add(0x1F)
        for i in delegationRange { let b = p[i]; person.add(b >= 97 && b <= 122 ? b & ~0x20 : b) }
        let personKey = person.finalized
        // Who the rows belong to: the participant id when given, else the person.
        var identity = personKey
        if let idRange = range(.participantID), !idRange.isEmpty {
            var h = KeyHash()
            h.add(0x1E)
            for i in idRange { h.add(p[i]) }
            identity = h.finalized
        }
        func displayName() -> String { "\(text(p, range(.givenName)!)) \(text(p, range(.familyName)!))" }

        // duplicate
        var repeated = Set<Int32>()
        if named {
            if !columns.perRegistration {
                if let first = firstRowOfPerson[personKey] {
                    findings.append(finding(record, columns[.familyName], "duplicate",
                                            "'\(displayName())' of delegation '\(text(p, delegationRange))' repeats row \(first) (the same name once case, accents, hyphens and spaces are ignored); remove one of the rows",
                                            value: displayName(), related: [Int(first)]))
                } else {
                    firstRowOfPerson[personKey] = row
                }
            } else {
                for (kind, items, lookup) in [(UInt8(1), sessions, index.sessionLookup), (UInt8(2), activities, index.activityLookup)] {
                    for item in items {
                        var h = KeyHash()
                        withUnsafeBytes(of: personKey) { h.add($0) }
                        h.add(kind)
                        withUnsafeBytes(of: item) { h.add($0) }
                        if let first = firstRowOfRegistration[h.finalized] {
                            if kind == 1 { repeated.insert(item) }
                            findings.append(finding(record, columns[kind == 1 ? .sessions : .activities], "duplicate",
                                                    "'\(displayName())' of delegation '\(text(p, delegationRange))' is registered for \(kind == 1 ? "session" : "activity") '\(lookup.names[Int(item)])' again (first on row \(first)); remove one of the rows",
                                                    value: displayName(), related: [Int(first)]))
                        } else {
                            firstRowOfRegistration[h.finalized] = row
                        }
                    }
                }
            }
        }

        // duplicate-email: one address, two different people.
        if let emailKey, named {
            if let owner = ownerOfEmail[emailKey] {
                if owner.person != personKey {
                    findings.append(finding(record, columns[.email], "duplicate-email",
                                            "e-mail '\(text(p, emailRange))' is also the address of a different person on row \(owner.row); each person needs their own address",
                                            value: text(p, emailRange), related: [Int(owner.row)]))
                }
            } else {
                ownerOfEmail[emailKey] = (personKey, row)
            }
        }

        // Seats per session (over-capacity is reported once per session in finish()).
        for s in sessions where !repeated.contains(s) {
            seatCount[Int(s)] += 1
            if let cap = index.sessions[Int(s)].capacity, seatCount[Int(s)] == cap + 1 { firstRowOverCapacity[Int(s)] = row }
        }

        // Registrants per delegation and activity, heads of delegation.
        if let delegationNumber {
            var touched = Set(activities)
            for s in sessions { touched.insert(Int32(index.sessions[Int(s)].activity)) }
            var isHead = false
            if let r = range(.role), !r.isEmpty {
                var h = KeyHash()
                NameFolder.fold(p, r, into: &h, separated: false)
                isHead = headRoleKeys.contains(h.finalized)
            }
            for a in touched.sorted() {
                let key = QuotaKey(delegation: delegationNumber, activity: a)
                var count = quota[key] ?? QuotaCount()
                var h = KeyHash()
                withUnsafeBytes(of: identity) { h.add($0) }
                withUnsafeBytes(of: a) { h.add($0) }
                if !columns.perRegistration || countedForQuota.insert(h.finalized).inserted {
                    count.count += 1
                    if count.rows.count <= (index.activities[Int(a)].quota ?? 0) { count.rows.append(row) }
                }
                if isHead {
                    if let head = count.head, head.person != identity {
                        findings.append(finding(record, columns[.role], "over-quota",
                                                "delegation '\(text(p, delegationRange))' has a second head of delegation for activity '\(index.activities[Int(a)].id)' (the first is on row \(head.row)); one head per delegation and activity",
                                                related: [Int(head.row)]))
                    } else if count.head == nil {
                        count.head = (identity, row)
                    }
                }
                quota[key] = count
            }
        }

        // overlapping-sessions: within the row now, across rows (per-registration shape) at the end.
        if columns.perRegistration {
            if !sessions.isEmpty { sessionsOfPerson[identity, default: []] += sessions.map { ($0, row) } }
        } else {
            for (later, earlier) in overlaps(sessions.map { ($0, row) }) {
                findings.append(overlapFinding(record.row, later.session, earlier))
            }
        }

        checkDates(record, p, columns, sessions: sessions, activities: activities)
        if options.collectParticipants {
            collect(record, p, columns, identity: range(.participantID).flatMap { $0.isEmpty ? nil : text(p, $0) },
                    personKey: personKey, sessions: sessions, activities: activities)
        }
    }

    func text(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
    }

    mutating func suggestion(_ id: String, _ lookup: ByteLookup) -> String? {
        if let cached = unknownSuggestions[id] { return cached }
        let s = lookup.nearest(id)
        if unknownSuggestions.count < 10_000 { unknownSuggestions[id] = s }
        return s
    }

    /// Pairs (later, earlier) of sessions that overlap in time, by a sweep in start order.
    func overlaps(_ list: [(session: Int32, row: Int32)]) -> [((session: Int32, row: Int32), (session: Int32, row: Int32))] {
        guard list.count > 1 else { return [] }
        let starts = index.starts, ends = index.ends
        let sorted = list.sorted {
            let a = Int($0.session), b = Int($1.session)
            return (starts[a], ends[a], $0.session, $0.row) < (starts[b], ends[b], $1.session, $1.row)
        }
        var out: [((session: Int32, row: Int32), (session: Int32, row: Int32))] = []
        var latest = sorted[0]
        for item in sorted.dropFirst() where item.session != latest.session {
            let s = Int(item.session), l = Int(latest.session)
            if starts[s] < ends[l] { out.append((item, latest)) }
            if ends[s] > ends[l] { latest = item }
        }
        return out
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
