/// One pass over the bytes of the text that proves, for an ordinary calendar, that ``RawScan``
/// and ``RawChecks`` would find nothing, and keeps only what reading with libical needs from the
/// text: the `BEGIN` line and the bytes of each child of a `VCALENDAR`, and the `TZID` of each
/// `VTIMEZONE`.
///
/// It builds no line table and no `String` per line, so ``ICalendarReader/parse(_:)`` can skip
/// the full scan when nothing needs locating. It is conservative: whatever it cannot prove clean
/// (a missing or stray `END`, text outside a component, a component name other than letters,
/// digits and `-`, a date-time it cannot vouch for, a quote or a non-ASCII byte in a property
/// name, a bare parameter, a `TZID` parameter with a non-ASCII byte, a NUL, a first line starting
/// with a space ...) makes ``init(_:)`` return nil, and the reader then runs the full scan, which
/// reports it exactly as before. Splitting lines and unfolding
/// follow ``RawScan`` byte for byte (LF ends a line, a CR before it is dropped, a line starting
/// with a space or tab continues the previous one); names and parameters follow
/// ``RawScan/contentLine(_:line:)``.
struct QuickScan {
    /// One `VCALENDAR` of the text.
    struct Calendar {
        /// Its direct children carry their name and `BEGIN` line only, plus the `TZID` content
        /// line for a `VTIMEZONE`; they have no properties or children of their own.
        var raw: RawComponent
        /// Its bytes in the text, from its `BEGIN` line through its `END` line (with its line end).
        var bytes: Range<Int>
        /// The bytes of each of `raw.children`, likewise.
        var childBytes: [Range<Int>]
    }

    /// The `VCALENDAR`s in text order.
    private(set) var calendars: [Calendar] = []
    /// The `TZID` parameter values that no `VTIMEZONE` of the text defines, sorted: each must be
    /// a known system zone, or ``RawChecks`` would report it.
    private(set) var undefinedZones: [String] = []

    /// Scans `text`; nil when the full scan must decide.
    init?(_ text: String) {
        var text = text
        text.makeContiguousUTF8()
        guard let scanned = text.utf8.withContiguousStorageIfAvailable({ bytes -> QuickScan? in
            var scanner = Scanner()
            return scanner.run(bytes) ? scanner.result() : nil
        }), let scanned else { return nil }
        self = scanned
    }

    private init() {}

    /// The state of one scan.
    private struct Scanner {
        /// Names of the open components, outermost first.
        var stack: [String] = []
        /// Whether the `VTIMEZONE` at that depth has had its `TZID` line.
        var zoneHasTZID: [Bool] = []
        var calendars: [Calendar] = []
        var root = Calendar(raw: RawComponent(name: "VCALENDAR", beginLine: 0), bytes: 0..<0, childBytes: [])
        var child = RawComponent(name: "", beginLine: 0)
        var childStart = 0
        var defined: Set<String> = []
        var used: Set<String> = []
        /// The last `TZID` parameter value added to `used`, to skip hashing repeats.
        var lastUsed = ""
        /// The unfolded bytes of the current line when it has continuation lines.
        var unfolded: [UInt8] = []
        /// The bytes of the current `TZID` parameter value (quotes removed).
        var tzid: [UInt8] = []

        func result() -> QuickScan {
            var out = QuickScan()
            out.calendars = calendars
            out.undefinedZones = used.subtracting(defined).sorted()
            return out
        }

        /// Scans every line; false as soon as something needs the full scan.
        mutating func run(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
            let n = b.count
            guard n > 0, b[0] != 0x20, b[0] != 0x09 else { return false }
            var i = 0
            var physical = 0
            while i < n {
                physical += 1
                let line = physical
                let end = QuickScan.lineEnd(b, from: i)
                // libical reads a C string: it would stop at a NUL, where the scans do not.
                guard end == n || b[end] != 0 else { return false }
                var next = end + 1
                if next < n, b[next] == 0x20 || b[next] == 0x09 {
                    unfolded.removeAll(keepingCapacity: true)
                    unfolded.append(contentsOf: UnsafeBufferPointer(rebasing: b[i..<QuickScan.contentEnd(b, i, end)]))
                    while next < n, b[next] == 0x20 || b[next] == 0x09 {
                        physical += 1
                        let e = QuickScan.lineEnd(b, from: next)
                        guard e == n || b[e] != 0 else { return false }
                        unfolded.append(contentsOf: UnsafeBufferPointer(rebasing: b[(next + 1)..<QuickScan.contentEnd(b, next + 1, e)]))
                        next = e + 1
                    }
                    let ok = unfolded.withUnsafeBufferPointer { process($0, line: line, bytes: i..<min(next, n)) }
                    guard ok else { return false }
                } else {
                    let content = UnsafeBufferPointer(rebasing: b[i..<QuickScan.contentEnd(b, i, end)])
                    guard process(content, line: line, bytes: i..<min(next, n)) else { return false }
                }
                i = next
            }
            return stack.isEmpty && !calendars.isEmpty
        }

