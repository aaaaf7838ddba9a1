import Diagnostics
import Planner

/// Picks programme text in the reader's language, records a warning whenever it has to fall
/// back, and cleans the text for the output format.
struct Translator {
    let primary: String
    let secondary: String?
    /// Where to look when the first language is missing: the programme's languages, in order.
    let fallbacks: [String]
    let clean: @Sendable (String) -> String
    private(set) var diagnostics: [Diagnostic] = []
    private var warned: Set<String> = []

    init(options: AgendaOptions, programme: Programme) {
        primary = options.primary
        secondary = options.secondary
        fallbacks = programme.languages + ["en", "es"]
        clean = TextCleaning.forFormat(options.format)
    }

    /// The text in the first language, else the first that exists (with a warning), cleaned.
    /// - Parameters:
    ///   - what: the field in words, for the warning: `the title of session 'c1-opening'`.
    ///   - location: where the thing is declared in the programme file.
    mutating func text(_ value: Localized?, _ what: String, at location: SourceLocation?) -> String? {
        guard let value, let pick = value.pick([primary], fallbacks: fallbacks) else { return nil }
        if pick.fellBack {
            warn("no \(quoted: primary) text for \(what); using \(quoted: pick.language)", at: location, key: "\(what)|\(primary)")
        }
        let cleaned = clean(pick.text)
        return cleaned.isEmpty ? nil : cleaned
    }

    /// The text in the second language of a bilingual agenda: `nil` when not bilingual, when the
    /// text is the same in both, or when it is missing (with a warning).
    mutating func second(_ value: Localized?, _ what: String, at location: SourceLocation?) -> String? {
        guard let secondary, let value else { return nil }
        guard let text = value.values[secondary] else {
            warn("no \(quoted: secondary) text for \(what); its second line is left out", at: location, key: "\(what)|\(secondary)")
            return nil
        }
        let cleaned = clean(text)
        let first = value.pick([primary], fallbacks: fallbacks).map { clean($0.text) }
        return cleaned.isEmpty || cleaned == first ? nil : cleaned
    }

    /// Records a warning once per subject and language.
    mutating func warn(_ message: String, at location: SourceLocation?, key: String, code: String = "missing-translation") {
        guard warned.insert(key).inserted else { return }
        diagnostics.append(.warning(code, message, at: location))
    }
}
