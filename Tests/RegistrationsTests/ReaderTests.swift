import Checks
import Diagnostics
import Foundation
import Planner
@testable import Registrations
import Testing

@Suite("reading CSV as people have it")
struct ReaderTests {
    @Test("every encoding and delimiter gives the same clean list", arguments: [
        ("utf8.csv", nil as TextEncoding?), ("utf8-bom.csv", nil), ("windows-1252.csv", .windows1252),
        ("semicolon.csv", nil), ("tab.csv", nil), ("crlf.csv", nil),
    ])
    func clean(name: String, encoding: TextEncoding?) throws {
        let r = try check(fixture: name, encoding: encoding, participants: true)
        #expect(summary(r) == [])
        #expect(r.report.rows == 3)
        #expect(r.participants.map(\.givenName) == ["María-José", "João", "Ñusta"])
        #expect(r.participants.map(\.familyName) == ["Pérez", "Gonçalves", "Quiñónez"])
        #expect(r.participants.map(\.rows) == [[2], [3], [4]])
    }

    @Test("the delimiter is detected from the header", arguments: [
        ("utf8.csv", CSVDelimiter.comma), ("semicolon.csv", .semicolon), ("tab.csv", .tab), ("windows-1252.csv", .semicolon),
    ])
    func detected(name: String, delimiter: CSVDelimiter) throws {
        var reader = CSVReader(file: name, encoding: .windows1252)
        try reader.feed(try fixtureBytes(name)) { _ in }
        #expect(reader.delimiter == delimiter)
    }

    @Test("--delimiter overrides detection: a wrong one makes the header lack columns")
    func overridden() throws {
        #expect(throws: DiagnosticError.self) { try check(fixture: "semicolon.csv", delimiter: .comma) }
        #expect(summary(try check(fixture: "semicolon.csv", delimiter: .semicolon)) == [])
    }

    @Test("Windows-1252 without --encoding is read as Windows-1252, with one warning at the row and column of the first bad byte")
    func windows1252WithoutEncoding() throws {
        let guessed = try check(fixture: "windows-1252.csv", participants: true)
        let warning = try #require(guessed.report.findings.first { $0.code == "csv-windows-1252" })
        #expect(warning.severity == .warning)
        #expect(warning.location == SourceLocation(file: "windows-1252.csv", line: 2, column: 1))
        #expect(warning.message.hasPrefix("the file is not valid UTF-8 (byte 0xED in column 1 of this row), so it is read as Windows-1252"))
        let given = try check(fixture: "windows-1252.csv", encoding: .windows1252, participants: true)
        #expect(guessed.report.findings.filter { $0.code != "csv-windows-1252" } == given.report.findings)
        #expect(guessed.participants == given.participants)
        #expect(guessed.participants.first?.givenName == "María-José")
    }

    @Test("an Excel 'CSV' export (Spanish, ';', Windows-1252, its own headers) is read without options, the same in any chunks",
          arguments: [1 << 20, 1, 5, 64])
    func excelWindows1252Export(chunk: Int) throws {
        let r = try check(fixture: "exports/excel-es-windows-1252.csv", participants: true, chunk: chunk)
        #expect(summary(r) == ["1 csv-windows-1252 Correo electrónico"], "the header is the first row that is not UTF-8")
        #expect(r.report.findings.first?.message.hasPrefix("the file is not valid UTF-8 (byte 0xF3 in column 3 of this row)") == true)
        #expect(r.participants.map { "\($0.givenName) \($0.familyName)" } == ["Maria da Conceição Gonçalves", "José Ramón Pérez Núñez", "Zoë Müller"])
        #expect(r.participants.map { $0.sessions.map(\.rawValue) } == [["c1-opening", "c1-closing"], ["c1-panel"], ["c2-opening"]])
        #expect(r.report.columns.compactMap(\.column) == [.givenName, .familyName, .email, .delegation, .sessions])
    }

    @Test("with --encoding utf-8, a 0xFF byte (never UTF-8) is an error, not read as 'ÿ', quoted or not, in a row read in place or not",
          arguments: ["P1,Ana\u{FF},x@example.org,CHL,r1\n", "P1,\"Ana\u{FF}\",x@example.org,CHL,r1\n"])
    func byteFF(_ row: String) throws {
        // The marker U+00FF is written as the single byte 0xFF.
        let bytes = Array("id,given name,family name,email,delegation,sessions\n".utf8) + row.unicodeScalars.map { UInt8($0.value) }
        for chunk in [1 << 20, 7] {
            let error = try #require(throws: DiagnosticError.self) { try check(bytes, encoding: .utf8, chunk: chunk) }
            #expect(error.diagnostics.map(\.code) == ["csv-encoding"])
            #expect(error.diagnostics.first?.message.hasPrefix("byte 0xFF at byte ") == true, "\(error.diagnostics)")
            #expect(error.diagnostics.first?.location?.line == 2)
        }
    }

    @Test("explicit --encoding utf-8 on Windows-1252 bytes is still an error")
    func explicitUTF8() throws {
        let error = try #require(throws: DiagnosticError.self) { try check(fixture: "windows-1252.csv", encoding: .utf8) }
        #expect(error.diagnostics.map(\.code) == ["csv-encoding"])
    }

