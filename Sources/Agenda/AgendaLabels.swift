import Planner

/// The fixed words of an agenda in the reader's language, for templates.
///
/// In a bilingual agenda the short labels carry both languages (`Sala / Room`); sentences stay in
/// the first language. Languages without their own words (other than en, es, pt, fr) use English,
/// with a warning from ``AgendaBuilder``.
public struct AgendaLabels: Sendable {
    public var time: String
    public var session: String
    public var room: String
    public var timeZone: String
    public var address: String
    public var venue: String
    public var dates: String
    public var activity: String
    /// Status words beside a session.
    public var cancelled: String
    public var tentative: String
    public var illustrative: String
    /// Heading of ``AgendaPage/pending``.
    public var pending: String
    /// Shown when an agenda has no sessions.
    public var noSessions: String
    /// Headings of the `index.html` of `--all`.
    public var agendas: String
    public var venues: String
    public var activities: String
    public var formatText: String
    public var formatMarkdown: String
    public var formatHTML: String
}

/// The words of one language. Everything an agenda prints that is not programme data.
struct Words: Sendable {
    var time, session, room, chair, chairs, timeZone, address, venue, dates, activity: String
    var cancelled, tentative, illustrative: String
    var activityCancelled, activityTentative, venueToBeConfirmed: String
    var allIllustrative, someIllustrative: String
    var noSessions, pending: String
    var venueAgenda, personalAgenda: String
    var agendaOf: @Sendable (String) -> String
    var timesLocal: @Sendable (String) -> String
    var timesEachVenue: String
    var offsetFrom: @Sendable (String) -> String
    var updated: @Sendable (String) -> String
    var kinds: [ActivityKind: String]
    var agendas, venues, activities, formatText: String

    /// Whether this language has words of its own here.
    static func has(_ language: String) -> Bool { ["en", "es", "pt", "fr"].contains(language) }

    static func of(_ language: String) -> Words {
        switch language {
        case "es": return .spanish
        case "pt": return .portuguese
        case "fr": return .french
        default: return .english
        }
    }

    static let english = Words(
        time: "Time", session: "Session", room: "Room", chair: "Chair", chairs: "Chairs", timeZone: "Time zone",
        address: "Address", venue: "Venue", dates: "Dates", activity: "Activity",
        cancelled: "cancelled", tentative: "date to be confirmed", illustrative: "illustrative",
        activityCancelled: "Cancelled", activityTentative: "Date to be confirmed", venueToBeConfirmed: "Venue to be confirmed",
        allIllustrative: "The sessions are illustrative: titles, times and rooms are a plausible plan, not a published agenda.",
        someIllustrative: "Sessions marked “illustrative” are a plausible plan, not a published fact.",
        noSessions: "No sessions are scheduled yet.", pending: "Also planned",
        venueAgenda: "Venue agenda", personalAgenda: "Personal agenda",
        agendaOf: { "Agenda of \($0)" },
        timesLocal: { "Times are local to the venue (\($0))." },
        timesEachVenue: "Times are local to each venue.",
        offsetFrom: { "from \($0)" },
        updated: { "programme updated \($0)" },
        kinds: [.consultation: "Consultation", .civilSociety: "Civil-society meeting", .negotiation: "Negotiation",
                .ministerial: "Ministerial event", .other: "Activity"],
        agendas: "Agendas", venues: "Venues", activities: "Activities", formatText: "text")

    static let spanish = Words(
        time: "Hora", session: "Sesión", room: "Sala", chair: "Presidencia", chairs: "Presidencia", timeZone: "Huso horario",
        address: "Dirección", venue: "Sede", dates: "Fechas", activity: "Actividad",
        cancelled: "cancelada", tentative: "fecha por confirmar", illustrative: "ilustrativa",
        activityCancelled: "Cancelada", activityTentative: "Fecha por confirmar", venueToBeConfirmed: "Sede por confirmar",
        allIllustrative: "Las sesiones son ilustrativas: títulos, horarios y salas son un plan verosímil, no un programa publicado.",
        someIllustrative: "Las sesiones marcadas «ilustrativa» son un plan verosímil, no un hecho publicado.",
        noSessions: "Aún no hay sesiones programadas.", pending: "También previsto",
        venueAgenda: "Agenda de la sede", personalAgenda: "Agenda personal",
        agendaOf: { "Agenda de \($0)" },
        timesLocal: { "Horas locales de la sede (\($0))." },
        timesEachVenue: "Horas locales de cada sede.",
        offsetFrom: { "desde el \($0)" },
        updated: { "programa actualizado el \($0)" },
        kinds: [.consultation: "Consulta", .civilSociety: "Reunión con la sociedad civil", .negotiation: "Negociación",
                .ministerial: "Evento ministerial", .other: "Actividad"],
        agendas: "Agendas", venues: "Sedes", activities: "Actividades", formatText: "texto")

