import Diagnostics
import Foundation

/// What a workbook part's XML turns into: start and end tags (names as written, prefix and all,
/// as `XMLParser` reports them without namespace processing) and character data, entities
/// decoded and line ends normalised. A self-closing tag gives a start and an end.
protocol XMLEventHandler {
    mutating func start(_ name: XMLName, _ attributes: XMLAttributes) throws(DiagnosticError)
    mutating func end(_ name: XMLName) throws(DiagnosticError)
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>)
}

/// An element's name: bytes of the scanner's buffer, valid during the call.
struct XMLName {
    let bytes: UnsafeBufferPointer<UInt8>

    @inline(__always) func `is`(_ s: StaticString) -> Bool {
        bytes.count == s.utf8CodeUnitCount && memcmp(bytes.baseAddress!, s.utf8Start, bytes.count) == 0
    }
}

/// Where an attribute's name and value lie in the buffer.
struct XMLAttributeSpan {
    var name: Int, nameEnd: Int, value: Int, valueEnd: Int
    /// True when the value holds `&`, a tab or a line end: it needs decoding.
    var raw: Bool
}

/// A start tag's attributes, valid during the call.
struct XMLAttributes {
    let base: UnsafePointer<UInt8>
    let spans: UnsafeBufferPointer<XMLAttributeSpan>

    /// The value of attribute `name` (the qualified name, `r`, `t`), decoded; `nil` when absent.
    @inline(__always) func withValue<R>(_ name: StaticString, _ body: (UnsafeBufferPointer<UInt8>?) -> R) -> R {
        let n = name.utf8CodeUnitCount
        for s in spans where s.nameEnd - s.name == n && memcmp(base + s.name, name.utf8Start, n) == 0 {
            let value = UnsafeBufferPointer(start: base + s.value, count: s.valueEnd - s.value)
            if !s.raw { return body(value) }
            var decoded: [UInt8] = []
            _ = XMLText.decode(value, attribute: true, into: &decoded)
            return decoded.withUnsafeBufferPointer { body($0) }
        }
        return body(nil)
    }
}

/// Why a scan stopped: the XML is not well-formed (a message and where, in the part's lines),
/// or the handler stopped it.
enum XMLScanFailure: Error {
    case malformed(String, line: Int, column: Int)
    case stopped(DiagnosticError)
}

/// Entity and line-end decoding of character data and attribute values.
enum XMLText {
    /// Appends `raw` decoded (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;`, `&#N;`, `&#xH;`; CR LF and
    /// lone CR as LF; in attributes, tab and line ends as spaces) to `out`.
    /// - Returns: what is wrong with an entity, or `nil`.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, attribute: Bool, into out: inout [UInt8]) -> String? {
        var i = 0
        let n = raw.count
        while i < n {
            let b = raw[i]
            switch b {
            case 13:
                out.append(attribute ? 32 : 10)
                if i + 1 < n, raw[i + 1] == 10 { i += 1 }
                i += 1
            case 9, 10:
                out.append(attribute ? 32 : b)
                i += 1
            case 38:  // &
                var j = i + 1
                while j < n, raw[j] != 59, j - i < 12 { j += 1 }
                guard j < n, raw[j] == 59 else { return "an '&' that starts no entity (write it as &amp;)" }
                let name = UnsafeBufferPointer(rebasing: raw[(i + 1)..<j])
                if let c = named(name) {
                    out.append(c)
                } else if name.first == 35 {  // #
                    guard let v = number(UnsafeBufferPointer(rebasing: name.dropFirst())), let scalar = Unicode.Scalar(v),
                          v == 9 || v == 10 || v == 13 || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF) else {
                        return "a character reference '&\(String(decoding: name, as: UTF8.self));' that is no XML character"
                    }
                    out.append(contentsOf: String(scalar).utf8)
                } else {
                    return "an unknown entity '&\(String(decoding: name, as: UTF8.self));'"
                }
                i = j + 1
            default:
                out.append(b)
                i += 1
            }
        }
        return nil
    }

    private static func named(_ n: UnsafeBufferPointer<UInt8>) -> UInt8? {
        switch n.count {
        case 2 where n[1] == 116 && n[0] == 108: return 60  // lt
        case 2 where n[1] == 116 && n[0] == 103: return 62  // gt
        case 3 where n[0] == 97 && n[1] == 109 && n[2] == 112: return 38  // amp
        case 4 where n.elementsEqual("quot".utf8): return 34
        case 4 where n.elementsEqual("apos".utf8): return 39
        default: return nil
        }
    }

    private static func number(_ d: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard !d.isEmpty else { return nil }
        var v: UInt32 = 0
        if d[0] == 120 {  // x
            guard d.count > 1, d.count <= 7 else { return nil }
            for c in d.dropFirst() {
                let h: UInt8
                switch c {
                case 48...57: h = c - 48
                case 65...70: h = c - 55
                case 97...102: h = c - 87
                default: return nil
                }
                v = v * 16 + UInt32(h)
            }
        } else {
            guard d.count <= 8 else { return nil }
            for c in d {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + UInt32(c - 48)
            }
        }
        return v
    }
}