    @Test("results do not depend on chunk boundaries", arguments: [1, 2, 3, 7, 64])
    func chunks(size: Int) throws {
        for name in ["utf8-bom.csv", "spanish-multiline.csv", "valid-tricky.csv", "checks.csv"] {
            let whole = try check(fixture: name, participants: true)
            let pieces = try check(fixture: name, participants: true, chunk: size)
            #expect(whole.report.findings == pieces.report.findings, "\(name)")
            #expect(whole.participants == pieces.participants, "\(name)")
        }
        let w = try check(fixture: "windows-1252.csv", encoding: .windows1252, participants: true, chunk: size)
        #expect(w.participants.map(\.familyName) == ["Pérez", "Gonçalves", "Quiñónez"])
    }

    @Test("a quoted field over two lines is one row: later rows keep their spreadsheet numbers")
    func multiline() throws {
        let r = try check(fixture: "spanish-multiline.csv", participants: true)
        #expect(summary(r) == ["4 duplicate-email Correo electrónico [3]"])
        #expect(r.participants.map(\.rows) == [[2], [3], [4]])
        var records: [(Int, [String])] = []
        var reader = CSVReader(file: "x")
        try reader.feed(try fixtureBytes("spanish-multiline.csv")) { rec in records.append((rec.row, (0..<rec.count).map(rec.string))) }
        try reader.finish { _ in }
        #expect(records.map(\.0) == [1, 2, 3, 4])
        #expect(records[1].1[6] == "Llega tarde; vuelo\r\nnocturno")
        #expect(records[2].1[6] == "Dice \"hola\"")
    }

    @Test("a quote that is never closed is reported where it opens")
    func unbalanced() throws {
        let r = try check(text: "given name,family name,email,delegation,sessions\nAna,\"Pérez,ana@example.org,MEX,c1-opening\nLuis,Díaz,l@example.org,ARG,c1-opening\n")
        #expect(summary(r) == ["2 csv-unbalanced-quote family name"])
        #expect(r.report.findings[0].message == "the quote that opens column 2 of row 2 is never closed, so the rest of the file was read as one field; close it or remove it")
    }

    @Test("text after a closing quote, and rows with too many or too few fields")
    func structure() throws {
        let r = try check(text: """
            given name,family name,email,delegation,sessions
            "Ana"x,Pérez,ana@example.org,MEX,c1-opening
            Luis,Díaz,Soto,l@example.org,ARG,c1-opening
            Eva,Ruiz,e@example.org,ARG

            Iván,Gil,i@example.org,CHL,c1-opening
            """)
        #expect(summary(r) == ["2 csv-unbalanced-quote given name", "3 csv-field-count -", "4 csv-field-count -"])
        #expect(r.report.findings[1].message == "the row has 6 fields but the header has 5; quote every value that contains the delimiter ',' and check for a missing or extra delimiter")
        #expect(r.report.rows == 5)
    }

    @Test("a header that repeats a column, or names one column twice, cannot be read")
    func duplicateColumns() throws {
        let e1 = try #require(throws: DiagnosticError.self) {
            try check(text: "given name,family name,email,delegation,sessions,Email\n")
        }
        #expect(e1.diagnostics.map(\.code) == ["csv-duplicate-column"])
        #expect(e1.diagnostics[0].location?.column == 6)
        #expect(e1.diagnostics[0].message == "column 6 repeats the header 'Email' of column 3; rename or remove one")
        let e2 = try #require(throws: DiagnosticError.self) {
            try check(text: "given name,family name,email,correo electrónico,delegation,sessions\n")
        }
        #expect(e2.diagnostics[0].message == "columns 3 ('email') and 4 ('correo electrónico') both hold the e-mail; keep one, or name one with --columns")
    }

    @Test("a missing required column names the aliases and --columns")
    func missingColumn() throws {
        let e = try #require(throws: DiagnosticError.self) { try check(text: "given name,family name,delegation,sessions\n") }
        #expect(e.diagnostics.map(\.code) == ["csv-missing-column"])
        #expect(e.diagnostics[0].message == "no e-mail column; name one 'email', 'e mail', 'mail', 'email address' or map it with --columns email=HEADER")
        let r = try check(Array("Vorname,Nachname,Mail,Delegation,Sitzungen\nAna,Pérez,ana@example.org,MEX,c1-opening\n".utf8),
                          columns: [.givenName: "Vorname", .familyName: "Nachname", .sessions: "Sitzungen"])
        #expect(summary(r) == [])
    }

    @Test("an empty file is unreadable")
    func empty() throws {
        #expect(throws: DiagnosticError.self) { try check(text: "") }
    }

    @Test("headers match case- and accent-insensitively, in English and Spanish")
    func aliases() throws {
        let map = try ColumnMap(header: ["NOMBRE", "Apellido(s)", "Correo Electrónico", "DELEGACIÓN", "Función", "Actividades", "sesiones"],
                                file: "x")
        #expect(map[.givenName] == 0 && map[.familyName] == 1 && map[.email] == 2 && map[.delegation] == 3)
        #expect(map[.role] == 4 && map[.activities] == 5 && map[.sessions] == 6)
        #expect(!map.perRegistration)
    }
}
