import Foundation
import Registrations
internal import ZIPFoundation

/// Writes a one-sheet Excel workbook (.xlsx, Office Open XML) of text cells: the first row
/// bold and frozen, column widths from the longest value, the same bytes for the same rows.
///
/// Every cell is an inline string (`t="inlineStr"`), which a spreadsheet never evaluates;
/// still, a value a spreadsheet would take for a formula gets the same `'` prefix as in
/// ``CSVExport`` (the `formula-injection` rule), so the CSV and the workbook of one list agree
/// cell for cell, and a cell copied into a formula bar or re-saved as CSV stays inert.
/// Characters XML 1.0 forbids (C0 controls but tab, line feed and carriage return; U+FFFE,
/// U+FFFF) are left out, and a cell is cut at Excel's limit of 32,767 characters.
///
/// ```swift
/// let bytes = try XLSXWriter.write(sheetName: "Participants", rows: [["name", "role"], ["Ana", "head"]])
/// ```
public enum XLSXWriter {
    /// The modification time of every ZIP entry (1980-01-01 00:00 UTC, the first DOS date),
    /// so that the same rows give the same bytes.
    public static let entryDate = Date(timeIntervalSince1970: 315_532_800)

    /// Excel's longest cell text, in UTF-16 code units.
    public static let maxCellLength = 32_767

