import CivilTime
import Diagnostics
import Feeds
import Foundation
import Planner
import Testing

/// A ledger text with one entry whose `sequence`, `hash`, `last_modified` and `start` are as given.
private func ledgerText(sequence: String = "3", hash: String = String(repeating: "a", count: 64),
                        lastModified: String = "\"2024-03-01T12:00:00Z\"", start: String = "\"2024-04-05T16:30\"", version: String? = "2") -> String {
    """
    {
      "entries" : {
        "c1@p.cartagena" : {
          "activity" : "a",
          "cancelled" : false,
          "end" : "2024-04-05T17:30",
          "fields" : {
            "room" : "plenary",
            "title" : "ecc095233516"
          },
          "hash" : "\(hash)",
          "last_modified" : \(lastModified),
          "sequence" : \(sequence),
          "session" : "c1",
          "start" : \(start),
          "timezone" : "America/Mexico_City",
          "title" : {
            "en" : "Closing session"
          },
          "venue" : "sre"
        }
      },
      "programme" : "p"\(version.map { ",\n  \"version\" : \($0)" } ?? "")
    }

    """
}

/// The single error of reading `text`, as "line:column code message".
private func failure(_ text: String) -> (line: Int, column: Int, code: String, message: String)? {
    do {
        _ = try Ledger.read(text, file: "p.ledger.json")
        return nil
    } catch {
        guard let d = error.diagnostics.first, let at = d.location, at.file == "p.ledger.json" else { return nil }
        return (at.line, at.column, d.code, d.message)
    }
}

@Suite("ledger values")
struct LedgerValueTests {
    @Test("a sequence outside 0...2^31-1 is a located error, never a crash or a dropped SEQUENCE",
          arguments: ["9223372036854775807", "-1", "2147483648", "99999999999999999999999", "1.5", "\"3\"", "true"])
    func sequenceOutOfRange(value: String) throws {
        let f = try #require(failure(ledgerText(sequence: value)))
        #expect(f.line == 13 && f.column == 20 && f.code == "invalid-ledger", "\(f)")
        #expect(f.message.hasPrefix("'sequence' must be an integer from 0 to 2147483647"))
    }

    @Test("the highest sequence is read, and a change keeps it there instead of overflowing")
    func highestSequence() throws {
        let ledger = try Ledger.read(ledgerText(sequence: "2147483647"), file: "p.ledger.json")
        let entry = try #require(ledger.entries["c1@p.cartagena"])
        #expect(entry.sequence == Ledger.maximumSequence && entry.bumped == Ledger.maximumSequence)
        var below = entry
        below.sequence = 41
        #expect(below.bumped == 42)
    }

    @Test("hashes, times and dates of the wrong form are located errors",
          arguments: [(ledgerText(hash: "abc"), 11, 16, "'hash' must be 64 lowercase hex digits (it is 'abc')"),
                      (ledgerText(hash: String(repeating: "A", count: 64)), 11, 16, "'hash' must be 64 lowercase hex digits"),
                      (ledgerText(lastModified: "\"2024-13-01T00:00:00Z\""), 12, 25, "'last_modified' must be a UTC time"),
                      (ledgerText(lastModified: "12"), 12, 25, "'last_modified' must be a \"text\""),
                      (ledgerText(start: "\"2024-02-30T10:00\""), 15, 17, "'start' must be a local time"),
                      (ledgerText(version: "3"), 24, 15, "'version' must be an integer from 1 to 2"),
                      (ledgerText().replacingOccurrences(of: "\"ecc095233516\"", with: "\"xyz\""), 7, 18, "'fields.title' must be 12 lowercase hex digits"),
                      (ledgerText().replacingOccurrences(of: "\"venue\" : \"sre\"", with: "\"venue\" : \"sre\", \"colour\" : 1"), 20, 35, "unknown key 'colour'"),
                      (ledgerText().replacingOccurrences(of: "\"session\" : \"c1\",", with: "\"session\" : \"c1\",,"), 14, 24, "invalid JSON")])
    func malformed(text: String, line: Int, column: Int, message: String) throws {
        let f = try #require(failure(text))
        #expect(f.line == line && f.column == column, "got \(f.line):\(f.column)")
        #expect(f.message.hasPrefix(message), "\(f.message)")
    }

    @Test("a version 1 ledger (the one committed before version 2) is read and migrated: room from its fields")
    func migration() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/cartagena40.v1.ledger", withExtension: "json"))
        let v1Text = try String(contentsOf: url, encoding: .utf8)
        #expect(!v1Text.contains("\"version\""))
        let committed = try Ledger.read(v1Text, file: "cartagena40.v1.ledger.json")
        #expect(committed.entries.count == 54)
        #expect(committed.entries.values.allSatisfy { $0.room == $0.fields["room"] && $0.place.isEmpty })
        let v1 = try Ledger.read(ledgerText(version: nil), file: "p.ledger.json")
        let entry = try #require(v1.entries["c1@p.cartagena"])
        #expect(entry.room == "plenary" && entry.place.isEmpty && entry.was == nil && entry.sequence == 3)
        #expect(v1.version == Ledger.currentVersion)
    }

    @Test("what is written reads back equal, change notes included")
    func roundTrip() throws {
        let (_, moved, _) = ledgers(try miniProgramme(), try miniProgramme([moveR2]))
        let text = String(decoding: moved.encoded(), as: UTF8.self)
        #expect(text.contains("\"version\" : 2"))
        #expect(try Ledger.read(text, file: "x") == moved)
    }
}
