/// View models of the desk documents. Like ``AgendaPage``, templates only lay them out: every
/// list is sorted, every text formatted (and, for `markdown` and `text`, cleaned) here.

/// The list of participants (`participants-html`, `participants-markdown`, `participants-text`).
public struct ParticipantListPage: Sendable {
    /// `html`, `markdown` or `text`.
    public var format: String
    public var language: String
    public var labels: DeskLabels
    public var programme: String
    /// The activity the list is restricted to, else `nil` (every registrant).
    public var activity: String?
    /// `Lista de participantes · Provisional`: the browser tab and PDF title.
    public var documentTitle: String
    /// `Provisional` or `Final` in the language.
    public var status: String
    /// The list's date, spelt for the language.
    public var date: String
    public var sections: [ParticipantListSection]
    public var hasPeople: Bool
    /// The running header of printed pages after the first, escaped for a CSS string (see ``RunningHeader``).
    public var runningCSS: String
    public var footer: String
}

public struct ParticipantListSection: Sendable {
    public var title: String
    public var delegations: [ParticipantListDelegation]
}

public struct ParticipantListDelegation: Sendable {
    public var code: String
    public var name: String
    public var members: [ParticipantListMember]
}

public struct ParticipantListMember: Sendable {
    /// Title, given and family name, as written.
    public var name: String
    /// The role in the language (`Jefe/a de delegación`).
    public var role: String
    public var jobTitle: String?
    public var organisation: String?
    /// Job title and organisation joined by a comma, when either is given.
    public var detail: String?
}

/// A4 sheets of badges (`badges`).
public struct BadgePage: Sendable {
    public var language: String
    public var labels: DeskLabels
    public var programme: String
    public var documentTitle: String
    /// `a6`, `card` or `cr80`: the CSS class of the sheet layout.
    public var layout: String
    public var sheets: [BadgeSheet]
    public var hasBadges: Bool
}

/// One A4 sheet: as many badges as the layout holds, never split across sheets.
public struct BadgeSheet: Sendable {
    public var badges: [Badge]
}

public struct Badge: Sendable {
    public var givenName: String
    public var familyName: String
    public var delegation: String
    public var roleLabel: String
    /// The role's raw value (`head`, `civil-society`): the colour band's CSS class.
    public var role: String
    /// Length classes `s`, `m`, `l`, `xl`: the text shrinks as the name grows, never overflowing.
    public var givenSize: String
    public var familySize: String
    public var delegationSize: String
    /// The check-in code, printed beneath the QR code for typing by hand.
    public var code: String
    public var qr: QRCode
}

/// Sign-in sheets, one per session (`signin`).
public struct SignInPage: Sendable {
    public var language: String
    public var labels: DeskLabels
    public var programme: String
    public var documentTitle: String
    public var sheets: [SignInSheet]
    /// The running header of printed pages after the first, escaped for a CSS string.
    public var runningCSS: String
    public var footer: String
}

public struct SignInSheet: Sendable {
    public var sessionID: String
    public var title: String
    public var activity: String
    /// The room, and the venue when known.
    public var room: String
    /// The date spelt for the language, in the venue's time.
    public var date: String
    /// `09:30–10:30` venue wall-clock time, with the zone.
    public var time: String
    public var rows: [SignInRow]
    /// Numbered blank lines for people who come without registering.
    public var blanks: [SignInRow]
}

public struct SignInRow: Sendable {
    public var number: Int
    public var name: String
    public var delegation: String
}
