import Diagnostics
import Foundation
import Registrations
#if canImport(FoundationXML)
import FoundationXML
#endif
internal import ZIPFoundation

/// Reads a worksheet of an Excel workbook (.xlsx) as CSV text, streaming, so that a workbook
/// goes through the same reader and checks as a CSV list, rule for rule.
///
/// Rows keep the numbers Excel shows: an empty or missing row becomes an empty line. Each row
/// has at least as many fields as the header (Excel leaves trailing empty cells out). Values:
/// shared and inline strings as written; numbers in their shortest form (`42`, `3.5`);
/// booleans `TRUE`/`FALSE`; numbers shown as dates (their cell's number format), in the
/// workbook's 1900 or 1904 date system, as `2024-04-04`, `2024-04-04 09:30` or `09:30`;
/// formula cells as `=` and their formula (what a spreadsheet runs, so the formula check sees it). The CSV is UTF-8, comma-delimited, RFC 4180 quoted.
///
/// ```swift
/// let reader = try XLSXReader(path: "list.xlsx", sheet: nil)
/// try reader.csv { chunk in try checker.feed(chunk) }
/// ```
public struct XLSXReader {
    /// The path reported in locations.
    public let file: String
    /// The sheet read: the first, or the one named.
    public let sheetName: String
    /// Every sheet's name, in workbook order.
    public let sheetNames: [String]
    /// True when the workbook counts dates from 1904 (older Mac Excel) rather than 1900.
    public let date1904: Bool
    /// How far ``csv(chunkSize:_:)`` has read into the sheet (for a progress line).
    public let progress = SheetProgress()
    /// The sheet's part compressed, as the ZIP directory gives it.
    let sheetCompressedSize: Int

    private let archive: Archive
    private let sheetEntry: Entry
    private let sharedEntry: Entry?
    private let styles: XLSXParts.DateStyles

