import Checks
import Agenda
import Foundation
import Registrations
import TestSupport
import Testing
import Workbooks

/// The list of participants as a workbook, read back with the project's XLSX reader.
private func readBack(_ bytes: Data) throws -> String {
    let path = try temporaryDirectory("desk-xlsx").appendingPathComponent("participants.xlsx").path
    try bytes.write(to: URL(fileURLWithPath: path))
    let reader = try XLSXReader(path: path, sheet: nil)
    var out: [UInt8] = []
    try reader.csv { out += $0 }
    return String(decoding: out, as: UTF8.self)
}

@Suite("the list of participants as an Excel workbook")
struct DeskWorkbookTests {
    @Test("the workbook holds the CSV's rows, in its order, header first, in every language")
    func sameRowsAsCSV() throws {
        let desk = try sampleDesk()
        for lang in ["en", "es", "fr"] {
            let options = DeskOptions(language: lang)
            let rows = try desk.participantRows(options)
            #expect(rows.count > 50 && rows.allSatisfy { $0.count == 8 })
            let book = try XLSXWriter.write(sheetName: DeskLabels.of(lang).listTitle, rows: rows)
            let csv = try desk.participantsCSV(options)
            #expect(try readBack(book) == csv, "\(lang)")
        }
        let es = try desk.participantRows(DeskOptions(language: "es"))
        #expect(es[0] == ["Delegación", "code", "Función", "title", "given name", "family name", "Cargo", "Institución"])
    }

    @Test("formula-like names get the CSV's apostrophe in the workbook too; markup and accents survive")
    func hostile() throws {
        let desk = try sampleDesk()
        var people = desk.people
        people[0].jobTitle = "=HYPERLINK(\"http://x\")"
        people[1].organisation = "@SUM(A1)"
        people[2].title = "-1+2"
        people[3].givenName = "+Inês"
        people[4].familyName = "<b>&amp;</b> _x0041_"
        people[5].organisation = "Línea 1\nLínea 2\r\nfin"
        let evil = DeskBuilder(programme: desk.programme, zones: desk.zones, delegations: desk.delegations, people: people)
        let options = DeskOptions(language: "es")
        let csv = try evil.participantsCSV(options)
        let text = try readBack(try XLSXWriter.write(sheetName: "Lista", rows: try evil.participantRows(options)))
        #expect(text == csv)
        for cell in ["'=HYPERLINK", "'@SUM(A1)", ",'-1+2,", ",'+Inês,", "<b>&amp;</b> _x0041_", "Línea 2\r\nfin"] {
            #expect(text.contains(cell), "\(cell)")
        }
    }
}
