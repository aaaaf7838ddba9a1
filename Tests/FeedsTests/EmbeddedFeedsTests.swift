import CivilTime
import Feeds
import Foundation
import ICalendar
import Planner
import TestSupport
import Testing

@Suite("the embedded Cartagena+40 feeds")
struct EmbeddedFeedsTests {
    private func embedded() throws -> Programme {
        let path = repositoryRoot().appendingPathComponent("Calendars/cartagena40.yaml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        return try ProgrammeLoader(zones: SystemZones()).load(text: text, path: path).programme
    }

    @Test("every DTSTART and DTEND read back through libical is the instant glibc's date gives for the venue's wall time")
    func instantsMatchGlibc() throws {
        let programme = try embedded()
        let options = FeedOptions(languages: ["es"], stamp: programme.updated)
        let catalogue = try EventCatalogue(programme: programme, options: options)
        let feed = try #require(PublicFeeds.build(programme: programme, catalogue: catalogue, options: options).first { $0.path == "cartagena40.ics" })
        let parsed = try ICalendarReader.parse(feed.text)
        #expect(parsed.events.count == catalogue.entries.count)
        #expect(parsed.events.count > 40)
        var byZone: [String: [(wall: String, got: Instant?)]] = [:]
        for event in parsed.events {
            let pairs: [(EventTime?, Instant?)] = [(event.start, event.startInstant), (event.end, event.endInstant)]
            for (time, got) in pairs {
                guard case .local(let wall, let zone)? = time else {
                    Issue.record("event \(event.uid ?? "?") is not in a venue zone")
                    continue
                }
                byZone[zone, default: []].append(("\(wall.date.iso) \(wall.hhmm)", got))
            }
        }
        #expect(Set(byZone.keys) == ["America/Bogota", "America/Mexico_City", "America/Santiago", "America/Sao_Paulo", "Europe/Zurich"])
        for (zone, items) in byZone {
            let expected = try #require(try glibcEpochSeconds(walls: items.map(\.wall), zone: zone), "GNU date is needed")
            for (item, seconds) in zip(items, expected) {
                #expect(item.got == Instant(secondsSince1970: seconds), "\(zone) \(item.wall)")
            }
        }
    }

    @Test("the known instants of the process, read back from the feed")
    func knownInstants() throws {
        let programme = try embedded()
        let options = FeedOptions(stamp: programme.updated)
        let catalogue = try EventCatalogue(programme: programme, options: options)
        let feed = ICalendarWriter.calendar(header: CalendarHeader(prodID: "-//t//EN", method: "PUBLISH", name: "t"),
                                            timezones: catalogue.timezones.keys.sorted().compactMap { catalogue.timezones[$0] },
                                            events: catalogue.entries.map(\.text))
        let parsed = try ICalendarReader.parse(feed)
        func start(_ zone: String, _ wall: String) -> Instant? {
            parsed.events.first { $0.start == .local(LocalDateTime(iso: wall)!, tzid: zone) }?.startInstant
        }
        // 09:00 on the first day of each consultation and of the ministerial (research notes, section 6).
        #expect(start("America/Mexico_City", "2024-04-04T09:00") == Instant(iso: "2024-04-04T15:00:00Z"))
        #expect(start("America/Sao_Paulo", "2024-05-16T09:00") == Instant(iso: "2024-05-16T12:00:00Z"))
        #expect(start("America/Bogota", "2024-06-19T09:00") == Instant(iso: "2024-06-19T14:00:00Z"))
        #expect(start("America/Santiago", "2024-12-11T09:30") == Instant(iso: "2024-12-11T12:30:00Z"))
        #expect(start("America/Santiago", "2024-12-12T09:00") == Instant(iso: "2024-12-12T12:00:00Z"))
    }

    @Test("public feeds of the embedded programme validate and name no registrant")
    func valid() throws {
        let programme = try embedded()
        let options = FeedOptions(stamp: programme.updated)
        let catalogue = try EventCatalogue(programme: programme, options: options)
        let files = PublicFeeds.build(programme: programme, catalogue: catalogue, options: options)
        #expect(PublicFeeds.validate(files).isEmpty)
        #expect(files.allSatisfy { !$0.text.contains("ATTENDEE") })
    }
}
