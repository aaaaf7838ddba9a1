import Agenda
import Planner
import TestSupport
import Testing

@Suite("agenda golden files")
struct AgendaGoldenTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var scope: AgendaScope
        var name: String
        var languages: [String]
        var format: AgendaFormat
        var golden: String { "\(name).\(languages.joined(separator: "+")).\(format.fileExtension)" }
        var testDescription: String { golden }
    }

    static let cases: [Case] = [
        Case(scope: .activity("rounds"), name: "rounds", languages: ["en"], format: .text),
        Case(scope: .activity("rounds"), name: "rounds", languages: ["es"], format: .text),
        Case(scope: .venue("palais"), name: "palais", languages: ["es", "en"], format: .text),
        Case(scope: .activity("ministerial"), name: "ministerial", languages: ["en"], format: .text),
        Case(scope: .activity("rounds"), name: "rounds", languages: ["en"], format: .markdown),
        Case(scope: .activity("rounds"), name: "rounds", languages: ["es"], format: .markdown),
        Case(scope: .venue("palais"), name: "palais", languages: ["es", "en"], format: .markdown),
        Case(scope: .activity("ministerial"), name: "ministerial", languages: ["es"], format: .markdown),
        Case(scope: .activity("consultations"), name: "consultations", languages: ["en"], format: .text),
    ]

    @Test("text and markdown agendas of the fixture match their golden files", arguments: cases)
    func golden(_ c: Case) throws {
        let (text, _) = try render(c.scope, c.languages, c.format)
        expectGolden(text, c.golden)
    }

    @Test("a participant's agenda names only them, in its header, and lists only their sessions")
    func participant() throws {
        let (text, built) = try render(.participant(name: "Luz Ortega", sessions: ["r2", "m1", "not-a-session"]), ["en"], .text)
        expectGolden(text, "participant.en.txt")
        #expect(built.page.header.title == "Agenda of Luz Ortega")
        #expect(built.page.days.flatMap(\.sessions).map(\.id) == ["r2", "m1"])
        // Each day says which venue and zone its times are in.
        #expect(built.page.days.map(\.note) == ["Palais des Nations · Europe/Zurich, UTC+01:00",
                                               "ECLAC headquarters · America/Santiago, UTC−03:00"])
    }
}
