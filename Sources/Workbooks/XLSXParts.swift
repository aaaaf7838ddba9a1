import Foundation
import Registrations
#if canImport(FoundationXML)
import FoundationXML
#endif

/// The small parts of a workbook, each parsed whole: the sheet list, relationships, number
/// formats (which cells are dates) and the shared strings.
enum XLSXParts {
    /// A sheet of `xl/workbook.xml`: its name and relationship id.
    struct Sheet { var name: String; var relationship: String }

    /// Collects the elements named in `wanted` with their attributes, in order.
    final class Elements: NSObject, XMLParserDelegate {
        let wanted: Set<String>
        var found: [(name: String, attributes: [String: String])] = []
        init(_ wanted: Set<String>) { self.wanted = wanted }
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            let local = name.split(separator: ":").last.map(String.init) ?? name
            if wanted.contains(local) { found.append((local, attributes)) }
        }
    }

    static func elements(_ data: Data, _ wanted: Set<String>) -> [(name: String, attributes: [String: String])]? {
        let parser = XMLParser(data: data)
        let collector = Elements(wanted)
        parser.delegate = collector
        return parser.parse() ? collector.found : nil
    }

    /// Attribute `name` whatever its namespace prefix (`r:id`).
    static func attribute(_ a: [String: String], _ name: String) -> String? {
        a[name] ?? a.first { $0.key.hasSuffix(":" + name) }?.value
    }

    /// Which cell styles (`s` attribute, an index into `cellXfs`) show a number as a date, and
    /// which of those show a time of day only.
    struct DateStyles {
        var date: Set<Int> = []
        var timeOnly: Set<Int> = []

        init() {}

        init(styles data: Data) {
            let parser = XMLParser(data: data)
            let collector = StyleCollector()
            parser.delegate = collector
            guard parser.parse() else { return }
            for (i, id) in collector.xfFormats.enumerated() {
                let code = collector.formats[id]
                let kind = code.map(Self.kind(of:)) ?? Self.builtIn(id)
                if kind != .number { date.insert(i) }
                if kind == .time { timeOnly.insert(i) }
            }
        }

        enum Kind { case number, date, time }

        /// Excel's built-in number formats that show dates (14-22, 27-36, 45-47, 50-58).
        static func builtIn(_ id: Int) -> Kind {
            switch id {
            case 18...21, 45...47: return .time
            case 14...17, 22, 27...36, 50...58: return .date
            default: return .number
            }
        }

        /// A custom format code is a date when, outside quotes, brackets and escapes, it has
        /// `y` or `d`, a time when it has only `h` and `s`.
        static func kind(of code: String) -> Kind {
            var plain = "", quoted = false, bracket = false, escape = false
            for ch in code.lowercased() {
                if escape { escape = false; continue }
                switch ch {
                case "\\": escape = true
                case "\"": quoted.toggle()
                case "[": if !quoted { bracket = true }
                case "]": if !quoted { bracket = false }
                default: if !quoted, !bracket { plain.append(ch) }
                }
            }
            if plain.contains("y") || plain.contains("d") { return .date }
            if plain.contains("h") || plain.contains("s") { return .time }
            return .number
        }
    }

    final class StyleCollector: NSObject, XMLParserDelegate {
        var formats: [Int: String] = [:]
        var xfFormats: [Int] = []
        private var inCellXfs = false
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            switch name {
            case "numFmt":
                if let id = attributes["numFmtId"].flatMap({ Int($0) }), let code = attributes["formatCode"] { formats[id] = code }
            case "cellXfs": inCellXfs = true
            case "xf": if inCellXfs { xfFormats.append(attributes["numFmtId"].flatMap { Int($0) } ?? 0) }
            default: break
            }
        }
        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            if name == "cellXfs" { inCellXfs = false }
        }
    }

    /// The shared strings, kept as one UTF-8 buffer and end offsets (a million unique strings
    /// cost their bytes and 8 bytes each, not a `String` each).
    final class SharedStrings {
        private(set) var bytes: [UInt8] = []
        private(set) var ends: [Int] = []

        var count: Int { ends.count }

        /// String `i` as UTF-8 bytes.
        func withString<R>(_ i: Int, _ body: (ArraySlice<UInt8>) -> R) -> R {
            body(bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
        }

        /// Appends string `i` to `out`.
        func append(_ i: Int, to out: inout ByteBuffer) {
            out.append(bytes[(i == 0 ? 0 : ends[i - 1])..<ends[i]])
        }

        func add(_ text: UnsafeBufferPointer<UInt8>) {
            if SheetToCSV.hasEscape(text) {
                bytes.append(contentsOf: ExcelEscape.decode(String(decoding: text, as: UTF8.self)).utf8)
            } else {
                bytes.append(contentsOf: text)
            }
            ends.append(bytes.count)
        }
    }

    /// Reads `sharedStrings.xml` (``XMLByteScanner`` events) into a ``SharedStrings``: each
    /// `<si>`'s `<t>` texts joined (rich-text runs), the phonetic hints (`<rPh>`) left out.
    struct SharedStringsReader: XMLEventHandler {
        let table: SharedStrings
        private var inItem = false, inText = false, phonetic = 0
        private var text = ByteBuffer()
        /// True once `</sst>` was read.
        private(set) var complete = false

        init(_ table: SharedStrings) { self.table = table }

        mutating func start(_ name: XMLName, _ attributes: XMLAttributes) {
            if name.is("si") {
                inItem = true
                text.removeAll()
            } else if name.is("t") {
                inText = inItem && phonetic == 0
            } else if name.is("rPh") {
                phonetic += 1
            }
        }

        mutating func end(_ name: XMLName) {
            if name.is("si") {
                table.add(text.bytes)
                inItem = false
            } else if name.is("t") {
                inText = false
            } else if name.is("rPh") {
                phonetic -= 1
            } else if name.is("sst") {
                complete = true
            }
        }

        mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) {
            if inText { text.append(bytes) }
        }
    }
}
