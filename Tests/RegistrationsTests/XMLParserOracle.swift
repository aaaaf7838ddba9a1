import Diagnostics
import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Registrations
@testable import Workbooks

// The reader's XMLParser path as it was before the byte-level scanner (kept here, in the tests
// only, as the oracle of the differential tests in XLSXScannerTests.swift).

/// The CSV text the XMLParser path gave for a sheet's XML, or nil when it refused the XML.
func oracleCSV(sheet: Data, shared sharedXML: Data?, styles: XLSXParts.DateStyles, date1904: Bool) -> [UInt8]? {
    let shared = OracleSharedStrings()
    if let sharedXML {
        let parser = XMLParser(data: sharedXML)
        parser.delegate = shared
        parser.shouldResolveExternalEntities = false
        guard parser.parse(), shared.complete else { return nil }
    }
    var out: [UInt8] = []
    let sheetCSV = OracleSheetToCSV(shared: shared, styles: styles, date1904: date1904, file: "oracle", chunkSize: 1 << 20) { out += $0 }
    let parser = XMLParser(data: sheet)
    parser.delegate = sheetCSV
    parser.shouldResolveExternalEntities = false
    guard parser.parse(), sheetCSV.stop == nil, sheetCSV.complete, (try? sheetCSV.end()) != nil else { return nil }
    return out
}

final class OracleSheetToCSV: NSObject, XMLParserDelegate {
    private let shared: OracleSharedStrings
    private let styles: XLSXParts.DateStyles
    private let date1904: Bool
    private let file: String
    private let chunkSize: Int
    private let body: ([UInt8]) throws(DiagnosticError) -> Void
    /// What stopped the parse early: the body's error, or a header that is not on row 1.
    private(set) var stop: DiagnosticError?
    /// True once `</sheetData>` was read: a sheet cut short is damaged, not shorter.
    private(set) var complete = false

    private var out: [UInt8] = []
    /// The last row written (0: none yet), and the header's width (0: not seen yet).
    private var lastRow = 0
    private var width = 0
    // The current row and cell.
    private var row = 0
    private var cells: [(column: Int, value: [UInt8])] = []
    private var column = 0
    private var type = ""
    private var style = -1
    private var text = ""
    private var capturing = false
    /// The cell's formula (`<f>`), if any: the value is then `=` and the formula, so that the
    /// formula check sees what a spreadsheet would run, as it does in a CSV.
    private var formula: String?
    private var inFormula = false
    private var sharedIndex: String?
    /// The text of each shared formula, by its `si` (cells after the first carry only the index).
    private var sharedFormulas: [String: String] = [:]
    private var inInline = false
    private var phonetic = 0

