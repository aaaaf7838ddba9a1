import Diagnostics
import Foundation
import Registrations
import Testing
@testable import Workbooks

/// The byte-level scanner against the XMLParser path it replaced (the oracle, in
/// XMLParserOracle.swift): the same CSV text for every workbook fixture and every piece size,
/// and the same refusals.
@Suite("Excel workbooks: the byte-level scanner")
struct XLSXScannerTests {
    static let workbooks = ["exports/dates-1904.xlsx", "exports/microsoft-forms.xlsx", "exports/inline-strings.xlsx",
                            "exports/eventbrite.xlsx", "exports/formulas.xlsx"]

    /// The scanner's text for a sheet's XML cut into pieces of `size` bytes; nil when refused.
    static func scanned(_ sheet: String, shared: String? = nil, styles: XLSXParts.DateStyles = .init(), size: Int) -> [UInt8]? {
        try? XLSXReader.csv(sheet: Data(sheet.utf8), shared: shared.map { Data($0.utf8) }, styles: styles, date1904: false,
                            file: "t.xlsx", pieceSize: size)
    }

    static func oracle(_ sheet: String, shared: String? = nil, styles: XLSXParts.DateStyles = .init()) -> [UInt8]? {
        oracleCSV(sheet: Data(sheet.utf8), shared: shared.map { Data($0.utf8) }, styles: styles, date1904: false)
    }

    @Test("every sheet of every workbook fixture: exactly the CSV text of the XMLParser path, streamed or in pieces of any size",
          arguments: workbooks)
    func fixtures(name: String) throws {
        let first = try XLSXReader(path: try fixturePath(name), sheet: nil, file: name)
        for sheetName in first.sheetNames {
            let reader = try XLSXReader(path: try fixturePath(name), sheet: sheetName, file: name)
            let parts = try reader.parts()
            let expected = try #require(oracleCSV(sheet: parts.sheet, shared: parts.shared, styles: parts.styles, date1904: reader.date1904))
            #expect(!expected.isEmpty)
            var streamed: [UInt8] = []
            try reader.csv(chunkSize: 64) { streamed += $0 }
            #expect(String(decoding: streamed, as: UTF8.self) == String(decoding: expected, as: UTF8.self), "\(name) \(sheetName)")
            for size in [1, 2, 3, 5, 13, 64, 1000, 1 << 20] {
                let text = try XLSXReader.csv(sheet: parts.sheet, shared: parts.shared, styles: parts.styles, date1904: reader.date1904,
                                              file: name, pieceSize: size)
                #expect(text == expected, "\(name) \(sheetName) in pieces of \(size)")
            }
        }
    }

    static let sharedXML = """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">\
        <si><t>Nombre</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Ana </t></r><r><t>Pérez</t></r>\
        <rPh sb="0" eb="1"><t>アナ</t></rPh></si><si><t>a_x000D_b &amp; &#233;&#x1F600;</t></si><si><t/></si></sst>
        """

