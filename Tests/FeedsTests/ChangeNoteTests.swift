import CivilTime
import Feeds
import Foundation
import ICalendar
import Planner
import Testing

/// The mini programme's text, edited by `edit` (a list of replacements that must each apply).
func miniProgramme(_ edits: [(String, String)] = []) throws -> Programme {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml"))
    var text = try String(contentsOf: url, encoding: .utf8)
    for (a, b) in edits {
        #expect(text.contains(a), "edit not applied: \(a)")
        text = text.replacingOccurrences(of: a, with: b)
    }
    return try ProgrammeLoader(zones: SystemZones()).load(text: text, path: "mini.yaml").programme
}

/// r2 moves from Room XX 10:00–13:00 to Room 17 14:00–15:00 on the same day.
let moveR2 = ("room: room-xx, start: 2024-10-28T10:00, end: 2024-10-28T13:00", "room: room-17, start: 2024-10-28T14:00, end: 2024-10-28T15:00")
/// The first publication and the day of the change (2 May 2024, 20:00 UTC).
let firstRun = Instant(iso: "2024-03-01T12:00:00Z")!
let changeRun = Instant(iso: "2024-05-02T20:00:00Z")!

/// The ledger of a first run on `before`, then of a run on `after` at ``changeRun``.
func ledgers(_ before: Programme, _ after: Programme) -> (Ledger, Ledger, LedgerChanges) {
    let (first, _) = Ledger(programme: before.id).updated(for: before, now: firstRun, firstPublished: firstRun, pruneCancelled: false)
    let (second, changes) = first.updated(for: after, now: changeRun, firstPublished: changeRun, pruneCancelled: false)
    return (first, second, changes)
}

/// The public feeds of `p` in `lang` with `ledger`, and the programme feed read back through libical.
func publish(_ p: Programme, _ ledger: Ledger?, lang: String) throws -> (files: [FeedFile], events: [String: ParsedEvent]) {
    let options = FeedOptions(languages: [lang], stamp: changeRun)
    let catalogue = try EventCatalogue(programme: p, options: options, ledger: ledger)
    let files = PublicFeeds.build(programme: p, catalogue: catalogue, options: options)
    let feed = try #require(files.first { $0.path == "mini.ics" })
    let parsed = try ICalendarReader.parse(feed.text)
    return (files, Dictionary(uniqueKeysWithValues: parsed.events.map { ($0.uid ?? "", $0) }))
}

@Suite("change notes a delegate sees")
struct ChangeNoteTests {
    @Test("a moved session says when it moved and where and when it was, in the feed's language",
          arguments: [("en", "Moved on 2 May 2024: was Monday 28 October 10:00–13:00, Room XX, Palais des Nations\n"),
                      ("es", "Trasladada el 2 de mayo de 2024: antes lunes 28 de octubre 10:00–13:00, Sala XX, Palacio de las Naciones\n"),
                      // The fixture has no pt or fr names: the place falls back to English, the note does not.
                      ("pt", "Transferida em 2 de maio de 2024: antes segunda-feira, 28 de outubro 10:00–13:00, Room XX, Palais des Nations\n"),
                      ("fr", "Déplacée le 2 mai 2024 : auparavant lundi 28 octobre 10:00–13:00, Room XX, Palais des Nations\n")])
    func moved(lang: String, note: String) throws {
        let (_, ledger, changes) = ledgers(try miniProgramme(), try miniProgramme([moveR2]))
        #expect(changes.changed.map(\.uid) == ["r2@mini.cartagena"])
        let (_, events) = try publish(try miniProgramme([moveR2]), ledger, lang: lang)
        let r2 = try #require(events["r2@mini.cartagena"])
        #expect(r2.properties["DESCRIPTION"]?.hasPrefix(note) == true, "\(r2.properties["DESCRIPTION"] ?? "")")
        #expect(r2.sequence == 1)
        // 14:00 in Geneva on 28 October 2024 is CET (+01:00), the day after the change.
        #expect(r2.startInstant == Instant(iso: "2024-10-28T13:00:00Z"))
        // Events that did not change carry no note.
        #expect(events["r1@mini.cartagena"]?.properties["DESCRIPTION"]?.contains("2024:") == false)
    }

