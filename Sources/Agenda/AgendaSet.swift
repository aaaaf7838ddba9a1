import CivilTime
import Diagnostics
import Planner

/// One rendered agenda file, ready to be written below an output folder.
public struct AgendaFile: Hashable, Sendable {
    /// Relative path with `/` separators: `venues/cepal.html`, `activities/ministerial.md`, `index.html`.
    public var path: String
    public var text: String
}

/// The view model of the `index.html` that links every agenda of `--all`.
public struct AgendaIndex: Sendable {
    public var language: String
    public var labels: AgendaLabels
    public var programme: String
    public var programmeSecondary: String?
    public var documentTitle: String
    /// Activities and venues in programme order.
    public var activities: [AgendaIndexEntry]
    public var venues: [AgendaIndexEntry]
    public var footer: String
}

/// One activity or venue in the index, with a link per format.
public struct AgendaIndexEntry: Sendable {
    public var title: String
    public var titleSecondary: String?
    /// `4–5 April 2024 · Mexico City`, `August 2024, date to be confirmed`.
    public var detail: String
    /// HTML first, then Markdown and text.
    public var links: [AgendaLink]
}

/// A link from the index to one file.
public struct AgendaLink: Sendable {
    /// `HTML`, `Markdown`, `text`.
    public var label: String
    /// Relative path: `venues/cepal.html`.
    public var href: String
}

/// Every agenda of a programme: one file per venue, per activity and per format, and an index.
public enum AgendaSet {
    /// The built files (sorted by path, `index.html` included) and the warnings met.
    public struct Result: Sendable {
        public var files: [AgendaFile]
        public var diagnostics: [Diagnostic]
    }

    /// Builds and renders every agenda of `programme`.
    /// - Parameters:
    ///   - languages: as for ``AgendaOptions/languages`` (`["es", "en"]` for bilingual agendas).
    ///   - textWidth: the width of the `.txt` files (80 by default; files are not for one terminal).
    /// - Throws: ``DiagnosticError`` when a template is missing from the set.
    public static func build(programme: Programme, zones: any ZoneRules, templates: AgendaTemplates, languages: [String],
                             textWidth: Int = 80) throws(DiagnosticError) -> Result {
        let builder = AgendaBuilder(programme: programme, zones: zones)
        var files: [AgendaFile] = []
        var diagnostics: [Diagnostic] = []
        // File names only through FileNameComponent: no path leaves the output folder.
        let scopes: [(folder: String, id: FileNameComponent, scope: AgendaScope)] =
            programme.venues.map { ("venues", $0.id.fileName, .venue($0.id)) }
            + programme.activities.map { ("activities", $0.id.fileName, .activity($0.id)) }
        var pages: [String: AgendaPage] = [:]
        for entry in scopes {
            for format in AgendaFormat.allCases {
                let built = try builder.build(entry.scope, options: AgendaOptions(languages: languages, format: format, width: textWidth))
                diagnostics += built.diagnostics
                let path = "\(entry.folder)/\(entry.id).\(format.fileExtension)"
                files.append(AgendaFile(path: path, text: try templates.render(built.page)))
                if format == .html { pages["\(entry.folder)/\(entry.id)"] = built.page }
            }
        }
        let index = makeIndex(programme: programme, languages: languages, scopes: scopes.map { "\($0.folder)/\($0.id)" }, pages: pages)
        files.append(AgendaFile(path: "index.html", text: try templates.render(index)))
        return Result(files: files.sorted { $0.path < $1.path }, diagnostics: diagnostics.sortedForOutput())
    }

    static func makeIndex(programme: Programme, languages: [String], scopes: [String], pages: [String: AgendaPage]) -> AgendaIndex {
        let options = AgendaOptions(languages: languages, format: .html)
        let words = Words.of(options.primary)
        let labels = AgendaLabels(words, options.secondary.map(Words.of))
        var activities: [AgendaIndexEntry] = [], venues: [AgendaIndexEntry] = []
        for key in scopes {
            guard let page = pages[key] else { continue }
            let h = page.header
            var detail: [String] = []
            if let dates = h.dates { detail.append(dates) }
            if h.isActivity, let venue = h.venue { detail.append(venue) }
            if h.isVenue, let address = h.address { detail.append(address) }
            // Short status lines only (not the illustrative sentence), and not "venue to be confirmed"
            // when the venue's name says it already.
            detail += h.notes.filter { $0.count < 40 && $0 != words.venueToBeConfirmed }
            let links = [AgendaFormat.html, .markdown, .text].map { format in
                AgendaLink(label: format == .html ? labels.formatHTML : format == .markdown ? labels.formatMarkdown : labels.formatText,
                           href: "\(key).\(format.fileExtension)")
            }
            let entry = AgendaIndexEntry(title: h.title, titleSecondary: h.titleSecondary, detail: detail.joined(separator: " · "), links: links)
            if h.isVenue { venues.append(entry) } else { activities.append(entry) }
        }
        let first = scopes.first.flatMap { pages[$0] }
        let programmeTitle = first?.header.programme ?? programme.id
        return AgendaIndex(language: options.primary, labels: labels, programme: programmeTitle,
                           programmeSecondary: first?.header.programmeSecondary,
                           documentTitle: "\(programmeTitle) — \(labels.agendas)", activities: activities, venues: venues,
                           footer: first?.footer ?? programmeTitle)
    }
}
