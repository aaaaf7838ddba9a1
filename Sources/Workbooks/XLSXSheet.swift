import Diagnostics
import Foundation
import Registrations

/// Turns a worksheet's `<row>`/`<c>` elements into CSV lines (see ``XLSXReader``), from the
/// events of ``XMLByteScanner``. Only the current row is held (its values in one buffer);
/// output goes out in chunks. Element names are matched as written, as `XMLParser` without
/// namespace processing did: a prefixed `<x:c>` is not a cell.
struct SheetToCSV: XMLEventHandler {
    /// A cell's `t`: what its text is.
    enum CellType { case shared, boolean, inline, text, number }

    private let shared: XLSXParts.SharedStrings
    private let styles: XLSXParts.DateStyles
    private let date1904: Bool
    private let file: String
    private let chunkSize: Int
    private let body: ([UInt8]) throws(DiagnosticError) -> Void
    /// True once `</sheetData>` was read: a sheet cut short is damaged, not shorter.
    private(set) var complete = false
    /// The row being read (0: none yet), for locating a damaged sheet.
    private(set) var row = 0

    private var out: ByteBuffer
    /// The last row written (0: none yet), and the header's width (0: not seen yet).
    private var lastRow = 0
    private var width = 0
    // The current row: its non-empty cells' values, one after the other in `values`.
    private var values = ByteBuffer()
    private var cells: [(column: Int, end: Int)] = []
    private var column = 0
    private var type = CellType.number
    private var style = -1
    private var text = ByteBuffer()
    private var capturing = false
    /// The cell's formula (`<f>`), if any: the value is then `=` and the formula, so that the
    /// formula check sees what a spreadsheet would run, as it does in a CSV.
    private var formula: [UInt8]?
    private var inFormula = false
    private var sharedIndex: String?
    /// The text of each shared formula, by its `si` (cells after the first carry only the index).
    private var sharedFormulas: [String: [UInt8]] = [:]
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
        out = ByteBuffer(capacity: min(chunkSize, 1 << 24) + 4096)
    }

    mutating func start(_ name: XMLName, _ attributes: XMLAttributes) throws(DiagnosticError) {
        if name.is("c") {
            column = attributes.withValue("r") { $0.flatMap(Self.column(of:)) } ?? (column + 1)
            type = attributes.withValue("t") { t in
                guard let t else { return .number }
                if t.count == 1 {
                    switch t[0] {
                    case 115: return .shared  // s
                    case 98: return .boolean  // b
                    case 101, 100: return .text  // e, d
                    default: return .number
                    }
                }
                if XMLName(bytes: t).is("inlineStr") { return .inline }
                return XMLName(bytes: t).is("str") ? .text : .number
            }
            style = attributes.withValue("s") { $0.flatMap(Self.integer) } ?? -1
            text.removeAll()
            formula = nil
        } else if name.is("v") {
            capturing = true
        } else if name.is("row") {
            row = attributes.withValue("r") { $0.flatMap(Self.integer) } ?? (row + 1)
            values.removeAll()
            cells.removeAll(keepingCapacity: true)
            column = 0
        } else if name.is("t") {
            capturing = inInline && phonetic == 0
        } else if name.is("is") {
            inInline = true
        } else if name.is("f") {
            inFormula = true
            formula = []
            sharedIndex = attributes.withValue("t") { $0.map { String(decoding: $0, as: UTF8.self) } } == "shared"
                ? attributes.withValue("si") { $0.map { String(decoding: $0, as: UTF8.self) } } : nil
        } else if name.is("rPh") {
            phonetic += 1
        }
    }

    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
        if capturing { text.append(bytes) } else if inFormula { formula?.append(contentsOf: bytes) }
    }

    mutating func end(_ name: XMLName) throws(DiagnosticError) {
        if name.is("c") {
            let before = values.count
            appendValue()
            if values.count > before { cells.append((column, values.count)) }
        } else if name.is("v") || name.is("t") {
            capturing = false
        } else if name.is("row") {
            try writeRow()
        } else if name.is("is") {
            inInline = false
        } else if name.is("f") {
            inFormula = false
            if let si = sharedIndex {
                if formula?.isEmpty ?? true { formula = sharedFormulas[si] ?? [] } else { sharedFormulas[si] = formula }
            }
        } else if name.is("sheetData") {
            complete = true
        } else if name.is("rPh") {
            phonetic -= 1
        }
    }

    /// A column's number from a cell reference (``CellReference/column(of:)`` on bytes).
    static func column(of reference: UnsafeBufferPointer<UInt8>) -> Int? {
        var n = 0, any = false
        for u in reference {
            let c = u | 0x20
            guard c >= 97, c <= 122 else { break }
            n = n &* 26 &+ Int(c - 96)
            any = true
        }
        return any ? n : nil
    }

    /// `Int(text)` on bytes: an optional sign and decimal digits, nothing else.
    static func integer(_ t: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = 0, negative = false
        if let f = t.first, f == 43 || f == 45 { negative = f == 45; i = 1 }
        guard i < t.count else { return nil }
        var v = 0
        while i < t.count {
            let d = t[i] &- 48
            guard d < 10 else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (s, o2) = negative ? m.subtractingReportingOverflow(Int(d)) : m.addingReportingOverflow(Int(d))
            guard !o1, !o2 else { return nil }
            v = s
            i += 1
        }
        return v
    }

    /// The current cell's text without leading and trailing spaces and tabs (ASCII text only).
    private func trimmed() -> UnsafeBufferPointer<UInt8> {
        let t = text.base
        var a = 0, b = text.count
        while a < b, t[a] == 32 || t[a] == 9 { a += 1 }
        while b > a, t[b - 1] == 32 || t[b - 1] == 9 { b -= 1 }
        return text.bytes(a, b)
    }

    /// The cell's text as a `String`, without leading and trailing white space.
    private var trimmedString: String { String(decoding: text.bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces) }

    /// Appends the current cell's value as text to `values`: bytes as they are where they can be,
    /// `String` where Unicode white space, Excel's `_xHHHH_` escapes or a number's form matter.
    private mutating func appendValue() {
        if let formula, !formula.isEmpty {
            values.append(61)
            values.append(formula)
            return
        }
        var ascii: Bool { !text.bytes.contains { $0 >= 0x80 } }
        switch type {
        case .text:
            values.append(text.bytes)
        case .inline:
            if Self.hasEscape(text.bytes) { values.append(ExcelEscape.decode(String(decoding: text.bytes, as: UTF8.self))) } else { values.append(text.bytes) }
        case .shared:
            let index = ascii ? Self.integer(trimmed()) : Int(trimmedString)
            guard let i = index, i >= 0, i < shared.count else { values.append(text.bytes); return }
            shared.append(i, to: &values)
        case .boolean:
            let one = ascii ? trimmed().elementsEqual([49]) : trimmedString == "1"
            values.append(one ? "TRUE" : "FALSE")
        case .number:
            if ascii {
                let t = trimmed()
                // A whole number of up to 15 digits, no leading zero, not shown as a date: as written.
                if !t.isEmpty, t.count <= 15, t.first != 48 || t.count == 1, t.allSatisfy({ $0 &- 48 < 10 }), !styles.date.contains(style) {
                    values.append(t)
                    return
                }
            }
            let t = trimmedString
            guard let number = Double(t) else { values.append(t); return }
            if styles.date.contains(style) {
                values.append(ExcelDate.text(serial: number, date1904: date1904, timeOnly: styles.timeOnly.contains(style)))
            } else {
                values.append(ExcelDate.number(number, written: t))
            }
        }
    }

    /// True when the bytes hold `_x` (a possible `_xHHHH_` escape).
    static func hasEscape(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        guard b.count >= 7, let base = b.baseAddress else { return false }
        var k = 0
        while k < b.count - 1, let hit = memchr(base + k, 95, b.count - 1 - k) {
            k = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if base[k + 1] == 120 { return true }
            k += 1
        }
        return false
    }

    static func hasEscape(_ b: [UInt8]) -> Bool { b.withUnsafeBufferPointer { hasEscape($0) } }

    private mutating func writeRow() throws(DiagnosticError) {
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
        var start = 0
        for (c, end) in cells {
            defer { start = end }
            guard c >= next else { continue }
            while next < c { out.append(44); next += 1 }
            Self.field(values.bytes(start, end), into: &out)
            next = c
        }
        while next < width { out.append(44); next += 1 }
        out.append(10)
        lastRow = row
        if out.count >= chunkSize { try flush() }
    }

    /// A field, quoted when it holds a comma, quote or line break.
    static func field(_ v: UnsafeBufferPointer<UInt8>, into out: inout ByteBuffer) {
        if v.isEmpty || !XMLByteSets.contains(v.baseAddress!, v.count, 44, 34, 10, 13) {
            out.append(v)
            return
        }
        out.append(34)
        for b in v {
            out.append(b)
            if b == 34 { out.append(34) }
        }
        out.append(34)
    }

    private mutating func flush() throws(DiagnosticError) {
        guard !out.isEmpty else { return }
        try body(out.array)
        out.removeAll()
    }

    /// Writes what is left.
    mutating func end() throws(DiagnosticError) { try flush() }
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
