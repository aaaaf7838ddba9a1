import Diagnostics
import Foundation
import Registrations
import TestSupport
import Testing
@testable import Workbooks

/// Rows written as a workbook and read back as CSV text by ``XLSXReader``.
private func roundTrip(_ rows: [[String]], sheetName: String = "Sheet") throws -> (bytes: Data, csv: String, sheet: String) {
    let bytes = try XLSXWriter.write(sheetName: sheetName, rows: rows)
    let path = try temporaryDirectory("xlsx-writer").appendingPathComponent("book.xlsx").path
    try bytes.write(to: URL(fileURLWithPath: path))
    let reader = try XLSXReader(path: path, sheet: nil)
    var out: [UInt8] = []
    try reader.csv { out += $0 }
    return (bytes, String(decoding: out, as: UTF8.self), reader.sheetName)
}

@Suite("writing Excel workbooks")
struct XLSXWriterTests {
    @Test("cells come back as written, formula-like ones with the CSV's apostrophe, so the workbook and the CSV agree")
    func roundTrips() throws {
        let rows = [
            ["name", "note", "phone"],
            ["=cmd|' /C calc'!A0", "+1+1", "+56 2 2210 2000"],
            ["-sin gluten", "@SUM(A1)", "-12.5"],
            ["<&>\"'", "a, b", "línea 1\nlínea 2\r\nfin"],
            ["  leading and trailing  ", "", "Ñancupil 日本 😀"],
            ["_x0041_ and _x005F_", "tab\there", ""],
            ["only one"],
        ]
        let (_, csv, _) = try roundTrip(rows)
        // The reader gives every row the header's width, as it does for Excel's own files.
        #expect(csv == rows.map { CSVExport.record($0 + Array(repeating: "", count: 3 - $0.count)) }.joined())
        #expect(csv.contains("'=cmd|") && csv.contains("'+1+1") && csv.contains(",+56 2 2210 2000") && csv.contains("'-sin gluten"))
    }

    @Test("characters XML 1.0 forbids are left out, before the formula rule; a cell is cut at Excel's 32,767")
    func forbiddenAndLong() throws {
        let long = String(repeating: "é", count: 40_000)
        let (_, csv, _) = try roundTrip([["a", "b"], ["x\u{1}y\u{0B}\u{FFFF}", "\u{7}=1+1"], [long, "ok"]])
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[1] == "xy,'=1+1")
        #expect(lines[2] == Substring(String(repeating: "é", count: 32_767) + ",ok"))
        #expect(XLSXWriter.cellText("=" + String(repeating: "a", count: 40_000)) == "'=" + String(repeating: "a", count: 32_765))
        #expect(XLSXWriter.cellText(String(repeating: "😀", count: 20_000)).utf16.count == 32_766)  // no pair split
    }

    @Test("the same rows give the same bytes; every ZIP entry dated 1980-01-01 00:00, whatever the clock says")
    func deterministic() throws {
        let rows = [["Delegación", "given name"], ["Chile", "Rocío"], ["Perú", "José"]]
        let a = try XLSXWriter.write(sheetName: "Lista", rows: rows)
        let b = try XLSXWriter.write(sheetName: "Lista", rows: rows)
        #expect(a == b)
        #expect(try XLSXWriter.write(sheetName: "Lista", rows: rows + [["x", "y"]]) != a)
        // Local file headers: signature PK\3\4, DOS time at offset 10 and date at 12 (little-endian).
        let bytes = [UInt8](a)
        var dates: [(UInt16, UInt16)] = []
        var i = 0
        while i + 30 <= bytes.count {
            if bytes[i] == 0x50, bytes[i + 1] == 0x4B, bytes[i + 2] == 3, bytes[i + 3] == 4 {
                dates.append((UInt16(bytes[i + 10]) | UInt16(bytes[i + 11]) << 8, UInt16(bytes[i + 12]) | UInt16(bytes[i + 13]) << 8))
            }
            i += 1
        }
        #expect(dates.count == 6)
        #expect(dates.allSatisfy { $0.0 == 0 && $0.1 == (0 << 9) | (1 << 5) | 1 })
    }

    @Test("the header row is bold and frozen, columns are as wide as their longest value (8 to 60)")
    func layout() throws {
        let rows = [["name", "organisation"], ["Ana", String(repeating: "x", count: 100)]]
        let parts = Dictionary(uniqueKeysWithValues: XLSXWriter.parts(sheetName: "S", rows: rows))
        let sheet = try #require(parts["xl/worksheets/sheet1.xml"])
        #expect(sheet.contains(#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#))
        #expect(sheet.contains(#"<c r="A1" s="1" t="inlineStr">"#) && sheet.contains(#"<c r="A2" t="inlineStr">"#))
        #expect(sheet.contains(#"<col min="1" max="1" width="10" customWidth="1"/>"#))
        #expect(sheet.contains(#"<col min="2" max="2" width="62" customWidth="1"/>"#))
        #expect(try #require(parts["xl/styles.xml"]).contains("<font><b/>"))
    }

    @Test("sheet names Excel accepts; column letters", arguments: [
        ("Lista de participantes", "Lista de participantes"), ("a/b:c[1]*?", "a-b-c-1---"), ("'quoted'", "quoted"),
        ("", "Sheet1"), (String(repeating: "n", count: 40), String(repeating: "n", count: 31)),
    ])
    func sheetNames(name: String, expected: String) throws {
        #expect(XLSXWriter.sheetName(name) == expected)
        #expect(try roundTrip([["a"]], sheetName: name).sheet == expected)
    }

    @Test("column letters")
    func columns() {
        #expect([1, 8, 26, 27, 52, 703].map(XLSXWriter.column) == ["A", "H", "Z", "AA", "AZ", "AAA"])
    }
}
