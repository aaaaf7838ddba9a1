import Diagnostics
import Foundation
@testable import Planner
import Testing

/// An unknown key's message ends with the key the user most likely meant, found by spelling, by
/// the name in Spanish, Portuguese or French, or by edit distance; failing those, the allowed keys.
@Suite("unknown keys: the nearest key")
struct KeySuggestionTests {
    private let venue = ["id", "name", "address", "city", "country", "timezone", "geo", "rooms", "hours", "holidays", "to_be_confirmed"]
    private let session = ["id", "title", "description", "room", "start", "end", "chairs", "speakers", "status", "illustrative"]

    @Test("a name in another language or another spelling", arguments: [
        ("ciudad", "city"), ("cidade", "city"), ("Ville", "city"), ("País", "country"), ("pais", "country"), ("dirección", "address"),
        ("zona horaria", "timezone"), ("time-zone", "timezone"), ("TimeZone", "timezone"), ("salas", "rooms"), ("feriados", "holidays"),
        ("toBeConfirmed", "to_be_confirmed"), ("To-Be-Confirmed", "to_be_confirmed"), ("por confirmar", "to_be_confirmed"),
        ("nombre", "name"), ("horario", "hours"), ("jours fériés", "holidays"),
    ])
    func venueKeys(_ key: String, _ meant: String) {
        #expect(KeySuggestions.suggestion(for: key, in: venue) == meant)
    }

    @Test("a typo, and a name that means a key of another object", arguments: [
        ("rom", "room"), ("descripton", "description"), ("speaker", "speakers"), ("ponentes", "speakers"), ("sala", "room"),
        ("inicio", "start"), ("fin", "end"), ("título", "title"), ("estado", "status"),
    ])
    func sessionKeys(_ key: String, _ meant: String) {
        #expect(KeySuggestions.suggestion(for: key, in: session) == meant)
    }

    @Test("no guess for a name that is far from every key, and none across objects")
    func noGuess() {
        #expect(KeySuggestions.suggestion(for: "colour", in: session) == nil)
        #expect(KeySuggestions.suggestion(for: "salas", in: session) == nil)  // a venue's rooms, not a session's room
        #expect(KeySuggestions.suggestion(for: "xy", in: session) == nil)
    }

    @Test("the message: the guess, or the allowed keys, sorted, after a semicolon")
    func message() throws {
        let base = "programme: {id: t, title: T, organiser: {name: S, email: s@example.org}, updated: 2024-03-01T12:00:00Z}\n"
            + "venues:\n  - {id: v, name: V, ciudad: Santiago, country: CHL, timezone: America/Santiago, rooms: [{id: r}]}\nactivities: []\n"
        #expect(loadErrors(base, path: "p.yaml") == [
            "3:5: a venue needs 'city' [missing-key]",
            "3:22: unknown key 'ciudad' in a venue; did you mean 'city'? [unknown-key]",
        ])
        let venue = base.replacingOccurrences(of: "ciudad", with: "city")
            .replacingOccurrences(of: "activities: []", with: "activities:\n  - {id: a, kind: other, title: A, status: tentative, start: 2024-08, venue: w}\n  - {id: b, kind: other, title: B, status: tentative, start: 2024-08, venue: far}")
        #expect(loadErrors(venue, path: "p.yaml") == [
            "5:78: unknown venue 'w' in activity 'a'; did you mean 'v'? [unknown-venue]",
            "6:78: unknown venue 'far' in activity 'b'; venues: v [unknown-venue]",
        ])
        let other = base.replacingOccurrences(of: "ciudad: Santiago, ", with: "city: Santiago, colour: red, ")
        #expect(loadErrors(other, path: "p.yaml") == [
            "3:38: unknown key 'colour' in a venue; use one of: address, city, country, geo, holidays, hours, id, name, rooms, timezone, to_be_confirmed [unknown-key]",
        ])
    }
}
