import CivilTime
import Diagnostics
import Planner

/// Builds the ``AgendaPage`` of a venue, an activity or a participant from a programme.
///
/// Pure: the programme, the time-zone rules and the options come in; the page and warnings
/// (`missing-translation`, `missing-labels`) go out. Every time printed is the venue's
/// wall-clock time as written in the programme; UTC offsets come from `zones`, the programme's
/// single tz source.
///
/// ```swift
/// let built = try AgendaBuilder(programme: p, zones: SystemZones())
///     .build(.activity("ministerial"), options: AgendaOptions(languages: ["es", "en"], format: .html))
/// let html = try templates.render(built.page)
/// ```
public struct AgendaBuilder: Sendable {
    public let programme: Programme
    public let zones: any ZoneRules

    public init(programme: Programme, zones: any ZoneRules) {
        self.programme = programme
        self.zones = zones
    }

    /// A built page and the warnings met while building it.
    public struct Result: Sendable {
        public var page: AgendaPage
        /// Warnings, sorted: text that fell back to another language, labels missing for a language.
        public var diagnostics: [Diagnostic]
    }

    /// Builds one agenda.
    /// - Throws: ``DiagnosticError`` (`unknown-venue`, `unknown-activity`) when the scope names
    ///   something the programme does not have; the message lists the valid ids.
    public func build(_ scope: AgendaScope, options: AgendaOptions) throws(DiagnosticError) -> Result {
        var tr = Translator(options: options, programme: programme)
        let words = Words.of(options.primary)
        let secondWords = options.secondary.map(Words.of)
        for lang in options.languages.prefix(2) where !Words.has(lang) {
            tr.warn("no agenda labels in \(quoted: lang); labels and dates use English words (en, es, fr and pt have their own)",
                    at: nil, key: "labels|\(lang)", code: "missing-labels")
        }
        let selection = try select(scope)
        let speller = DateSpeller(language: Words.has(options.primary) ? options.primary : "en")
        let secondSpeller = options.secondary.map { DateSpeller(language: Words.has($0) ? $0 : "en") }
        let labels = AgendaLabels(words, secondWords)
        let isParticipant: Bool = if case .participant = scope { true } else { false }
        let isActivity: Bool = if case .activity = scope { true } else { false }

        // Days: venue-local dates (and, for a participant, venues), in time order.
        let groups = Dictionary(grouping: selection.sessions) { DayKey(date: $0.session.start.date, venue: isParticipant ? $0.venue.id : nil) }
        let keys = groups.keys.sorted { a, b in
            let ia = groups[a]!.map(\.session.startInstant).min()!, ib = groups[b]!.map(\.session.startInstant).min()!
            return (a.date, ia, a.venue?.rawValue ?? "") < (b.date, ib, b.venue?.rawValue ?? "")
        }
        let zone = selection.venue?.timezone
        let offsets = zone.map { offsetRuns(in: $0, over: zoneDays(selection)) } ?? []
        let allIllustrative = !selection.sessions.isEmpty && selection.sessions.allSatisfy(\.session.illustrative)

        var days: [AgendaDay] = []
        for key in keys {
            let sessions = groups[key]!.sorted(by: Self.sessionOrder)
            var note: String?
            if isParticipant, let v = sessions.first?.venue {
                let name = tr.text(v.name, "the name of venue \(quoted: v.id)", at: v.location) ?? v.id.rawValue
                note = "\(name) · \(zoneLine(v.timezone, offsetRuns(in: v.timezone, over: [key.date]), speller, words))"
            } else if offsets.count > 1, let zone, let offset = noonOffset(key.date, in: zone) {
                note = Self.utc(offset)
            }
            let rows = sessions.map {
                row($0, scope: scope, allIllustrative: allIllustrative, labels: labels, words: words, secondWords: secondWords, tr: &tr)
            }
            days.append(AgendaDay(date: key.date.iso, heading: speller.long(key.date),
                                  headingSecondary: secondSpeller.map { $0.long(key.date) }, note: note, sessions: rows))
        }

        // Header.
        var header = AgendaHeader(kind: "", isVenue: false, isActivity: isActivity, isParticipant: isParticipant,
                                  programme: tr.text(programme.title, "the programme title", at: programme.location) ?? programme.id,
                                  programmeSecondary: tr.second(programme.title, "the programme title", at: programme.location),
                                  title: "", titleSecondary: nil, kindLabel: "", description: nil, venue: nil, address: nil,
                                  dates: nil, timeZone: nil, timesNote: nil, notes: [], documentTitle: "")
        if let zone {
            header.timeZone = zoneLine(zone, offsets, speller, words)
            if !selection.sessions.isEmpty { header.timesNote = words.timesLocal(zone) }
        } else if isParticipant && !selection.sessions.isEmpty {
            header.timesNote = words.timesEachVenue
        }
        let dates = selection.sessions.map(\.session.start.date)
        if let first = dates.min(), let last = dates.max() { header.dates = speller.range(first, last) }
        switch scope {
        case .venue:
            let v = selection.venue!
            header.kind = "venue"
            header.isVenue = true
            header.title = tr.text(v.name, "the name of venue \(quoted: v.id)", at: v.location) ?? v.id.rawValue
            header.titleSecondary = tr.second(v.name, "the name of venue \(quoted: v.id)", at: v.location)
            header.kindLabel = words.venueAgenda
            header.address = v.address.map(tr.clean) ?? tr.clean(v.cityNames.pick(options.languages)?.text ?? v.city)
            if v.toBeConfirmed { header.notes.append(words.venueToBeConfirmed) }
        case .activity:
            let a = selection.activity!
            header.kind = "activity"
            header.title = tr.text(a.title, "the title of activity \(quoted: a.id)", at: a.location) ?? a.id.rawValue
            header.titleSecondary = tr.second(a.title, "the title of activity \(quoted: a.id)", at: a.location)
            header.kindLabel = words.kinds[a.kind] ?? words.activity
            header.description = tr.text(a.description, "the description of activity \(quoted: a.id)", at: a.location)
            if let v = selection.venue {
                header.venue = tr.text(v.name, "the name of venue \(quoted: v.id)", at: v.location) ?? v.id.rawValue
                header.address = v.address.map(tr.clean) ?? tr.clean(v.cityNames.pick(options.languages)?.text ?? v.city)
                if v.toBeConfirmed { header.notes.append(words.venueToBeConfirmed) }
            } else {
                header.venue = words.venueToBeConfirmed
            }
            switch a.dates {
            case .days(let first, let last): header.dates = speller.range(first, last)
            case .months(let first, let last): header.dates = speller.monthRange(first, last)
            }
            if a.status == .cancelled { header.notes.append(words.activityCancelled) }
            if a.status == .tentative || !a.dates.isExact { header.notes.append(words.activityTentative) }
        case .participant(let name, _):
            header.kind = "participant"
            header.title = words.agendaOf(tr.clean(name))
            header.kindLabel = words.personalAgenda
        }
        if allIllustrative {
            header.notes.append(words.allIllustrative)
        } else if selection.sessions.contains(where: \.session.illustrative) {
            header.notes.append(words.someIllustrative)
        }
        header.documentTitle = TextCleaning.plain(header.programme + " — " + header.title)

        let pending = selection.pending.map { a -> String in
            let title = tr.text(a.title, "the title of activity \(quoted: a.id)", at: a.location) ?? a.id.rawValue
            var when: String
            switch a.dates {
            case .days(let first, let last): when = speller.range(first, last)
            case .months(let first, let last): when = speller.monthRange(first, last)
            }
            if a.status == .tentative || !a.dates.isExact { when += ", " + words.tentative }
            if a.status == .cancelled { when += ", " + words.cancelled }
            return "\(title): \(when)"
        }

        let width = max(40, options.width)
        let updated = speller.medium(programme.updated.utc.date)
        var page = AgendaPage(
            format: options.format.rawValue, language: options.primary, secondaryLanguage: options.secondary,
            isBilingual: options.secondary != nil, labels: labels, header: header, days: days, hasDays: !days.isEmpty,
            pending: pending, style: options.format == .text && options.colour ? .ansi : .plain,
            layout: options.format == .text
                ? TextLayout(width: width, rule: String(repeating: "=", count: width), thinRule: String(repeating: "-", count: width),
                             wrap: TextWrapper.marker, indent: String(repeating: " ", count: 13))
                : TextLayout(width: 0, rule: "", thinRule: "", wrap: "", indent: ""),
            footer: "\(header.programme) · \(words.updated(updated))")
        page.runningCSS = RunningHeader.css(header.programme + " · " + header.title)
        return Result(page: page, diagnostics: tr.diagnostics.sortedForOutput())
    }