/// A byte-level scanner for the XML of a workbook part, fed the inflated bytes piece by piece
/// (a tag or a text may straddle pieces: the unfinished token is kept for the next piece), in
/// place of `XMLParser`, whose per-event strings, attribute dictionaries and delegate calls were
/// nine tenths of reading a large sheet. It checks what makes XML well-formed for a workbook —
/// tags nest and match, attributes are quoted, entities are the five predefined ones or
/// character references, nothing follows the root but comments — and refuses a DTD (no
/// workbook has one; it is how entity bombs come). Comments and processing instructions are
/// skipped; CDATA sections are skipped as `XMLParser`'s delegate here skipped them.
struct XMLByteScanner<Handler: XMLEventHandler> {
    var handler: Handler

    /// A value type, so that the scanning loop's accesses are checked when compiled rather
    /// than at run time (a class's stored properties cost a dynamic exclusivity check each,
    /// which was a sixth of the time); `owner` frees the buffers.
    private var buffer: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    private var count = 0
    /// Lines and the start of the current line, counted over bytes already dropped.
    private var line = 1
    private var lineStart = 0
    private var dropped = 0
    /// The open elements' names, one after the other, and where each starts.
    private var names: [UInt8] = []
    private var nameStarts: [Int] = []
    private var rootSeen = false
    private var spans: UnsafeMutablePointer<XMLAttributeSpan>
    private var spanCapacity = 16
    private var text: [UInt8] = []
    private let owner: Owner

    /// Frees the buffers when the last copy of the scanner goes.
    final class Owner {
        var buffer: UnsafeMutablePointer<UInt8>
        var spans: UnsafeMutablePointer<XMLAttributeSpan>
        init(_ buffer: UnsafeMutablePointer<UInt8>, _ spans: UnsafeMutablePointer<XMLAttributeSpan>) {
            self.buffer = buffer
            self.spans = spans
        }
        deinit {
            buffer.deallocate()
            spans.deallocate()
        }
    }

    init(_ handler: Handler) {
        self.handler = handler
        capacity = 1 << 17
        buffer = .allocate(capacity: capacity)
        spans = .allocate(capacity: spanCapacity)
        owner = Owner(buffer, spans)
    }

    /// Scans a piece; what is left unfinished waits for the next.
    mutating func feed(_ piece: UnsafeRawBufferPointer) throws(XMLScanFailure) {
        if count + piece.count > capacity {
            let grown = max(capacity * 2, count + piece.count)
            let b = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
            b.update(from: buffer, count: count)
            buffer.deallocate()
            buffer = b
            owner.buffer = b
            capacity = grown
        }
        if let p = piece.baseAddress { (buffer + count).update(from: p.assumingMemoryBound(to: UInt8.self), count: piece.count) }
        count += piece.count
        let used = try scan(final: false)
        drop(used)
    }

    /// Ends the part: what is left must be complete and every element closed.
    mutating func finish() throws(XMLScanFailure) {
        let used = try scan(final: true)
        drop(used)
        if !nameStarts.isEmpty {
            throw failure("the XML ends with <\(String(decoding: names[nameStarts.last!...], as: UTF8.self))> still open", at: 0)
        }
        if !rootSeen { throw failure("the XML has no element", at: 0) }
    }

    private mutating func drop(_ used: Int) {
        guard used > 0 else { return }
        var k = 0
        while k < used, let hit = memchr(buffer + k, 10, used - k) {
            k = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
            line += 1
            lineStart = dropped + k
        }
        dropped += used
        memmove(buffer, buffer + used, count - used)
        count -= used
    }

