import Agenda
import Foundation
import ICalendar
import Planner
import TestSupport
import Testing

/// The fixture programme (two venues, Geneva sessions either side of 27 October 2024).
func fixture() throws -> Programme {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/agenda", withExtension: "yaml"))
    let text = try String(contentsOf: url, encoding: .utf8)
    return try ProgrammeLoader(zones: SystemZones()).load(text: text, path: "agenda.yaml").programme
}

/// The template files of the repository's `Templates/`, by file name.
func templateFiles() throws -> [String: String] {
    let dir = repositoryRoot().appendingPathComponent("Templates")
    var files: [String: String] = [:]
    for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where name.hasSuffix(".mustache") {
        files[name] = try String(contentsOf: dir.appendingPathComponent(name), encoding: .utf8)
    }
    return files
}

/// The repository's templates, checked.
func templates() throws -> AgendaTemplates {
    try AgendaTemplates(files: try templateFiles(), directory: "Templates")
}

/// Builds and renders one agenda of the fixture.
func render(_ scope: AgendaScope, _ languages: [String], _ format: AgendaFormat, width: Int = 80, colour: Bool = false,
            programme: Programme? = nil) throws -> (text: String, result: AgendaBuilder.Result) {
    let p = try programme ?? fixture()
    let built = try AgendaBuilder(programme: p, zones: SystemZones())
        .build(scope, options: AgendaOptions(languages: languages, format: format, width: width, colour: colour))
    return (try templates().render(built.page), built)
}

/// Checks that HTML is well-formed: every non-void element closed in order, no stray `<` or `&`.
/// Returns the problems found (empty when well-formed).
func htmlProblems(_ html: String) -> [String] {
    let void: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    var stack: [String] = []
    var problems: [String] = []
    var rest = Substring(html)
    if !rest.hasPrefix("<!DOCTYPE html>") { problems.append("no <!DOCTYPE html> at the start") }
    var inRaw: String?  // inside <style>: text up to its closing tag is not markup
    while let lt = rest.firstIndex(of: "<") {
        let text = rest[..<lt]
        if inRaw == nil { problems += entityProblems(text) }
        guard let gt = rest[lt...].firstIndex(of: ">") else { problems.append("unclosed '<'"); break }
        let tag = rest[rest.index(after: lt)..<gt]
        rest = rest[rest.index(after: gt)...]
        if let raw = inRaw {
            if tag.lowercased() == "/" + raw { inRaw = nil; stack.removeLast() }
            continue
        }
        if tag.hasPrefix("!") { continue }
        let name = tag.drop { $0 == "/" }.prefix { $0.isLetter || $0.isNumber }.lowercased()
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII }) else { problems.append("bad tag '<\(tag)>'"); continue }
        if tag.hasPrefix("/") {
            if stack.last == name { stack.removeLast() } else { problems.append("'</\(name)>' closes '\(stack.last ?? "nothing")'") }
        } else if !void.contains(name) && !tag.hasSuffix("/") {
            stack.append(name)
            if name == "style" || name == "script" { inRaw = name }
        }
        problems += entityProblems(tag)
    }
    problems += entityProblems(rest)
    if !stack.isEmpty { problems.append("unclosed: \(stack)") }
    return problems
}

/// A `&` must start an entity (`&amp;`, `&#39;`), and a `>` never stands alone in text here.
private func entityProblems(_ text: Substring) -> [String] {
    var problems: [String] = []
    var i = text.startIndex
    while let amp = text[i...].firstIndex(of: "&") {
        let after = text[text.index(after: amp)...]
        let entity = after.prefix { $0 != ";" && $0 != " " && $0 != "<" }
        if entity.isEmpty || after.dropFirst(entity.count).first != ";" { problems.append("bare '&' before '\(after.prefix(12))'") }
        i = text.index(after: amp)
    }
    return problems
}
