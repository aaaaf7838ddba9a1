import CivilTime
import Diagnostics
@testable import Feeds
import Foundation
import Planner
import Testing

/// A ledger with odd texts everywhere a text goes: quotes, backslashes, `/`, control characters,
/// non-ASCII (precomposed and decomposed), an emoji, empty objects, both optional members.
private func oddLedger() -> Ledger {
    let odd = "a\"b\\c/d\u{0}\u{1}\u{8}\t\n\u{C}\r\u{1F}\u{7F}\u{2028}\u{2029}é e\u{301} 😀\u{FEFF}"
    let shown = Ledger.Shown(start: "2024-05-16T09:00", end: "2024-05-16T10:00:30", timezone: "Europe/Madrid", venue: odd, room: "",
                             place: [:], title: ["en": odd, "e\u{301}s": "decomposed key", "é": "precomposed key", "zz": ""])
    let hash = String(repeating: "0123456789abcdef", count: 4)
    func entry(_ n: Int, was: Ledger.Shown?, changed: Instant?) -> Ledger.Entry {
        Ledger.Entry(hash: hash, fields: n == 0 ? [:] : ["title": "0123456789ab", "room": odd, "x/y": "\u{1}", "s10": "a", "s9": "b"],
                     sequence: n == 2 ? Ledger.maximumSequence : n, lastModified: Instant(secondsSince1970: Int64(n) * 86_399),
                     cancelled: n == 1, activity: odd, venue: "v", session: "s\(n)", title: n == 0 ? [:] : ["en": odd, "fr": "Séance"],
                     start: "2024-05-16T09:00", end: "2024-05-16T10:00", timezone: "UTC", room: odd, place: ["A": "B", "a": odd],
                     was: was, changed: changed)
    }
    return Ledger(programme: "p/\u{1}é", entries: ["s10@p": entry(0, was: nil, changed: nil),
                                                 "s9@p": entry(1, was: shown, changed: Instant(secondsSince1970: 1_715_000_000)),
                                                 "e\u{301}/x@p": entry(2, was: shown, changed: nil),
                                                 "Z\"\\@p": entry(3, was: nil, changed: Instant(secondsSince1970: 0))])
}

/// The ledgers the writer and the scan are compared on.
private func fixtureLedgers() throws -> [Ledger] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/cartagena40.v1.ledger", withExtension: "json"))
    let v1 = try Ledger.readLocated(try String(contentsOf: url, encoding: .utf8), file: "v1.json")
    let (first, moved, _) = ledgers(try miniProgramme(), try miniProgramme([moveR2]))
    return [Ledger(programme: "empty"), oddLedger(), v1, first, moved]
}

/// The located reader's ledger, or its error as text.
private func located(_ text: String) -> Result<Ledger, DiagnosticError> {
    do throws(DiagnosticError) { return .success(try Ledger.readLocated(text, file: "f.json")) } catch { return .failure(error) }
}

/// Checks that the scan agrees with the located reader on `text`: a ledger it reads is the
/// located reader's, and `Ledger.read` gives the located reader's error. True when the scan read it.
@discardableResult
private func agrees(_ text: String, _ what: @autoclosure () -> String) -> Bool {
    let slow = located(text)
    let fast = Ledger.scan(text)
    if let fast {
        guard case .success(let ledger) = slow else {
            Issue.record("the scan read a ledger the located reader refuses: \(what())")
            return true
        }
        #expect(fast == ledger, "the scan read another ledger: \(what())")
    }
    let read: Result<Ledger, DiagnosticError>
    do throws(DiagnosticError) { read = .success(try Ledger.read(text, file: "f.json")) } catch { read = .failure(error) }
    switch (read, slow) {
    case (.success(let a), .success(let b)): #expect(a == b, "\(what())")
    case (.failure(let a), .failure(let b)): #expect(a.diagnostics == b.diagnostics, "\(what())")
    default: Issue.record("Ledger.read and the located reader disagree: \(what())")
    }
    return fast != nil
}

@Suite("the ledger's direct writer and scanning reader")
struct LedgerScanTests {
    @Test("the direct writer gives JSONEncoder's bytes: odd characters, control characters, non-ASCII, '/', empty objects")
    func writerMatchesEncoder() throws {
        for ledger in try fixtureLedgers() {
            let direct = ledger.encodedBytes()
            #expect(direct == [UInt8](ledger.encoderJSON()), "\(ledger.programme): \(String(decoding: direct, as: UTF8.self).prefix(400))")
        }
    }

    @Test("what is written is read back by the scan, equal")
    func roundTrip() throws {
        for ledger in try fixtureLedgers() {
            let text = String(decoding: ledger.encodedBytes(), as: UTF8.self)
            let scanned = try #require(Ledger.scan(text), "the scan gave up on \(ledger.programme)")
            #expect(scanned == ledger)
            #expect(agrees(text, ledger.programme))
        }
    }