    @Test("the ledger keeps what was published before, and the note stays through later changes of other fields")
    func kept() throws {
        let (_, moved, _) = ledgers(try miniProgramme(), try miniProgramme([moveR2]))
        let was = try #require(moved.entries["r2@mini.cartagena"]?.was)
        #expect(was.start == "2024-10-28T10:00" && was.end == "2024-10-28T13:00" && was.room == "room-xx" && was.timezone == "Europe/Zurich")
        #expect(was.place["es"] == "Sala XX, Palacio de las Naciones")
        #expect(moved.entries["r2@mini.cartagena"]?.changed == changeRun)
        // The chair changes later: SEQUENCE goes up, the note (and its day) stays.
        let later = try miniProgramme([moveR2, ("end: 2024-10-28T15:00}", "end: 2024-10-28T15:00, chairs: [chair-a]}")])
        let (third, changes) = moved.updated(for: later, now: changeRun.adding(seconds: 86_400), firstPublished: changeRun.adding(seconds: 86_400),
                                             pruneCancelled: false)
        #expect(changes.changed.first?.fields == ["people"])
        #expect(third.entries["r2@mini.cartagena"]?.was == was)
        #expect(third.entries["r2@mini.cartagena"]?.changed == changeRun)
        #expect(third.entries["r2@mini.cartagena"]?.sequence == 2)
    }

    @Test("a renamed session gives its old title")
    func renamed() throws {
        let edit = ("es: \"Ronda 1\"", "es: \"Primera ronda\"")
        let (_, ledger, _) = ledgers(try miniProgramme(), try miniProgramme([edit]))
        let (_, events) = try publish(try miniProgramme([edit]), ledger, lang: "es")
        #expect(events["r1@mini.cartagena"]?.properties["DESCRIPTION"]?.hasPrefix("Título cambiado el 2 de mayo de 2024: antes «Ronda 1»\n") == true)
        #expect(events["r1@mini.cartagena"]?.summary == "Primera ronda")
    }

    @Test("a title changed in another language only, or a translation added, gives no note")
    func otherLanguage() throws {
        let edit = ("es: \"Ronda 1\"", "es: \"Primera ronda\"")
        let (_, ledger, changes) = ledgers(try miniProgramme(), try miniProgramme([edit]))
        #expect(changes.changed.map(\.uid) == ["r1@mini.cartagena"])
        let (_, events) = try publish(try miniProgramme([edit]), ledger, lang: "en")
        #expect(events["r1@mini.cartagena"]?.sequence == 1)
        #expect(events["r1@mini.cartagena"]?.properties["DESCRIPTION"]?.contains("Renamed") == false)
        // A French title added after a move: the move's note stays.
        let moved = try miniProgramme([moveR2])
        let (_, afterMove, _) = ledgers(try miniProgramme(), moved)
        let translated = try miniProgramme([moveR2, ("es: \"Ronda 2\"", "es: \"Ronda 2\", fr: \"Deuxième tour\"")])
        let (next, more) = afterMove.updated(for: translated, now: changeRun.adding(seconds: 86_400), firstPublished: changeRun.adding(seconds: 86_400),
                                             pruneCancelled: false)
        #expect(more.changed.map(\.uid) == ["r2@mini.cartagena"])
        #expect(next.entries["r2@mini.cartagena"]?.was == afterMove.entries["r2@mini.cartagena"]?.was)
        #expect(next.entries["r2@mini.cartagena"]?.changed == changeRun)
    }

    @Test("a cancelled session's SUMMARY says so, removed or marked cancelled",
          arguments: [("en", "Cancelled: Opening"), ("es", "Cancelada: Apertura")])
    func cancelled(lang: String, summary: String) throws {
        // Removed from the programme: published from the ledger as cancelled.
        let removed = try miniProgramme([("      - {id: m1,", "      - {id: m2,")])
        let (_, ledger, changes) = ledgers(try miniProgramme(), removed)
        #expect(changes.cancelled == ["m1@mini.cartagena"])
        let (_, events) = try publish(removed, ledger, lang: lang)
        #expect(events["m1@mini.cartagena"]?.summary == summary)
        #expect(events["m1@mini.cartagena"]?.status == "CANCELLED")
        // Marked cancelled in the programme.
        let marked = try miniProgramme([("room: prebisch, start: 2024-12-11T09:00", "room: prebisch, status: cancelled, start: 2024-12-11T09:00")])
        let (_, again) = try publish(marked, nil, lang: lang)
        #expect(again["m1@mini.cartagena"]?.summary == summary)
    }
}

