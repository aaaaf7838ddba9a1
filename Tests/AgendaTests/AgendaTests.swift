import Agenda
import Diagnostics
import Foundation
import ICalendar
import Planner
import TestSupport
import Testing

@Suite("agendas")
struct AgendaTests {
    @Test("the header gives the zone with both offsets when a DST change falls inside, and each day its offset")
    func offsets() throws {
        let (_, built) = try render(.activity("rounds"), ["en"], .text)
        #expect(built.page.header.timeZone == "Europe/Zurich, UTC+02:00; UTC+01:00 from 27 October 2024")
        #expect(built.page.days.map(\.note) == ["UTC+02:00", "UTC+01:00"])
        let (_, santiago) = try render(.activity("ministerial"), ["es"], .text)
        #expect(santiago.page.header.timeZone == "America/Santiago, UTC−03:00")
        #expect(santiago.page.days.map(\.note) == [nil, nil])
    }

    @Test("dates are spelt by Foundation for the language")
    func dates() throws {
        let (_, en) = try render(.activity("ministerial"), ["en"], .text)
        #expect(en.page.days.map(\.heading) == ["Wednesday 11 December 2024", "Thursday 12 December 2024"])
        let (_, es) = try render(.activity("ministerial"), ["es"], .text)
        #expect(es.page.days.map(\.heading) == ["miércoles, 11 de diciembre de 2024", "jueves, 12 de diciembre de 2024"])
        let (_, fr) = try render(.activity("ministerial"), ["fr"], .text)
        #expect(fr.page.days.first?.heading == "mercredi 11 décembre 2024")
    }

    @Test("sessions are sorted by wall-clock start and carry their status")
    func sessions() throws {
        let (_, built) = try render(.activity("rounds"), ["es"], .text)
        let sessions = built.page.days.flatMap(\.sessions)
        #expect(sessions.map(\.id) == ["r1-side", "r1", "r2", "r3"])
        #expect(sessions.map(\.time) == ["10:00–11:00", "10:00–13:00", "10:00–13:00", "15:00–17:00"])
        #expect(sessions[3].isCancelled && sessions[3].flags == ["cancelada"])
        #expect(sessions[0].marksIllustrative && sessions[0].flags == ["ilustrativa"])
        let (_, m) = try render(.activity("ministerial"), ["es"], .text)
        #expect(m.page.days[1].sessions[0].flags == ["fecha por confirmar"])
    }

