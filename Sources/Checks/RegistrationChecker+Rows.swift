import Registrations
import CivilTime
import Diagnostics
import Planner

extension RegistrationChecker {
    /// The checks across rows, in row order: duplicates, shared e-mail addresses, seats, quotas
    /// and heads of delegation. Adds the batch's own findings.
    /// - Parameter rowOffset: added to the batch's row numbers (a part of the file analysed on
    ///   its own numbers its rows from the part's start).
    mutating func apply(_ batch: RowBatch, rowOffset: Int32 = 0) {
        let columns = columns!
        if rowOffset == 0 {
            findings += batch.findings
        } else {
            for var f in batch.findings {
                if let l = f.location { f.location = SourceLocation(file: l.file, line: l.line + Int(rowOffset), column: l.column) }
                findings.append(f)
            }
        }
        dataRows += batch.rows
        var sessionsStart = 0, activitiesStart = 0, textStart = 0
        var sink: UInt64 = 0
        defer { prefetched ^= sink }
        let group = 16
        let hasIDs = columns[.participantID] != nil
        batch.text.withUnsafeBufferPointer { p in
            for (i, fact) in batch.facts.enumerated() {
                // The table slots of the next rows, read back to back: their cache misses overlap
                // (one wait for the group instead of two per row).
                if i % group == 0 {
                    for later in batch.facts[i..<min(i + group, batch.facts.count)] {
                        sink ^= firstRowOfPerson.touch(later.personKey) ^ ownerOfEmail.touch(later.emailKey)
                        if hasIDs { sink ^= ownerOfID.touch(later.identity) }
                    }
                }
                let row = fact.row + rowOffset
                let given = textStart..<(textStart + Int(fact.givenLength))
                let family = given.upperBound..<(given.upperBound + Int(fact.familyLength))
                let email = family.upperBound..<(family.upperBound + Int(fact.emailLength))
                let delegation = email.upperBound..<(email.upperBound + Int(fact.delegationLength))
                let id = delegation.upperBound..<(delegation.upperBound + Int(fact.idLength))
                let role = id.upperBound..<Int(fact.textEnd)
                let texts = RowTexts(p: p, given: given, family: family, delegationRange: delegation)
                let sessions = batch.sessions[sessionsStart..<Int(fact.sessionsEnd)]
                let activities = batch.activities[activitiesStart..<Int(fact.activitiesEnd)]
                sessionsStart = Int(fact.sessionsEnd)
                activitiesStart = Int(fact.activitiesEnd)
                textStart = Int(fact.textEnd)
                func finding(_ c: RegistrationColumn, _ code: String, _ message: String, value: String?, related: [Int]) -> Diagnostic {
                    Diagnostic.listFinding(file: options.file, row: Int(row), column: columns[c].map { columns.headers[$0] }, columnNumber: columns[c].map { $0 + 1 },
                                        code: code, severity: .error, message: message, value: value, relatedRows: related)
                }

                // duplicate, and duplicate-email: one address, two different people. Equal keys
                // are confirmed on the folded names and the addresses themselves.
                let named = fact.has(RowFacts.named)
                var person = RegistrationChecker.unknownPerson
                var emailIsNew = false
                if named {
                    // One probe: the slot is claimed with the offset the names will get.
                    let next = personTexts.nextOffset
                    if let first = firstRowOfPerson.insertIfAbsent(fact.personKey, PersonEntry(row: row, text: next)) {
                        if personTexts.samePerson(first.text, p, given: given, family: family, delegation: delegation) {
                            person = first.text
                            if !columns.perRegistration {
                                findings.append(finding(.familyName, "duplicate",
                                                        "\(quoted: texts.displayName) of delegation \(quoted: texts.delegation) repeats row \(first.row) (the same name once case, accents, hyphens and spaces are ignored); remove one of the rows",
                                                        value: texts.displayName, related: [Int(first.row)]))
                            }
                        } else {
                            // Once in 2^64: another person with an equal key, kept out of the table.
                            person = personTexts.append(p, given, family, delegation)
                        }
                    } else {
                        person = personTexts.append(p, given, family, delegation)
                    }
                    if fact.has(RowFacts.hasEmail) {
                        let next = emailTexts.nextOffset
                        if let owner = ownerOfEmail.insertIfAbsent(fact.emailKey, EmailOwner(row: row, text: next)) {
                            if owner.text != TextArena.full, emailTexts.sameAddress(owner.text, p, email), emailTexts.tag(owner.text, count: 1) != person {
                                let address = RowAnalyser.text(p, email)
                                findings.append(finding(.email, "duplicate-email",
                                                        "e-mail \(quoted: address) is also the address of a different person on row \(owner.row); each person needs their own address",
                                                        value: address, related: [Int(owner.row)]))
                            }
                        } else {
                            emailIsNew = true
                            emailTexts.append(p, email, tag: person)
                        }
                    }
                }
                // conflicting-id: one participant id, a different person (names confirmed as for
                // duplicates), or an address its first row did not have (an address seen before
                // belongs to someone already; a new one cannot be the first row's).
                lastRowConflicts = false
                if !id.isEmpty,
                   let owner = ownerOfID.insertIfAbsent(fact.identity, IDOwner(row: row, person: person, hasEmail: fact.has(RowFacts.hasEmail))) {
                    let unknown = RegistrationChecker.unknownPerson
                    let nameDiffers = owner.person != unknown && person != unknown && owner.person != person
                    if nameDiffers || (owner.hasEmail && emailIsNew) {
                        lastRowConflicts = true
                        let value = RowAnalyser.text(p, id)
                        findings.append(finding(.participantID, "conflicting-id",
                                                "participant id \(quoted: value) is already used on row \(owner.row) with a different \(nameDiffers ? "name" : "e-mail"); one id is one person: give this person their own id, or correct the row to match row \(owner.row)",
                                                value: value, related: [Int(owner.row)]))
                    }
                }
                if options.collectRegistrants, !lastRowConflicts {
                    collectRegistrant(p, row: row, given: given, family: family, email: email, delegation: delegation, identity: id,
                                      sessions: sessions, activities: activities)
                }
                var repeatedSessions = false
                if named, columns.perRegistration {
                    repeatedSessions = registrationDuplicates(row: row, personKey: fact.personKey, sessions: sessions, activities: activities,
                                                              texts: texts)
                }

                // Seats per session (over-capacity is reported once per session in finish()).
                // A session on the row takes a seat in it; a whole activity, one in each of its
                // sessions that no other of its sessions overlaps. A person is seated once.
                let perRegistration = columns.perRegistration
                func seat(_ s: Int32) {
                    if perRegistration {
                        var h = KeyHash()
                        h.add(word: fact.identity)
                        h.add(3)
                        withUnsafeBytes(of: s) { h.add($0) }
                        if seated.insertIfAbsent(h.finalized, ()) != nil { return }
                    }
                    seatCount[Int(s)] += 1
                    if seatCount[Int(s)] == index.seatsPlusOne[Int(s)] { firstRowOverCapacity[Int(s)] = row }
                }
                for s in sessions where !(repeatedSessions && repeated.contains(s)) { seat(s) }
                for a in activities { for s in index.activities[Int(a)].seatSessions { seat(s) } }

                // Registrants per delegation and activity, heads of delegation.
                if fact.has(RowFacts.countsForQuota) {
                    let number = delegationNumbers.find(p, delegation) ?? delegationNumbers.insert(texts.delegation)
                    countQuota(row: row, delegation: number, sessions: sessions, activities: activities, identity: fact.identity,
                               head: fact.has(RowFacts.isHead) ? RowAnalyser.text(p, role) : nil, texts: texts, columns)
                }

                // overlapping-sessions across rows (per-registration shape): at the end.
                if columns.perRegistration, !sessions.isEmpty {
                    sessionsOfPerson[fact.identity, default: []] += sessions.map { ($0, row) }
                }
            }
        }
    }

