import Checks
import Agenda
import Diagnostics
import Foundation
import ICalendar
import Planner
import TestSupport
import Testing

@Suite("agenda templates")
struct AgendaTemplateTests {
    /// The repository's templates with one file replaced.
    private func with(_ name: String, _ text: String) throws -> [String: String] {
        var files = try templateFiles()
        files[name] = text
        return files
    }

    private func errors(_ files: [String: String]) throws -> [Diagnostic] {
        try #require(throws: DiagnosticError.self) { try AgendaTemplates(files: files, directory: "my-templates") }.diagnostics
    }

    @Test("the repository's templates pass every check")
    func repositorySet() throws {
        let set = try templates()
        #expect(set.names == ["badges", "html", "html-day", "html-header", "html-style", "index", "markdown", "markdown-day",
                              "markdown-header", "participants-html", "participants-markdown", "participants-text", "signin",
                              "text", "text-day", "text-header"])
    }

    @Test("a template that does not parse is named with its file, line and column")
    func syntax() throws {
        let found = try errors(try with("text-day.mustache", "{{% CONTENT_TYPE: TEXT}}\n{{#sessions}}\n{{title}}\n{{/session}}\n"))
        #expect(found.count == 1)
        let d = try #require(found.first)
        #expect(d.code == "template-syntax")
        #expect(d.location == SourceLocation(file: "my-templates/text-day.mustache", line: 4, column: 4))
        #expect(d.message == "this closing tag does not match the section that is open; close sections in the order they were opened")
        #expect(d.notes == ["{{/session}}"])

        let unclosed = try errors(try with("html-day.mustache", "<p>\n{{#sessions}}{{title}}\n</p>\n"))
        #expect(unclosed.map(\.code) == ["template-syntax"])
        #expect(unclosed.first?.location?.file == "my-templates/html-day.mustache")
        #expect(unclosed.first?.message == "a section is never closed; add its '{{/name}}' tag")
    }

    @Test("a partial that does not exist is an error at the tag")
    func unknownPartial() throws {
        let found = try errors(try with("markdown.mustache", "{{% CONTENT_TYPE: TEXT}}\n# x\n  {{> markdown-days}}\n"))
        #expect(found.map(\.code) == ["unknown-partial"])
        #expect(found.first?.location == SourceLocation(file: "my-templates/markdown.mustache", line: 3, column: 3))
        #expect(found.first?.message.hasPrefix("no template 'markdown-days.mustache' for partial 'markdown-days'; templates here: 'badges', 'html', ") == true)
    }

    @Test("text templates and their partials must ask for TEXT; HTML ones must not, nor print unescaped")
    func contentTypes() throws {
        let noPragma = try errors(try with("text-day.mustache", "{{heading}}\n"))
        #expect(noPragma.map(\.code) == ["template-content-type"])
        #expect(noPragma.first?.location == SourceLocation(file: "my-templates/text-day.mustache", line: 1, column: 1))
        #expect(noPragma.first?.message == "'text-day.mustache' is used by a text or markdown agenda but does not start with '{{% CONTENT_TYPE: TEXT}}'; without it its values are HTML-escaped")

        let unescaped = try errors(try with("html-day.mustache", "<p>{{{title}}}</p>\n<p>{{& room }}</p>\n"))
        #expect(unescaped.map(\.code) == ["unescaped-variable", "unescaped-variable"])
        #expect(unescaped.map { $0.location?.line } == [1, 2])
        #expect(unescaped.first?.message == "'{{{title}}}' prints a value without HTML escaping; write '{{title}}'")

        let textInHTML = try errors(try with("html-header.mustache", "{{% CONTENT_TYPE: TEXT}}\n<h1>{{header.title}}</h1>\n"))
        #expect(textInHTML.map(\.code) == ["template-content-type"])
    }

    @Test("a set without the format's template says which file is missing")
    func missing() throws {
        var files = try templateFiles()
        files["markdown.mustache"] = nil
        files["markdown-day.mustache"] = nil
        files["markdown-header.mustache"] = nil
        let set = try AgendaTemplates(files: files, directory: "mine")
        let built = try AgendaBuilder(programme: try fixture(), zones: SystemZones())
            .build(.activity("rounds"), options: AgendaOptions(format: .markdown))
        let error = try #require(throws: DiagnosticError.self) { try set.render(built.page) }
        #expect(error.diagnostics.map(\.code) == ["missing-template"])
        #expect(error.diagnostics.first?.message.hasPrefix("no template 'markdown.mustache' in 'mine'") == true)
    }

    @Test("a restyled template changes the output without touching Swift")
    func restyle() throws {
        let files = try with("text-day.mustache", "{{% CONTENT_TYPE: TEXT}}\n{{#sessions}}\n{{time}} | {{title}} & {{room}}\n{{/sessions}}\n")
        let set = try AgendaTemplates(files: files, directory: "mine")
        let built = try AgendaBuilder(programme: try fixture(), zones: SystemZones())
            .build(.activity("ministerial"), options: AgendaOptions(format: .text))
        let text = try set.render(built.page)
        #expect(text.contains("09:00–10:30 | Opening & Raúl Prebisch Room\n"))
    }
}

@Suite("embedded programme agendas")
struct EmbeddedAgendaTests {
    @Test("every venue and activity renders in en and es, in every format, without warnings", arguments: [["en"], ["es"]])
    func embedded(_ languages: [String]) throws {
        let url = repositoryRoot().appendingPathComponent("Calendars/cartagena40.yaml")
        let text = try String(contentsOf: url, encoding: .utf8)
        let programme = try ProgrammeLoader(zones: SystemZones()).load(text: text, path: "Calendars/cartagena40.yaml").programme
        let set = try AgendaSet.build(programme: programme, zones: SystemZones(), templates: try templates(), languages: languages)
        #expect(set.diagnostics == [])
        #expect(set.files.count == (programme.venues.count + programme.activities.count) * 3 + 1)
        for file in set.files where file.path.hasSuffix(".html") {
            #expect(htmlProblems(file.text) == [], "\(file.path)")
        }
    }
}
