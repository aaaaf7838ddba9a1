import CivilTime
import Diagnostics
import Planner
import Registrations

/// The layouts of badge sheets on A4.
public enum BadgeLayout: String, Sendable, Hashable, CaseIterable {
    /// A6 (105 × 148 mm), four to a sheet.
    case a6
    /// Business-card size (90 × 55 mm), ten to a sheet.
    case card
    /// CR80 cards (85.6 × 54 mm), ten to a sheet.
    case cr80

    /// Badges per A4 sheet.
    public var perSheet: Int { self == .a6 ? 4 : 10 }
}

/// How to build a desk document.
public struct DeskOptions: Sendable {
    /// The document's language (`es`); labels fall back to English for others.
    public var language: String
    /// Only people registered for this activity (`--activity`), else everyone.
    public var activity: ActivityID?
    /// A final list rather than a provisional one.
    public var isFinal: Bool
    /// The list's date; the programme's update date when `nil`.
    public var date: LocalDate?
    public var layout: BadgeLayout
    /// Blank lines for walk-ins on each sign-in sheet.
    public var blankLines: Int

    public init(language: String = "en", activity: ActivityID? = nil, isFinal: Bool = false, date: LocalDate? = nil,
                layout: BadgeLayout = .a6, blankLines: Int = 8) {
        self.language = language
        self.activity = activity
        self.isFinal = isFinal
        self.date = date
        self.layout = layout
        self.blankLines = blankLines
    }
}

/// Builds the list of participants, badges and sign-in sheets from registrants.
///
/// Pure: the programme, the delegation list and the people come in; view models come out for
/// ``AgendaTemplates`` to render. Nothing here reads or writes files.
public struct DeskBuilder: Sendable {
    public let programme: Programme
    public let zones: any ZoneRules
    public let delegations: DelegationList
    public let people: [DeskPerson]

    public init(programme: Programme, zones: any ZoneRules, delegations: DelegationList, people: [DeskPerson]) {
        self.programme = programme
        self.zones = zones
        self.delegations = delegations
        self.people = people
    }

    /// The people the options select, or an `unknown-activity` error naming the valid ids.
    func selected(_ options: DeskOptions) throws(DiagnosticError) -> [DeskPerson] {
        guard let id = options.activity else { return people }
        guard let activity = programme.activity(id) else { throw unknownActivity(id) }
        let sessions = Set(activity.sessions.map(\.id))
        return people.filter { p in p.activities.contains(id) || p.sessions.contains(where: sessions.contains) }
    }

    func unknownActivity(_ id: ActivityID) -> DiagnosticError {
        let ids = programme.activities.map(\.id.rawValue).sorted().joined(separator: ", ")
        return DiagnosticError(.error("unknown-activity", "no activity \(quoted: id.rawValue) in the programme; activities: \(ids)"))
    }

    func title(_ text: Localized, _ language: String) -> String { text.pick([language])?.text ?? "" }

    /// The list of participants, grouped and ordered as UN lists are (see ``DeskOrder``).
    public func participants(_ options: DeskOptions, format: AgendaFormat) throws(DiagnosticError) -> ParticipantListPage {
        let lang = options.language
        let labels = DeskLabels.of(lang)
        let clean = TextCleaning.forFormat(format)
        let groups = DeskOrder.delegations(try selected(options), delegations: delegations, language: lang)
        var sections: [ParticipantListSection] = []
        for group in groups {
            let members = group.members.map { p in
                let detail = [p.jobTitle, p.organisation].compactMap { $0 }.joined(separator: ", ")
                return ParticipantListMember(name: clean(p.fullName), role: labels.roles[p.role] ?? p.role.rawValue,
                                             jobTitle: p.jobTitle.map(clean), organisation: p.organisation.map(clean),
                                             detail: detail.isEmpty ? nil : clean(detail))
            }
            let d = ParticipantListDelegation(code: clean(group.code), name: clean(group.name), members: members)
            let heading = labels.section(group.section)
            if sections.last?.title == heading { sections[sections.count - 1].delegations.append(d) } else {
                sections.append(ParticipantListSection(title: heading, delegations: [d]))
            }
        }
        let speller = DateSpeller(language: Words.has(lang) ? lang : "en")
        let date = speller.medium(options.date ?? programme.updated.utc.date)
        let programmeTitle = clean(title(programme.title, lang))
        let activity = options.activity.flatMap(programme.activity).map { clean(title($0.title, lang)) }
        let status = options.isFinal ? labels.final : labels.provisional
        let running = RunningHeader.css([programmeTitle, labels.listTitle, activity].compactMap { $0 }.joined(separator: " · "))
        return ParticipantListPage(
            format: format.rawValue, language: lang, labels: labels, programme: programmeTitle, activity: activity,
            documentTitle: "\(labels.listTitle) · \(status)", status: status, date: date, sections: sections,
            hasPeople: !sections.isEmpty, runningCSS: running, footer: "\(programmeTitle) · \(labels.personalData)")
    }