    /// `duplicate` in the per-registration shape: the same person registered for the same session
    /// or activity on an earlier row. Lists the repeated sessions (not counted for seats again)
    /// in ``repeated``.
    /// - Returns: whether any session was repeated.
    private mutating func registrationDuplicates(row: Int32, personKey: UInt64, sessions: ArraySlice<Int32>, activities: ArraySlice<Int32>,
                                                 texts: RowTexts) -> Bool {
        let columns = columns!
        var any = false
        repeated.removeAll(keepingCapacity: true)
        for kind in [UInt8(1), 2] {
            for item in kind == 1 ? sessions : activities {
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
                let field = columns[kind == 1 ? .sessions : .activities]
                findings.append(Diagnostic.listFinding(file: options.file, row: Int(row), column: field.map { columns.headers[$0] }, columnNumber: field.map { $0 + 1 },
                                                    code: "duplicate", severity: .error,
                                                    message: "\(quoted: texts.displayName) of delegation \(quoted: texts.delegation) is registered for \(kind == 1 ? "session" : "activity") \(quoted: name) again (first on row \(first)); remove one of the rows",
                                                    value: texts.displayName, relatedRows: [Int(first)]))
            }
        }
        return any
    }

    /// Counts the row for each activity it touches (listed, or through one of its sessions) in
    /// its delegation, and checks that each delegation has one head per activity.
    /// - Parameter head: the role field as written when the row is a head of delegation.
    private mutating func countQuota(row: Int32, delegation: Int, sessions: ArraySlice<Int32>, activities: ArraySlice<Int32>,
                                     identity: UInt64, head: String?, texts: RowTexts, _ columns: ColumnMap) {
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
            guard let head else { continue }
            if quota[k].headRow != 0, quota[k].headPerson != identity {
                findings.append(Diagnostic.listFinding(file: options.file, row: Int(row), column: columns.header(.role), columnNumber: columns[.role].map { $0 + 1 },
                                                    code: "over-quota", severity: .error,
                                                    message: "delegation \(quoted: texts.delegation) has a second head of delegation for activity \(quoted: index.activities[Int(a)].id) (the first is on row \(quota[k].headRow)); one head per delegation and activity",
                                                    value: head, relatedRows: [Int(quota[k].headRow)]))
            } else if quota[k].headRow == 0 {
                quota[k].headPerson = identity
                quota[k].headRow = row
            }
        }
    }
}

/// The texts of a row that messages of the checks across rows quote.
struct RowTexts {
    let p: UnsafeBufferPointer<UInt8>
    let given: Range<Int>, family: Range<Int>, delegationRange: Range<Int>
    /// Given and family name as written (trimmed), separated by a space.
    var displayName: String { "\(RowAnalyser.text(p, given)) \(RowAnalyser.text(p, family))" }
    /// The delegation code as written (trimmed).
    var delegation: String { RowAnalyser.text(p, delegationRange) }
}
