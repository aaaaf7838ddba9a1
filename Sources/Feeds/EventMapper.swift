import CivilTime
import ICalendar
import Planner

/// Maps a scheduled session to the VEVENT a published feed carries.
struct EventMapper {
    let programme: Programme
    let options: FeedOptions

    /// Picks a text in the wanted language, calling `fellBack` with the language used instead.
    private func pick(_ text: Localized?, _ fellBack: (String) -> Void) -> String? {
        guard let text, let p = text.pick(options.languages, fallbacks: programme.languages) else { return nil }
        if p.fellBack { fellBack(p.language) }
        return p.text
    }

    func spec(for s: ScheduledSession, uid: String, revision: EventRevision?, zones: some ZoneRules = SystemZones(),
              fellBack outer: (String) -> Void) -> EventSpec {
        let lang = options.languages.first ?? "en"
        var mixed = false
        func fellBack(_ used: String) {
            mixed = true
            outer(used)
        }
        let session = s.session
        let title = pick(session.title, fellBack) ?? session.id.rawValue
        let activityTitle = pick(s.activity.title, fellBack) ?? s.activity.id.rawValue
        var lines: [String] = []
        if let was = revision?.was, let changed = revision?.changed {
            let now = Ledger.Shown(start: session.start.iso, end: session.end.iso, timezone: s.venue.timezone, venue: s.venue.id.rawValue,
                                   room: session.room.rawValue, place: [:], title: session.title.values)
            let day = zones.wallTime(at: changed, in: s.venue.timezone)?.date ?? changed.utc.date
            if let note = ChangeNote.text(was: was, now: now, on: day, language: lang, fallbacks: programme.languages) { lines.append(note) }
        }
        if let d = pick(session.description, fellBack) { lines.append(d) }
        lines.append(activityTitle)
        let chairs = session.chairs.compactMap { programme.person($0)?.name }
        if !chairs.isEmpty { lines.append(Labels.chairs(lang) + ": " + chairs.joined(separator: ", ")) }
        if session.illustrative { lines.append(Labels.illustrative(lang)) }
        if s.venue.toBeConfirmed { lines.append(Labels.venueTBC(lang)) }

        var place: [String] = []
        if let room = s.room, let name = pick(room.name, fellBack) { place.append(name) }
        let venueName = pick(s.venue.name, fellBack)
        if let venueName { place.append(venueName) }
        if let a = s.venue.address { place.append(a) }
        else if !(venueName ?? "").contains(s.venue.city) { place.append(s.venue.city) }

        let status: EventStatus = switch s.status {
        case .confirmed: .confirmed
        case .tentative: .tentative
        case .cancelled: .cancelled
        }
        var categories = [s.activity.kind.rawValue]
        categories += s.activity.themes.filter { !categories.contains($0) }
        return EventSpec(
            uid: uid,
            // With a ledger, the time the event was last set (first publication or last change), so that
            // an unchanged event keeps its bytes whenever the feeds are rebuilt; without one, the run's stamp.
            dtstamp: revision?.lastModified ?? options.stamp,
            start: .local(session.start, tzid: s.venue.timezone),
            end: .local(session.end, tzid: s.venue.timezone),
            summary: s.status == .cancelled ? Labels.cancelled(lang) + title : title,
            description: lines.joined(separator: "\n"),
            location: place.joined(separator: ", "),
            geo: s.venue.geo.map { GeoPoint(lat: $0.lat, lon: $0.lon) },
            categories: categories,
            status: status,
            organizer: Organizer(name: programme.organiser.name, email: programme.organiser.email),
            sequence: revision.map(\.sequence).flatMap { $0 > 0 ? $0 : nil },
            lastModified: revision.flatMap { $0.sequence > 0 ? $0.lastModified : nil },
            url: programme.url,
            // A LANGUAGE parameter only when every text really is in the language asked for.
            language: mixed ? nil : lang
        )
    }
}

extension EventMapper {
    /// A session that has left the programme, published as cancelled from what the ledger kept.
    func cancelledSpec(uid: String, entry: Ledger.Entry, start: LocalDateTime, end: LocalDateTime) -> EventSpec {
        let title = Localized(entry.title).pick(options.languages, fallbacks: programme.languages)?.text ?? entry.session
        return EventSpec(uid: uid, dtstamp: entry.lastModified,
                         start: .local(start, tzid: entry.timezone), end: .local(end, tzid: entry.timezone),
                         summary: Labels.cancelled(options.languages.first ?? "en") + title,
                         description: Labels.removed(options.languages.first ?? "en"),
                         status: .cancelled,
                         organizer: Organizer(name: programme.organiser.name, email: programme.organiser.email),
                         sequence: entry.sequence, lastModified: entry.lastModified, url: programme.url)
    }
}

/// The few fixed words feeds add, per language.
enum Labels {
    static func chairs(_ lang: String) -> String {
        ["es": "Presidencia", "pt": "Presidência", "fr": "Présidence"][lang] ?? "Chair"
    }
    static func illustrative(_ lang: String) -> String {
        ["es": "Punto ilustrativo del programa: horario y contenido no publicados oficialmente.",
         "pt": "Item ilustrativo: horário e conteúdo não publicados oficialmente.",
         "fr": "Point indicatif : horaire et contenu non publiés officiellement."][lang]
            ?? "Illustrative agenda item: time and content not officially published."
    }
    static func personal(_ lang: String) -> String {
        ["es": "programa personal", "pt": "programa pessoal", "fr": "programme personnel"][lang] ?? "personal programme"
    }
    static func delegation(_ lang: String) -> String {
        ["es": "delegación", "pt": "delegação", "fr": "délégation"][lang] ?? "delegation"
    }
    static func removed(_ lang: String) -> String {
        ["es": "Sesión retirada del programa.", "pt": "Sessão retirada do programa.", "fr": "Séance retirée du programme."][lang]
            ?? "Session removed from the programme."
    }
    /// The prefix of a cancelled event's SUMMARY.
    static func cancelled(_ lang: String) -> String {
        ["es": "Cancelada: ", "pt": "Cancelada: ", "fr": "Annulée : "][lang] ?? "Cancelled: "
    }
    static func venueTBC(_ lang: String) -> String {
        ["es": "Sede por confirmar.", "pt": "Local a confirmar.", "fr": "Lieu à confirmer."][lang] ?? "Venue to be confirmed."
    }
}