    /// The list as rows of raw values, header first: the columns of the CSV and XLSX formats
    /// (delegation, code, role, title, given name, family name, job title, organisation), in
    /// list order. Writers neutralise formula-like cells (``CSVExport/neutralised(_:)``).
    public func participantRows(_ options: DeskOptions) throws(DiagnosticError) -> [[String]] {
        let labels = DeskLabels.of(options.language)
        var rows = [[labels.delegation, "code", labels.role, "title", "given name", "family name", labels.jobTitle, labels.organisation]]
        for group in DeskOrder.delegations(try selected(options), delegations: delegations, language: options.language) {
            for p in group.members {
                rows.append([group.name, group.code, labels.roles[p.role] ?? p.role.rawValue, p.title ?? "",
                             p.givenName, p.familyName, p.jobTitle ?? "", p.organisation ?? ""])
            }
        }
        return rows
    }

    /// The list as CSV rows (``participantRows(_:)``), every cell passed through ``CSVExport`` so
    /// that nothing a spreadsheet would run as a formula (`=`, `+`, `-`, `@`) stays live.
    public func participantsCSV(_ options: DeskOptions) throws(DiagnosticError) -> String {
        var out = ""
        for row in try participantRows(options) { CSVExport.appendRecord(row, to: &out) }
        return out
    }

    /// Badge sheets, in list order; each badge's QR code carries the person's check-in code.
    public func badges(_ options: DeskOptions, codes: CheckInCodes) throws(DiagnosticError) -> BadgePage {
        let lang = options.language
        let labels = DeskLabels.of(lang)
        var badges: [Badge] = []
        for group in DeskOrder.delegations(try selected(options), delegations: delegations, language: lang) {
            for p in group.members {
                let code = codes.code(participant: p.id)
                guard let qr = QRCode(code) else { continue }
                badges.append(Badge(givenName: TextCleaning.plain(p.givenName), familyName: TextCleaning.plain(p.familyName),
                                    delegation: TextCleaning.plain(group.name), roleLabel: labels.roles[p.role] ?? p.role.rawValue,
                                    role: p.role.rawValue, givenSize: Self.sizeClass(p.givenName, steps: [10, 14, 20]),
                                    familySize: Self.sizeClass(p.familyName, steps: [14, 20, 28]),
                                    delegationSize: Self.sizeClass(group.name, steps: [24, 40, 60]), code: code, qr: qr))
            }
        }
        let per = options.layout.perSheet
        let sheets = stride(from: 0, to: badges.count, by: per).map { BadgeSheet(badges: Array(badges[$0..<min($0 + per, badges.count)])) }
        let programmeTitle = TextCleaning.plain(title(programme.title, lang))
        return BadgePage(language: lang, labels: labels, programme: programmeTitle, documentTitle: "\(labels.badges) · \(programmeTitle)",
                         layout: options.layout.rawValue, sheets: sheets, hasBadges: !badges.isEmpty)
    }

    /// `s`, `m`, `l` or `xl` by the text's length in characters against three limits.
    static func sizeClass(_ s: String, steps: [Int]) -> String {
        let n = s.count
        if n <= steps[0] { return "s" }
        if n <= steps[1] { return "m" }
        if n <= steps[2] { return "l" }
        return "xl"
    }
}

/// The running header printed at the top of every page but the first.
enum RunningHeader {
    /// At most 90 characters (cut at a word, with `…`), so that it stays on one line of A4.
    static func text(_ s: String, limit: Int = 90) -> String {
        let plain = TextCleaning.plain(s)
        guard plain.count > limit else { return plain }
        var cut = String(plain.prefix(limit))
        if let space = cut.lastIndex(of: " ") { cut = String(cut[..<space]) }
        return cut + "…"
    }

    /// ``text(_:limit:)`` as the inside of a CSS string (`content: "…"` of an `@page` margin
    /// box): quotes, `\`, `<`, `>`, `&` and control characters become CSS escapes (`\22 `), so
    /// that HTML escaping leaves the value alone and it cannot end the string or the style element.
    static func css(_ s: String, limit: Int = 90) -> String {
        var out = ""
        for scalar in text(s, limit: limit).unicodeScalars {
            if "\\\"'<>&".unicodeScalars.contains(scalar) || scalar.value < 0x20 || scalar.value == 0x7F {
                out += "\\" + String(scalar.value, radix: 16) + " "
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
