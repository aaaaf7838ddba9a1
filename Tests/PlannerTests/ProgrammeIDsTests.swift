import Foundation
import ICalendar
import Planner
import Testing

@Suite("the ids a command line may name")
struct ProgrammeIDsTests {
    private func mini() throws -> Programme {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml"))
        return try ProgrammeLoader(zones: SystemZones()).load(text: String(contentsOf: url, encoding: .utf8), path: "mini.yaml").programme
    }

    @Test("venues, activities, sessions and languages in programme order, each once")
    func idsOfEachKind() throws {
        let p = try mini()
        #expect(p.ids(of: .venue) == ["palais", "cepal"])
        #expect(p.ids(of: .language) == ["en", "es"])
        #expect(p.ids(of: .activity) == p.activities.map(\.id.rawValue))
        #expect(p.ids(of: .activity).contains("ministerial"))
        #expect(Array(p.ids(of: .session).prefix(3)) == ["r1", "r2", "m1"])
        #expect(Set(p.ids(of: .session)).count == p.ids(of: .session).count)
    }

    @Test("a language listed twice is offered once")
    func languagesOnce() throws {
        var p = try mini()
        p.languages = ["es", "en", "es"]
        #expect(p.ids(of: .language) == ["es", "en"])
    }
}