    init(shared: OracleSharedStrings, styles: XLSXParts.DateStyles, date1904: Bool, file: String, chunkSize: Int,
         body: @escaping ([UInt8]) throws(DiagnosticError) -> Void) {
        self.shared = shared
        self.styles = styles
        self.date1904 = date1904
        self.file = file
        self.chunkSize = chunkSize
        self.body = body
        out.reserveCapacity(chunkSize + 4096)
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "row":
            row = attributes["r"].flatMap { Int($0) } ?? (row + 1)
            cells.removeAll(keepingCapacity: true)
            column = 0
        case "c":
            column = attributes["r"].flatMap { CellReference.column(of: $0) } ?? (column + 1)
            type = attributes["t"] ?? "n"
            style = attributes["s"].flatMap { Int($0) } ?? -1
            text = ""
            formula = nil
        case "f":
            inFormula = true
            formula = ""
            sharedIndex = attributes["t"] == "shared" ? attributes["si"] : nil
        case "v": capturing = true
        case "is": inInline = true
        case "t": capturing = inInline && phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if capturing { text += string } else if inFormula { formula! += string }
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "f":
            inFormula = false
            if let si = sharedIndex {
                if formula!.isEmpty { formula = sharedFormulas[si] ?? "" } else { sharedFormulas[si] = formula }
            }
        case "v", "t": capturing = false
        case "is": inInline = false
        case "sheetData": complete = true
        case "rPh": phonetic -= 1
        case "c":
            let value = self.value()
            if !value.isEmpty { cells.append((column, value)) }
        case "row":
            do { try writeRow() } catch {
                stop = error
                parser.abortParsing()
            }
        default: break
        }
    }

    /// The current cell's value as text.
    private func value() -> [UInt8] {
        if let formula, !formula.isEmpty { return Array(("=" + formula).utf8) }
        switch type {
        case "s":
            guard let i = Int(text.trimmingCharacters(in: .whitespaces)), i >= 0, i < shared.count else { return Array(text.utf8) }
            return shared.withString(i) { Array($0) }
        case "b": return Array((text.trimmingCharacters(in: .whitespaces) == "1" ? "TRUE" : "FALSE").utf8)
        case "inlineStr": return Array(ExcelEscape.decode(text).utf8)
        case "str", "e", "d": return Array(text.utf8)
        default:
            let t = text.trimmingCharacters(in: .whitespaces)
            guard let number = Double(t) else { return Array(t.utf8) }
            if styles.date.contains(style) {
                return Array(ExcelDate.text(serial: number, date1904: date1904, timeOnly: styles.timeOnly.contains(style)).utf8)
            }
            return Array(ExcelDate.number(number, written: t).utf8)
        }
    }

    private func writeRow() throws(DiagnosticError) {
        guard let last = cells.last?.column else { return }  // an empty row: written as a blank line when a later row comes
        if width == 0 {
            if row > 1 {
                throw DiagnosticError(.error("xlsx-header", "the header of the sheet is on row \(row), not row 1; delete rows 1 to \(row - 1) so that the header is the first row, and check it again",
                                             at: SourceLocation(file: file, line: row, column: 1)))
            }
            width = last
        }
        while lastRow < row - 1 {
            out.append(10)
            lastRow += 1
        }
        var next = 1
        for (c, v) in cells where c >= next {
            while next < c { out.append(44); next += 1 }
            Self.field(v, into: &out)
            next = c
        }
        while next < width { out.append(44); next += 1 }
        out.append(10)
        lastRow = row
        if out.count >= chunkSize { try flush() }
    }

    /// A field, quoted when it holds a comma, quote or line break.
    static func field(_ v: [UInt8], into out: inout [UInt8]) {
        if !v.contains(where: { $0 == 44 || $0 == 34 || $0 == 10 || $0 == 13 }) {
            out.append(contentsOf: v)
            return
        }
        out.append(34)
        for b in v {
            out.append(b)
            if b == 34 { out.append(34) }
        }
        out.append(34)
    }

    private func flush() throws(DiagnosticError) {
        guard !out.isEmpty else { return }
        try body(out)
        out.removeAll(keepingCapacity: true)
    }

    /// Writes what is left.
    func end() throws(DiagnosticError) { try flush() }
}


final class OracleSharedStrings: NSObject, XMLParserDelegate {
    private(set) var bytes: [UInt8] = []
    private(set) var ends: [Int] = []
    private var inItem = false, inText = false, phonetic = 0
    private var text = ""
    /// True once `</sst>` was read.
    private(set) var complete = false

    var count: Int { ends.count }

    /// String `i` as UTF-8 bytes.
    func withString<R>(_ i: Int, _ body: (ArraySlice<UInt8>) -> R) -> R {
        body(bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                attributes: [String: String] = [:]) {
        switch name {
        case "si": inItem = true; text = ""
        case "t": inText = inItem && phonetic == 0
        case "rPh": phonetic += 1
        default: break
        }
    }
    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        switch name {
        case "si":
            bytes.append(contentsOf: ExcelEscape.decode(text).utf8)
            ends.append(bytes.count)
            inItem = false
        case "t": inText = false
        case "rPh": phonetic -= 1
        case "sst": complete = true
        default: break
        }
    }
    func parser(_ parser: XMLParser, foundCharacters string: String) {
        if inText { text += string }
    }
}
