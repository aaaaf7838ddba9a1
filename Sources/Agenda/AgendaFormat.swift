import Planner
import Registrations

/// An output format of agendas; each has one top-level template of the same name.
public enum AgendaFormat: String, Sendable, Hashable, CaseIterable {
    /// Plain text for the terminal, folded to its width.
    case text
    /// Markdown for sharing.
    case markdown
    /// One self-contained HTML5 file with a print stylesheet.
    case html

    /// The file extension of the format's files: `txt`, `md`, `html`.
    public var fileExtension: String {
        switch self {
        case .text: return "txt"
        case .markdown: return "md"
        case .html: return "html"
        }
    }
}

/// What one agenda covers.
public enum AgendaScope: Hashable, Sendable {
    /// Every session held at a venue, of every activity.
    case venue(VenueID)
    /// The sessions of one activity.
    case activity(ActivityID)
    /// A delegate's own sessions.
    ///
    /// `name` is the only personal detail printed, in the header; nothing else about the
    /// participant reaches the agenda. Sessions not in the programme are ignored.
    case participant(name: String, sessions: Set<SessionID>)
}

/// How to build an agenda, decided by the command line and passed down as values.
public struct AgendaOptions: Sendable {
    /// Languages in order of preference: `["es"]`, or `["es", "en"]` for a bilingual agenda
    /// whose titles are in Spanish with English beneath. More than two are preferences for
    /// fallback only.
    public var languages: [String]
    /// The format the page is built for (it decides escaping and text layout).
    public var format: AgendaFormat
    /// The `text` width in columns (terminal width, or 80); at least 40 is used.
    public var width: Int
    /// ANSI colour in `text` (only on a terminal and never with `NO_COLOR`: the CLI decides).
    public var colour: Bool

    public init(languages: [String] = ["en"], format: AgendaFormat = .text, width: Int = 80, colour: Bool = false) {
        self.languages = languages.isEmpty ? ["en"] : languages
        self.format = format
        self.width = width
        self.colour = colour
    }

    /// The first language.
    var primary: String { languages[0] }
    /// The second language of a bilingual agenda.
    var secondary: String? { languages.count > 1 && languages[1] != languages[0] ? languages[1] : nil }
}

/// Prepares programme text for a format whose template does not escape it.
enum TextCleaning {
    /// Removes control characters (so programme data cannot drive a terminal, nor place the
    /// ``TextWrapper`` marker) and folds runs of white space, line breaks included, into single spaces.
    static func plain(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var pendingSpace = false
        for scalar in s.unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) { continue }
            // Bidirectional controls could reorder what a reader sees; drop them too.
            if (0x202A...0x202E).contains(scalar.value) || (0x2066...0x2069).contains(scalar.value) { continue }
            if pendingSpace { out += " "; pendingSpace = false }
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// ``plain(_:)`` with the characters Markdown could read as markup backslash-escaped
    /// (CommonMark lets any ASCII punctuation be escaped), so a title `<script>`, `*bold*` or
    /// `[x](y)` shows as typed. A leading `-`, `+`, `#`, `=` or `1.` is escaped too, in case a
    /// template puts the value at the start of a line.
    static func markdown(_ s: String) -> String {
        var out = ""
        let text = plain(s)
        for (i, c) in text.enumerated() {
            if "\\`*_[]<>|~&".contains(c) || (i == 0 && "-+#=".contains(c)) { out.append("\\") }
            out.append(c)
        }
        // `1. ` or `1) ` at the start would begin an ordered list.
        if let firstNonDigit = out.firstIndex(where: { !$0.isASCII || !$0.isNumber }), firstNonDigit != out.startIndex,
           out[firstNonDigit] == "." || out[firstNonDigit] == ")" {
            out.insert("\\", at: firstNonDigit)
        }
        return out
    }

    /// The cleaning for a format: `html` is escaped by its template, so only white space is folded.
    static func forFormat(_ format: AgendaFormat) -> @Sendable (String) -> String {
        switch format {
        case .text, .html: return plain
        case .markdown: return markdown
        }
    }
}

extension AgendaScope {
    /// The agenda of the participant `id` of a registration list (the id as the list gives it,
    /// any case), named by their given and family names (else the id); nil when no one has it.
    /// Only the name and the session ids leave here.
    public static func participant(_ id: String, among participants: [Participant]) -> AgendaScope? {
        let wanted = id.lowercased()
        guard let person = participants.first(where: { $0.id == id || $0.id.lowercased() == wanted }) else { return nil }
        let name = [person.givenName, person.familyName].filter { !$0.isEmpty }.joined(separator: " ")
        return .participant(name: name.isEmpty ? id : name, sessions: Set(person.sessions))
    }
}
