@testable import Checks
import Diagnostics
import Foundation
import Planner
@testable import Registrations
import Testing

/// The fast paths of a million-row check agree with the plain ones they replace.
@Suite("fast paths agree with the plain ones")
struct FastPathTests {
    @Test("the directly written JSON report is byte-identical to JSONEncoder's")
    func directJSON() throws {
        let controls = String(String.UnicodeScalarView((1...0x1F).map { Unicode.Scalar(UInt8($0)) }))
        let texts = ["plain", "", "quote \" backslash \\ slash / end", controls, "Pérez Ñusta 東京 😀 \u{2028}\u{2029}\u{7F}",
                     "tab\there\r\nnext", "'=1+2' in 'notes'"]
        var findings: [Diagnostic] = []
        for (i, t) in texts.enumerated() {
            findings.append(.inTable(.error, code: "duplicate", "'\(t)' repeats row 2", file: "a/b.csv", row: i + 2, column: i + 1,
                                     header: t, value: t, relatedRows: Array(2..<(2 + i))))
            findings.append(.inTable(.warning, code: "duplicate-email", t, file: "a/b.csv", row: nil, column: nil, header: nil, value: nil))
            findings.append(.inTable(.note, code: "csv-encoding", "n", file: "a/b.csv", row: 1, column: 3, header: "e", value: t,
                                     relatedRows: [1_000_000]))
        }
        let reports = [
            RegistrationReport(file: "empty.csv", rows: 0, findings: []),
            RegistrationReport(file: "a/b.csv", rows: 1_000_000, findings: findings),
            try check(fixture: "checks.csv").report,
            try check(fixture: "per-registration.csv").report,
            // Written in two halves on two cores: an odd count, so the halves differ in size.
            RegistrationReport(file: "a/b.csv", rows: 1_000_000,
                               findings: (0..<20_001).map { findings[$0 % findings.count] }),
        ]
        for report in reports {
            #expect(report.json == DiagnosticRenderer.tableEncoderJSON(report.table))
        }
    }

    @Test("a part analysed on its own and appended gives the one-go report, split at every row", arguments: [
        ("checks.csv", nil as TextEncoding?), ("per-registration.csv", nil), ("crlf.csv", nil), ("utf8-bom.csv", nil),
        ("semicolon.csv", nil), ("windows-1252.csv", .windows1252),
    ])
    func parts(name: String, encoding: TextEncoding?) throws {
        let bytes = try fixtureBytes(name)
        let whole = try check(bytes, file: name, encoding: encoding)
        let headerEnd = try #require(bytes.firstIndex(of: 10)) + 1
        var splits = 0
        for split in headerEnd..<bytes.count where bytes[split - 1] == 10 {
            // A line break is a record boundary when no quote comes before it (what the CLI checks).
            if bytes[..<split].contains(UInt8(ascii: "\"")) { break }
            let (programme, list) = try miniProgramme()
            var checker = RegistrationChecker(programme: programme, delegations: list,
                                              options: RegistrationOptions(file: name, encoding: encoding))
            try checker.feed(bytes[..<headerEnd])
            var part = try #require(checker.part())
            try part.feed(bytes[split...])
            try part.finish()
            try checker.feed(bytes[headerEnd..<split])
            try checker.append(part)
            let r = try checker.finish()
            #expect(r.report.findings == whole.report.findings, "\(name) split at byte \(split)")
            #expect(r.report.rows == whole.report.rows)
            splits += 1
        }
        #expect(splits > 1)
    }

    @Test("an encoding error in a part is reported at the file's row, as in one go")
    func partError() throws {
        let bytes = try fixtureBytes("checks.csv") + Array("P99,Ana,P".utf8) + [0xC3, 0x28] + Array("z,a@example.org,MEX,delegate,,c1-opening,,,\n".utf8)
        let whole = try #require(throws: DiagnosticError.self) { try check(bytes, file: "checks.csv", encoding: .utf8) }
        let headerEnd = try #require(bytes.firstIndex(of: 10)) + 1
        let split = try #require(bytes[(headerEnd + 1)...].firstIndex(of: 10)) + 1
        let (programme, list) = try miniProgramme()
        var checker = RegistrationChecker(programme: programme, delegations: list, options: RegistrationOptions(file: "checks.csv", encoding: .utf8))
        try checker.feed(bytes[..<split])
        var part = try #require(checker.part())
        var failure: DiagnosticError?
        do {
            try part.feed(bytes[split...])
            try part.finish()
        } catch { failure = error }
        #expect(failure != nil)
        let error = try #require(throws: DiagnosticError.self) { try checker.append(part, error: failure) }
        #expect(error.diagnostics == whole.diagnostics)
        #expect(error.diagnostics.first?.location?.line == 20)
    }

