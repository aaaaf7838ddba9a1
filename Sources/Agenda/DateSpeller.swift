import CivilTime
import Foundation

/// Spells venue-local calendar dates in a language with Foundation's locale data.
///
/// No time zone conversion happens here: a ``LocalDate`` becomes the `Date` at midnight UTC of
/// that day and is formatted in UTC, so the day printed is the day given. Offsets and instants
/// come from the programme's single tz source (`ZoneRules`), never from Foundation's `TimeZone`.
struct DateSpeller {
    let language: String
    private let locale: Locale
    private let utc: TimeZone
    private let calendar: Calendar

    init(language: String) {
        self.language = language
        locale = Locale(identifier: Self.localeIdentifier(for: language))
        utc = TimeZone(secondsFromGMT: 0)!
        var gregorian = Calendar(identifier: .gregorian)
        gregorian.timeZone = utc
        gregorian.locale = locale
        calendar = gregorian
    }

    /// English agendas follow UN style (day before month); the other languages take their
    /// locale's own conventions.
    static func localeIdentifier(for language: String) -> String {
        switch language {
        case "en": return "en_GB"
        case "pt": return "pt_BR"
        default: return language
        }
    }

    private func date(_ d: LocalDate) -> Date { Date(timeIntervalSince1970: Double(d.daysSinceEpoch) * 86_400) }

    private func formatter(template: String) -> DateFormatter {
        let f = DateFormatter()
        f.locale = locale
        f.timeZone = utc
        f.calendar = calendar
        f.setLocalizedDateFormatFromTemplate(template)
        return f
    }

    /// A day heading: `jueves, 4 de abril de 2024`, `Thursday 4 April 2024`.
    ///
    /// English drops CLDR's comma after the weekday, as printed programmes of the UN do; the
    /// words themselves always come from Foundation.
    func long(_ d: LocalDate) -> String {
        let f = formatter(template: "EEEEdMMMMy")
        if language == "en" { f.dateFormat = "EEEE d MMMM y" }
        return f.string(from: date(d))
    }

    /// A date without weekday: `27 de octubre de 2024`.
    func medium(_ d: LocalDate) -> String { formatter(template: "dMMMMy").string(from: date(d)) }

    /// A month: `agosto de 2024`.
    func month(_ d: LocalDate) -> String { formatter(template: "MMMMy").string(from: date(d)) }

    /// A range of days: `4–5 de abril de 2024`, or one day alone.
    func range(_ a: LocalDate, _ b: LocalDate) -> String {
        if a == b { return medium(a) }
        let f = DateIntervalFormatter()
        f.locale = locale
        f.timeZone = utc
        f.calendar = calendar
        f.dateTemplate = "dMMMMy"
        return f.string(from: date(a), to: date(b))
    }

    /// A range of months: `agosto de 2024`, `septiembre – diciembre de 2024`.
    func monthRange(_ a: LocalDate, _ b: LocalDate) -> String {
        if a.year == b.year && a.month == b.month { return month(a) }
        let f = DateIntervalFormatter()
        f.locale = locale
        f.timeZone = utc
        f.calendar = calendar
        f.dateTemplate = "MMMMy"
        return f.string(from: date(a), to: date(b))
    }
}
