import Checks
import Diagnostics
import Foundation
import Planner
import Registrations
import Workbooks
import Testing

/// The path of a fixture file (the XLSX reader opens files itself).
func fixturePath(_ name: String) throws -> String {
    try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil)).path
}

/// A workbook's sheet as the CSV text the reader streams.
func workbookCSV(_ name: String, sheet: String? = nil, chunkSize: Int = 1 << 20) throws -> String {
    let reader = try XLSXReader(path: try fixturePath(name), sheet: sheet, file: name)
    var out: [UInt8] = []
    try reader.csv(chunkSize: chunkSize) { out += $0 }
    return String(decoding: out, as: UTF8.self)
}

/// Checks a workbook as `registrations check` does: its CSV through the same checker.
func checkWorkbook(_ name: String, sheet: String? = nil, participants: Bool = false) throws -> RegistrationChecker.Result {
    let reader = try XLSXReader(path: try fixturePath(name), sheet: sheet, file: name)
    var bytes: [UInt8] = []
    try reader.csv(chunkSize: 64) { bytes += $0 }
    var result = try check(bytes, file: name, delimiter: .comma, encoding: .utf8, participants: participants, chunk: 100)
    result.report.sheet = reader.sheetName
    return result
}

@Suite("Excel workbooks")
struct XLSXTests {
    @Test("1904 date system, numbers, booleans, empty cells and an empty row keep Excel's rows")
    func dates1904() throws {
        #expect(try workbookCSV("exports/dates-1904.xlsx") == """
            Nombre,Apellido,Correo electrónico,Delegación,Sesiones,Llegada,Salida,Teléfono,Jefe de delegación,Notas
            Ana,Pérez,ana.perez@example.org,MEX,c1-opening; c1-panel,2024-04-05,2024-04-06,525555550101,TRUE,
            João,Gonçalves,joao.goncalves@example.org,ARG,c1-opening,2024-04-03,2024-04-05,,FALSE,sin gluten

            Chloé,Dubois,chloe.dubois@example.org,CHL,c1-panel,2024-04-03,,3.5,FALSE,

            """)
        let reader = try XLSXReader(path: try fixturePath("exports/dates-1904.xlsx"), sheet: nil)
        #expect(reader.date1904 && reader.sheetName == "Inscripciones")
    }

    @Test("findings name the row Excel shows and the cell")
    func located() throws {
        let result = try checkWorkbook("exports/dates-1904.xlsx")
        #expect(summary(result) == ["2 dates-outside Llegada"])
        #expect(result.report.rows == 4)  // Excel rows 2 to 5: the empty row 4 counts, as a blank CSV line does
        #expect(result.report.text(colour: false).contains(
            "  exports/dates-1904.xlsx:Inscripciones!F2: warning: arrival '2024-04-05' is after the start of session 'c1-opening' on 2024-04-04"))
    }

    @Test("Microsoft Forms results: dates with times, shared strings, answers joined with ';'")
    func microsoftForms() throws {
        let csv = try workbookCSV("exports/microsoft-forms.xlsx")
        #expect(csv.split(separator: "\n")[1] == "1,2024-03-01 10:15,2024-03-01 10:19,ana.perez@example.org,Ana Pérez,,Ana,Pérez,MEX,c1-opening;c1-panel;")
        let result = try checkWorkbook("exports/microsoft-forms.xlsx", participants: true)
        #expect(summary(result) == [])
        #expect(result.participants.map(\.sessions) == [["c1-opening", "c1-panel"], ["c1-opening", "c1-closing"], ["c1-panel"], ["c2-opening"]])
    }

    @Test("inline strings and rich text: the runs are joined, the phonetic hint left out")
    func inlineStrings() throws {
        let csv = try workbookCSV("exports/inline-strings.xlsx")
        #expect(csv.split(separator: "\n")[1] == "Ana,Pérez,ana.perez@example.org,MEX,c1-opening;c1-panel")
        #expect(try summary(checkWorkbook("exports/inline-strings.xlsx")) == [])
    }

    @Test("a workbook and the CSV of the same export give the same report and participants")
    func sameAsCSV() throws {
        let book = try checkWorkbook("exports/eventbrite.xlsx", participants: true)
        let text = try check(fixture: "exports/eventbrite.csv", participants: true)
        #expect(summary(book) == summary(text) && book.report.rows == text.report.rows)
        #expect(book.participants.map(\.sessions) == text.participants.map(\.sessions))
        #expect(book.report.columns == text.report.columns)
    }

    @Test("--sheet picks a sheet by name, ignoring case; an unknown one lists the sheets")
    func sheets() throws {
        #expect(try workbookCSV("exports/eventbrite.xlsx", sheet: "summary") == "Tickets,6\n")
        do {
            _ = try XLSXReader(path: try fixturePath("exports/eventbrite.xlsx"), sheet: "Orders", file: "e.xlsx")
            Issue.record("an unknown sheet was accepted")
        } catch let error as DiagnosticError {
            #expect(error.diagnostics.map(\.message) == ["the workbook has no sheet 'Orders'; its sheets: 'Attendees', 'Summary'"])
        }
    }

    @Test("chunks of any size give the same text")
    func chunks() throws {
        let whole = try workbookCSV("exports/eventbrite.xlsx")
        for size in [1, 7, 100] { #expect(try workbookCSV("exports/eventbrite.xlsx", chunkSize: size) == whole) }
    }

    @Test("an old .xls and a password-protected workbook are told apart and refused with what to save them as")
    func oldAndEncrypted() throws {
        let xls = try fixtureBytes("exports/old-binary.xls")
        let locked = try fixtureBytes("exports/password.xlsx")
        #expect(ListFormat.sniff(xls) == .ole2(encrypted: false) && !ListFormat.holdsEncryptedPackage(xls))
        #expect(ListFormat.sniff(locked) == .ole2(encrypted: false) && ListFormat.holdsEncryptedPackage(locked))
        #expect(ListFormat.sniff(try fixtureBytes("exports/eventbrite.xlsx")) == .xlsx)
        #expect(ListFormat.sniff(try fixtureBytes("exports/eventbrite.csv")) == .csv)
        #expect(ListFormat.unreadable(.ole2(encrypted: false), file: "a.xls")?.diagnostics.first?.code == "xlsx-old-format")
        let error = try #require(ListFormat.unreadable(.ole2(encrypted: true), file: "a.xlsx"))
        #expect(error.diagnostics.first?.code == "xlsx-encrypted" && error.diagnostics.first!.message.contains("save it as .xlsx or as 'CSV UTF-8'"))
        // A ZIP that is not a workbook.
        #expect(throws: DiagnosticError.self) { try XLSXReader(path: try fixturePath("exports/not-a-workbook.zip"), sheet: nil) }
    }

    @Test("Excel serial numbers: the 1900 system with its invented 29 February, the 1904 system, times")
    func serials() throws {
        let cases: [(Double, Bool, Bool, String)] = [
            (1, false, false, "1900-01-01"), (59, false, false, "1900-02-28"), (61, false, false, "1900-03-01"),
            (45386, false, false, "2024-04-04"), (45386.5, false, false, "2024-04-04 12:00"), (43924, true, false, "2024-04-04"),
            (0, true, false, "1904-01-01"), (0.75, false, true, "18:00"), (45386.999999999, false, false, "2024-04-05"),
            (45386 + 1.0 / 86400 * 61, false, false, "2024-04-04 00:01:01"),
        ]
        for (serial, date1904, timeOnly, expected) in cases {
            #expect(XLSXReader.excelDate(serial: serial, date1904: date1904, timeOnly: timeOnly) == expected)
        }
    }

    @Test("cell references: letters of a column number and back")
    func cellReferences() {
        #expect([1, 26, 27, 52, 703, 16384].map(CellReference.letters) == ["A", "Z", "AA", "AZ", "AAA", "XFD"])
        #expect(["D12", "aa3", "XFD1048576", "12"].map { CellReference.column(of: $0) } == [4, 27, 16384, nil])
        #expect(CellReference.cell(row: 12, column: 4) == "D12")
    }
}

@Suite("Excel workbooks: hostile and damaged")
struct XLSXHostileTests {
    @Test("a sheet cut short, an entity bomb, a ZIP that is no workbook: exit-2 errors naming the file", arguments: [
        ("exports/damaged-sheet.xlsx", "the sheet 'Sheet' of 'exports/damaged-sheet.xlsx' cannot be read"),
        ("exports/entity-bomb.xlsx", "xl/sharedStrings.xml of 'exports/entity-bomb.xlsx' cannot be read"),
        ("exports/not-a-workbook.zip", "'exports/not-a-workbook.zip' is not a readable Excel workbook (it has no xl/workbook.xml)"),
    ])
    func damaged(name: String, message: String) throws {
        do {
            _ = try workbookCSV(name)
            Issue.record("\(name) was read")
        } catch let error as DiagnosticError {
            #expect(error.diagnostics.count == 1 && error.diagnostics[0].code == "xlsx-invalid")
            #expect(error.diagnostics[0].message.hasPrefix(message), "\(error.diagnostics[0].message)")
        }
    }
}

@Suite("Excel workbooks: formulas")
struct XLSXFormulaTests {
    @Test("a formula cell reads as '=' and its formula (shared ones too), so the formula check flags what Excel would run")
    func formulas() throws {
        let lines = try workbookCSV("exports/formulas.xlsx").split(separator: "\n")
        #expect(lines[1].hasSuffix(",c1-opening;c1-panel,,\"=A2&\"\" \"\"&B2\""))
        #expect(lines[2].contains(",\"=HYPERLINK(\"\"http://attacker.example.org/x\"\",\"\"Agenda\"\")\","))
        let result = try checkWorkbook("exports/formulas.xlsx")
        #expect(summary(result) == ["2 formula-injection badge", "3 formula-injection notes", "3 formula-injection badge", "4 formula-injection badge"])
        #expect(result.report.text(colour: false).contains("exports/formulas.xlsx:Sheet!F3: error: '=HYPERLINK("))
    }
}
