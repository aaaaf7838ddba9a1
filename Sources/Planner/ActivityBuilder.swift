import CivilTime
import Diagnostics

/// Builds activities and sessions, resolving every wall-clock time in the venue's zone.
struct ActivityBuilder {
    /// The zone rules, remembered: the sessions of a large programme share a few thousand wall times.
    var zones: ZoneMemo
    let venues: [Venue]
    let people: [Person]
    /// Activities with at least this many sessions are built in two halves at once.
    var parallelMinimum = ActivityBuilder.parallelSessions

    mutating func build(_ node: ProgrammeNode?, _ doc: inout ProgrammeDocument) -> [Activity] {
        var out: [Activity] = []
        var activityIDs: [String: (id: String, line: Int)] = [:]
        var sessionIDs: [String: (id: String, line: Int)] = [:]
        let personIDs = Set(people.map(\.id.rawValue))
        for a in doc.sequence(node, "'activities'") {
            guard let f = doc.mapping(a, "an activity",
                                      allowed: ["id", "kind", "title", "description", "theme", "venue", "start", "end", "status", "quota", "sources", "note", "sessions"],
                                      required: ["id", "kind", "title", "start", "status"]),
                  let id = doc.id(f["id"], "an activity's 'id'") else { continue }
            doc.unique(id, "activity id", at: f["id"], in: &activityIDs)
            let kind = enumValue(ActivityKind.self, f["kind"], "'kind' of activity \(quoted: id)", &doc) ?? .other
            let status = enumValue(Status.self, f["status"], "'status' of activity \(quoted: id)", &doc) ?? .tentative
            var venue: Venue?
            if let v = doc.string(f["venue"], "'venue'") {
                venue = venues.first { $0.id.rawValue == v }
                if venue == nil {
                    var message = "unknown venue \(quoted: v) in activity \(quoted: id)"
                    if let near = nearestName(v, in: venues.map(\.id.rawValue)) { message += "; did you mean \(quoted: near)?" } else {
                        message += "; venues: \(venues.map(\.id.rawValue).sorted().joined(separator: ", "))"
                    }
                    doc.error("unknown-venue", message, at: f["venue"], subjects: [id])
                }
            }
            guard let dates = activityDates(f, id: id, status: status, &doc) else { continue }
            var sessions: [Session] = []
            if let sessionsNode = f["sessions"] {
                if venue == nil, f["venue"] == nil {
                    doc.error("missing-key", "activity \(quoted: id) has sessions but no 'venue'; sessions need a venue for their time zone", at: sessionsNode)
                }
                if !dates.isExact {
                    doc.error("invalid-date", "activity \(quoted: id) gives only a month; give exact 'start' and 'end' dates before adding sessions", at: sessionsNode)
                }
                let nodes = doc.sequence(sessionsNode, "'sessions'")
                sessions.reserveCapacity(nodes.count)
                // Grown by doubling: reserving the exact count per activity rehashed every id so far each time.
                if sessionIDs.capacity < sessionIDs.count + nodes.count {
                    sessionIDs.reserveCapacity(max(sessionIDs.count + nodes.count, sessionIDs.capacity * 2))
                }
                var k = 0
                for part in buildSessions(nodes, activity: id, venue: venue, dates: dates, personIDs: personIDs, file: doc.file) {
                    for (j, session) in part.sessions.enumerated() {
                        doc.append(part.diagnostics(of: j))
                        if let session {
                            doc.unique(session.id.rawValue, "session id", at: nodes[k], in: &sessionIDs, scope: "ids must be unique across the programme")
                            sessions.append(session)
                        }
                        k += 1
                    }
                }
            }
            if !dates.isExact {
                doc.note("date-to-be-confirmed", "activity \(quoted: id) has no fixed dates yet (\(describe(dates))); it is left out of feeds", at: f["start"], subjects: [id])
            }
            out.append(Activity(id: ActivityID(id), kind: kind, title: doc.localized(f["title"], "the activity's 'title'", limit: TextLimits.title) ?? Localized(["en": id]),
                                description: doc.localized(f["description"], "the activity's 'description'"),
                                themes: doc.strings(f["theme"], "'theme'"), venue: venue?.id ?? f["venue"].flatMap { $0.string.map(VenueID.init) },
                                dates: dates, status: status, quota: doc.int(f["quota"], "'quota'", min: 1),
                                sources: doc.strings(f["sources"], "'sources'"), note: doc.localized(f["note"], "'note'"),
                                sessions: sessions, location: doc.location(a)))
        }
        return out
    }

