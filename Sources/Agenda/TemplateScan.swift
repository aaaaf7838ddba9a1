import Diagnostics

/// Safety checks on template text that swift-mustache's parser does not make (see
/// ``AgendaTemplates`` for the list). Reads tags with the default `{{ }}` delimiters.
enum TemplateScan {
    struct Tag {
        /// The text between the braces, `> html-day`, `{title}`, `% CONTENT_TYPE: TEXT`.
        var body: String
        var line: Int
        var column: Int
    }

    /// Every `{{…}}` tag of a template, with its 1-based line and column (columns count characters).
    static func tags(_ text: String) -> [Tag] {
        var tags: [Tag] = []
        var line = 1, column = 1
        var i = text.startIndex
        while i < text.endIndex {
            if text[i...].hasPrefix("{{") {
                let start = (line, column)
                let bodyStart = text.index(i, offsetBy: 2)
                let triple = text[bodyStart...].hasPrefix("{")
                guard let close = text[bodyStart...].firstRange(of: triple ? "}}}" : "}}") else { break }
                var body = String(text[bodyStart..<close.lowerBound])
                if triple { body += "}" }
                tags.append(Tag(body: body, line: start.0, column: start.1))
                for c in text[i..<close.upperBound] {
                    if c == "\n" { line += 1; column = 1 } else { column += 1 }
                }
                i = close.upperBound
                continue
            }
            if text[i] == "\n" { line += 1; column = 1 } else { column += 1 }
            i = text.index(after: i)
        }
        return tags
    }

    static func partialName(_ tag: Tag) -> String? {
        guard tag.body.first == ">" else { return nil }
        return String(tag.body.dropFirst()).trimmingWhitespace()
    }

    static func isTextPragma(_ tag: Tag) -> Bool {
        guard tag.body.first == "%" else { return false }
        let words = tag.body.dropFirst().split(whereSeparator: { $0 == ":" || $0 == " " })
        return words.count == 2 && words[0] == "CONTENT_TYPE" && words[1] == "TEXT"
    }

    static func check(_ texts: [String: String], directory: String) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var tagsOf: [String: [Tag]] = [:]
        for (name, text) in texts { tagsOf[name] = tags(text) }
        func at(_ name: String, _ tag: Tag) -> SourceLocation {
            SourceLocation(file: AgendaTemplates.path(directory, name + ".mustache"), line: tag.line, column: tag.column)
        }
        for (name, tags) in tagsOf {
            for tag in tags {
                if let partial = partialName(tag), tagsOf[partial] == nil {
                    let known = tagsOf.keys.sorted().map { "'\($0)'" }.joined(separator: ", ")
                    out.append(.error("unknown-partial", "no template '\(partial).mustache' for partial '\(partial)'; templates here: \(known)",
                                      at: at(name, tag)))
                }
                if tag.body.first == "=" {
                    out.append(.error("template-delimiters", "agenda templates keep the '{{ }}' delimiters; remove this set-delimiter tag",
                                      at: at(name, tag)))
                }
            }
        }
        // Which templates each top-level template reaches through partials.
        func reach(_ root: String) -> [String] {
            var seen: [String] = [], queue = [root]
            while let next = queue.popLast() {
                guard tagsOf[next] != nil, !seen.contains(next) else { continue }
                seen.append(next)
                queue += (tagsOf[next] ?? []).compactMap(partialName)
            }
            return seen
        }
        var textual: Set<String> = [], html: Set<String> = []
        for root in AgendaTemplates.textRoots { textual.formUnion(reach(root)) }
        for root in AgendaTemplates.htmlRoots { html.formUnion(reach(root)) }
        for name in textual.sorted() {
            let first = texts[name].map { $0.trimmingWhitespace() } ?? ""
            let startsWithPragma = tagsOf[name]?.first.map { isTextPragma($0) && first.hasPrefix("{{") } ?? false
            if !startsWithPragma {
                out.append(.error("template-content-type",
                                  "'\(name).mustache' is used by a text or markdown agenda but does not start with '{{% CONTENT_TYPE: TEXT}}'; without it its values are HTML-escaped",
                                  at: SourceLocation(file: AgendaTemplates.path(directory, name + ".mustache"), line: 1, column: 1)))
            }
        }
        for name in html.sorted() {
            for tag in tagsOf[name] ?? [] {
                if isTextPragma(tag) {
                    out.append(.error("template-content-type",
                                      "'\(name).mustache' is used by an HTML page and must not switch to '{{% CONTENT_TYPE: TEXT}}', which stops escaping",
                                      at: at(name, tag)))
                }
                if tag.body.first == "{" || tag.body.first == "&" {
                    out.append(.error("unescaped-variable",
                                      "'{{\(tag.body)}}' prints a value without HTML escaping; write '{{\(String(tag.body.dropFirst().dropLast(tag.body.first == "{" ? 1 : 0)).trimmingWhitespace())}}'",
                                      at: at(name, tag)))
                }
            }
        }
        return out
    }
}