    /// Sheets that both readers take; each must give the same text.
    static let sheets: [String] = [
        // shared, inline, rich text, entities, numeric references, CR LF, xml:space
        """
        <?xml version="1.0"?>\r\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>\r\n\
        <row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v> 1 </v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c>\
        <c r="E1" t="s"><v>9</v></c></row>\r\n\
        <row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> a &lt;b&gt; &quot;c&quot; &apos;d&apos; &amp;e </t></is></c>\
        <c r="B2" t="inlineStr"><is><r><t>x</t></r><r><rPr/><t>y</t></r><rPh><t>z</t></rPh></is></c>\
        <c r="C2" t="inlineStr"><is><t>line\r\none\rtwo&#13;&#10;three</t></is></c><c r="D2" t="inlineStr"><is><t>_x0041__x005F_</t></is></c></row>
        </sheetData></worksheet>
        """,
        // numbers, booleans, errors, str, formulas (shared ones), self-closing cells and rows, gaps
        """
        <worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c></row><row r="2"/><row r="3">\
        <c r="A3"><v>007</v></c><c r="B3"><v>-0</v></c><c r="C3"><v>1e3</v></c><c r="D3"><v>0.5</v></c><c r="E3"><v>123456789012345678</v></c>\
        </row><row r="5"><c r="A5" t="b"><v>1</v></c><c r="B5" t="b"><v>0</v></c><c r="C5" t="e"><v>#N/A</v></c><c r="D5" t="str"><v> s </v></c>\
        <c r="E5"/><c r="F5" t="n"><v> 42 </v></c></row><row r="6"><c r="A6"><f t="shared" ref="A6:A7" si="0">B6&amp;" "</f><v>x</v></c>\
        <c r="B6"><f>HYPERLINK("a,b")</f><v>0</v></c></row><row r="7"><c r="A7"><f t="shared" si="0"/><v>y</v></c><c><v>next</v></c>\
        <c r="AA7" t="inlineStr"><is><t>far</t></is></c></row></sheetData></worksheet>
        """,
        // attribute forms, comments, processing instructions, CDATA, a row without r, cells without r
        """
        <worksheet ><!-- a comment --><?pi data?><sheetData ><row r = '1' ><c r='A1' t = "inlineStr" s="0"><is><t>h1</t></is></c>\
        <c r="B1" t="inlineStr"><is><t>h2</t></is></c><c r="C1" t="inlineStr"><is><t>h3</t></is></c></row>\
        <row><c t="inlineStr"><is><t>a<!-- inside -->b<![CDATA[ <c> ]]>c</t></is></c><c t="inlineStr"><is><t>d,e</t></is></c></row>\
        <row r="&#52;"><c r="&#66;4" t="inlineStr"><is><t>q"q</t></is></c></row>\n\
        <row r="5"><c r="a5" t="inlineStr"><is><t>lower</t></is></c></row></sheetData><mergeCells count="0"/></worksheet>\n<!-- after -->\n
        """,
        // prefixed elements inside an unprefixed sheetData: not cells, as before
        """
        <worksheet xmlns:x="urn:x"><sheetData><row r="1"><c r="A1"><v>1</v></c></row><x:row r="2"><x:c r="A2"><x:v>2</x:v></x:c></x:row>\
        <row r="3"><x:c r="A3"><v>3</v></x:c></row></sheetData></worksheet>
        """,
        // dates by style
        """
        <worksheet><sheetData><row r="1"><c r="A1" s="1"><v>45386.5</v></c><c r="B1" s="2"><v>0.75</v></c><c r="C1" s="0"><v>45386</v></c>\
        <c r="D1" s="1"><v>45386</v></c><c r="E1" s="1"><v>text</v></c></row></sheetData></worksheet>
        """,
    ]

    static let styles = XLSXParts.DateStyles(styles: Data("""
        <styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="hh:mm"/></numFmts>\
        <cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>
        """.utf8))

    @Test("entities, references, line ends, rich text, formulas, numbers, prefixes, comments: the same text in pieces of any size",
          arguments: sheets.indices)
    func syntax(index: Int) throws {
        let sheet = Self.sheets[index]
        let expected = try #require(Self.oracle(sheet, shared: Self.sharedXML, styles: Self.styles))
        for size in [1, 2, 3, 4, 7, 11, 100, 1 << 20] {
            let text = Self.scanned(sheet, shared: Self.sharedXML, styles: Self.styles, size: size)
            #expect(text.map { String(decoding: $0, as: UTF8.self) } == String(decoding: expected, as: UTF8.self), "sheet \(index), pieces of \(size)")
        }
    }