    /// The workbook's bytes.
    /// - Parameters:
    ///   - sheetName: the sheet's tab; characters Excel refuses (`[]:*?/\`) become `-`, cut at
    ///     31 characters, `Sheet1` when nothing is left.
    ///   - rows: the header row first; rows may have different lengths.
    /// - Throws: an error of ZIPFoundation when the archive cannot be built in memory.
    public static func write(sheetName: String, rows: [[String]]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in parts(sheetName: sheetName, rows: rows) {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), modificationDate: entryDate,
                                 permissions: 0o644, compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<(Int(position) + size))
            }
        }
        guard let data = archive.data else { throw CocoaError(.fileWriteUnknown) }
        return data
    }

    /// The workbook's parts, in the order they are stored: paths and XML text.
    static func parts(sheetName: String, rows: [[String]]) -> [(String, String)] {
        let head = #"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"# + "\n"
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        let rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
        let pkg = "http://schemas.openxmlformats.org/package/2006"
        let types = head + #"<Types xmlns="\#(pkg)/content-types">"#
            + #"<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>"#
            + #"<Default Extension="xml" ContentType="application/xml"/>"#
            + #"<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"#
            + #"<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>"#
            + #"<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>"#
            + "</Types>"
        let rootRels = head + #"<Relationships xmlns="\#(pkg)/relationships">"#
            + #"<Relationship Id="rId1" Type="\#(rel)/officeDocument" Target="xl/workbook.xml"/></Relationships>"#
        let workbook = head + #"<workbook xmlns="\#(main)" xmlns:r="\#(rel)"><sheets>"#
            + #"<sheet name="\#(escape(Self.sheetName(sheetName), attribute: true))" sheetId="1" r:id="rId1"/></sheets></workbook>"#
        let workbookRels = head + #"<Relationships xmlns="\#(pkg)/relationships">"#
            + #"<Relationship Id="rId1" Type="\#(rel)/worksheet" Target="worksheets/sheet1.xml"/>"#
            + #"<Relationship Id="rId2" Type="\#(rel)/styles" Target="styles.xml"/></Relationships>"#
        let styles = head + #"<styleSheet xmlns="\#(main)">"#
            + #"<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>"#
            + #"<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>"#
            + #"<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"#
            + #"<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>"#
            + #"<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>"#
            + #"<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>"#
            + #"<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#
        return [("[Content_Types].xml", types), ("_rels/.rels", rootRels), ("xl/workbook.xml", workbook),
                ("xl/_rels/workbook.xml.rels", workbookRels), ("xl/styles.xml", styles),
                ("xl/worksheets/sheet1.xml", head + sheet(rows, namespace: main))]
    }

    /// The worksheet: frozen header row, column widths, one inline string per non-empty cell.
    static func sheet(_ rows: [[String]], namespace: String) -> String {
        let cells = rows.map { $0.map(cellText) }
        let width = cells.map(\.count).max() ?? 0
        var out = #"<worksheet xmlns="\#(namespace)">"#
        if width > 0, !cells.isEmpty { out += #"<dimension ref="A1:\#(column(width))\#(cells.count)"/>"# }
        out += #"<sheetViews><sheetView workbookViewId="0">"#
        if cells.count > 0 {
            out += #"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
                + #"<selection pane="bottomLeft" activeCell="A2" sqref="A2"/>"#
        }
        out += "</sheetView></sheetViews>"
        if width > 0 {
            out += "<cols>"
            for c in 0..<width {
                let longest = cells.map { c < $0.count ? $0[c].utf16.count : 0 }.max() ?? 0
                out += #"<col min="\#(c + 1)" max="\#(c + 1)" width="\#(min(max(longest, 8), 60) + 2)" customWidth="1"/>"#
            }
            out += "</cols>"
        }
        out += "<sheetData>"
        for (r, row) in cells.enumerated() {
            out += #"<row r="\#(r + 1)">"#
            for (c, value) in row.enumerated() where !value.isEmpty {
                let space = value.first!.isWhitespace || value.last!.isWhitespace ? #" xml:space="preserve""# : ""
                out += #"<c r="\#(column(c + 1))\#(r + 1)"\#(r == 0 ? #" s="1""# : "") t="inlineStr"><is><t\#(space)>"#
                    + escape(value, attribute: false) + "</t></is></c>"
            }
            out += "</row>"
        }
        return out + "</sheetData></worksheet>"
    }

    /// A value as the cell shows it: forbidden characters left out, cut at Excel's limit, then
    /// given the `'` prefix when a spreadsheet would run it (the rule of ``CSVExport``).
    public static func cellText(_ value: String) -> String {
        var scalars = String.UnicodeScalarView()
        var units = 0
        for s in value.unicodeScalars where allowed(s) {
            units += s.utf16.count
            if units > maxCellLength { break }
            scalars.append(s)
        }
        var cell = CSVExport.neutralised(String(scalars))
        while cell.utf16.count > maxCellLength { cell.unicodeScalars.removeLast() }  // the `'` took a place
        return cell
    }

    /// Characters XML 1.0 allows (Swift strings hold no lone surrogates).
    static func allowed(_ s: Unicode.Scalar) -> Bool {
        s.value == 9 || s.value == 10 || s.value == 13 || (s.value >= 0x20 && s.value != 0xFFFE && s.value != 0xFFFF)
    }

    /// XML text: `&`, `<`, `>` (and `"` in attributes) as entities; a carriage return as `&#13;`
    /// (a parser would turn a literal one into a line feed); `_xHHHH_` written as
    /// `_x005F_xHHHH_` so that Excel shows it as typed rather than as the escaped character.
    static func escape(_ text: String, attribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        let scalars = Array(text.unicodeScalars)
        for (i, s) in scalars.enumerated() {
            switch s {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"" where attribute: out += "&quot;"
            case "\r": out += "&#13;"
            case "\n" where attribute: out += "&#10;"
            case "\t" where attribute: out += "&#9;"
            case "_" where ExcelEscape.isEscape(scalars, at: i): out += "_x005F_"
            default: out.unicodeScalars.append(s)
            }
        }
        return out
    }

    /// A sheet name Excel accepts.
    static func sheetName(_ name: String) -> String {
        var cleaned = String(String.UnicodeScalarView(name.unicodeScalars.filter(allowed).map { "[]:*?/\\".unicodeScalars.contains($0) ? "-" : $0 }))
        cleaned = cleaned.trimmingCharacters(in: CharacterSet(charactersIn: "' ").union(.whitespacesAndNewlines))
        while cleaned.utf16.count > 31 { cleaned.removeLast() }
        return cleaned.isEmpty ? "Sheet1" : cleaned
    }

    /// Column letters of a 1-based column number (1: `A`, 27: `AA`).
    static func column(_ n: Int) -> String {
        var n = n, letters = ""
        while n > 0 {
            n -= 1
            letters = String(UnicodeScalar(UInt8(65 + n % 26))) + letters
            n /= 26
        }
        return letters
    }
}

/// Excel's `_xHHHH_` escapes in cell text (ECMA-376 ST_Xstring): Excel writes characters XML
/// cannot hold, and a literal `_xHHHH_`, this way.
enum ExcelEscape {
    /// True when `scalars[i]` starts `_x` and four hex digits and `_`.
    static func isEscape(_ scalars: [Unicode.Scalar], at i: Int) -> Bool {
        guard i + 6 < scalars.count, scalars[i] == "_", scalars[i + 1] == "x", scalars[i + 6] == "_" else { return false }
        return scalars[(i + 2)...(i + 5)].allSatisfy { $0.properties.isASCIIHexDigit }
    }

    /// The text with every `_xHHHH_` replaced by its character (`_x005F_` by `_`), as Excel
    /// shows it.
    static func decode(_ text: String) -> String {
        guard text.contains("_x") else { return text }
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        var i = 0
        while i < scalars.count {
            if isEscape(scalars, at: i), let v = UInt32(String(String.UnicodeScalarView(scalars[(i + 2)...(i + 5)])), radix: 16) {
                if let s = Unicode.Scalar(v) { out.append(s) }
                i += 7
            } else {
                out.append(scalars[i])
                i += 1
            }
        }
        return String(out)
    }
}
