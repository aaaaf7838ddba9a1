import CivilTime
import Planner

/// The line at the top of a changed event's DESCRIPTION: what a delegate saw before and when it
/// changed, in the feed's language ("Moved on 2 May 2024: was Thursday 16 May 09:00–10:00,
/// Plenary room, SRE").
enum ChangeNote {
    /// - Parameters:
    ///   - was: the values published before the change.
    ///   - now: the values published now (only times, zone, venue, room and title are compared).
    ///   - day: the day of the change (the publication stamp in the venue's zone).
    /// - Returns: nil when a delegate reading `lang` sees no difference (a title changed only in
    ///   other languages).
    static func text(was: Ledger.Shown, now: Ledger.Shown, on day: LocalDate, language lang: String, fallbacks: [String]) -> String? {
        let moved = was.start != now.start || was.end != now.end || was.timezone != now.timezone
            || was.venue != now.venue || was.room != now.room
        var parts: [String] = []
        let oldTitle = Localized(was.title).pick([lang], fallbacks: fallbacks)?.text
        if let t = oldTitle, t != Localized(now.title).pick([lang], fallbacks: fallbacks)?.text {
            parts.append(quoted(t, lang))
        }
        guard moved || !parts.isEmpty else { return nil }
        if moved {
            if let s = LocalDateTime(iso: was.start), let e = LocalDateTime(iso: was.end) {
                var time = dayName(s.date, lang) + " " + s.hhmm + "–" + (e.date == s.date ? "" : dayName(e.date, lang) + " ") + e.hhmm
                if was.timezone != now.timezone { time += " (\(was.timezone))" }
                parts.append(time)
            }
            if let p = Localized(was.place).pick([lang], fallbacks: fallbacks)?.text, !p.isEmpty { parts.append(p) }
        }
        let date = fullDate(day, lang)
        let head: String = switch (lang, moved) {
        case ("es", true): "Trasladada el \(date): antes"
        case ("es", false): "Título cambiado el \(date): antes"
        case ("pt", true): "Transferida em \(date): antes"
        case ("pt", false): "Título alterado em \(date): antes"
        case ("fr", true): "Déplacée le \(date) : auparavant"
        case ("fr", false): "Titre modifié le \(date) : auparavant"
        case (_, true): "Moved on \(date): was"
        case (_, false): "Renamed on \(date): was"
        }
        return head + " " + parts.joined(separator: ", ")
    }

    static func quoted(_ t: String, _ lang: String) -> String {
        switch lang {
        case "es", "pt": "«\(t)»"
        case "fr": "« \(t) »"
        default: "‘\(t)’"
        }
    }

    static let months: [String: [String]] = [
        "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"],
        "es": ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"],
        "pt": ["janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto", "setembro", "outubro", "novembro", "dezembro"],
        "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"],
    ]
    /// Monday first (ISO weekday 1).
    static let weekdays: [String: [String]] = [
        "en": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        "es": ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
        "pt": ["segunda-feira", "terça-feira", "quarta-feira", "quinta-feira", "sexta-feira", "sábado", "domingo"],
        "fr": ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
    ]

    static func month(_ d: LocalDate, _ lang: String) -> String { (months[lang] ?? months["en"]!)[d.month - 1] }

    /// "2 May 2024", "2 de mayo de 2024", "2 mai 2024".
    static func fullDate(_ d: LocalDate, _ lang: String) -> String {
        switch lang {
        case "es", "pt": "\(d.day) de \(month(d, lang)) de \(d.year)"
        case "fr": "\(d.day) \(month(d, lang)) \(d.year)"
        default: "\(d.day) \(month(d, "en")) \(d.year)"
        }
    }

    /// "Thursday 16 May", "jueves 16 de mayo", "quinta-feira, 16 de maio", "jeudi 16 mai".
    static func dayName(_ d: LocalDate, _ lang: String) -> String {
        let w = (weekdays[lang] ?? weekdays["en"]!)[d.isoWeekday - 1]
        switch lang {
        case "es": return "\(w) \(d.day) de \(month(d, lang))"
        case "pt": return "\(w), \(d.day) de \(month(d, lang))"
        case "fr": return "\(w) \(d.day) \(month(d, lang))"
        default: return "\(w) \(d.day) \(month(d, "en"))"
        }
    }
}
