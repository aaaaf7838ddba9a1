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
    private func thrown(_ bytes: [UInt8], chunk: Int = 1 << 20) -> [String] {
        do {
            _ = try check(bytes, chunk: chunk)
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

    @Test("invalid UTF-8 stops at its row and column, in chunks of any size", arguments: [1, 3, 1 << 20])
    func invalidUTF8(_ chunk: Int) throws {
        #expect(thrown(try fixtureBytes("hostile/invalid-utf8.csv"), chunk: chunk) == [
            "2:2 csv-encoding: byte 0xE9 at byte 2 of column 2 is not UTF-8: the file is not valid UTF-8; if it was saved by Excel as plain 'CSV' (Windows-1252), pass --encoding windows-1252, or save it as 'CSV UTF-8'",
        ])
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

    @Test("a 10 MB single line: one huge header field is read and not echoed")
    func longLine() throws {
        let huge = [UInt8](repeating: UInt8(ascii: "x"), count: 10 * 1024 * 1024)
        let found = thrown(huge + Array(",family name,email,delegation,sessions\n".utf8), chunk: 1 << 16)
        #expect(found.map { $0.prefix(24) } == ["1:1 csv-missing-column: "])
        #expect(found.allSatisfy { $0.count < 1000 }, "a message echoes the 10 MB field")
        let quoted = try check([UInt8]("given name,family name,email,delegation,sessions\n\"".utf8) + huge, chunk: 1 << 16)
        #expect(findings(quoted).map { $0.prefix(26) } == ["2:1 csv-unbalanced-quote: "])
    }
}
