/// The view model every agenda template renders: one value per printed agenda.
///
/// Built by ``AgendaBuilder`` from a programme; templates only lay it out. Every list is
/// already sorted and every string already formatted for the reader's language (dates spelt
/// out by Foundation for the locale, times as venue wall-clock `HH:MM`, offsets as
/// `UTC−03:00`). Mustache reads the values through `Mirror`, so only stored properties are
/// visible to templates, and a key that does not exist renders as nothing: the golden-file
/// tests are the safety net.
///
/// In a template, a `String?` that is `nil` and an empty list skip their section
/// (`{{#titleSecondary}}…{{/titleSecondary}}`); a `Bool` opens its section when true.
///
/// Text fields from the programme are plain text. For `html` the template's own escaping
/// (`{{x}}`, never `{{{x}}}`) makes them safe; for `markdown` they are already backslash-escaped
/// here, because swift-mustache's `TEXT` content type escapes nothing; for `text` control
/// characters are removed so that programme data cannot drive the terminal.
public struct AgendaPage: Sendable {
    /// `text`, `markdown` or `html`: the format the page was built for.
    public var format: String
    /// The first language asked for (`es`): the language of labels, dates and titles.
    public var language: String
    /// The second language of a bilingual agenda (`--lang es,en`), else `nil`.
    public var secondaryLanguage: String?
    /// True for a bilingual agenda: titles carry a `…Secondary` line in ``secondaryLanguage``.
    public var isBilingual: Bool
    /// Fixed words in the reader's language (both languages, `Sala / Room`, when bilingual).
    public var labels: AgendaLabels
    /// What the agenda is about: programme, activity or venue, address, time zone, notes.
    public var header: AgendaHeader
    /// The days with sessions, in date order, each with its sessions in time order.
    public var days: [AgendaDay]
    /// True when ``days`` is not empty.
    public var hasDays: Bool
    /// Activities at this venue (or this activity) whose dates are not fixed yet, one line each:
    /// `Meeting with civil society: August 2024, date to be confirmed`.
    public var pending: [String]
    /// Terminal colour codes for `text` (all empty without colour, and always for other formats).
    public var style: TerminalStyle
    /// Text layout helpers (rules sized to the terminal, the wrap marker); empty for other formats.
    public var layout: TextLayout
    /// One line at the foot: `Proceso Cartagena+40 · programa actualizado el 1 de marzo de 2024`.
    public var footer: String
    /// The running header printed at the top of every page after the first (programme and
    /// title, cut to one line), escaped for a CSS string: the `html` template sets it as the
    /// `content` of an `@page` margin box.
    public var runningCSS: String = ""
}

/// The top of an agenda: the same on every page that repeats it.
public struct AgendaHeader: Sendable {
    /// `venue`, `activity` or `participant`.
    public var kind: String
    /// True for the matching ``kind``: handy in templates (`{{#isVenue}}…{{/isVenue}}`).
    public var isVenue: Bool
    public var isActivity: Bool
    public var isParticipant: Bool
    /// The programme's title, and beneath it in the second language when bilingual.
    public var programme: String
    public var programmeSecondary: String?
    /// The agenda's own title: the activity's title, the venue's name, or
    /// `Agenda of Ana Pérez` for a participant (their name, and nothing else about them).
    public var title: String
    public var titleSecondary: String?
    /// What the title is: the activity's kind (`Thematic consultation`), `Venue`, `Personal agenda`.
    public var kindLabel: String
    /// The activity's description (primary language), when it has one.
    public var description: String?
    /// The venue's name (activity agendas; the title already says it for venue agendas).
    public var venue: String?
    /// The venue's street address, else its city.
    public var address: String?
    /// The dates covered, spelt for the locale: `4–5 April 2024`, `August 2024`.
    public var dates: String?
    /// The venue's IANA zone with its UTC offset on those dates, from the programme's single
    /// tz source: `America/Santiago, UTC−03:00`, or with the change when a DST switch falls
    /// inside (`Europe/Zurich, UTC+02:00; UTC+01:00 from 27 October 2024`). `nil` when the
    /// venue is not known yet; for a participant, ``AgendaDay/note`` gives each day's zone.
    public var timeZone: String?
    /// A sentence saying whose wall clock the times are: `Times are local to the venue
    /// (Europe/Zurich).`; `nil` when the agenda has no sessions.
    public var timesNote: String?
    /// Status lines in the reader's language: `Date to be confirmed`, `Cancelled`,
    /// `Venue to be confirmed`, the illustrative-sessions note.
    public var notes: [String]
    /// The text of `<title>` and of the browser tab: `Programme — title`.
    public var documentTitle: String
}

