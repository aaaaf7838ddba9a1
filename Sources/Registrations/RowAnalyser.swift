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

/// What the checks across rows need to know about one row: its keys, sessions and the few texts
/// their messages quote. The texts are in ``RowBatch/text``: given name, family name, e-mail,
/// delegation and (for a head of delegation) the role field, one after the other.
package struct RowFacts: Sendable {
    package static let named: UInt8 = 1, hasEmail: UInt8 = 2, isHead: UInt8 = 4, countsForQuota: UInt8 = 8

    package var row: Int32
    package var flags: UInt8
    package var personKey: UInt64
    package var emailKey: UInt64
    /// The participant id's hash when given, else ``personKey``.
    package var identity: UInt64
    /// End offsets in ``RowBatch/sessions``, ``RowBatch/activities`` and ``RowBatch/text``.
    package var sessionsEnd: Int32
    package var activitiesEnd: Int32
    package var textEnd: Int32
    package var givenLength: Int32
    package var familyLength: Int32
    package var emailLength: Int32
    package var delegationLength: Int32
    /// The participant id's length in ``RowBatch/text`` (after the delegation); 0 without one.
    package var idLength: Int32 = 0

    package func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}

/// The facts and the findings of consecutive rows, in row order.
package struct RowBatch: Sendable {
    package init() {}
    package var facts: [RowFacts] = []
    package var sessions: [Int32] = []
    package var activities: [Int32] = []
    package var text: [UInt8] = []
    /// Findings of the checks that need one row only.
    package var findings: [Diagnostic] = []
    /// Data rows read, blank and malformed ones included.
    package var rows = 0

    /// A copy whose arrays hold no spare capacity.
    package func trimmed() -> RowBatch {
        var b = RowBatch()
        b.facts = Array(facts[...])
        b.sessions = Array(sessions[...])
        b.activities = Array(activities[...])
        b.text = Array(text[...])
        b.findings = findings
        b.rows = rows
        return b
    }

    package mutating func removeAll() {
        facts.removeAll(keepingCapacity: true)
        sessions.removeAll(keepingCapacity: true)
        activities.removeAll(keepingCapacity: true)
        text.removeAll(keepingCapacity: true)
        findings.removeAll(keepingCapacity: true)
        rows = 0
    }
}

