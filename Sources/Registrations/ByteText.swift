import Foundation

/// Windows-1252 to Unicode: bytes 0x80–0x9F differ from Latin-1; the five undefined ones map to
/// the C1 controls of the same value, as the WHATWG encoding standard does.
package enum Windows1252 {
    private static let high: [UInt32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008D, 0x017D, 0x008F,
        0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ]

    package static func scalar(_ b: UInt8) -> Unicode.Scalar {
        if b >= 0x80, b < 0xA0 { return Unicode.Scalar(high[Int(b) - 0x80])! }
        return Unicode.Scalar(b)
    }
}

/// UTF-8 validation that says where the first bad byte is.
package enum UTF8Check {
    /// The index of the first byte in `range` that does not start or continue a valid UTF-8
    /// sequence (overlong forms, surrogates and values above U+10FFFF are invalid), or `nil`.
    package static func firstInvalid(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int? {
        var i = range.lowerBound
        let end = range.upperBound
        guard let base = bytes.baseAddress else { return nil }
        while i < end {
            if i + 8 <= end, UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                i += 8  // eight ASCII bytes
                continue
            }
            let b = bytes[i]
            if b < 0x80 { i += 1; continue }
            let len: Int, min: UInt32
            var v: UInt32
            switch b {
            case 0xC2...0xDF: len = 2; v = UInt32(b & 0x1F); min = 0x80
            case 0xE0...0xEF: len = 3; v = UInt32(b & 0x0F); min = 0x800
            case 0xF0...0xF4: len = 4; v = UInt32(b & 0x07); min = 0x10000
            default: return i
            }
            guard i + len <= end else { return i }
            for k in 1..<len {
                let c = bytes[i + k]
                guard c & 0xC0 == 0x80 else { return i }
                v = v << 6 | UInt32(c & 0x3F)
            }
            if v < min || v > 0x10FFFF || (0xD800...0xDFFF).contains(v) { return i }
            i += len
        }
        return nil
    }
}

/// Where folded text goes: a hash or a byte buffer.
package protocol ByteSink {
    mutating func add(_ b: UInt8)
}

/// Collects bytes (for header names and tests).
package struct ByteCollector: ByteSink {
    package var bytes: [UInt8] = []
    package mutating func add(_ b: UInt8) { bytes.append(b) }
    package var text: String { String(decoding: bytes, as: UTF8.self) }
}

