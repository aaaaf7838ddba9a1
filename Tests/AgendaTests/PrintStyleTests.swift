import Agenda
import Foundation
import ICalendar
import Planner
import TestSupport
import Testing

/// WCAG 2 relative luminance of `#rrggbb`.
func luminance(_ hex: String) -> Double {
    let v = Int(hex.dropFirst(), radix: 16)!
    func channel(_ c: Int) -> Double {
        let s = Double(c) / 255
        return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4)
    }
    return 0.2126 * channel(v >> 16 & 255) + 0.7152 * channel(v >> 8 & 255) + 0.0722 * channel(v & 255)
}

func contrast(_ a: String, _ b: String) -> Double {
    let (x, y) = (luminance(a), luminance(b))
    return (max(x, y) + 0.05) / (min(x, y) + 0.05)
}

@Suite("the one print stylesheet")
struct PrintStyleTests {
    let css: String

    init() throws {
        css = try String(contentsOf: repositoryRoot().appendingPathComponent("Templates/html-style.mustache"), encoding: .utf8)
    }

    /// `--name: #rrggbb;` declarations.
    var variables: [String: String] {
        var out: [String: String] = [:]
        for line in css.split(separator: "\n") {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("--"), let colon = t.firstIndex(of: ":") else { continue }
            let value = t[t.index(after: colon)...].trimmingCharacters(in: CharacterSet(charactersIn: " ;"))
            if value.hasPrefix("#"), value.count == 7 { out[String(t[..<colon])] = value }
        }
        return out
    }

    @Test("every text colour is at least 4.5:1 on white (and the notes' tint); white band text on every role colour too")
    func contrastAA() throws {
        let vars = variables
        #expect(vars["--cancelled-text"] != nil)
        var colours: [String] = []
        // `color:` values, resolved through variables; `currentColor` and `#fff` on bands are handled below.
        var rest = Substring(css)
        while let r = rest.range(of: "color:") {
            let decl = rest[r.upperBound...].prefix { $0 != ";" && $0 != "}" }.trimmingCharacters(in: .whitespaces)
            rest = rest[r.upperBound...]
            if r.lowerBound > css.startIndex, css[css.index(before: r.lowerBound)] == "-" { continue }  // print-color-adjust, background-color
            if decl.hasPrefix("var(") {
                let name = String(decl.dropFirst(4).prefix { $0 != ")" })
                if let v = vars[name] { colours.append(v) }
            } else if decl.hasPrefix("#"), decl.count == 7 {
                colours.append(decl)
            }
        }
        #expect(colours.count >= 10)
        for c in colours where c.lowercased() != "#ffffff" {
            #expect(contrast(c, "#ffffff") >= 4.5, "\(c) on white is \(contrast(c, "#ffffff")):1")
            #expect(contrast(c, "#fbf5ec") >= 4.5 || c != vars["--warn"], "\(c) on the notes' tint")
        }
        let bands = vars.filter { $0.key.hasPrefix("--band-") }
        #expect(bands.count == DeskRole.allCases.count)
        for (name, colour) in bands { #expect(contrast("#ffffff", colour) >= 4.5, "white on \(name) \(colour)") }
    }

    @Test("no forced page break before each day: a day is kept together, rows never split, headings repeat")
    func pageBreaks() {
        #expect(!css.contains(".day + .day { break-before: page; }"))
        #expect(css.contains(".day { break-inside: avoid; }"))
        #expect(css.contains("tr.session:nth-last-child(-n+2) { break-before: avoid; }"))
        #expect(css.contains("tr.session { break-inside: avoid;"))
        #expect(css.contains("thead { display: table-header-group; }"))
    }

    @Test("the running header is a margin box left off page 1, one line, escaped for CSS")
    func runningHeader() throws {
        var p = try fixture()
        p.title = Localized(["en": "A \"quoted\" & <long> title " + String(repeating: "word ", count: 40)])
        let built = try AgendaBuilder(programme: p, zones: SystemZones())
            .build(.activity(p.activities[0].id), options: AgendaOptions(languages: ["en"], format: .html))
        let html = try templates().render(built.page)
        #expect(html.contains("@page :first { @top-left { content: none; } }"))
        #expect(!html.contains("class=\"running\""))
        let line = try #require(html.split(separator: "\n").first { $0.hasPrefix("@page { @top-left { content: \"") })
        #expect(line.contains("A \\22 quoted\\22  \\26  \\3c long\\3e  title"))
        #expect(line.contains("…"))
        #expect(line.count < 160)
    }
}