    /// Malformed sheets.
    static let malformed: [String] = [
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet><worksheet/>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a &nbsp; b</t></is></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>a & b</t></is></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&#0;</t></is></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r=1><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A<1\"><v>1</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"t=\"n\"><v>1</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet>trailing",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row></sheetData></worksheet",
        "<!DOCTYPE w [<!ENTITY a \"b\">]><worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"str\"><v>&a;&a;</v></c></row></sheetData></worksheet>",
        "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c><1></row></sheetData></worksheet>",
        "",
        // no sheetData end: a sheet whose every element has a prefix
        "<x:worksheet xmlns:x=\"urn:x\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>",
    ]

    /// The malformed sheets that Foundation's XMLParser on Linux let through (it reports no
    /// error for a closing tag that closes the wrong element, a missing end, a second root, text
    /// after the root, or an internal DTD): the scanner refuses them too, on purpose — a workbook
    /// writer never produces them, and a sheet that has them is damaged.
    static let laxBefore: Set<Int> = [0, 1, 2, 9, 11]

    @Test("malformed XML is refused with a located xlsx-invalid error, never a crash (by the XMLParser path too, but for five it let through)",
          arguments: malformed.indices)
    func refused(index: Int) throws {
        let sheet = Self.malformed[index]
        #expect((Self.oracle(sheet) == nil) == !Self.laxBefore.contains(index), "sheet \(index): the XMLParser path changed")
        for size in [1, 3, 1 << 20] {
            do {
                _ = try XLSXReader.csv(sheet: Data(sheet.utf8), shared: nil, styles: .init(), date1904: false, file: "t.xlsx", pieceSize: size)
                Issue.record("sheet \(index) was read in pieces of \(size)")
            } catch {
                #expect(error.diagnostics.map(\.code) == ["xlsx-invalid"])
                #expect(error.diagnostics[0].message.hasPrefix("the sheet of 't.xlsx' cannot be read: its XML "), "\(error.diagnostics[0].message)")
            }
        }
    }

    @Test("a malformed sheet's error names the line and column of its XML and the last row read")
    func located() throws {
        let sheet = "<worksheet>\n<sheetData><row r=\"1\"><c r=\"A1\"><v>1</v></c></row>\n<row r=\"2\"><c r=\"A2\"><v>2</v></row></sheetData></worksheet>"
        for size in [1, 5, 1 << 20] {
            do {
                _ = try XLSXReader.csv(sheet: Data(sheet.utf8), shared: nil, styles: .init(), date1904: false, file: "t.xlsx", pieceSize: size)
                Issue.record("read")
            } catch {
                let d = error.diagnostics[0]
                #expect(d.message.hasPrefix("the sheet of 't.xlsx' cannot be read: its XML is malformed at line 3, column 30 (</row> closes <c>), reading row 2;"), "\(d.message)")
                #expect(d.location?.line == 2)
            }
        }
    }

    @Test("byte helpers: Int(text) and cell columns as the String forms give them")
    func helpers() {
        for t in ["12", "+12", "-3", "", "+", "1 ", "99999999999999999999", "-9223372036854775808", "9223372036854775807", "0x1", "١٢"] {
            let bytes = Array(t.utf8)
            #expect(bytes.withUnsafeBufferPointer(SheetToCSV.integer) == Int(t), "\(t)")
        }
        for r in ["D12", "aa3", "XFD1048576", "12", "", "Z"] {
            #expect(Array(r.utf8).withUnsafeBufferPointer(SheetToCSV.column(of:)) == CellReference.column(of: r))
        }
    }

    @Test("CRC-32 as ZIP checks it: the standard check value, and the same in any split")
    func crc() {
        let bytes = Array("123456789".utf8)
        #expect(bytes.withUnsafeBytes { ZipCRC32.update(0, $0) } == 0xCBF4_3926)
        let long = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = long.withUnsafeBytes { ZipCRC32.update(0, $0) }
        for cut in [1, 7, 8, 9, 500, 999] {
            let a = long[..<cut].withUnsafeBytes { ZipCRC32.update(0, $0) }
            #expect(long[cut...].withUnsafeBytes { ZipCRC32.update(a, $0) } == whole)
        }
    }
}