    private func describe(_ d: ActivityDates) -> String {
        let a = "\(d.first.year)-\(pad(d.first.month, 2))"
        let b = "\(d.last.year)-\(pad(d.last.month, 2))"
        return a == b ? a : "\(a) to \(b)"
    }

    private func enumValue<E: RawRepresentable & CaseIterable>(_: E.Type, _ node: ProgrammeNode?, _ what: @autoclosure () -> String, _ doc: inout ProgrammeDocument) -> E?
    where E.RawValue == String {
        guard let s = doc.string(node, what()) else { return nil }
        if let v = E(rawValue: s) { return v }
        doc.error("invalid-value", "\(what()) is \(quoted: s); use one of: \(E.allCases.map(\.rawValue).sorted().joined(separator: ", "))", at: node)
        return nil
    }

    /// Exact days (`2024-12-11`) or months (`2024-08`); months only for tentative activities.
    private func activityDates(_ f: Fields, id: String, status: Status, _ doc: inout ProgrammeDocument) -> ActivityDates? {
        guard let startText = doc.string(f["start"], "'start'") else { return nil }
        let endText = doc.string(f["end"], "'end'") ?? startText
        if let a = LocalDate(iso: startText) {
            guard let b = LocalDate(iso: endText) else {
                doc.error("invalid-date", "'end' of activity \(quoted: id) is \(quoted: endText); give a date such as 2024-12-12 (same precision as 'start')", at: f["end"])
                return nil
            }
            if b < a {
                doc.error("end-before-start", "activity \(quoted: id) ends on \(b) before it starts on \(a)", at: f["end"], subjects: [id])
                return nil
            }
            return .days(a, b)
        }
        if let a = month(startText) {
            guard let b = month(endText) else {
                doc.error("invalid-date", "'end' of activity \(quoted: id) is \(quoted: endText); give a month such as 2024-12 (same precision as 'start')", at: f["end"])
                return nil
            }
            if status == .confirmed {
                doc.error("invalid-date", "confirmed activity \(quoted: id) gives only a month; give exact dates or make it 'tentative'", at: f["start"], subjects: [id])
            }
            if b < a {
                doc.error("end-before-start", "activity \(quoted: id) ends in \(endText) before it starts in \(startText)", at: f["end"], subjects: [id])
                return nil
            }
            return .months(a, b)
        }
        doc.error("invalid-date", "\(quoted: startText) is not a date; give YYYY-MM-DD (a day that exists) or YYYY-MM for a tentative month", at: f["start"])
        return nil
    }

    private func month(_ s: String) -> LocalDate? {
        let p = s.split(separator: "-")
        guard p.count == 2, p[0].count == 4, p[1].count == 2, let y = Int(p[0]), let m = Int(p[1]) else { return nil }
        return LocalDate(year: y, month: m, day: 1)
    }