    /// Opens the workbook and finds the sheet.
    /// - Parameters:
    ///   - path: the file to read.
    ///   - sheet: the sheet's name (exact, else ignoring case); `nil`: the first sheet.
    ///   - file: the path reported in locations (default: `path`).
    /// - Throws: ``DiagnosticError``: `xlsx-invalid` (not a workbook), `xlsx-sheet` (no such sheet).
    public init(path: String, sheet: String?, file: String? = nil) throws(DiagnosticError) {
        let file = file ?? path
        self.file = file
        let at = SourceLocation(file: file, line: 1, column: 1)
        func invalid(_ why: String) -> DiagnosticError {
            DiagnosticError(.error("xlsx-invalid", "'\(file)' is not a readable Excel workbook (\(why)); open it in Excel and save it again as .xlsx or as 'CSV UTF-8'", at: at))
        }
        let archive: Archive
        do { archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read) } catch {
            throw invalid("the ZIP container cannot be opened")
        }
        self.archive = archive
        func data(_ name: String) throws(DiagnosticError) -> Data? {
            guard let entry = archive[name] else { return nil }
            guard entry.uncompressedSize < 64 << 20 else { throw invalid("'\(name)' is too large") }
            var out = Data()
            do { _ = try archive.extract(entry, skipCRC32: false) { out.append($0) } } catch { throw invalid("'\(name)' is damaged") }
            return out
        }
        guard let workbook = try data("xl/workbook.xml"), let sheets = XLSXParts.elements(workbook, ["sheet", "workbookPr"]) else {
            throw invalid("it has no xl/workbook.xml")
        }
        let pr = sheets.first { $0.name == "workbookPr" }?.attributes["date1904"]
        date1904 = pr == "1" || pr == "true"
        let list = sheets.filter { $0.name == "sheet" }.compactMap { s -> XLSXParts.Sheet? in
            guard let name = s.attributes["name"], let id = XLSXParts.attribute(s.attributes, "id") else { return nil }
            return XLSXParts.Sheet(name: name, relationship: id)
        }
        sheetNames = list.map(\.name)
        guard !list.isEmpty else { throw invalid("it has no worksheet") }
        let chosen: XLSXParts.Sheet
        if let sheet {
            guard let found = list.first(where: { $0.name == sheet }) ?? list.first(where: { $0.name.lowercased() == sheet.lowercased() }) else {
                throw DiagnosticError(.error("xlsx-sheet", "the workbook has no sheet '\(sheet)'; its sheets: \(list.map { "'\($0.name)'" }.joined(separator: ", "))", at: at))
            }
            chosen = found
        } else {
            chosen = list[0]
        }
        sheetName = chosen.name
        let rels = try data("xl/_rels/workbook.xml.rels").flatMap { XLSXParts.elements($0, ["Relationship"]) } ?? []
        func target(_ r: [String: String]) -> String? {
            guard let t = r["Target"] else { return nil }
            return t.hasPrefix("/") ? String(t.dropFirst()) : "xl/" + t
        }
        guard let sheetPath = rels.first(where: { $0.attributes["Id"] == chosen.relationship }).flatMap({ target($0.attributes) }),
              let entry = archive[sheetPath] else {
            throw invalid("sheet '\(chosen.name)' has no worksheet part")
        }
        sheetEntry = entry
        progress.total = Int(clamping: entry.uncompressedSize)
        sheetCompressedSize = Int(clamping: entry.compressedSize)
        let sharedPath = rels.first { ($0.attributes["Type"] ?? "").hasSuffix("/sharedStrings") }.flatMap { target($0.attributes) } ?? "xl/sharedStrings.xml"
        sharedEntry = archive[sharedPath]
        let stylesPath = rels.first { ($0.attributes["Type"] ?? "").hasSuffix("/styles") }.flatMap { target($0.attributes) } ?? "xl/styles.xml"
        styles = try data(stylesPath).map(XLSXParts.DateStyles.init(styles:)) ?? XLSXParts.DateStyles()
    }

    /// Streams the sheet as CSV text in chunks of about `chunkSize` bytes.
    /// - Throws: ``DiagnosticError`` (`xlsx-invalid`: damaged XML or ZIP, located at the sheet's
    ///   row being read and, in the message, the line and column of the part's XML; `xlsx-header`:
    ///   the header is not on row 1), or whatever `body` throws.
    public func csv(chunkSize: Int = 1 << 20, _ body: ([UInt8]) throws(DiagnosticError) -> Void) throws(DiagnosticError) {
        let shared = XLSXParts.SharedStrings()
        if let sharedEntry {
            var scanner = XMLByteScanner(XLSXParts.SharedStringsReader(shared))
            let r = Self.scan(archive, entry: sharedEntry, with: &scanner)
            if r.failure != nil || r.zipError != nil || !scanner.handler.complete {
                throw Self.damaged("xl/sharedStrings.xml", of: file, r.failure, r.zipError, row: 0)
            }
        }
        let outcome: DiagnosticError? = withoutActuallyEscaping(body) { body in
            var scanner = XMLByteScanner(SheetToCSV(shared: shared, styles: styles, date1904: date1904, file: file, chunkSize: chunkSize, body: body))
            let r = Self.scan(archive, entry: sheetEntry, with: &scanner, progress: progress)
            if case .stopped(let error) = r.failure { return error }
            if r.failure != nil || r.zipError != nil || !scanner.handler.complete {
                return Self.damaged("the sheet '\(sheetName)'", of: file, r.failure, r.zipError, row: scanner.handler.row)
            }
            do throws(DiagnosticError) { try scanner.handler.end() } catch { return error }
            return nil
        }
        if let outcome { throw outcome }
    }

    /// The error for a part that cannot be read: where its XML is malformed (line and column of
    /// the part, and the sheet's row being read), or what the ZIP said.
    static func damaged(_ part: String, of file: String, _ failure: XMLScanFailure?, _ zipError: (any Error)?, row: Int) -> DiagnosticError {
        var why = ""
        if let mismatch = zipError as? ZipCRC32.Mismatch {
            why = ": \(mismatch)"
        } else if let zipError {
            why = ": \((zipError as NSError).localizedDescription)"
        } else if case .malformed(let message, let line, let column)? = failure {
            why = ": its XML is malformed at line \(line), column \(column) (\(message))" + (row > 0 ? ", reading row \(row)" : "")
        } else if failure == nil {
            why = ": its XML has no complete <\(part.hasPrefix("xl/sharedStrings") ? "sst" : "sheetData")>"
        }
        return DiagnosticError(.error("xlsx-invalid", "\(part) of '\(file)' cannot be read\(why); open the workbook in Excel and save it again as .xlsx or as 'CSV UTF-8'",
                                      at: SourceLocation(file: file, line: max(row, 1), column: 1)))
    }

    /// The sheet's and shared strings' XML, whole (for tests: small workbooks only).
    func parts() throws -> (sheet: Data, shared: Data?, styles: XLSXParts.DateStyles) {
        func whole(_ entry: Entry) throws -> Data {
            var out = Data()
            _ = try archive.extract(entry, skipCRC32: false) { out.append($0) }
            return out
        }
        return (try whole(sheetEntry), try sharedEntry.map(whole), styles)
    }

    /// The CSV text of a sheet's XML given in pieces of `pieceSize` bytes (for tests: the
    /// scanner on every split of the same bytes).
    static func csv(sheet: Data, shared sharedXML: Data?, styles: XLSXParts.DateStyles, date1904: Bool, file: String,
                    pieceSize: Int) throws(DiagnosticError) -> [UInt8] {
        func pieces(_ data: Data) -> () -> Data? {
            var at = 0
            return {
                guard at < data.count else { return nil }
                defer { at += pieceSize }
                return data.subdata(in: at..<min(at + pieceSize, data.count))
            }
        }
        let shared = XLSXParts.SharedStrings()
        if let sharedXML {
            var scanner = XMLByteScanner(XLSXParts.SharedStringsReader(shared))
            let failure = run(&scanner, pieces: pieces(sharedXML))
            if failure != nil || !scanner.handler.complete { throw damaged("xl/sharedStrings.xml", of: file, failure, nil, row: 0) }
        }
        var out: [UInt8] = []
        let outcome: DiagnosticError? = withoutActuallyEscaping({ (chunk: [UInt8]) throws(DiagnosticError) in out += chunk }) { body in
            var scanner = XMLByteScanner(SheetToCSV(shared: shared, styles: styles, date1904: date1904, file: file, chunkSize: 1 << 20, body: body))
            let failure = run(&scanner, pieces: pieces(sheet))
            if case .stopped(let error) = failure { return error }
            if failure != nil || !scanner.handler.complete { return damaged("the sheet", of: file, failure, nil, row: scanner.handler.row) }
            do throws(DiagnosticError) { try scanner.handler.end() } catch { return error }
            return nil
        }
        if let outcome { throw outcome }
        return out
    }
}

extension XLSXReader {
    /// The text a serial day number shows as (see ``XLSXReader``): for tests and tools.
    public static func excelDate(serial: Double, date1904: Bool, timeOnly: Bool) -> String {
        ExcelDate.text(serial: serial, date1904: date1904, timeOnly: timeOnly)
    }
}
