import Diagnostics
import Planner

extension DeskBuilder {
    /// What sign-in sheets cover.
    public enum SignInScope: Sendable, Hashable {
        case session(SessionID)
        case activity(ActivityID)
    }

    /// One sign-in sheet per session (cancelled sessions left out): the room, the date and
    /// venue-local time as the agendas print them, the registrants of the session sorted by
    /// delegation (list order) and family name, and blank lines for walk-ins.
    public func signIn(_ scope: SignInScope, options: DeskOptions) throws(DiagnosticError) -> SignInPage {
        let lang = options.language
        let labels = DeskLabels.of(lang)
        let activity: Activity
        let wanted: Set<SessionID>?
        switch scope {
        case .activity(let id):
            guard let a = programme.activity(id) else { throw unknownActivity(id) }
            activity = a
            wanted = nil
        case .session(let id):
            guard let a = programme.activities.first(where: { $0.sessions.contains { $0.id == id } }) else {
                let some = programme.activities.flatMap { $0.sessions.map(\.id.rawValue) }.sorted().prefix(8).joined(separator: ", ")
                throw DiagnosticError(.error("unknown-session", "no session \(quoted: id.rawValue) in the programme; sessions include: \(some), …"))
            }
            activity = a
            wanted = [id]
        }
        let agenda = try AgendaBuilder(programme: programme, zones: zones)
            .build(.activity(activity.id), options: AgendaOptions(languages: [lang], format: .html)).page
        // Registrants in list order: by delegation as the list of participants, then family name.
        let ordered = DeskOrder.delegations(people, delegations: delegations, language: lang)
        var sheets: [SignInSheet] = []
        for day in agenda.days {
            for s in day.sessions where !s.isCancelled && (wanted?.contains(SessionID(s.id)) ?? true) {
                let sid = SessionID(s.id)
                var rows: [SignInRow] = []
                for group in ordered {
                    let members = group.members.filter { $0.sessions.contains(sid) }
                        .sorted { a, b in
                            let fa = DeskCollation.key(a.familyName, language: lang), fb = DeskCollation.key(b.familyName, language: lang)
                            return fa != fb ? fa < fb : DeskOrder.before(a, b, language: lang)
                        }
                    for p in members {
                        rows.append(SignInRow(number: rows.count + 1, name: TextCleaning.plain(p.fullName),
                                              delegation: TextCleaning.plain(group.name)))
                    }
                }
                let blanks = (0..<options.blankLines).map { SignInRow(number: rows.count + $0 + 1, name: "", delegation: "") }
                let room = [s.room, s.venue ?? agenda.header.venue].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ", ")
                let zone = agenda.header.timeZone.map { " (\($0))" } ?? ""
                sheets.append(SignInSheet(sessionID: s.id, title: s.title, activity: agenda.header.title, room: room,
                                          date: day.heading, time: s.time + zone, rows: rows, blanks: blanks))
            }
        }
        let programmeTitle = TextCleaning.plain(title(programme.title, lang))
        return SignInPage(language: lang, labels: labels, programme: programmeTitle,
                          documentTitle: "\(labels.signInTitle) · \(agenda.header.title)", sheets: sheets,
                          runningCSS: RunningHeader.css("\(programmeTitle) · \(labels.signInTitle) · \(agenda.header.title)"),
                          footer: "\(programmeTitle) · \(labels.personalData)")
    }
}
