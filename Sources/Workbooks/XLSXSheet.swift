import Diagnostics
import Foundation
import Registrations
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The `XMLParser` delegate that turns a worksheet's `<row>`/`<c>` elements into CSV lines
/// (see ``XLSXReader``). Only the current row is held; output goes out in chunks.
final class SheetToCSV: NSObject, XMLParserDelegate {
    private let shared: XLSXParts.SharedStrings
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

    init(shared: XLSXParts.SharedStrings, styles: XLSXParts.DateStyles, date1904: Bool, file: String, chunkSize: Int,
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

/// Excel's numbers as the text a CSV export shows.
enum ExcelDate {
    /// A serial day number as an ISO date, date and time, or time of day. 1900 system: day 1 is
    /// 1900-01-01 and day 60 the 29 February 1900 that Lotus 1-2-3 invented (shown as 1900-02-28
    /// plus one day, as Excel counts); 1904 system: day 0 is 1904-01-01.
    static func text(serial: Double, date1904: Bool, timeOnly: Bool) -> String {
        var days = Int(serial.rounded(.down))
        var seconds = Int(((serial - Double(days)) * 86_400).rounded())
        if seconds >= 86_400 { days += 1; seconds -= 86_400 }
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60)
        let time = s == 0 ? pad(h) + ":" + pad(m) : pad(h) + ":" + pad(m) + ":" + pad(s)
        if timeOnly { return time }
        let unix: Int  // days since 1970-01-01
        if date1904 { unix = days - 24_107 } else if days >= 61 { unix = days - 25_569 } else { unix = days - 25_568 }
        let date = civil(unix)
        return seconds == 0 ? date : date + " " + time
    }

    private static func pad(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `YYYY-MM-DD` of a day count since 1970-01-01 (proleptic Gregorian).
    static func civil(_ z: Int) -> String {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        let year = String(y)
        return String(repeating: "0", count: max(0, 4 - year.count)) + year + "-" + pad(m) + "-" + pad(d)
    }

    /// A number without exponent or trailing `.0` where it is whole (`525555550101`, `42`),
    /// else in its shortest form.
    static func number(_ x: Double, written: String) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int64(x)) }
        let shortest = String(x)
        return shortest.contains("e") ? written : shortest
    }
}