    mutating func buildSession(_ node: ProgrammeNode, activity: String, venue: Venue?, dates: ActivityDates, personIDs: Set<String>,
                              _ doc: inout ProgrammeDocument) -> Session? {
        guard let f = doc.mapping(node, "a session",
                                  allowed: ["id", "title", "description", "room", "start", "end", "chairs", "speakers", "status", "illustrative"],
                                  required: ["id", "title", "room", "start", "end"]),
              let id = doc.id(f["id"], "a session's 'id'") else { return nil }
        let roomText = doc.string(f["room"], "'room' of session \(quoted: id)") ?? ""
        if let venue, venue.room(RoomID(roomText)) == nil, !roomText.isEmpty {
            let names = venue.rooms.map(\.id.rawValue).sorted()
            var message = "unknown room \(quoted: roomText) in session \(quoted: id)"
            if let near = nearestName(roomText, in: names) { message += " (did you mean \(quoted: near)?)" }
            message += "; rooms of venue \(quoted: venue.id): \(names.joined(separator: ", "))"
            doc.error("unknown-room", message, at: f["room"], subjects: [id])
        }
        var chairs: [PersonID] = []
        var speakers: [PersonID] = []
        for (key, target) in [("chairs", 0), ("speakers", 1)] {
            for (i, p) in doc.strings(f[key], "\(quoted: key)").enumerated() {
                if !personIDs.contains(p) {
                    var message = "unknown person \(quoted: p) in \(quoted: key) of session \(quoted: id)"
                    if let near = nearestName(p, in: Array(personIDs)) { message += "; did you mean \(quoted: near)?" }
                    else { message += "; declare it under 'people'" }
                    let at: ProgrammeNode? = if case .sequence(let seq) = f[key]!.content, i < seq.count { seq[i] } else { f[key] }
                    doc.error("unknown-person", message, at: at, subjects: [id])
                }
                if target == 0 { chairs.append(PersonID(p)) } else { speakers.append(PersonID(p)) }
            }
        }
        guard let start = localTime(f["start"], "'start' of session \(quoted: id)", &doc),
              let end = localTime(f["end"], "'end' of session \(quoted: id)", &doc) else { return nil }
        if end <= start {
            doc.error("end-before-start", "session \(quoted: id) must end after it starts (\(start.iso) to \(end.iso))", at: f["end"], subjects: [id])
        }
        if dates.isExact, !dates.contains(start.date) || !dates.contains(end.date) {
            doc.error("session-outside-activity", "session \(quoted: id) on \(start.date) is outside its activity \(quoted: activity) (\(dates.first) to \(dates.last))",
                      at: f["start"], subjects: [id, activity])
        }
        var startInstant = Instant(secondsSince1970: start.secondsAsIfUTC)
        var endInstant = Instant(secondsSince1970: end.secondsAsIfUTC)
        if let venue, zones.isKnown(venue.timezone) {
            startInstant = resolve(start, venue.timezone, node: f["start"], session: id, &doc) ?? startInstant
            endInstant = resolve(end, venue.timezone, node: f["end"], session: id, &doc) ?? endInstant
        }
        let status: Status? = if f["status"] != nil { enumValue(Status.self, f["status"], "'status' of session \(quoted: id)", &doc) } else { nil }
        return Session(id: SessionID(id), title: doc.localized(f["title"], "the session's 'title'", limit: TextLimits.title) ?? Localized(["en": id]),
                       description: doc.localized(f["description"], "the session's 'description'"), room: RoomID(roomText),
                       start: start, end: end, startInstant: startInstant, endInstant: endInstant, chairs: chairs, speakers: speakers,
                       status: status, illustrative: f["illustrative"].flatMap { doc.bool($0, "'illustrative'") } ?? false,
                       location: doc.location(node))
    }

    private func localTime(_ node: ProgrammeNode?, _ what: @autoclosure () -> String, _ doc: inout ProgrammeDocument) -> LocalDateTime? {
        guard let s = doc.string(node, what()) else { return nil }
        if let t = LocalDateTime(iso: s) { return t }
        if s.hasSuffix("Z") || s.contains("+") || s.dropFirst(10).contains("-") {
            doc.error("invalid-time", "\(what()) is \(quoted: s); write the venue's wall-clock time without an offset, such as 2024-12-11T09:00", at: node)
        } else {
            doc.error("invalid-time", "\(what()) is \(quoted: s); write a date and time that exist, such as 2024-12-11T09:00", at: node)
        }
        return nil
    }

    /// The instant of a wall time; a time in a DST gap or overlap is an error (never a silent guess).
    private mutating func resolve(_ t: LocalDateTime, _ zone: String, node: ProgrammeNode?, session: String, _ doc: inout ProgrammeDocument) -> Instant? {
        switch zones.resolve(t, in: zone) {
        case .unique(let i, _)?:
            return i
        case .gap(let before, let after)?:
            doc.error("nonexistent-local-time",
                      "\(t.iso) does not exist in \(zone): clocks jump from UTC\(formatOffset(before)) to UTC\(formatOffset(after)) (daylight saving); move session \(quoted: session) out of the gap",
                      at: node, subjects: [session])
        case .overlap(let a, let b, let oa, let ob)?:
            doc.error("ambiguous-local-time",
                      "\(t.iso) happens twice in \(zone) (at \(a.isoUTC), UTC\(formatOffset(oa)), and at \(b.isoUTC), UTC\(formatOffset(ob))); move session \(quoted: session) out of the repeated hour",
                      at: node, subjects: [session])
        case nil:
            doc.error("unknown-timezone", "unknown time zone \(quoted: zone)", at: node)
        }
        return nil
    }
}
