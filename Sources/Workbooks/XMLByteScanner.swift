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
        bytes.count == s.utf8CodeUnitCount && XMLByteSets.equal(bytes.baseAddress!, s.utf8Start, bytes.count)
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
        for s in spans where s.nameEnd - s.name == n && XMLByteSets.equal(base + s.name, name.utf8Start, n) {
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

/// Sets of bytes below 64 as bit masks: a test is one shift, not a comparison per byte of the set.
enum XMLByteSets {
    @inline(__always) static func among(_ b: UInt8, _ set: UInt64) -> Bool { b < 64 && (set >> UInt64(b)) & 1 != 0 }
    static let spaces: UInt64 = 1 << 32 | 1 << 10 | 1 << 9 | 1 << 13
    static let nameEnds: UInt64 = spaces | 1 << 62 | 1 << 47 | 1 << 61 | 1 << 60 | 1 << 34 | 1 << 39 | 1 << 38
    /// In an attribute's value: `<` (refused), and `&`, tab and line ends (decoded).
    static let valueSpecial: UInt64 = 1 << 60 | 1 << 38 | 1 << 9 | 1 << 10 | 1 << 13
    /// `memcmp(a, b, n) == 0` without a call, for names and attributes a few bytes long.
    @inline(__always) static func equal(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        if n > 16 { return memcmp(a, b, n) == 0 }
        for k in 0..<n where a[k] != b[k] { return false }
        return true
    }

    /// Whether `p[0..<n]` holds byte `a`, `b`, `c` or `d`: eight bytes a step (a word holds
    /// one of them when the word XOR the byte repeated has a zero byte).
    @inline(__always) static func contains(_ p: UnsafePointer<UInt8>, _ n: Int, _ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) -> Bool {
        @inline(__always) func spread(_ x: UInt8) -> UInt64 { 0x0101_0101_0101_0101 &* UInt64(x) }
        @inline(__always) func zero(_ v: UInt64) -> Bool { (v &- 0x0101_0101_0101_0101) & ~v & 0x8080_8080_8080_8080 != 0 }
        let (sa, sb, sc, sd) = (spread(a), spread(b), spread(c), spread(d))
        var i = 0
        while i + 8 <= n {
            let v = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
            if zero(v ^ sa) || zero(v ^ sb) || zero(v ^ sc) || zero(v ^ sd) { return true }
            i += 8
        }
        while i < n {
            let x = p[i]
            if x == a || x == b || x == c || x == d { return true }
            i += 1
        }
        return false
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
    /// The open elements' names, one after the other, and where each starts (`depth` of them):
    /// unsafe buffers, as a push and a pop per element through arrays were a tenth of the scan.
    private var names: UnsafeMutablePointer<UInt8>
    private var namesCount = 0
    private var namesCapacity = 256
    private var starts: UnsafeMutablePointer<Int>
    private var depth = 0
    private var startsCapacity = 64
    private var rootSeen = false
    private var spans: UnsafeMutablePointer<XMLAttributeSpan>
    private var spanCapacity = 16
    private var text: [UInt8] = []
    private let owner: Owner

    /// Frees the buffers when the last copy of the scanner goes.
    final class Owner {
        var buffer: UnsafeMutablePointer<UInt8>
        var spans: UnsafeMutablePointer<XMLAttributeSpan>
        var names: UnsafeMutablePointer<UInt8>
        var starts: UnsafeMutablePointer<Int>
        init(_ buffer: UnsafeMutablePointer<UInt8>, _ spans: UnsafeMutablePointer<XMLAttributeSpan>,
             _ names: UnsafeMutablePointer<UInt8>, _ starts: UnsafeMutablePointer<Int>) {
            self.buffer = buffer
            self.spans = spans
            self.names = names
            self.starts = starts
        }
        deinit {
            buffer.deallocate()
            spans.deallocate()
            names.deallocate()
            starts.deallocate()
        }
    }

    init(_ handler: Handler) {
        self.handler = handler
        capacity = 1 << 17
        buffer = .allocate(capacity: capacity)
        spans = .allocate(capacity: spanCapacity)
        names = .allocate(capacity: namesCapacity)
        starts = .allocate(capacity: startsCapacity)
        owner = Owner(buffer, spans, names, starts)
    }

    /// The innermost open element's name.
    private var top: UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: names + starts[depth - 1], count: namesCount - starts[depth - 1])
    }

    /// Opens an element (its name is never empty).
    private mutating func push(_ name: UnsafeBufferPointer<UInt8>) {
        if namesCount + name.count > namesCapacity {
            let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(namesCapacity * 2, namesCount + name.count))
            grown.update(from: names, count: namesCount)
            names.deallocate()
            names = grown
            owner.names = grown
            namesCapacity = max(namesCapacity * 2, namesCount + name.count)
        }
        if depth == startsCapacity {
            let grown = UnsafeMutablePointer<Int>.allocate(capacity: startsCapacity * 2)
            grown.update(from: starts, count: depth)
            starts.deallocate()
            starts = grown
            owner.starts = grown
            startsCapacity *= 2
        }
        starts[depth] = namesCount
        depth += 1
        let from = name.baseAddress!, to = names + namesCount
        if name.count <= 8 {
            for k in 0..<name.count { to[k] = from[k] }  // element names are short: no call
        } else {
            to.update(from: from, count: name.count)
        }
        namesCount += name.count
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
        if depth > 0 {
            throw failure("the XML ends with <\(String(decoding: top, as: UTF8.self))> still open", at: 0)
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

    @inline(__always) private static func among(_ b: UInt8, _ set: UInt64) -> Bool { XMLByteSets.among(b, set) }
    @inline(__always) private static func isSpace(_ b: UInt8) -> Bool { among(b, XMLByteSets.spaces) }
    /// Ends a name: space, `/`, `>`, `=`, and bytes no name may hold.
    @inline(__always) private static func endsName(_ b: UInt8) -> Bool { among(b, XMLByteSets.nameEnds) }
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
            if p[i] != 60 {  // text up to the next '<': cell texts are short, so a few bytes are looked at before memchr
                var lt = i + 1
                let near = min(n, i + 16)
                while lt < near, p[lt] != 60 { lt += 1 }
                if lt == near, lt < n {
                    if let hit = memchr(p + lt, 60, n - lt) { lt = p.distance(to: hit.assumingMemoryBound(to: UInt8.self)) } else { lt = n }
                }
                if lt == n {
                    if !final { return i }
                    try characters(i, n)
                    return n
                }
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
                guard depth > 0 else { throw failure("a closing tag with no element open", at: i) }
                let len = nameEnd - (i + 2)
                let open = top
                guard len == open.count, XMLByteSets.equal(open.baseAddress!, p + i + 2, len) else {
                    throw failure("</\(String(decoding: UnsafeBufferPointer(start: p + i + 2, count: len), as: UTF8.self))> closes <\(String(decoding: open, as: UTF8.self))>", at: i)
                }
                do { try handler.end(XMLName(bytes: UnsafeBufferPointer(start: p + i + 2, count: len))) } catch { throw .stopped(error) }
                depth -= 1
                namesCount = starts[depth]
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
                    guard depth > 0 else { throw failure("a CDATA section outside the root element", at: i) }
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
        if depth == 0 {
            var a = a
            if dropped + a == 0, b - a >= 3, p[a] == 0xEF, p[a + 1] == 0xBB, p[a + 2] == 0xBF { a += 3 }  // a byte order mark
            for k in a..<b where !Self.isSpace(p[k]) { throw failure("text outside the root element", at: k) }
            return
        }
        if !XMLByteSets.contains(p + a, b - a, 38, 13, 38, 13) {
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
            // The value up to its closing quote, looked at once for the bytes that need decoding
            // (values are short: one loop, not memchr and a second pass).
            let v = j + 1
            var vEnd = v, raw = false, lt = -1
            while vEnd < n, p[vEnd] != quote {
                if Self.among(p[vEnd], XMLByteSets.valueSpecial) {
                    if p[vEnd] == 60, lt < 0 { lt = vEnd }
                    raw = true
                }
                vEnd += 1
            }
            guard vEnd < n else { return -i - 1 }
            if lt >= 0 { throw failure("'<' in an attribute's value", at: lt) }
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
        if depth == 0 {
            if rootSeen { throw failure("a second root element", at: i) }
            rootSeen = true
        }
        let name = XMLName(bytes: UnsafeBufferPointer(start: p + i + 1, count: nameEnd - i - 1))
        do {
            try handler.start(name, XMLAttributes(base: p, spans: UnsafeBufferPointer(start: spans, count: attributes)))
            if selfClosing { try handler.end(name) }
        } catch { throw .stopped(error) }
        if !selfClosing { push(name.bytes) }
        return j
    }
}
