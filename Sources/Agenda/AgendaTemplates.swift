import Diagnostics
import Mustache

/// A checked set of agenda templates, ready to render pages.
///
/// The command line reads the `.mustache` files of `Templates/` (or `--templates DIR`) and
/// hands their text here; this type parses them into one `MustacheLibrary` (a `Sendable`
/// value, loaded once and passed down) and checks them. Names are file names without
/// `.mustache`: `text`, `markdown` and `html` render pages, `index` renders the index of
/// `--all`, and any other file is a partial (`{{> html-day}}`).
///
/// Checks, each a located ``Diagnostic`` at `DIR/FILE:line:column`:
/// - `template-syntax`: the file does not parse;
/// - `unknown-partial`: `{{> name}}` names no file of the set;
/// - `template-content-type`: a template used by `text` or `markdown` (the top-level one and
///   every partial it reaches) does not start with `{{% CONTENT_TYPE: TEXT}}` (swift-mustache
///   renders each partial as HTML unless it says otherwise), or one used by `html`/`index` does;
/// - `unescaped-variable`: `{{{x}}}` or `{{&x}}` in a template used by `html` or `index`, where
///   every value must be escaped;
/// - `template-delimiters`: `{{=<% %>=}}`, which would hide tags from these checks.
public struct AgendaTemplates: Sendable {
    /// The names of the top-level templates a full set has.
    public static let pageNames = ["html", "index", "markdown", "text"]
    /// The top-level templates of the desk documents (list of participants, badges, sign-in sheets).
    public static let deskNames = ["badges", "participants-html", "participants-markdown", "participants-text", "signin"]
    /// Top-level templates whose output is text (and must say `{{% CONTENT_TYPE: TEXT}}`).
    static let textRoots = ["text", "markdown", "participants-text", "participants-markdown"]
    /// Top-level templates whose output is HTML (every value escaped).
    static let htmlRoots = ["html", "index", "participants-html", "badges", "signin"]

    let library: MustacheLibrary
    /// The folder the templates came from, as shown in locations.
    public let directory: String
    /// The template names present, sorted.
    public let names: [String]
    /// Non-fatal findings (none today; kept for the CLI to print).
    public let diagnostics: [Diagnostic]

    /// Parses and checks a set of templates.
    /// - Parameters:
    ///   - files: file name (`html-day.mustache`) to its text. Files not ending in `.mustache` are ignored.
    ///   - directory: the folder they were read from, for locations.
    /// - Throws: ``DiagnosticError`` with every error found, sorted by file, line and column.
    public init(files: [String: String], directory: String) throws(DiagnosticError) {
        self.directory = directory
        var library = MustacheLibrary()
        var errors: [Diagnostic] = []
        var texts: [String: String] = [:]
        for (file, text) in files where file.hasSuffix(".mustache") {
            let name = String(file.dropLast(".mustache".count))
            texts[name] = text
            do {
                library.register(try MustacheTemplate(string: text), named: name)
            } catch let error as MustacheTemplate.ParserError {
                errors.append(.error("template-syntax", Self.sentence(for: error.error),
                                     at: SourceLocation(file: Self.path(directory, file), line: error.context.lineNumber,
                                                        column: error.context.columnNumber),
                                     notes: [error.context.line.trimmingWhitespace()]))
            } catch {
                errors.append(.error("template-syntax", "the template cannot be read: \(error)",
                                     at: SourceLocation(file: Self.path(directory, file), line: 1, column: 1)))
            }
        }
        errors += TemplateScan.check(texts, directory: directory)
        guard errors.isEmpty else { throw DiagnosticError(errors.sortedForOutput()) }
        self.library = library
        names = texts.keys.sorted()
        diagnostics = []
    }

    /// Renders a page with the template of its format (`text`, `markdown`, `html`).
    ///
    /// `text` is then folded to the page's width (see ``TextLayout``). Every output ends with
    /// exactly one line feed.
    /// - Throws: ``DiagnosticError`` (`missing-template`) when the set has no such template.
    public func render(_ page: AgendaPage) throws(DiagnosticError) -> String {
        guard let raw = library.render(page, withTemplate: page.format) else { throw missing(page.format) }
        var text = raw
        if page.format == AgendaFormat.text.rawValue { text = TextWrapper.wrap(text, width: page.layout.width) }
        return Self.endingWithOneNewline(text)
    }

    /// Renders the `index.html` of a set of agendas with the `index` template.
    /// - Throws: ``DiagnosticError`` (`missing-template`) when the set has no `index` template.
    public func render(_ index: AgendaIndex) throws(DiagnosticError) -> String {
        guard let raw = library.render(index, withTemplate: "index") else { throw missing("index") }
        return Self.endingWithOneNewline(raw)
    }

    /// Renders the list of participants with `participants-<format>`.
    /// - Throws: ``DiagnosticError`` (`missing-template`) when the set has no such template.
    public func render(_ page: ParticipantListPage) throws(DiagnosticError) -> String {
        try renderDesk(page, "participants-" + page.format)
    }

    /// Renders badge sheets with `badges`.
    public func render(_ page: BadgePage) throws(DiagnosticError) -> String { try renderDesk(page, "badges") }

    /// Renders sign-in sheets with `signin`.
    public func render(_ page: SignInPage) throws(DiagnosticError) -> String { try renderDesk(page, "signin") }

    private func renderDesk(_ page: Any, _ name: String) throws(DiagnosticError) -> String {
        guard let raw = library.render(page, withTemplate: name) else { throw missing(name) }
        return Self.endingWithOneNewline(raw)
    }

    private func missing(_ name: String) -> DiagnosticError {
        DiagnosticError(.error("missing-template",
                               "no template '\(name).mustache' in '\(directory)'; a set has \(Self.pageNames.map { "'\($0).mustache'" }.joined(separator: ", ")) and its partials; copy the missing one from Templates/"))
    }

    static func endingWithOneNewline(_ s: String) -> String {
        var s = s
        while s.last == "\n" || s.last == " " { s.removeLast() }
        return s + "\n"
    }

    static func path(_ directory: String, _ file: String) -> String {
        directory.isEmpty ? file : (directory.hasSuffix("/") ? directory + file : directory + "/" + file)
    }

    /// A sentence for swift-mustache's parse errors.
    static func sentence(for error: any Error) -> String {
        guard let e = error as? MustacheTemplate.Error else { return "the template cannot be parsed: \(error)" }
        switch e {
        case .sectionCloseNameIncorrect: return "this closing tag does not match the section that is open; close sections in the order they were opened"
        case .unfinishedName: return "a tag is not finished; end it with '}}'"
        case .expectedSectionEnd: return "a section is never closed; add its '{{/name}}' tag"
        case .invalidSetDelimiter: return "a set-delimiter tag is malformed"
        case .transformAppliedToInheritanceSection: return "a transform cannot be applied to an inheritance section"
        case .illegalTokenInsideInheritSection: return "only blocks ('{{$name}}') may appear inside a '{{<partial}}' section"
        case .textInsideInheritSection: return "text is not allowed inside a '{{<partial}}' section, only blocks"
        case .invalidConfigVariableSyntax: return "a pragma is malformed; write '{{% CONTENT_TYPE: TEXT}}'"
        case .unrecognisedConfigVariable: return "unknown pragma; the only one is '{{% CONTENT_TYPE: TEXT}}' (or HTML)"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