    static let portuguese = Words(
        time: "Horário", session: "Sessão", room: "Sala", chair: "Presidência", chairs: "Presidência", timeZone: "Fuso horário",
        address: "Endereço", venue: "Local", dates: "Datas", activity: "Atividade",
        cancelled: "cancelada", tentative: "data a confirmar", illustrative: "ilustrativa",
        activityCancelled: "Cancelada", activityTentative: "Data a confirmar", venueToBeConfirmed: "Local a confirmar",
        allIllustrative: "As sessões são ilustrativas: títulos, horários e salas são um plano plausível, não uma agenda publicada.",
        someIllustrative: "As sessões marcadas “ilustrativa” são um plano plausível, não um fato publicado.",
        noSessions: "Ainda não há sessões programadas.", pending: "Também previsto",
        venueAgenda: "Agenda do local", personalAgenda: "Agenda pessoal",
        agendaOf: { "Agenda de \($0)" },
        timesLocal: { "Horários locais do local (\($0))." },
        timesEachVenue: "Horários locais de cada local.",
        offsetFrom: { "a partir de \($0)" },
        updated: { "programa atualizado em \($0)" },
        kinds: [.consultation: "Consulta", .civilSociety: "Reunião com a sociedade civil", .negotiation: "Negociação",
                .ministerial: "Evento ministerial", .other: "Atividade"],
        agendas: "Agendas", venues: "Locais", activities: "Atividades", formatText: "texto")

    static let french = Words(
        time: "Heure", session: "Séance", room: "Salle", chair: "Présidence", chairs: "Présidence", timeZone: "Fuseau horaire",
        address: "Adresse", venue: "Lieu", dates: "Dates", activity: "Activité",
        cancelled: "annulée", tentative: "date à confirmer", illustrative: "illustrative",
        activityCancelled: "Annulée", activityTentative: "Date à confirmer", venueToBeConfirmed: "Lieu à confirmer",
        allIllustrative: "Les séances sont illustratives : titres, horaires et salles sont un plan plausible, non un programme publié.",
        someIllustrative: "Les séances marquées « illustrative » sont un plan plausible, non un fait publié.",
        noSessions: "Aucune séance n’est encore programmée.", pending: "Également prévu",
        venueAgenda: "Programme du lieu", personalAgenda: "Programme personnel",
        agendaOf: { "Programme de \($0)" },
        timesLocal: { "Heures locales du lieu (\($0))." },
        timesEachVenue: "Heures locales de chaque lieu.",
        offsetFrom: { "à partir du \($0)" },
        updated: { "programme mis à jour le \($0)" },
        kinds: [.consultation: "Consultation", .civilSociety: "Réunion avec la société civile", .negotiation: "Négociation",
                .ministerial: "Événement ministériel", .other: "Activité"],
        agendas: "Programmes", venues: "Lieux", activities: "Activités", formatText: "texte")
}

extension AgendaLabels {
    /// The labels in `primary`, with `secondary` after a slash when bilingual.
    init(_ primary: Words, _ secondary: Words?) {
        func both(_ key: KeyPath<Words, String>) -> String {
            guard let secondary, secondary[keyPath: key] != primary[keyPath: key] else { return primary[keyPath: key] }
            return primary[keyPath: key] + " / " + secondary[keyPath: key]
        }
        self.init(time: both(\.time), session: both(\.session), room: both(\.room), timeZone: both(\.timeZone),
                  address: both(\.address), venue: both(\.venue), dates: both(\.dates), activity: both(\.activity),
                  cancelled: both(\.cancelled), tentative: both(\.tentative), illustrative: both(\.illustrative),
                  pending: both(\.pending), noSessions: primary.noSessions, agendas: both(\.agendas),
                  venues: both(\.venues), activities: both(\.activities), formatText: both(\.formatText),
                  formatMarkdown: "Markdown", formatHTML: "HTML")
    }
}