@Suite("what a run changes in a folder")
struct FeedChangesTests {
    @Test("a second folder written before the change is not 'unchanged': its files and the moved event with old and new values")
    func secondFolder() throws {
        let (first, second, changes) = ledgers(try miniProgramme(), try miniProgramme([moveR2]))
        #expect(!changes.isEmpty)
        // `es/` was written with the first ledger; the run for `en/` has already recorded the move.
        let (old, _) = try publish(try miniProgramme(), first, lang: "es")
        let (new, _) = try publish(try miniProgramme([moveR2]), second, lang: "es")
        let existing = Dictionary(uniqueKeysWithValues: old.map { ($0.path, $0.text) })
        let report = FeedChanges(built: new, existing: existing, ledger: LedgerChanges())
        #expect(!report.isEmpty)
        #expect(report.files.map(\.path) == ["activities/rounds.ics", "mini.ics", "venues/palais.ics"])
        let event = try #require(report.events.first)
        #expect(report.events.map(\.uid) == ["r2@mini.cartagena"])
        #expect(event.files == ["activities/rounds.ics", "mini.ics", "venues/palais.ics"])
        let start = try #require(event.differences.first { $0.name == "DTSTART;TZID=Europe/Zurich" })
        #expect(start.before == "20241028T100000" && start.after == "20241028T140000")
        // Room 17 has no Spanish name: the English one is used, without LANGUAGE=es.
        let location = try #require(event.differences.first { $0.name == "LOCATION" })
        #expect(location.before?.hasPrefix("[LANGUAGE=es] Sala XX") == true && location.after?.hasPrefix("Room 17") == true, "\(location)")
        #expect(report.lines().contains("  DTSTART;TZID=Europe/Zurich: '20241028T100000' -> '20241028T140000'"))
        #expect(!event.differences.contains { $0.name == "DTSTAMP" })
    }

    @Test("a folder that already holds what the run writes is unchanged")
    func unchanged() throws {
        let (_, second, _) = ledgers(try miniProgramme(), try miniProgramme([moveR2]))
        let (files, _) = try publish(try miniProgramme([moveR2]), second, lang: "en")
        let report = FeedChanges(built: files, existing: Dictionary(uniqueKeysWithValues: files.map { ($0.path, $0.text) }), ledger: LedgerChanges())
        #expect(report.isEmpty && report.events.isEmpty && report.lines().isEmpty)
    }

    @Test("a new folder: every file is new, and the ledger says what changed")
    func newFolder() throws {
        let (first, second, changes) = ledgers(try miniProgramme(), try miniProgramme([moveR2]))
        let (files, _) = try publish(try miniProgramme([moveR2]), second, lang: "en")
        let report = FeedChanges(built: files, existing: [:], ledger: changes, previous: first, next: second)
        #expect(report.files.allSatisfy { $0.change == .added } && report.files.count == files.count)
        let event = try #require(report.events.first { $0.uid == "r2@mini.cartagena" })
        #expect(event.differences.map(\.name) == ["start", "end", "room"])
        #expect(event.differences.first?.before == "2024-10-28T10:00" && event.differences.first?.after == "2024-10-28T14:00")
    }

    @Test("an event pruned from the ledger is listed as removed from the files that held it")
    func pruned() throws {
        let removed = try miniProgramme([("      - {id: m1,", "      - {id: m2,")])
        let (_, cancelledLedger, _) = ledgers(try miniProgramme(), removed)
        let (old, _) = try publish(removed, cancelledLedger, lang: "en")
        let (pruned, changes) = cancelledLedger.updated(for: removed, now: changeRun, firstPublished: changeRun, pruneCancelled: true)
        #expect(changes.pruned == ["m1@mini.cartagena"])
        let (new, _) = try publish(removed, pruned, lang: "en")
        let report = FeedChanges(built: new, existing: Dictionary(uniqueKeysWithValues: old.map { ($0.path, $0.text) }), ledger: changes)
        let event = try #require(report.events.first { $0.uid == "m1@mini.cartagena" })
        #expect(event.change == .removed && event.files == ["activities/ministerial.ics", "mini.ics", "venues/cepal.ics"])
        #expect(report.lines().contains("removed  m1@mini.cartagena from activities/ministerial.ics, mini.ics, venues/cepal.ics"))
    }
}