    @Test("the scan reads the committed version 1 ledger and the compact layout as the located reader does")
    func layouts() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/cartagena40.v1.ledger", withExtension: "json"))
        let v1 = try String(contentsOf: url, encoding: .utf8)
        #expect(agrees(v1, "version 1"))
        let spaced = v1.replacingOccurrences(of: ",\n", with: " ,\t\r\n").replacingOccurrences(of: "{\n", with: "{ \n")
        #expect(agrees("\r\n\t" + spaced + "\n\n", "other white space"))
        let compact = v1.replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: " : ", with: ":")
        #expect(agrees(compact, "version 1 on one line"))
    }

    @Test("values at and past their limits: the scan reads what the located reader reads, and gives up on the rest",
          arguments: ["0", "-0", "00", "01", "7", "2147483647", "2147483648", "99999999999", "1e1", "1E1", "1.0", "-1", "\"3\"", "true", "null", "[]", "{}"])
    func sequences(value: String) throws {
        let text = String(decoding: oddLedger().encodedBytes(), as: UTF8.self)
        agrees(text.replacingOccurrences(of: "\"sequence\" : 3", with: "\"sequence\" : \(value)"), "sequence \(value)")
        agrees(text.replacingOccurrences(of: "\"version\" : 2", with: "\"version\" : \(value)"), "version \(value)")
        agrees(text.replacingOccurrences(of: "\"cancelled\" : true", with: "\"cancelled\" : \(value)"), "cancelled \(value)")
    }

    @Test("texts the scan must decode or refuse as the located reader does",
          arguments: ["\\u00e9", "\\u00E9", "\\ud83d\\ude00", "\\ud83d", "\\ude00", "\\ud83dx", "\\ud83d\\u0041", "\\u12", "\\u12g4", "\\x", "\\/",
                      "\\b\\f\\n\\r\\t", "\u{1}", "\t", "\\u0000", "é", "e\u{301}", "\\", "\\\"", String(repeating: "x", count: 10_001)])
    func texts(value: String) throws {
        let text = String(decoding: oddLedger().encodedBytes(), as: UTF8.self)
        for key in ["\"session\" : \"s3", "\"en\" : \"", "\"s10@p\" : {\n      \"activity\" : \"", "\"programme\" : \"p"] {
            agrees(text.replacingOccurrences(of: key, with: key + value), "\(key) + \(value)")
        }
        agrees(text.replacingOccurrences(of: "\"fr\" : \"Séance\"", with: "\"fr\" : \"Séance\", \"f\(value)r\" : \"x\""), "key \(value)")
    }

    @Test("repeated keys, canonically equal keys, unknown and missing keys, other shapes",
          arguments: [("\"session\" : \"s3\"", "\"session\" : \"s3\", \"session\" : \"s3\""),
                      ("\"session\" : \"s3\"", "\"session\" : \"s3\", \"colour\" : \"s3\""),
                      ("\"session\" : \"s3\",", ""),
                      ("\"fr\" : \"Séance\"", "\"fr\" : \"Séance\", \"fr\" : \"x\""),
                      ("\"fr\" : \"Séance\"", "\"fr\" : \"Séance\", \"e\\u0301\" : \"x\", \"\\u00e9\" : \"y\""),
                      ("\"s10@p\" : {", "\"s1\\u0030@p\" : {}, \"s10@p\" : {"),
                      ("\"s10@p\" : {", "\"\" : {}, \"s10@p\" : {"),
                      ("\"s10@p\" : {", "\"a\\u0001\" : {}, \"s10@p\" : {"),
                      ("\"programme\"", "\"version\" : 1, \"programme\""),
                      ("\"programme\" : \"p/\\u0001é\",", ""),
                      ("\"changed\" : \"1970-01-01T00:00:00Z\"", "\"changed\" : \"1970-01-01T00:00:00+00:00\""),
                      ("\"changed\" : \"1970-01-01T00:00:00Z\"", "\"changed\" : \"19700101T000000Z\""),
                      ("\"start\" : \"2024-05-16T09:00\"", "\"start\" : \"2024-05-16T09:00:00Z\""),
                      ("\"start\" : \"2024-05-16T09:00\"", "\"start\" : \"2024-02-30T09:00\""),
                      ("\"title\" : \"0123456789ab\"", "\"title\" : \"0123456789AB\""),
                      ("\"entries\" : {", "\"entries\" : [], \"x\" : {"),
                      ("{", "\u{FEFF}{"), ("{", "[{"), ("{", "{}{")])
    func shapes(a: String, b: String) throws {
        let text = String(decoding: oddLedger().encodedBytes(), as: UTF8.self)
        #expect(text.contains(a), "\(a)")
        guard let range = text.range(of: a) else { return }
        agrees(text.replacingCharacters(in: range, with: b), "\(a) -> \(b)")
        agrees(text + "x", "trailing text")
        agrees(String(text.dropLast(3)), "cut")
    }

    @Test("a ledger mutated at every position: the scan reads it only as the located reader does, and every error stays the located one")
    func mutations() throws {
        let (_, moved, _) = ledgers(try miniProgramme(), try miniProgramme([moveR2]))
        var small = moved
        small.entries = small.entries.filter { $0.value.was != nil || $0.key.hasPrefix("r1") }
        var odd = oddLedger()
        odd.entries = odd.entries.filter { $0.key == "s9@p" }
        var read = 0, total = 0
        for ledger in [small, odd] {
            let scalars = Array(String(decoding: ledger.encodedBytes(), as: UTF8.self).unicodeScalars)
            let inserted: [Unicode.Scalar] = [" ", "\"", "\\", ",", "0", "-", "}", "{", "]", ":", "x", "\u{1}", "é"]
            for k in scalars.indices {
                var variants: [[Unicode.Scalar]] = []
                var cut = scalars
                cut.remove(at: k)
                variants.append(cut)
                for s in [inserted[k % inserted.count], inserted[(k * 7 + 3) % inserted.count]] {
                    var more = scalars
                    more.insert(s, at: k)
                    variants.append(more)
                    var other = scalars
                    other[k] = s
                    variants.append(other)
                }
                var twice = scalars
                twice.insert(scalars[k], at: k)
                variants.append(twice)
                for v in variants {
                    var text = ""
                    text.unicodeScalars.append(contentsOf: v)
                    total += 1
                    if agrees(text, "mutation at \(k) of \(ledger.programme)") { read += 1 }
                }
            }
        }
        // The scan is no mere refusal: white space and changed letters inside texts still read.
        #expect(read > total / 10, "the scan read \(read) of \(total)")
    }
}