/// A 64-bit hash fed byte by byte, mixed eight bytes at a time: the compact keys kept for
/// duplicate detection and the id look-ups.
///
/// Bytes are gathered little-endian into a word; each full word is mixed in with a multiply and
/// a shift (a bijection of the word for a given state, so keys of one length that differ in one
/// word never collide before the final mix). The length goes into the final mix.
package struct KeyHash: ByteSink {
    package init() {}
    private var state: UInt64 = 0x243F_6A88_85A3_08D3
    private var word: UInt64 = 0
    private var shift: UInt64 = 0
    private var words: UInt64 = 0

    @inline(__always) private mutating func mix(_ w: UInt64) {
        var h = (state ^ w) &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 32
        state = h
        words &+= 1
    }

    @inline(__always) package mutating func add(_ b: UInt8) {
        word |= UInt64(b) << shift
        shift += 8
        if shift == 64 {
            mix(word)
            word = 0
            shift = 0
        }
    }

    package mutating func add(_ bytes: some Sequence<UInt8>) { for b in bytes { add(b) } }

    /// Adds `p[r]`, a word at a time where the state allows.
    @inline(__always) package mutating func add(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) {
        var i = r.lowerBound
        if shift == 0, let base = p.baseAddress {
            while i + 8 <= r.upperBound {
                mix(UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
                i += 8
            }
        }
        while i < r.upperBound { add(p[i]); i += 1 }
    }

    /// Adds the eight bytes of a 64-bit value (little-endian), as `add` of each would.
    @inline(__always) package mutating func add(word v: UInt64) {
        if shift == 0 { mix(v) } else { withUnsafeBytes(of: v.littleEndian) { for b in $0 { add(b) } } }
    }

    /// The hash of what was added: the pending bytes and the length are mixed in, then a final
    /// avalanche so that keys that differ in the last bytes spread over the whole word.
    package var finalized: UInt64 {
        var copy = self
        copy.mix(word ^ (shift << 56))
        var x = copy.state ^ (words << 3 | shift >> 3)
        x ^= x >> 33; x &*= 0xFF51_AFD7_ED55_8CCD; x ^= x >> 33; x &*= 0xC4CE_B9FE_1A85_EC53; x ^= x >> 33
        return x
    }

    /// The hash of `p[r]`.
    @inline(__always) package static func of(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> UInt64 {
        var h = KeyHash()
        h.add(p, r)
        return h.finalized
    }
}

/// What a spreadsheet makes of a value that starts with a formula sign.
package enum FormulaRisk: Sendable {
    /// Data: no formula sign, or a plain number or phone number after `+` or `-`.
    case none
    /// It would run: `=` or `@` first, or a sign followed by a call, a cell reference or an expression.
    case formula
    /// Text after a sign (`-sin gluten`): nothing runs, but the cell shows `#NAME?`.
    case formulaLike
}

/// Byte-level text helpers for the hot path: fields are UTF-8 bytes of one record.
package enum ByteText {
    @inline(__always) package static func isSpace(_ b: UInt8) -> Bool { b == 32 || (b >= 9 && b <= 13) }

    /// The range without leading and trailing ASCII white space.
    package static func trimmed(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Range<Int> {
        var lo = r.lowerBound, hi = r.upperBound
        while lo < hi, isSpace(p[lo]) { lo += 1 }
        while hi > lo, isSpace(p[hi - 1]) { hi -= 1 }
        return lo..<hi
    }

    /// Splits a list field on `;` and `,`, trimming each item and skipping empty ones, into a
    /// buffer kept by the caller (emptied first); `nil` gives no items.
    package static func items(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>?, into out: inout [Range<Int>]) {
        out.removeAll(keepingCapacity: true)
        guard let r else { return }
        var start = r.lowerBound
        for i in r.lowerBound...r.upperBound where i == r.upperBound || p[i] == UInt8(ascii: ";") || p[i] == UInt8(ascii: ",") {
            let t = trimmed(p, start..<i)
            if !t.isEmpty { out.append(t) }
            start = i + 1
        }
    }

    /// How a spreadsheet takes a value that starts with a formula sign (see ``FormulaRisk``).
    ///
    /// - `=` or `@` first (after spaces and tabs): ``FormulaRisk/formula``.
    /// - `+` or `-` first: a plain number or phone number (digits, spaces and `.,()/-`, as in
    ///   `+56 2 2210 2000`, `+1-809-555-0100` or `-12.5`) is ``FormulaRisk/none``; a function call
    ///   (`-SUM(`, `+cmd|`), a cell reference (`+A1`, `-$B$2`, `+Sheet1!A1`) or an operator
    ///   expression (`+1+1`, `-2*3`) is ``FormulaRisk/formula``; any other text (`-sin gluten`) is
    ///   ``FormulaRisk/formulaLike``: Excel shows it as `#NAME?` but runs nothing.
    package static func formulaRisk(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> FormulaRisk {
        var i = r.lowerBound
        while i < r.upperBound, p[i] == 32 || p[i] == 9 { i += 1 }
        guard i < r.upperBound else { return .none }
        switch p[i] {
        case UInt8(ascii: "="), UInt8(ascii: "@"): return .formula
        case UInt8(ascii: "+"), UInt8(ascii: "-"): break
        default: return .none
        }
        let body = (i + 1)..<r.upperBound
        // A plain number or phone number, and the operators that make an expression of numbers.
        var digits = false, plain = true, operators = false
        for k in body {
            switch p[k] {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digits = true
            case let b where b | 0x20 == UInt8(ascii: "e") && k > body.lowerBound && p[k - 1] >= 48 && p[k - 1] <= 57:
                continue  // an exponent: -1.5E+3 (a `where` binds to one pattern only, hence `let b`)
            case 32, 9, UInt8(ascii: "."), UInt8(ascii: ","), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "-"), UInt8(ascii: "/"): continue
            case UInt8(ascii: "+"), UInt8(ascii: "*"), UInt8(ascii: "^"), UInt8(ascii: "&"), UInt8(ascii: "="), UInt8(ascii: "<"),
                 UInt8(ascii: ">"), UInt8(ascii: "%"):
                operators = true
            default: plain = false
            }
        }
        if plain { return operators ? (digits ? .formula : .formulaLike) : .none }
        // External references (DDE `cmd|' /C calc'!A0`) and sheet references.
        for k in body where p[k] == UInt8(ascii: "|") || p[k] == UInt8(ascii: "!") { return .formula }
        var k = body.lowerBound
        while k < r.upperBound, p[k] == 32 || p[k] == 9 { k += 1 }
        // A cell reference: `$`? one to three letters, `$`? digits, then no letter or digit; or a
        // range of columns or rows (`A:A`, `1:3`).
        var c = k
        if c < r.upperBound, p[c] == UInt8(ascii: "$") { c += 1 }
        let lettersStart = c
        while c < r.upperBound, isLetter(p[c]) { c += 1 }
        let letters = c - lettersStart
        if letters <= 3 {
            if c < r.upperBound, p[c] == UInt8(ascii: "$") { c += 1 }
            let digitsStart = c
            while c < r.upperBound, p[c] >= 48, p[c] <= 57 { c += 1 }
            let hasDigits = c > digitsStart
            if letters > 0 || hasDigits, c < r.upperBound, p[c] == UInt8(ascii: ":") { return .formula }
            if letters > 0, hasDigits, c == r.upperBound || !(isLetter(p[c]) || p[c] == UInt8(ascii: "_")) { return .formula }
        }
        // A function call: a name (letters, digits, `_`, `.`) and an opening parenthesis.
        c = k
        while c < r.upperBound, isLetter(p[c]) || (p[c] >= 48 && p[c] <= 57) || p[c] == UInt8(ascii: "_") || p[c] == UInt8(ascii: ".") { c += 1 }
        if c > k, isLetter(p[k]) {
            while c < r.upperBound, p[c] == 32 { c += 1 }
            if c < r.upperBound, p[c] == UInt8(ascii: "(") { return .formula }
        }
        return .formulaLike
    }

    @inline(__always) private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 97 && (b | 0x20) <= 122 }

    /// True when a spreadsheet would take the value for a formula at all (``formulaRisk(_:_:)``
    /// is not `.none`): what a writer neutralises.
    package static func isFormula(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool { formulaRisk(p, r) != .none }

    /// The pragmatic e-mail check of the programme loader (`isPlausibleEmail`: one `@`, no white
    /// space, a domain with an inner dot), done on bytes for ASCII values. Returns `nil` for a
    /// value with non-ASCII bytes, which the caller checks as a string.
    package static func isPlausibleEmailASCII(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool? {
        var at = -1
        for i in r {
            let b = p[i]
            if b >= 0x80 { return nil }
            if isSpace(b) { return false }
            if b == UInt8(ascii: "@") {
                if at >= 0 { return false }
                at = i
            }
        }
        guard at > r.lowerBound else { return false }
        let domain = (at + 1)..<r.upperBound
        guard !domain.isEmpty, p[domain.lowerBound] != UInt8(ascii: ".") else { return false }
        var lastDot = -1
        for i in domain where p[i] == UInt8(ascii: ".") {
            if i > domain.lowerBound, p[i - 1] == UInt8(ascii: ".") { return false }
            lastDot = i
        }
        return lastDot > domain.lowerBound && lastDot < domain.upperBound - 1
    }

    /// Decodes the scalar starting at `i` of valid UTF-8; returns it and its length.
    @inline(__always) package static func scalar(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> (UInt32, Int) {
        let b = p[i]
        if b < 0xE0 { return (UInt32(b & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b < 0xF0 { return (UInt32(b & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3) }
        return (UInt32(b & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F), 4)
    }
}

/// Folds names for comparison: lower case, no accents, hyphens, dashes and runs of white space
/// (the no-break spaces included) as one space, no leading or trailing space; apostrophes and
/// quotes (`'` `` ` `` `"` ’ ‘ ʼ ´ “ ” „ « ») and zero-width characters (U+200B–U+200D, U+2060,
/// U+FEFF, the soft hyphen) are left out. "María-José Pérez" and "MARIA JOSE PEREZ " fold alike,
/// whether the accents are precomposed (NFC) or combining marks (NFD), and so do
/// "Kerry-Ann O’Connor" and "Kerry Ann O'Connor".
///
/// ASCII bytes take the fast path; Latin-1/Latin Extended-A/B letters use a table built once; the
/// punctuation above is matched by value; other scalars go through Foundation's folding (rare in
/// these lists).
package struct NameFolder {
    /// Folded ASCII bytes for U+00C0 ... U+024F; empty for scalars that fold to a separator.
    private static let latin: [[UInt8]] = (0xC0...0x24F).map { v in
        let s = String(Unicode.Scalar(UInt32(v))!).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
        return Array(s.utf8)
    }

    /// Appends the folded bytes of a name to `hash`, starting with a separator when `pendingSpace`.
    /// - Returns: whether any letter was added.
    @discardableResult
    package static func fold<Sink: ByteSink>(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, into hash: inout Sink, separated: Bool) -> Bool {
        var space = separated
        var any = false
        @inline(__always) func emit(_ b: UInt8, _ hash: inout Sink) {
            if space, any || separated { hash.add(32) }
            space = false
            any = true
            hash.add(b)
        }
        var i = r.lowerBound
        while i < r.upperBound {
            let b = p[i]
            if b < 0x80 {
                i += 1
                if ByteText.isSpace(b) || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") { space = true; continue }
                if b == UInt8(ascii: "'") || b == UInt8(ascii: "`") || b == UInt8(ascii: "\"") { continue }
                emit(b >= 65 && b <= 90 ? b | 0x20 : b, &hash)
                continue
            }
            let (v, len) = ByteText.scalar(p, i)
            i += len
            if (0x300...0x36F).contains(v) { continue }                        // combining accents (NFD)
            if v == 0xA0 || (0x2010...0x2015).contains(v) || v == 0x2212 || v == 0x202F || v == 0xFE63 || v == 0xFF0D { space = true; continue }
            if isLeftOut(v) { continue }
            if (0xC0...0x24F).contains(v) {
                for f in latin[Int(v) - 0xC0] { emit(f, &hash) }
                continue
            }
            guard let scalar = Unicode.Scalar(v) else { continue }
            if scalar.properties.generalCategory == .nonspacingMark { continue }
            if scalar.properties.isWhitespace { space = true; continue }
            let folded = String(scalar).folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil).lowercased()
            for f in folded.utf8 { emit(f, &hash) }
        }
        return any
    }

    /// Apostrophes, quotation marks and zero-width characters: names are compared without them.
    @inline(__always) package static func isLeftOut(_ v: UInt32) -> Bool {
        switch v {
        case 0xAB, 0xBB, 0xB4, 0xAD,                 // « » ´ soft hyphen
             0x2B9, 0x2BB, 0x2BC, 0x2BD, 0x2C8,      // ʹ ʻ ʼ ʽ ˈ
             0x2018...0x201F,                        // ‘ ’ ‚ ‛ “ ” „ ‟
             0x2032, 0x2033, 0x2039, 0x203A,         // ′ ″ ‹ ›
             0x200B...0x200D, 0x2060, 0xFEFF,        // zero-width space, non-joiner, joiner; word joiner; BOM
             0xFF02, 0xFF07:                         // fullwidth " '
            return true
        default:
            return false
        }
    }

    /// The folded form as a string (for header names and tests).
    package static func folded(_ text: String) -> String {
        var collector = ByteCollector()
        var t = text
        t.withUTF8 { p in _ = fold(p, 0..<p.count, into: &collector, separated: false) }
        return collector.text
    }
}
