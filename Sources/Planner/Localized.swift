/// A text in several languages, keyed by BCP 47 language code (`en`, `es`, `pt`, `fr`).
public struct Localized: Hashable, Sendable, Codable {
    public var values: [String: String]

    public init(_ values: [String: String]) { self.values = values }

    /// Languages present, sorted.
    public var languages: [String] { values.keys.sorted() }
    public var isEmpty: Bool { values.isEmpty }

    /// The text in the first of `preferred` that exists, else in `fallbacks` order, else the
    /// alphabetically first language. `fellBack` is true when the first preference was missing.
    public func pick(_ preferred: [String], fallbacks: [String] = ["en", "es"]) -> (text: String, language: String, fellBack: Bool)? {
        for (i, lang) in preferred.enumerated() {
            if let t = values[lang] { return (t, lang, i > 0) }
        }
        for lang in fallbacks + languages {
            if let t = values[lang] { return (t, lang, true) }
        }
        return nil
    }

    /// The text in `language`, falling back silently; empty when there is no text at all.
    public func text(_ language: String) -> String { pick([language])?.text ?? "" }
}