    /// One session row.
    private func row(_ s: ScheduledSession, scope: AgendaScope, allIllustrative: Bool, labels: AgendaLabels, words: Words,
                     secondWords: Words?, tr: inout Translator) -> AgendaSession {
        let session = s.session
        let what = "session \(quoted: session.id)"
        let title = tr.text(session.title, "the title of \(what)", at: session.location) ?? session.id.rawValue
        let room = s.room.flatMap { tr.text($0.name, "the name of room \(quoted: $0.id) of venue \(quoted: s.venue.id)", at: $0.location) }
            ?? session.room.rawValue
        var chairs: [AgendaPerson] = []
        for id in session.chairs {
            guard let p = programme.person(id) else { continue }
            chairs.append(AgendaPerson(name: tr.clean(p.name), role: tr.text(p.role, "the role of \(quoted: p.id)", at: p.location)))
        }
        let chairsLine = chairs.isEmpty ? nil : chairs.map { c in c.role.map { "\(c.name), \($0)" } ?? c.name }.joined(separator: "; ")
        var chairsLabel = chairs.count > 1 ? words.chairs : words.chair
        if let secondWords {
            let other = chairs.count > 1 ? secondWords.chairs : secondWords.chair
            if other != chairsLabel { chairsLabel += " / " + other }
        }
        let status = s.status
        let marks = session.illustrative && !allIllustrative
        var flags: [String] = []
        if status == .cancelled { flags.append(labels.cancelled) }
        if status == .tentative { flags.append(labels.tentative) }
        if marks { flags.append(labels.illustrative) }
        var activity: String?
        var venue: String?
        switch scope {
        case .activity: break
        case .venue:
            activity = tr.text(s.activity.title, "the title of activity \(quoted: s.activity.id)", at: s.activity.location)
        case .participant:
            activity = tr.text(s.activity.title, "the title of activity \(quoted: s.activity.id)", at: s.activity.location)
            venue = tr.text(s.venue.name, "the name of venue \(quoted: s.venue.id)", at: s.venue.location)
        }
        return AgendaSession(
            id: session.id.rawValue, start: session.start.hhmm, end: session.end.hhmm,
            time: "\(session.start.hhmm)–\(session.end.hhmm)", title: title,
            titleSecondary: tr.second(session.title, "the title of \(what)", at: session.location),
            description: tr.text(session.description, "the description of \(what)", at: session.location),
            room: room, activity: activity, venue: venue, chairsLabel: chairsLabel, chairs: chairsLine, chairList: chairs,
            status: status.rawValue, isCancelled: status == .cancelled, isTentative: status == .tentative,
            isIllustrative: session.illustrative, marksIllustrative: marks, flags: flags,
            flagText: flags.isEmpty ? nil : flags.joined(separator: " · "))
    }

    /// Venue-local start, then end, room and id.
    static func sessionOrder(_ a: ScheduledSession, _ b: ScheduledSession) -> Bool {
        let ka = (a.session.start.secondsAsIfUTC, a.session.end.secondsAsIfUTC, a.session.room.rawValue, a.session.id.rawValue)
        let kb = (b.session.start.secondsAsIfUTC, b.session.end.secondsAsIfUTC, b.session.room.rawValue, b.session.id.rawValue)
        return ka < kb
    }

    private struct DayKey: Hashable {
        var date: LocalDate
        var venue: VenueID?
    }
}