        /// One unfolded content line, at `bytes` of the text (with its continuation lines and
        /// line ends); false when it needs the full scan.
        mutating func process(_ l: UnsafeBufferPointer<UInt8>, line: Int, bytes: Range<Int>) -> Bool {
            guard !l.isEmpty else { return true }
            // The header, as RawScan.contentLine splits it: name, then ;-separated parameters,
            // up to the first ':' outside double quotes.
            var j = 0
            var inName = true, quoted = false
            var nameEnd = 0, fieldStart = 0
            var parameters = 0
            var param = 0  // 0: no '=' yet in this parameter, 1: TZID, 2: another parameter
            var valueStart = l.count
            var colon = false
            func endField(at k: Int) -> Bool {
                if inName {
                    nameEnd = k
                    inName = false
                } else if param == 0 {
                    return false  // a parameter with no '=': a bare parameter or a trailing ';'
                } else if param == 1 {
                    guard recordTZID() else { return false }
                }
                param = 0
                fieldStart = k + 1
                return true
            }
            while j < l.count {
                let c = l[j]
                if quoted {
                    if c == 0x22 { quoted = false } else if param == 1 { tzid.append(c) }
                } else if c == 0x22 {
                    guard !inName, param != 0 else { return false }
                    quoted = true
                } else if c == 0x3B {  // ;
                    guard endField(at: j) else { return false }
                    parameters += 1
                } else if c == 0x3D, !inName, param == 0 {  // =
                    param = QuickScan.equalsUpper(l, fieldStart..<j, "TZID") ? 1 : 2
                    if param == 1 { tzid.removeAll(keepingCapacity: true) }
                    guard QuickScan.isPlainName(l, fieldStart..<j) else { return false }
                } else if c == 0x3A {  // :
                    guard endField(at: j) else { return false }
                    valueStart = j + 1
                    colon = true
                    break
                } else {
                    if inName, c >= 0x80 { return false }
                    if param == 1 { tzid.append(c) }
                }
                j += 1
            }
            if !colon {
                // No ':': the whole line is the name (and its parameters), the value is empty.
                guard endField(at: l.count) else { return false }
            }
            let name = 0..<nameEnd
            let value = UnsafeBufferPointer(rebasing: l[valueStart...])
            if QuickScan.equalsUpper(l, name, "BEGIN") {
                guard parameters == 0, let component = QuickScan.upperASCII(value) else { return false }
                return begin(component, line: line, at: bytes.lowerBound)
            }
            if QuickScan.equalsUpper(l, name, "END") {
                guard parameters == 0, let component = QuickScan.upperASCII(value), component == stack.last else { return false }
                return end(component, through: bytes.upperBound)
            }
            guard !stack.isEmpty else { return false }  // text outside any component
            if QuickScan.isTimeProperty(l, name) {
                guard QuickScan.timesArePossible(value) else { return false }
            }
            if stack.last == "VTIMEZONE", !zoneHasTZID[stack.count - 1], QuickScan.equalsUpper(l, name, "TZID") {
                zoneHasTZID[stack.count - 1] = true
                let id = String(decoding: value, as: UTF8.self)
                defined.insert(id)
                if stack.count == 2 {
                    child.properties.append(ContentLine(line: line, text: "TZID:" + id, name: "TZID", params: [], value: id))
                }
            }
            return true
        }

        /// Adds the current `TZID` parameter value to `used`; false when it is not ASCII.
        mutating func recordTZID() -> Bool {
            guard tzid.allSatisfy({ $0 < 0x80 }) else { return false }
            if !lastUsed.utf8.elementsEqual(tzid) {
                lastUsed = String(decoding: tzid, as: UTF8.self)
                used.insert(lastUsed)
            }
            return true
        }

        mutating func begin(_ component: String, line: Int, at offset: Int) -> Bool {
            // No component nests in one of its own name (RawScan reports a missing END). Names are
            // letters, digits and '-' (RFC 5545 iana-token and x-name), so that libical names the
            // component as the text does: it trims trailing white space such as U+001D, and the
            // events are told apart by their raw name.
            guard !component.isEmpty, !stack.contains(component),
                  component.utf8.allSatisfy({ ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D })
            else { return false }
            switch stack.count {
            case 0:
                guard component == "VCALENDAR" else { return false }
                root = Calendar(raw: RawComponent(name: component, beginLine: line), bytes: offset..<offset, childBytes: [])
            case 1:
                child = RawComponent(name: component, beginLine: line)
                childStart = offset
            default:
                break
            }
            stack.append(component)
            zoneHasTZID.append(false)
            return true
        }