/// The checks that read one row and the programme only, so that they can run on any thread, for
/// any part of the file: formulas, missing fields, e-mail syntax, unknown delegations, sessions and
/// activities, overlaps within the row, travel dates. Everything the checks across rows need goes
/// into a ``RowFacts``.
///
/// Nothing is allocated for a row without findings: item lists go into buffers kept from row to
/// row, and the keys are 64-bit hashes of the field bytes.
package struct RowAnalyser: Sendable {
    package let index: ProgrammeIndex
    package let columns: ColumnMap
    /// The list's path, for the findings' locations.
    package let file: String
    package let programmeFile: String
    package let delegationsFile: String?
    private var unknownSuggestions: [String: String?] = [:]
    private var sessionItems: [Range<Int>] = []
    private var activityItems: [Range<Int>] = []
    /// Scratch of ``overlapsInRow(_:)``; it and ``rowPairs`` are internal for RowAnalyser+Overlaps.swift.
    var ranks: [Int32] = []
    /// Overlapping sessions of the current row: (later, earlier).
    var rowPairs: [(Int32, Int32)] = []

    package init(index: ProgrammeIndex, columns: ColumnMap, file: String, programmeFile: String, delegationsFile: String?) {
        self.index = index
        self.columns = columns
        self.file = file
        self.programmeFile = programmeFile
        self.delegationsFile = delegationsFile
    }

    /// Checks one data row (not the header) into `batch`: its findings, and its facts when it is
    /// neither blank nor of the wrong field count.
    /// - Returns: whether facts were added.
    @discardableResult
    package mutating func analyse(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, into batch: inout RowBatch) -> Bool {
        batch.rows += 1
        if let problem = record.problem { batch.findings.append(problem.withHeader(columns.headers)) }
        if record.isBlank { return false }
        guard record.count == columns.headers.count else {
            let d = record.delimiter
            batch.findings.append(Diagnostic.listFinding(file: file, row: record.row, column: nil, columnNumber: min(record.count, columns.headers.count + 1),
                                                      code: "csv-field-count", severity: .error,
                                                      message: "the row has \(record.count) fields but the header has \(columns.headers.count); quote every value that contains the delimiter \(d.spelled) and check for a missing or extra delimiter",
                                                      value: nil))
            return false
        }
        checkRow(record, p, into: &batch)
        return true
    }

    private mutating func checkRow(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, into batch: inout RowBatch) {
        let columns = columns
        let row = Int32(record.row)
        func range(_ c: RegistrationColumn) -> Range<Int>? { columns[c].map { ByteText.trimmed(p, record.range($0)) } }
        func finding(_ field: Int?, _ code: String, _ message: String, severity: Severity = .error, value: String? = nil) -> Diagnostic {
            Diagnostic.listFinding(file: file, row: record.row, column: field.map { columns.headers[$0] }, columnNumber: field.map { $0 + 1 },
                                code: code, severity: severity, message: message, value: value ?? field.map { record.string($0, in: p) })
        }

        // formula-injection (it would run) and formula-like (it shows as #NAME?): every field.
        for f in 0..<record.count {
            let risk = ByteText.formulaRisk(p, record.range(f))
            if risk == .none { continue }
            let value = record.string(f, in: p)
            if risk == .formula {
                batch.findings.append(finding(f, "formula-injection",
                                              "\(quoted: value) in \(quoted: columns.headers[f]) would run as a formula in a spreadsheet; remove the leading sign or start the value with an apostrophe (')"))
            } else {
                batch.findings.append(finding(f, "formula-like",
                                              "\(quoted: value) in \(quoted: columns.headers[f]) starts with a sign, so a spreadsheet shows it as #NAME?; if it is meant as text, start it with another character (this tool's exports already add an apostrophe)",
                                              severity: .warning))
            }
        }

        // missing-field
        let givenRange = range(.givenName)!, familyRange = range(.familyName)!
        let emailRange = range(.email)!, delegationRange = range(.delegation)!
        if givenRange.isEmpty || familyRange.isEmpty || emailRange.isEmpty || delegationRange.isEmpty {
            for (c, r) in [(RegistrationColumn.givenName, givenRange), (.familyName, familyRange), (.email, emailRange), (.delegation, delegationRange)]
            where r.isEmpty {
                batch.findings.append(finding(columns[c], "missing-field",
                                              "\(quoted: columns.headers[columns[c]!]) is empty; every registration needs a given name, family name, e-mail, delegation and at least one activity or session"))
            }
        }
        ByteText.items(p, range(.sessions), into: &sessionItems)
        ByteText.items(p, range(.activities), into: &activityItems)
        if sessionItems.isEmpty, activityItems.isEmpty {
            let field = columns[.sessions] ?? columns[.activities]!
            batch.findings.append(finding(field, "missing-field", "no activity or session is given; every registration needs at least one"))
        }

        // invalid-email and its key.
        var flags: UInt8 = 0
        var emailKey: UInt64 = 0
        if !emailRange.isEmpty {
            let ok = ByteText.isPlausibleEmailASCII(p, emailRange) ?? isPlausibleEmail(Self.text(p, emailRange))
            if !ok {
                batch.findings.append(finding(columns[.email], "invalid-email",
                                              "e-mail \(quoted: Self.text(p, emailRange)) is not an address like name@example.org (one @, a domain with a dot, no spaces)",
                                              value: Self.text(p, emailRange)))
            }
            var h = KeyHash()
            for i in emailRange { let b = p[i]; h.add(b >= 65 && b <= 90 ? b | 0x20 : b) }
            emailKey = h.finalized
            flags |= RowFacts.hasEmail
        }

        // unknown-delegation; normalised-code for a code written in another case.
        var canonicalDelegation: String?
        if !delegationRange.isEmpty {
            if let lookup = index.delegationLookup, lookup.find(p, delegationRange) == nil {
                let code = Self.text(p, delegationRange)
                if let d = lookup.findFolded(code) {
                    canonicalDelegation = lookup.names[d]
                    batch.findings.append(normalised(finding, columns[.delegation], "delegation", code, lookup.names[d], "the delegation list"))
                    flags |= RowFacts.countsForQuota
                } else {
                    let hint = suggestion(code, lookup).map { " (did you mean \(quoted: $0)?)" } ?? ""
                    batch.findings.append(finding(columns[.delegation], "unknown-delegation",
                                                  "unknown delegation \(quoted: code)\(hint); the delegations are listed in '\(delegationsFile ?? "the delegation list")'",
                                                  value: code))
                }
            } else {
                flags |= RowFacts.countsForQuota
            }
        }

        // unknown-session / unknown-activity (normalised-code up to case)
        let sessionsStart = batch.sessions.count
        for item in sessionItems {
            if let s = index.sessionLookup.find(p, item) { batch.sessions.append(Int32(s)); continue }
            let id = Self.text(p, item)
            if let s = index.sessionLookup.findFolded(id) {
                batch.sessions.append(Int32(s))
                batch.findings.append(normalised(finding, columns[.sessions], "session", id, index.sessionLookup.names[s], "the programme"))
                continue
            }
            let hint = suggestion(id, index.sessionLookup).map { " (did you mean \(quoted: $0)?)" } ?? ""
            batch.findings.append(finding(columns[.sessions], "unknown-session",
                                          "unknown session \(quoted: id)\(hint); the sessions are listed in '\(programmeFile)'", value: id))
        }
        let activitiesStart = batch.activities.count
        for item in activityItems {
            if let a = index.activityLookup.find(p, item) { batch.activities.append(Int32(a)); continue }
            let id = Self.text(p, item)
            if let a = index.activityLookup.findFolded(id) {
                batch.activities.append(Int32(a))
                batch.findings.append(normalised(finding, columns[.activities], "activity", id, index.activityLookup.names[a], "the programme"))
                continue
            }
            let hint = suggestion(id, index.activityLookup).map { " (did you mean \(quoted: $0)?)" } ?? ""
            batch.findings.append(finding(columns[.activities], "unknown-activity",
                                          "unknown activity \(quoted: id)\(hint); the activities are listed in '\(programmeFile)'", value: id))
        }

        // Row semantics: a row with a session registers for that session only; an activity on
        // the same row names the session's own activity (a check), never the whole activity.
        if batch.sessions.count > sessionsStart, batch.activities.count > activitiesStart {
            checkSessionActivities(sessionsStart, activitiesStart, batch: &batch, finding: finding)
        }

        // The person: folded given and family name within the delegation.
        var person = KeyHash()
        let named = PersonKey.fold(p, given: givenRange, family: familyRange,
                                   delegation: canonicalDelegation == nil ? delegationRange : 0..<0, into: &person)
        if named { flags |= RowFacts.named }
        // A code found up to case counts as the list writes it (after PersonKey's 0x1F separator).
        if let canonicalDelegation { for b in canonicalDelegation.utf8 { person.add(b >= 97 && b <= 122 ? b & ~0x20 : b) } }
        let personKey = person.finalized
        // Who the rows belong to: the participant id when given, else the person.
        var identity = personKey
        let idRange = range(.participantID) ?? 0..<0
        if !idRange.isEmpty {
            var h = KeyHash()
            h.add(0x1E)
            h.add(p, idRange)
            identity = h.finalized
        }

        // Heads of delegation (one per delegation and activity: checked across rows).
        var roleField: Range<Int>?
        if flags & RowFacts.countsForQuota != 0, let f = columns[.role] {
            let r = ByteText.trimmed(p, record.range(f))
            if !r.isEmpty {
                var h = KeyHash()
                NameFolder.fold(p, r, into: &h, separated: false)
                if headRoleKeys.contains(h.finalized) {
                    flags |= RowFacts.isHead
                    roleField = record.range(f)
                }
            }
        }

        // overlapping-sessions within the row (across rows, in the per-registration shape: at the end).
        let sessions = batch.sessions[sessionsStart...]
        if !columns.perRegistration, sessions.count > 1 {
            overlapsInRow(sessions)
            for (later, earlier) in rowPairs { batch.findings.append(overlapFinding(record.row, later, (earlier, row))) }
        }

        if columns[.arrival] != nil || columns[.departure] != nil {
            checkDates(record, p, sessions: Array(sessions), activities: Array(batch.activities[activitiesStart...]), into: &batch.findings)
        }

        func keep(_ r: Range<Int>) { batch.text.append(contentsOf: UnsafeBufferPointer(rebasing: p[r])) }
        keep(givenRange)
        keep(familyRange)
        keep(emailRange)
        if let canonicalDelegation { batch.text.append(contentsOf: canonicalDelegation.utf8) } else { keep(delegationRange) }
        keep(idRange)
        if let roleField { keep(roleField) }
        batch.facts.append(RowFacts(row: row, flags: flags, personKey: personKey, emailKey: emailKey, identity: identity,
                                    sessionsEnd: Int32(batch.sessions.count), activitiesEnd: Int32(batch.activities.count),
                                    textEnd: Int32(batch.text.count), givenLength: Int32(givenRange.count),
                                    familyLength: Int32(familyRange.count), emailLength: Int32(emailRange.count),
                                    delegationLength: Int32(canonicalDelegation?.utf8.count ?? delegationRange.count),
                                    idLength: Int32(idRange.count)))
    }

    /// The `normalised-code` warning: a code found only up to case, read as `canonical`.
    private func normalised(_ finding: (Int?, String, String, Severity, String?) -> Diagnostic, _ field: Int?,
                            _ what: String, _ written: String, _ canonical: String, _ listedIn: String) -> Diagnostic {
        finding(field, "normalised-code",
                "\(what) \(quoted: written) is read as \(quoted: canonical), as \(listedIn) writes it; write it that way",
                .warning, written)
    }

    /// `session-activity-mismatch`: each session of the row must belong to an activity of the
    /// row, and each activity of the row must hold one of its sessions. The row's activities are
    /// then dropped: the row registers for its sessions only.
    private func checkSessionActivities(_ sessionsStart: Int, _ activitiesStart: Int, batch: inout RowBatch,
                                        finding: (Int?, String, String, Severity, String?) -> Diagnostic) {
        let listed = batch.activities[activitiesStart...]
        let sessions = batch.sessions[sessionsStart...]
        let field = columns[.activities]
        for s in sessions where !listed.contains(Int32(index.sessions[Int(s)].activity)) {
            let info = index.sessions[Int(s)]
            let own = index.activities[info.activity].id
            let written = listed.map { "'\(index.activities[Int($0)].id)'" }.joined(separator: ", ")
            batch.findings.append(finding(field, "session-activity-mismatch",
                                          "session \(quoted: info.id.rawValue) belongs to activity \(quoted: own.rawValue), not \(written); a row with a session registers for that session only: write its own activity \(quoted: own.rawValue) or leave the activity empty",
                                          .error, index.activities[Int(listed.first!)].id.rawValue))
        }
        for a in listed where !sessions.contains(where: { index.sessions[Int($0)].activity == Int(a) }) {
            let id = index.activities[Int(a)].id
            if sessions.allSatisfy({ !listed.contains(Int32(index.sessions[Int($0)].activity)) }) { continue }  // reported above
            batch.findings.append(finding(field, "session-activity-mismatch",
                                          "activity '\(id)' has none of the sessions on this row; a row with sessions registers for those sessions only: put the whole activity '\(id)' on a row of its own",
                                          .error, id.rawValue))
        }
        batch.activities.removeSubrange(activitiesStart...)
    }

    package static func text(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: p[r]), as: UTF8.self)
    }

    private mutating func suggestion(_ id: String, _ lookup: ByteLookup) -> String? {
        if let cached = unknownSuggestions[id] { return cached }
        let s = lookup.nearest(id)
        if unknownSuggestions.count < 10_000 { unknownSuggestions[id] = s }
        return s
    }
}