    private func failure(_ message: String, at k: Int) -> XMLScanFailure {
        var l = line, start = lineStart
        for j in 0..<min(k, count) where buffer[j] == 10 {
            l += 1
            start = dropped + j + 1
        }
        return .malformed(message, line: l, column: dropped + k - start + 1)
    }

    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 10 || b == 9 || b == 13 }
    /// Ends a name: space, `/`, `>`, `=`, and bytes no name may hold.
    @inline(__always) private static func endsName(_ b: UInt8) -> Bool {
        b == 32 || b == 62 || b == 47 || b == 61 || b == 10 || b == 9 || b == 13 || b == 60 || b == 34 || b == 39 || b == 38
    }
    @inline(__always) private static func startsName(_ b: UInt8) -> Bool {
        !(b >= 48 && b <= 57) && b != 45 && b != 46 && !endsName(b)
    }

    /// Finds `needle` (2 or 3 bytes) from `i`; `nil` when not in the buffer yet.
    private func find(_ needle: StaticString, from i: Int) -> Int? {
        let n = needle.utf8CodeUnitCount
        var j = i
        while j + n <= count {
            guard let hit = memchr(buffer + j, Int32(needle.utf8Start[0]), count - j) else { return nil }
            j = buffer.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            if j + n > count { return nil }
            if memcmp(buffer + j, needle.utf8Start, n) == 0 { return j }
            j += 1
        }
        return nil
    }

    private func starts(_ s: StaticString, at i: Int) -> Bool? {
        let n = s.utf8CodeUnitCount
        let have = min(n, count - i)
        if memcmp(buffer + i, s.utf8Start, have) != 0 { return false }
        return have == n ? true : nil
    }

    /// Scans complete tokens; returns how many bytes were used. At the end (`final`), an
    /// unfinished token is an error.
    private mutating func scan(final: Bool) throws(XMLScanFailure) -> Int {
        let p = buffer
        let n = count
        var i = 0
        while i < n {
            if p[i] != 60 {  // text up to the next '<'
                guard let hit = memchr(p + i, 60, n - i) else {
                    if !final { return i }
                    try characters(i, n)
                    return n
                }
                let lt = p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                try characters(i, lt)
                i = lt
                continue
            }
            guard i + 1 < n else { return try incomplete(i, final) }
            switch p[i + 1] {
            case 47:  // </name>
                var j = i + 2
                while j < n, !Self.endsName(p[j]) { j += 1 }
                let nameEnd = j
                while j < n, Self.isSpace(p[j]) { j += 1 }
                guard j < n else { return try incomplete(i, final) }
                guard p[j] == 62 else { throw failure("expected '>' to end the closing tag", at: j) }
                guard let top = nameStarts.last else { throw failure("a closing tag with no element open", at: i) }
                let len = nameEnd - (i + 2)
                guard len == names.count - top, names.withUnsafeBufferPointer({ memcmp($0.baseAddress! + top, p + i + 2, len) == 0 }) else {
                    throw failure("</\(String(decoding: UnsafeBufferPointer(start: p + i + 2, count: len), as: UTF8.self))> closes <\(String(decoding: names[top...], as: UTF8.self))>", at: i)
                }
                do { try handler.end(XMLName(bytes: UnsafeBufferPointer(start: p + i + 2, count: len))) } catch { throw .stopped(error) }
                names.removeSubrange(top...)
                nameStarts.removeLast()
                i = j + 1
            case 63:  // <? ... ?>
                guard let e = find("?>", from: i + 2) else { return try incomplete(i, final) }
                i = e + 2
            case 33:  // <!-- -->, <![CDATA[ ]]>, <!DOCTYPE
                guard let comment = starts("<!--", at: i) else { return try incomplete(i, final) }
                if comment {
                    guard let e = find("-->", from: i + 4) else { return try incomplete(i, final) }
                    i = e + 3
                    continue
                }
                guard let cdata = starts("<![CDATA[", at: i) else { return try incomplete(i, final) }
                if cdata {
                    guard !nameStarts.isEmpty else { throw failure("a CDATA section outside the root element", at: i) }
                    guard let e = find("]]>", from: i + 9) else { return try incomplete(i, final) }
                    i = e + 3
                    continue
                }
                throw failure("a document type declaration (DTD), which workbooks never hold", at: i)
            default:
                i = try startTag(i, final: final)
                if i < 0 { return try incomplete(-i - 1, final) }
            }
        }
        return n
    }

    private func incomplete(_ at: Int, _ final: Bool) throws(XMLScanFailure) -> Int {
        if final { throw failure("the XML ends inside a tag", at: at) }
        return at
    }

    /// Character data from `a` to `b`: outside the root only white space may stand.
    @inline(__always) private mutating func characters(_ a: Int, _ b: Int) throws(XMLScanFailure) {
        let p = buffer
        if nameStarts.isEmpty {
            var a = a
            if dropped + a == 0, b - a >= 3, p[a] == 0xEF, p[a + 1] == 0xBB, p[a + 2] == 0xBF { a += 3 }  // a byte order mark
            for k in a..<b where !Self.isSpace(p[k]) { throw failure("text outside the root element", at: k) }
            return
        }
        var plain = true
        for k in a..<b where p[k] == 38 || p[k] == 13 { plain = false; break }
        if plain {
            handler.text(UnsafeBufferPointer(start: p + a, count: b - a))
            return
        }
        text.removeAll(keepingCapacity: true)
        if let why = XMLText.decode(UnsafeBufferPointer(start: p + a, count: b - a), attribute: false, into: &text) {
            throw failure(why, at: a)
        }
        let decoded = text
        decoded.withUnsafeBufferPointer { handler.text($0) }
    }

    /// A start tag at `i`; returns the index after it, or `-i - 1` when it is not all in the buffer.
    private mutating func startTag(_ i: Int, final: Bool) throws(XMLScanFailure) -> Int {
        let p = buffer
        let n = count
        var j = i + 1
        guard Self.startsName(p[j]) else { throw failure("'<' that starts no tag (write it as &lt;)", at: i) }
        while j < n, !Self.endsName(p[j]) { j += 1 }
        let nameEnd = j
        var attributes = 0
        var selfClosing = false
        while true {
            let before = j
            while j < n, Self.isSpace(p[j]) { j += 1 }
            guard j < n else { return -i - 1 }
            if p[j] == 62 { j += 1; break }
            if p[j] == 47 {
                guard j + 1 < n else { return -i - 1 }
                guard p[j + 1] == 62 else { throw failure("expected '>' after '/'", at: j + 1) }
                j += 2
                selfClosing = true
                break
            }
            guard j > before, Self.startsName(p[j]) else { throw failure("expected an attribute or '>'", at: j) }
            let a = j
            while j < n, !Self.endsName(p[j]) { j += 1 }
            let aEnd = j
            while j < n, Self.isSpace(p[j]) { j += 1 }
            guard j < n else { return -i - 1 }
            guard p[j] == 61 else { throw failure("expected '=' after an attribute's name", at: j) }
            j += 1
            while j < n, Self.isSpace(p[j]) { j += 1 }
            guard j < n else { return -i - 1 }
            let quote = p[j]
            guard quote == 34 || quote == 39 else { throw failure("an attribute's value not in quotes", at: j) }
            let v = j + 1
            guard let hit = memchr(p + v, Int32(quote), n - v) else { return -i - 1 }
            let vEnd = p.distance(to: hit.assumingMemoryBound(to: UInt8.self))
            var raw = false
            for k in v..<vEnd {
                let b = p[k]
                if b == 60 { throw failure("'<' in an attribute's value", at: k) }
                if b == 38 || b == 9 || b == 10 || b == 13 { raw = true }
            }
            if raw {
                var scratch: [UInt8] = []
                if let why = XMLText.decode(UnsafeBufferPointer(start: p + v, count: vEnd - v), attribute: true, into: &scratch) {
                    throw failure(why, at: v)
                }
            }
            if attributes == spanCapacity {
                let grown = UnsafeMutablePointer<XMLAttributeSpan>.allocate(capacity: spanCapacity * 2)
                grown.moveInitialize(from: spans, count: attributes)
                spans.deallocate()
                spans = grown
                owner.spans = grown
                spanCapacity *= 2
            }
            (spans + attributes).initialize(to: XMLAttributeSpan(name: a, nameEnd: aEnd, value: v, valueEnd: vEnd, raw: raw))
            attributes += 1
            j = vEnd + 1
        }
        if nameStarts.isEmpty {
            if rootSeen { throw failure("a second root element", at: i) }
            rootSeen = true
        }
        let name = XMLName(bytes: UnsafeBufferPointer(start: p + i + 1, count: nameEnd - i - 1))
        do {
            try handler.start(name, XMLAttributes(base: p, spans: UnsafeBufferPointer(start: spans, count: attributes)))
            if selfClosing { try handler.end(name) }
        } catch { throw .stopped(error) }
        if !selfClosing {
            nameStarts.append(names.count)
            names.append(contentsOf: name.bytes)
        }
        return j
    }
}