        mutating func end(_ component: String, through offset: Int) -> Bool {
            stack.removeLast()
            zoneHasTZID.removeLast()
            switch stack.count {
            case 0:
                root.bytes = root.bytes.lowerBound..<offset
                calendars.append(root)
            case 1:
                root.raw.children.append(child)
                root.childBytes.append(childStart..<offset)
            default:
                break
            }
            return true
        }
    }

    // MARK: - Bytes

    /// The index of the LF ending the physical line that starts at `i` (or of a NUL before it),
    /// or the end of the text.
    static func lineEnd(_ b: UnsafeBufferPointer<UInt8>, from i: Int) -> Int {
        guard let base = b.baseAddress, i < b.count else { return b.count }
        let p = base + i, count = b.count - i
        let raw = UnsafeRawPointer(p)
        var k = 0
        // Eight bytes at a time: a word with no 0x0A and no 0x00 byte is skipped whole.
        while k + 8 <= count {
            let w = raw.loadUnaligned(fromByteOffset: k, as: UInt64.self)
            let lf = w ^ 0x0A0A_0A0A_0A0A_0A0A
            let found = ((lf &- 0x0101_0101_0101_0101) & ~lf) | ((w &- 0x0101_0101_0101_0101) & ~w)
            if found & 0x8080_8080_8080_8080 != 0 { break }
            k += 8
        }
        while k < count, p[k] != 0x0A, p[k] != 0 { k += 1 }
        return i + k
    }

    /// The end of a physical line's content: `end`, less one for a CR before the LF.
    static func contentEnd(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Int {
        end > start && b[end - 1] == 0x0D ? end - 1 : end
    }

    /// ASCII uppercase of a byte.
    @inline(__always) static func upper(_ c: UInt8) -> UInt8 { c >= 0x61 && c <= 0x7A ? c - 0x20 : c }

    /// Whether `l[r]`, uppercased, is `word` (an uppercase ASCII word).
    static func equalsUpper(_ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ word: StaticString) -> Bool {
        guard r.count == word.utf8CodeUnitCount else { return false }
        let w = word.utf8Start
        for k in 0..<r.count where upper(l[r.lowerBound + k]) != w[k] { return false }
        return true
    }

    /// Whether the bytes are ASCII (their uppercasing is then the same as `String.uppercased()`).
    static func isPlainName(_ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        for k in r where l[k] >= 0x80 { return false }
        return true
    }

    /// The ASCII bytes uppercased as a `String`, or nil when a byte is not ASCII.
    static func upperASCII(_ v: UnsafeBufferPointer<UInt8>) -> String? {
        guard v.allSatisfy({ $0 < 0x80 }) else { return nil }
        return String(unsafeUninitializedCapacity: v.count) { out in
            for k in 0..<v.count { out[k] = upper(v[k]) }
            return v.count
        }
    }

    /// Whether the name is one of ``RawChecks/timeProperties``.
    static func isTimeProperty(_ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        switch r.count {
        case 3: return equalsUpper(l, r, "DUE")
        case 5: return equalsUpper(l, r, "DTEND") || equalsUpper(l, r, "RDATE")
        case 6: return equalsUpper(l, r, "EXDATE")
        case 7: return equalsUpper(l, r, "DTSTART") || equalsUpper(l, r, "DTSTAMP") || equalsUpper(l, r, "CREATED")
        case 9: return equalsUpper(l, r, "COMPLETED")
        case 13: return equalsUpper(l, r, "RECURRENCE-ID") || equalsUpper(l, r, "LAST-MODIFIED")
        default: return false
        }
    }

    /// Whether ``RawChecks`` would accept every item of a DATE or DATE-TIME list value: the part
    /// before any `/` of each `,`-separated item (empty pieces skipped, as `split` does) is not an
    /// impossible date or time. False also for an item with a non-ASCII byte (left to the full scan).
    static func timesArePossible(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        var k = 0
        while k < v.count {
            var itemEnd = k
            while itemEnd < v.count, v[itemEnd] != 0x2C { itemEnd += 1 }
            if itemEnd > k {
                var s = k
                while s < itemEnd, v[s] == 0x2F { s += 1 }
                var e = s
                while e < itemEnd, v[e] != 0x2F { e += 1 }
                for x in s..<e where v[x] >= 0x80 { return false }
                if RawChecks.isImpossibleTime(UnsafeBufferPointer(rebasing: v[s..<e])) { return false }
            }
            k = itemEnd + 1
        }
        return true
    }
}