    @Test("a quote never closed in a part is reported with the file's row, in the message too")
    func partUnclosedQuote() throws {
        let bytes = try fixtureBytes("checks.csv") + Array("P99,Ana,\"Pérez,a@example.org,MEX,delegate,,c1-opening,,,\n".utf8)
        let whole = try check(bytes, file: "checks.csv")
        let headerEnd = try #require(bytes.firstIndex(of: 10)) + 1
        let split = try #require(bytes[(headerEnd + 1)...].firstIndex(of: 10)) + 1
        let (programme, list) = try miniProgramme()
        var checker = RegistrationChecker(programme: programme, delegations: list, options: RegistrationOptions(file: "checks.csv"))
        try checker.feed(bytes[..<split])
        var part = try #require(checker.part())
        try part.feed(bytes[split...])
        try part.finish()
        try checker.append(part)
        let r = try checker.finish()
        #expect(r.report.findings == whole.report.findings)
        #expect(r.report.findings.contains { $0.code == "csv-unbalanced-quote" && $0.message.contains("row 20 ") })
    }

    @Test("no part while collecting participants or before the header")
    func noPart() throws {
        let (programme, list) = try miniProgramme()
        var checker = RegistrationChecker(programme: programme, delegations: list, options: RegistrationOptions(file: "x.csv"))
        #expect(checker.part() == nil)
        try checker.feed(Array("given name,family name,email,delegation,sessions\n".utf8))
        #expect(checker.part() != nil)
        let collecting = RegistrationChecker(programme: programme, delegations: list,
                                             options: RegistrationOptions(file: "x.csv", collectParticipants: true))
        #expect(collecting.part() == nil)
    }

    @Test("the key table keeps the first value of each key, like a dictionary, across growth")
    func keyTable() {
        var table = KeyTable<Int32>(capacity: 10, filler: -1)
        var dictionary: [UInt64: Int32] = [:]
        var x: UInt64 = 40
        for i in 0..<60_000 {
            x = x &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let key = i % 11 == 0 ? 0 : (x >> 40) | 2  // repeats, and the key 0
            let stored = table.insertIfAbsent(key, Int32(i))
            #expect(stored == dictionary[key])
            if dictionary[key] == nil { dictionary[key] = Int32(i) }
        }
        #expect(table.count == dictionary.count)
        for (k, v) in dictionary { #expect(table.find(k) == v) }
        #expect(table.find(1 << 63) == nil)
    }

    @Test("a key hash is the same whether fed by bytes, runs or words, and tells lengths apart")
    func keyHash() {
        let bytes = Array("0123456789abcdefghijklmnopqrstuvwxyz\u{0}\u{0}".utf8)
        var seen: Set<UInt64> = []
        bytes.withUnsafeBufferPointer { p in
            for lo in 0..<8 {
                for hi in lo...p.count {
                    var one = KeyHash(), run = KeyHash(), mixed = KeyHash()
                    for i in lo..<hi { one.add(p[i]) }
                    run.add(p, lo..<hi)
                    if hi - lo > 3 {
                        mixed.add(p[lo]); mixed.add(p, (lo + 1)..<hi)
                    } else {
                        mixed.add(p, lo..<hi)
                    }
                    #expect(one.finalized == run.finalized)
                    #expect(one.finalized == mixed.finalized)
                    if lo == 0 { seen.insert(one.finalized) }
                }
            }
        }
        #expect(seen.count == bytes.count + 1)  // every prefix, the trailing NUL bytes included, differs
        var w = KeyHash(), b = KeyHash()
        w.add(word: 0x0102_0304_0506_0708)
        b.add([0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01] as [UInt8])
        #expect(w.finalized == b.finalized)
    }

    @Test("the id compare of the programme look-up agrees with a compare per byte, at every length and position")
    func idCompare() {
        for count in 0...40 {
            let a: [UInt8] = (0..<count).map { UInt8(65 + $0 % 26) }
            a.withUnsafeBufferPointer { pa in
                let same = a
                same.withUnsafeBufferPointer { pb in #expect(ByteLookup.same(pa.baseAddress ?? UnsafePointer(bitPattern: 1)!, pb.baseAddress ?? UnsafePointer(bitPattern: 1)!, count)) }
                for k in 0..<count {
                    var b = a
                    b[k] ^= 0x20
                    b.withUnsafeBufferPointer { pb in #expect(!ByteLookup.same(pa.baseAddress!, pb.baseAddress!, count), "length \(count), byte \(k)") }
                }
            }
        }
        let lookup = ByteLookup(["S000582", "S000599", "S0005820", "E1", "a-rather-long-session-identifier"])
        for (id, want) in [("S000582", 0), ("S000599", 1), ("S0005820", 2), ("E1", 3), ("a-rather-long-session-identifier", 4),
                           ("S000583", nil), ("S00058", nil), ("E2", nil), ("a-rather-long-session-identifieR", nil)] as [(String, Int?)] {
            var s = id
            #expect(s.withUTF8 { lookup.find($0, 0..<$0.count) } == want, "\(id)")
        }
    }
}