/// One day of an agenda: a venue-local date and its sessions.
public struct AgendaDay: Sendable {
    /// `YYYY-MM-DD` (venue-local), for anchors and ids.
    public var date: String
    /// The date spelt out for the locale: `jueves, 4 de abril de 2024`, `Thursday 4 April 2024`.
    public var heading: String
    /// The same date in the second language when bilingual.
    public var headingSecondary: String?
    /// When needed, what the reader must know about this day's clock: the UTC offset when the
    /// agenda's offset changes (`UTC+01:00`), or, for a participant, the venue and its zone.
    public var note: String?
    /// The sessions in start order (then end, room, id).
    public var sessions: [AgendaSession]
}

/// One session as printed.
public struct AgendaSession: Sendable {
    /// The session id (for anchors).
    public var id: String
    /// Venue wall-clock `HH:MM` start and end, and both as `09:00–10:30`.
    public var start: String
    public var end: String
    public var time: String
    /// The title in the first language, and in the second beneath it when bilingual.
    public var title: String
    public var titleSecondary: String?
    /// The description in the first language, when there is one.
    public var description: String?
    /// The room's name (its id when the room is unknown).
    public var room: String
    /// The activity's title: set on venue and participant agendas, where sessions of several
    /// activities meet; `nil` on an activity's own agenda.
    public var activity: String?
    /// The venue's name: participant agendas only.
    public var venue: String?
    /// `Chair` or `Chairs` in the reader's language, and the chairs as one line:
    /// `Alicia Bárcena, Secretaria de Relaciones Exteriores de México; Rodrigo Olsen`.
    public var chairsLabel: String
    public var chairs: String?
    /// The chairs one by one, in programme order.
    public var chairList: [AgendaPerson]
    /// `confirmed`, `tentative` or `cancelled`: for CSS classes.
    public var status: String
    public var isCancelled: Bool
    public var isTentative: Bool
    /// True when the session is an illustration, not a published fact.
    public var isIllustrative: Bool
    /// True when this session needs its own illustrative mark (not every session is illustrative;
    /// when all are, the header says so once).
    public var marksIllustrative: Bool
    /// Status words to show beside the session: `cancelled`, `date to be confirmed`, `illustrative`.
    public var flags: [String]
    /// ``flags`` joined with ` · `, `nil` when there are none.
    public var flagText: String?
}

/// A chair of a session: a public figure of the programme.
public struct AgendaPerson: Sendable {
    public var name: String
    /// Their public role in the reader's language, when the programme gives one.
    public var role: String?
}

/// ANSI SGR codes for the `text` format, or empty strings when colour is off (not a terminal,
/// `NO_COLOR`, or another format). Templates wrap text in them: `{{style.bold}}…{{style.reset}}`.
public struct TerminalStyle: Sendable {
    public var bold: String
    public var dim: String
    public var italic: String
    public var strike: String
    public var accent: String
    public var warn: String
    public var reset: String

    /// Every code empty.
    public static let plain = TerminalStyle(bold: "", dim: "", italic: "", strike: "", accent: "", warn: "", reset: "")
    /// The codes for a colour terminal.
    public static let ansi = TerminalStyle(bold: "\u{1B}[1m", dim: "\u{1B}[2m", italic: "\u{1B}[3m", strike: "\u{1B}[9m",
                                           accent: "\u{1B}[36m", warn: "\u{1B}[33m", reset: "\u{1B}[0m")
}

/// Layout helpers for the `text` format.
///
/// The text template writes each logical line whole; ``TextWrapper`` then folds lines wider than
/// ``width``. A continuation line starts under ``wrap``, an invisible marker the template puts
/// where the column begins (`{{time}}  {{layout.wrap}}{{title}}`); without a marker it starts
/// under the line's own indentation.
public struct TextLayout: Sendable {
    /// The width the text is folded to (terminal columns, or 80).
    public var width: Int
    /// `=` and `-` repeated to ``width``.
    public var rule: String
    public var thinRule: String
    /// The wrap-column marker (U+001F), removed from the output.
    public var wrap: String
    /// Spaces as wide as a `09:00–10:30` time column plus its two-space gap.
    public var indent: String
}
