import Checks
import Diagnostics
import Foundation
import Planner
import Registrations
import Testing

/// The bad-input corpus for the registrations reader: exact code, row, column and message.
/// Lists that cannot be read at all throw; row problems are findings, and both make
/// `cartagena registrations check` exit 2 (see Tests/CLITests/FailureTests.swift).
@Suite("registrations reader: hostile input")
struct HostileCSVTests {
    /// `row:column code: message` of each finding.
    private func findings(_ r: RegistrationChecker.Result) -> [String] {
        r.report.findings.map { "\($0.row ?? 0):\($0.columnNumber ?? 0) \($0.code): \($0.message)" }
    }

    /// `line:column code: message` of what was thrown, or `[]`.
    private func thrown(_ bytes: [UInt8], encoding: TextEncoding? = nil, chunk: Int = 1 << 20) -> [String] {
        do {
            _ = try check(bytes, encoding: encoding, chunk: chunk)
            return []
        } catch let error as DiagnosticError {
            return error.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.code): \($0.message)" }
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test("an empty file")
    func empty() throws {
        #expect(thrown(try fixtureBytes("hostile/empty.csv")) == [
            "1:1 csv-missing-column: the file is empty; a registration list needs a header row such as 'given name,family name,email,delegation,sessions'",
        ])
    }

    @Test("a quote that is never closed, in chunks of any size", arguments: [1, 7, 1 << 20])
    func unbalancedQuote(_ chunk: Int) throws {
        let r = try check(try fixtureBytes("hostile/unbalanced-quote.csv"), chunk: chunk)
        #expect(findings(r) == [
            "2:2 csv-unbalanced-quote: the quote that opens column 2 of row 2 is never closed, so the rest of the file was read as one field; close it or remove it",
        ])
    }

    @Test("rows with too many and too few fields")
    func fieldCount() throws {
        let r = try check(try fixtureBytes("hostile/field-count.csv"))
        #expect(findings(r) == [
            "2:6 csv-field-count: the row has 6 fields but the header has 5; quote every value that contains the delimiter ',' and check for a missing or extra delimiter",
            "3:3 csv-field-count: the row has 3 fields but the header has 5; quote every value that contains the delimiter ',' and check for a missing or extra delimiter",
        ])
    }

    @Test("a truncated file: the last row is short")
    func truncated() throws {
        let r = try check(try fixtureBytes("hostile/truncated.csv"))
        #expect(findings(r) == [
            "3:3 csv-field-count: the row has 3 fields but the header has 5; quote every value that contains the delimiter ',' and check for a missing or extra delimiter",
        ])
    }

    @Test("a header that repeats a column")
    func repeatedColumn() throws {
        #expect(thrown(try fixtureBytes("hostile/repeated-column.csv")) == [
            "1:6 csv-duplicate-column: column 6 repeats the header 'email' of column 3; rename or remove one",
        ])
    }

    @Test("invalid UTF-8 with --encoding utf-8 stops at its row and column, in chunks of any size; without it, one warning there",
          arguments: [1, 3, 1 << 20])
    func invalidUTF8(_ chunk: Int) throws {
        #expect(thrown(try fixtureBytes("hostile/invalid-utf8.csv"), encoding: .utf8, chunk: chunk) == [
            "2:2 csv-encoding: byte 0xE9 at byte 2 of column 2 is not UTF-8: the file is not valid UTF-8 although --encoding utf-8 was given; if it was saved by Excel as plain 'CSV', pass --encoding windows-1252",
        ])
        let guessed = try check(try fixtureBytes("hostile/invalid-utf8.csv"), chunk: chunk)
        #expect(findings(guessed).filter { $0.contains("csv-windows-1252") }.map { String($0.prefix(22)) } == ["2:2 csv-windows-1252: "])
    }

    @Test("UTF-16 is refused with the way out")
    func utf16() throws {
        #expect(thrown(try fixtureBytes("hostile/utf16.csv")) == [
            "1:1 csv-encoding: the file is UTF-16 text; save it as 'CSV UTF-8' (or UTF-8 text) and check it again",
        ])
    }

    @Test("a NUL byte is refused at its row and column")
    func nul() throws {
        #expect(thrown(try fixtureBytes("hostile/nul.csv")) == [
            "2:2 csv-encoding: column 2 holds a NUL byte (0x00); the file is not text: export it again as 'CSV UTF-8'",
        ])
    }

    @Test("a 10 MB single line: the header is refused at its limit, located, and not echoed", arguments: [1 << 16, 1 << 20])
    func longLine(_ chunk: Int) throws {
        let huge = [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024)
        let found = thrown(huge + Array(",family name,email,delegation,sessions\n".utf8), chunk: chunk)
        #expect(found == [
            "1:1 csv-row-too-long: the row is longer than 1 MiB, the most a row may hold; check that its lines end with line breaks and that every quote is closed",
        ])
        // A quote never closed: the field stops at its limit, at the row and column it opened.
        let quoted = thrown([UInt8]("given name,family name,email,delegation,sessions\nAna,\"".utf8) + huge, chunk: chunk)
        #expect(quoted == [
            "2:2 csv-field-too-long: column 2 is longer than 128 KiB, the most a field may hold; it may be a quote that is never closed, or a file that is not a list: fix the value or split it",
        ])
    }

    private let header = "given name,family name,email,delegation,sessions\n"
    private let headerWithNotes = "given name,family name,email,delegation,sessions,notes\n"

    @Test("a field at the limit is read; one byte more is a located error, quoted or not, in chunks of any size",
          arguments: [7, 4096, 1 << 20])
    func fieldLimit(_ chunk: Int) throws {
        let limit = CSVReader.maximumFieldBytes
        func list(_ notes: Int, quoted: Bool) -> [UInt8] {
            let value = String(repeating: "n", count: notes)
            return Array((headerWithNotes + "Ana,Pérez,ana@example.org,MEX,c1-opening,\(quoted ? "\"\(value)\"" : value)\n").utf8)
        }
        for quoted in [false, true] {
            #expect(thrown(list(limit, quoted: quoted), chunk: chunk) == [], "quoted: \(quoted)")
            #expect(thrown(list(limit + 1, quoted: quoted), chunk: chunk) == [
                "2:6 csv-field-too-long: column 6 is longer than 128 KiB, the most a field may hold; it may be a quote that is never closed, or a file that is not a list: fix the value or split it",
            ], "quoted: \(quoted)")
        }
    }

    @Test("a row of many short fields over 1 MiB (delimiters count) is a located error at the field where it passes the limit")
    func rowLimit() throws {
        let fields = Array(repeating: "abcdefghijklmnop", count: CSVReader.maximumRowBytes / 17 + 2).joined(separator: ",")
        let text = header + "Ana,Pérez,ana@example.org,MEX,c1-opening\n" + fields + "\n"
        #expect(thrown(Array(text.utf8), chunk: 1 << 16) == [
            "3:61682 csv-row-too-long: the row is longer than 1 MiB, the most a row may hold; check that its lines end with line breaks and that every quote is closed",
        ])
    }

    @Test("Windows-1252 text grows when transcoded: the limit counts the UTF-8 bytes")
    func windows1252Limit() throws {
        let value = [UInt8](repeating: 0xE9, count: CSVReader.maximumFieldBytes / 2 + 1)  // é: two bytes in UTF-8
        let bytes = Array((headerWithNotes + "Ana,Perez,ana@example.org,MEX,c1-opening,").utf8) + value + [10]
        do {
            _ = try check(bytes, encoding: .windows1252)
            Issue.record("no error")
        } catch let error as DiagnosticError {
            #expect(error.diagnostics.map(\.code) == ["csv-field-too-long"])
            #expect(error.diagnostics.first?.location?.line == 2)
        }
    }

    @Test("every message quotes at most 80 characters of a value, whatever the field holds")
    func boundedQuotes() throws {
        let long = String(repeating: "é", count: 5000)
        let text: String = headerWithNotes
            + "\(long),=\(long),\(long)@x,\(long),\(long);c1-opening,-\(long)\n"
            + "Ana,Pérez,ana@example.org,MEX,c1-opening,+SUM(\(long))\n"
        let r = try check(Array(text.utf8))
        let codes = Set(r.report.findings.map(\.code))
        #expect(codes.isSuperset(of: ["formula-injection", "formula-like", "invalid-email", "unknown-delegation", "unknown-session"]))
        for f in r.report.findings {
            // Each quoted value: the text between two quotes that holds an 'é'.
            for part in f.message.split(separator: "'") where part.contains("é") {
                #expect(part.count <= Quoting.limit, "\(f.code): \(part.count) characters quoted")
            }
            #expect(f.message.count < 600, "\(f.code): \(f.message.count) characters")
        }
        #expect(r.report.findings.contains { $0.message.contains(String(repeating: "é", count: 79) + "…'") })
    }
}
