import CivilTime
import Diagnostics
import Feeds
import Foundation
import ICalendar
import Planner
import TestSupport
import Testing

private func fixture() throws -> Programme {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml"))
    let text = try String(contentsOf: url, encoding: .utf8)
    return try ProgrammeLoader(zones: SystemZones()).load(text: text, path: "mini.yaml").programme
}

private func feeds(_ p: Programme, lang: [String] = ["en"]) throws -> (files: [FeedFile], catalogue: EventCatalogue) {
    let options = FeedOptions(languages: lang, stamp: p.updated)
    let catalogue = try EventCatalogue(programme: p, options: options)
    return (PublicFeeds.build(programme: p, catalogue: catalogue, options: options), catalogue)
}

@Suite("public feeds")
struct PublicFeedsTests {
    @Test("a programme built in code with ids outside the grammar still gets paths inside the output folder")
    func standInPaths() throws {
        var p = try fixture()
        p.id = "../../etc"
        p.activities[0].id = "a/b"
        p.venues[0].id = "s1\u{0}X"
        for i in p.activities.indices where p.activities[i].venue == "palais" { p.activities[i].venue = "s1\u{0}X" }
        let (files, _) = try feeds(p)
        for f in files {
            let parts = f.path.split(separator: "/", omittingEmptySubsequences: false)
            #expect(parts.count <= 2 && parts.allSatisfy { !$0.isEmpty && !$0.hasPrefix(".") && !$0.contains("\u{0}") }, "\(f.path)")
            #expect(parts.last.map { IDGrammar.problem(String($0.dropLast(4))) == nil } == true, "\(f.path)")
        }
        #expect(files.count == 5)
    }

    @Test("a delegation code of any length makes a file name under 100 bytes, distinct per code")
    func delegationNames() throws {
        let p = try fixture()
        let options = FeedOptions(languages: ["en"], stamp: p.updated)
        let personal = PersonalFeeds(programme: p, catalogue: try EventCatalogue(programme: p, options: options), options: options,
                                     secret: Array(repeating: 7, count: 32))
        var bytes: [UInt8] = []
        let long = String(repeating: "ñ/", count: 5000)
        let a = personal.delegationFeed(long, indices: [], into: &bytes)
        let b = personal.delegationFeed(long + "x", indices: [], into: &bytes)
        #expect(a != b)
        for path in [a, b] {
            #expect(path.hasPrefix("delegations/") && path.utf8.count < 112, "\(path)")
            #expect(!path.dropFirst("delegations/".count).contains("/"))
        }
    }

    @Test("one feed for the programme, each dated activity and each venue used")
    func paths() throws {
        let (files, _) = try feeds(try fixture())
        #expect(files.map(\.path) == ["activities/ministerial.ics", "activities/rounds.ics", "mini.ics", "venues/cepal.ics", "venues/palais.ics"])
        #expect(files.first { $0.path == "mini.ics" }?.eventCount == 3)
    }

    @Test("the programme feed matches its golden file", arguments: ["en", "es"])
    func golden(lang: String) throws {
        let (files, _) = try feeds(try fixture(), lang: [lang])
        let feed = try #require(files.first { $0.path == "mini.ics" })
        expectGolden(feed.text, "mini.\(lang).ics")
    }

    @Test("every instant read back through libical matches the instants written down here")
    func instantsReadBack() throws {
        let (files, _) = try feeds(try fixture())
        let feed = try #require(files.first { $0.path == "mini.ics" })
        let parsed = try ICalendarReader.parse(feed.text)
        let starts = Dictionary(uniqueKeysWithValues: parsed.events.map { ($0.uid ?? "", $0.startInstant) })
        #expect(starts["r1@mini.cartagena"] == Instant(iso: "2024-10-25T08:00:00Z"))  // Geneva, CEST
        #expect(starts["r2@mini.cartagena"] == Instant(iso: "2024-10-28T09:00:00Z"))  // Geneva, CET after 27 Oct
        #expect(starts["m1@mini.cartagena"] == Instant(iso: "2024-12-11T12:00:00Z"))  // Santiago, -03
        let ends = Dictionary(uniqueKeysWithValues: parsed.events.map { ($0.uid ?? "", $0.endInstant) })
        #expect(ends["m1@mini.cartagena"] == Instant(iso: "2024-12-11T13:30:00Z"))
        #expect(parsed.timezoneIDs.sorted() == ["America/Santiago", "Europe/Zurich"])
    }

    @Test("feeds are valid PUBLISH calendars: ORGANIZER, no ATTENDEE, plain TZIDs, short CRLF lines")
    func wellFormed() throws {
        let (files, _) = try feeds(try fixture())
        #expect(PublicFeeds.validate(files).isEmpty)
        for f in files {
            #expect(f.text.hasPrefix("BEGIN:VCALENDAR\r\n"))
            #expect(f.text.hasSuffix("END:VCALENDAR\r\n"))
            let lines = f.text.components(separatedBy: "\r\n").dropLast()
            for line in lines {
                #expect(line.utf8.count <= 75, "\(f.path): line over 75 octets: \(line)")
                #expect(!line.contains("\n") && !line.contains("\r"), "\(f.path): bare line break")
            }
            #expect(f.text.contains("METHOD:PUBLISH\r\n"))
            #expect(f.text.contains("X-WR-CALNAME:"))
            #expect(f.text.contains("REFRESH-INTERVAL;VALUE=DURATION:PT12H\r\n"))
            #expect(f.text.contains("X-PUBLISHED-TTL:PT12H\r\n"))
            #expect(!f.text.contains("ATTENDEE"))
            #expect(!f.text.contains("freeassociation"))
            #expect(f.text.components(separatedBy: "BEGIN:VEVENT").count - 1 == f.eventCount)
            #expect(f.text.components(separatedBy: "ORGANIZER;CN=Test Secretariat:mailto:secretariat@example.org").count - 1 == f.eventCount)
        }
        let geneva = try #require(files.first { $0.path == "venues/palais.ics" })
        #expect(geneva.text.contains("DTSTART;TZID=Europe/Zurich:20241025T100000\r\n"))
        #expect(geneva.text.contains("TZID:Europe/Zurich\r\n"))
        #expect(!geneva.text.contains("America/Santiago"))
    }

    @Test("text escaping of , ; \\ and newlines round-trips")
    func escaping() throws {
        let (files, _) = try feeds(try fixture())
        let feed = try #require(files.first { $0.path == "mini.ics" })
        let parsed = try ICalendarReader.parse(feed.text)
        let byUID = Dictionary(uniqueKeysWithValues: parsed.events.map { ($0.uid ?? "", $0) })
        #expect(byUID["r1@mini.cartagena"]?.summary == "Round 1; reading, first")
        #expect(byUID["r2@mini.cartagena"]?.summary == "Round 2 \\ after the change")
        #expect(byUID["m1@mini.cartagena"]?.properties["DESCRIPTION"]?.hasPrefix("Welcome,\nand adoption of the agenda\n") == true)
    }

    @Test("the same input gives byte-identical feeds")
    func deterministic() throws {
        let p = try fixture()
        #expect(try feeds(p).files == feeds(p).files)
    }

    @Test("a missing translation falls back with a warning; month-only activities are left out")
    func fallbackAndLeftOut() throws {
        let (files, catalogue) = try feeds(try fixture(), lang: ["fr"])
        #expect(catalogue.diagnostics.contains { $0.code == "missing-translation" && $0.severity == .warning })
        #expect(files.allSatisfy { !$0.text.contains("civil society") })
        #expect(files.first { $0.path == "mini.ics" }?.text.contains("SUMMARY:Round 1") == true)
    }
}