    @Test("text missing in the language asked for falls back with a located warning")
    func fallback() throws {
        let (_, built) = try render(.activity("rounds"), ["es"], .text)
        #expect(built.diagnostics.map(\.code) == ["missing-translation", "missing-translation"])
        #expect(built.diagnostics.map(\.message) == [
            "no 'es' text for the name of room 'room-17' of venue 'palais'; using 'en'",
            "no 'es' text for the title of session 'r1-side'; using 'en'",
        ])
        #expect(built.diagnostics.map { $0.location?.description } == ["agenda.yaml:23:9", "agenda.yaml:50:9"])
        #expect(built.diagnostics.allSatisfy { $0.severity == .warning })
        let (_, english) = try render(.activity("rounds"), ["en"], .text)
        #expect(english.diagnostics.isEmpty)
    }

    @Test("a bilingual agenda prints each title in the first language with the second beneath it")
    func bilingual() throws {
        let (_, built) = try render(.activity("rounds"), ["es", "en"], .html)
        let r2 = try #require(built.page.days.last?.sessions.first)
        #expect(r2.title == "Ronda 2: segunda lectura")
        #expect(r2.titleSecondary == "Round 2: second reading")
        #expect(built.page.labels.room == "Sala / Room")
        #expect(built.page.days.first?.headingSecondary == "Friday 25 October 2024")
        // r1-side has no Spanish title: English first (with a warning), and no second line.
        let side = try #require(built.page.days.first?.sessions.first)
        #expect(side.title.hasPrefix("<script>") && side.titleSecondary == nil)
    }

    @Test("an unknown venue or activity is an error that lists the choices")
    func unknown() throws {
        let builder = AgendaBuilder(programme: try fixture(), zones: SystemZones())
        let error = try #require(throws: DiagnosticError.self) { try builder.build(.venue("palias"), options: AgendaOptions()) }
        #expect(error.diagnostics.map(\.code) == ["unknown-venue"])
        #expect(error.diagnostics.first?.message == "unknown venue 'palias' (did you mean 'palais'?); venues: cepal, palais")
        let e2 = try #require(throws: DiagnosticError.self) { try builder.build(.activity("x"), options: AgendaOptions()) }
        #expect(e2.diagnostics.first?.message == "unknown activity 'x'; activities: consultations, ministerial, rounds")
    }

    @Test("rendering twice gives the same bytes", arguments: AgendaFormat.allCases)
    func deterministic(_ format: AgendaFormat) throws {
        let a = try render(.venue("palais"), ["es", "en"], format).text
        let b = try render(.venue("palais"), ["es", "en"], format).text
        #expect(a == b)
        let p = try fixture()
        let set1 = try AgendaSet.build(programme: p, zones: SystemZones(), templates: try templates(), languages: ["en"])
        let set2 = try AgendaSet.build(programme: p, zones: SystemZones(), templates: try templates(), languages: ["en"])
        #expect(set1.files == set2.files)
    }

    @Test("--all gives one file per venue, activity and format, and an index linking them")
    func all() throws {
        let set = try AgendaSet.build(programme: try fixture(), zones: SystemZones(), templates: try templates(), languages: ["es"])
        let paths = set.files.map(\.path)
        #expect(paths.count == (2 + 3) * 3 + 1)
        #expect(paths.contains("venues/palais.html") && paths.contains("activities/rounds.md") && paths.contains("index.html"))
        let index = try #require(set.files.first { $0.path == "index.html" }).text
        #expect(htmlProblems(index).isEmpty)
        for path in paths where path != "index.html" && path.hasSuffix(".html") {
            #expect(index.contains("href=\"\(path)\""))
        }
    }

    @Test("text folds to the width, continues under the title column and never lets colour leak")
    func wrapping() throws {
        let (text, _) = try render(.activity("rounds"), ["en"], .text, width: 50, colour: true)
        let plain = text.replacing(/\u{1B}\[[0-9;]*m/, with: "")
        for line in plain.split(separator: "\n") { #expect(line.count <= 50, "\(line)") }
        #expect(plain.contains("10:00–13:00  Round 1: first reading of the draft\n             declaration and plan of action, with\n"))
        // Every line that opens a style closes it.
        for line in text.split(separator: "\n") where line.contains("\u{1B}[") {
            #expect(line.hasSuffix("\u{1B}[0m") || line.contains("\u{1B}[0m"), "\(line)")
        }
        let (noColour, _) = try render(.activity("rounds"), ["en"], .text, width: 50, colour: false)
        #expect(!noColour.contains("\u{1B}"))
        #expect(!noColour.contains("\u{1F}"))
    }
}

@Suite("agenda escaping")
struct AgendaEscapingTests {
    @Test("the HTML agenda is well-formed and shows hostile values as text", arguments: [["en"], ["es", "en"]])
    func html(_ languages: [String]) throws {
        let (html, _) = try render(.venue("palais"), languages, .html)
        #expect(htmlProblems(html) == [])
        #expect(!html.contains("<script"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; *side* [event]"))
        #expect(html.contains("Smith &amp; Jones &lt;b&gt;"))
        #expect(html.contains("<del>Ronda 3: clausura</del>") || html.contains("<del>Round 3: closing</del>"))
        #expect(html.contains("@page") && html.contains("size: A4") && html.contains("break-inside: avoid"))
    }

    @Test("the well-formedness check itself catches broken HTML")
    func checker() {
        #expect(!htmlProblems("<!DOCTYPE html><html><body><p>x</body></html>").isEmpty)
        #expect(!htmlProblems("<!DOCTYPE html><html><body>a & b</body></html>").isEmpty)
        #expect(htmlProblems("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><style>a > b { }</style></head><body><br>&amp;</body></html>").isEmpty)
    }

    @Test("Markdown escapes what it could read as markup")
    func markdown() throws {
        let (md, _) = try render(.activity("rounds"), ["en"], .markdown)
        #expect(md.contains("\\<script\\>alert('x')\\</script\\> \\& \\*side\\* \\[event\\]"))
        #expect(md.contains("Smith \\& Jones \\<b\\>"))
        // Apart from the template's own <br>, every '<' is escaped.
        let withoutBreaks = md.replacing("<br>", with: "")
        for i in withoutBreaks.indices where withoutBreaks[i] == "<" {
            #expect(i > withoutBreaks.startIndex && withoutBreaks[withoutBreaks.index(before: i)] == "\\")
        }
    }

    @Test("programme text cannot send control characters to a terminal")
    func controls() throws {
        var p = try fixture()
        p.activities[0].sessions[0].title = Localized(["en": "Evil\u{1B}[2J title\u{7}\nnext line\u{202E}"])
        let (text, _) = try render(.activity("rounds"), ["en"], .text, programme: p)
        #expect(!text.contains("\u{1B}") && !text.contains("\u{7}") && !text.contains("\u{202E}"))
        #expect(text.contains("Evil[2J title next line"))
    }
}

@Suite("agenda labels")
struct AgendaLabelTests {
    @Test("a language without agenda words uses English ones, with a warning")
    func unknownLanguage() throws {
        let (_, built) = try render(.activity("ministerial"), ["de"], .text)
        #expect(built.page.labels.room == "Room")
        #expect(built.page.days.first?.heading == "Wednesday 11 December 2024")
        let labels = try #require(built.diagnostics.first { $0.code == "missing-labels" })
        #expect(labels.severity == .warning && labels.location == nil)
        #expect(labels.message == "no agenda labels in 'de'; labels and dates use English words (en, es, fr and pt have their own)")
    }
}
