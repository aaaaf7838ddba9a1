import CivilTime

extension Ledger {
    /// The fast form of ``read(_:file:)``: the ledger read in one pass over the text's bytes, each
    /// value checked as it is met, with no JSON tree; nil when the scan cannot vouch for the text.
    ///
    /// It gives up at the first thing that is not a well-formed, valid ledger (and at a few valid
    /// but unusual spellings: a byte order mark, `-0`), so that any ledger it returns is the one
    /// the located reader returns; for everything else, that reader runs and locates the error.
    /// The checks are ``LedgerValues``' own, and a key repeated in an object (compared as Swift
    /// strings, as the JSON reader compares keys) makes it give up.
    static func scan(_ text: String) -> Ledger? {
        var copy = text
        return copy.withUTF8 { bytes in
            var scanner = LedgerScanner(bytes: bytes)
            return scanner.ledger()
        }
    }
}

/// The scan of ``Ledger/scan(_:)``: each method reads one value at the current position and
/// returns nil where ``Ledger/readLocated(_:file:)`` could report an error (or would read another value).
struct LedgerScanner {
    let bytes: UnsafeBufferPointer<UInt8>
    var i = 0

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    mutating func ledger() -> Ledger? {
        var programme: String?, entries: [String: Ledger.Entry]?, version = false
        let complete = members { s, key in
            switch key {
            case "version":
                guard !version, let v = s.integer(), (1...Ledger.currentVersion).contains(v) else { return false }
                version = true
            case "programme":
                guard programme == nil, let p = s.text() else { return false }
                programme = p
            case "entries":
                guard entries == nil, let e = s.entries() else { return false }
                entries = e
            default: return false
            }
            return true
        }
        guard complete, let programme, let entries else { return nil }
        skipSpace()
        guard i == bytes.count else { return nil }
        return Ledger(programme: programme, entries: entries)
    }

    // MARK: Values of the ledger

    mutating func entries() -> [String: Ledger.Entry]? {
        var out: [String: Ledger.Entry] = [:]
        let complete = members { s, uid in
            guard LedgerValues.isUID(uid), out[uid] == nil, let e = s.entry() else { return false }
            out[uid] = e
            return true
        }
        return complete ? out : nil
    }

    mutating func entry() -> Ledger.Entry? {
        var hash, activity, venue, session, timezone, start, end, room: String?
        var fields, title, place: [String: String]?
        var sequence: Int?, lastModified: Instant?, changed: Instant?, cancelled: Bool?, was: Ledger.Shown?
        var seenWas = false
        let complete = members { s, key in
            switch key {
            case "hash":
                guard hash == nil, let v = s.text(), LedgerValues.isHex(v, count: 64) else { return false }
                hash = v
            case "fields":
                guard fields == nil, let v = s.texts() else { return false }
                for (k, value) in v where LedgerValues.hashedFields.contains(k) {
                    guard LedgerValues.isHex(value, count: 12) else { return false }
                }
                fields = v
            case "sequence":
                guard sequence == nil, let v = s.integer(), v <= Ledger.maximumSequence else { return false }
                sequence = v
            case "last_modified":
                guard lastModified == nil, let v = s.instant() else { return false }
                lastModified = v
            case "cancelled":
                guard cancelled == nil, let v = s.bool() else { return false }
                cancelled = v
            case "activity": return s.once(&activity) { $0.text() }
            case "venue": return s.once(&venue) { $0.text() }
            case "session": return s.once(&session) { $0.text() }
            case "title": return s.once(&title) { $0.texts() }
            case "start": return s.once(&start) { $0.wallTime() }
            case "end": return s.once(&end) { $0.wallTime() }
            case "timezone": return s.once(&timezone) { $0.text(maxLength: 200) }
            case "room": return s.once(&room) { $0.text() }
            case "place": return s.once(&place) { $0.texts() }
            case "was":
                guard !seenWas, let v = s.shown() else { return false }
                seenWas = true
                was = v
            case "changed":
                guard changed == nil, let v = s.instant() else { return false }
                changed = v
            default: return false
            }
            return true
        }
        guard complete, let hash, let fields, let sequence, let lastModified, let cancelled, let activity, let venue, let session,
              let title, let start, let end, let timezone else { return nil }
        return Ledger.Entry(hash: hash, fields: fields, sequence: sequence, lastModified: lastModified, cancelled: cancelled,
                            activity: activity, venue: venue, session: session, title: title, start: start, end: end,
                            timezone: timezone, room: room ?? fields["room"] ?? "", place: place ?? [:], was: was, changed: changed)
    }

    mutating func shown() -> Ledger.Shown? {
        var start, end, timezone, venue, room: String?
        var place, title: [String: String]?
        let complete = members { s, key in
            switch key {
            case "start": return s.once(&start) { $0.wallTime() }
            case "end": return s.once(&end) { $0.wallTime() }
            case "timezone": return s.once(&timezone) { $0.text(maxLength: 200) }
            case "venue": return s.once(&venue) { $0.text() }
            case "room": return s.once(&room) { $0.text() }
            case "place": return s.once(&place) { $0.texts() }
            case "title": return s.once(&title) { $0.texts() }
            default: return false
            }
        }
        guard complete, let start, let end, let timezone, let venue, let room, let place, let title else { return nil }
        return Ledger.Shown(start: start, end: end, timezone: timezone, venue: venue, room: room, place: place, title: title)
    }

    /// Reads a value into `slot` unless the key was seen before.
    mutating func once<T>(_ slot: inout T?, _ read: (inout LedgerScanner) -> T?) -> Bool {
        guard slot == nil, let v = read(&self) else { return false }
        slot = v
        return true
    }

    /// An object of texts, each key once.
    mutating func texts() -> [String: String]? {
        var out: [String: String] = [:]
        let complete = members { s, key in
            guard out[key] == nil, let v = s.text() else { return false }
            out[key] = v
            return true
        }
        return complete ? out : nil
    }

    mutating func text(maxLength: Int = 10_000) -> String? {
        guard let s = string(), s.utf8.count <= maxLength else { return nil }
        return s
    }

    mutating func instant() -> Instant? {
        text(maxLength: 40).flatMap(LedgerValues.instant)
    }

    mutating func wallTime() -> String? {
        guard let s = text(maxLength: 40), LedgerValues.isWallTime(s) else { return nil }
        return s
    }

    // MARK: JSON

    mutating func skipSpace() {
        while i < bytes.count, bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x0D || bytes[i] == 0x09 { i += 1 }
    }

    /// The members of the object at the current position, each handed to `member` with its key
    /// and the position at its value, which `member` reads. False at anything else than an
    /// object or when `member` returns false.
    mutating func members(_ member: (inout LedgerScanner, String) -> Bool) -> Bool {
        skipSpace()
        guard i < bytes.count, bytes[i] == UInt8(ascii: "{") else { return false }
        i += 1
        skipSpace()
        if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
            i += 1
            return true
        }
        while true {
            skipSpace()
            guard let key = string() else { return false }
            skipSpace()
            guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { return false }
            i += 1
            skipSpace()
            guard member(&self, key) else { return false }
            skipSpace()
            guard i < bytes.count else { return false }
            if bytes[i] == UInt8(ascii: ",") {
                i += 1
            } else if bytes[i] == UInt8(ascii: "}") {
                i += 1
                return true
            } else {
                return false
            }
        }
    }

    /// `true` or `false`.
    mutating func bool() -> Bool? {
        if matches("true") {
            i += 4
            return true
        }
        if matches("false") {
            i += 5
            return false
        }
        return nil
    }

    func matches(_ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        guard i + n <= bytes.count else { return false }
        return word.withUTF8Buffer { w in (0..<n).allSatisfy { bytes[i + $0] == w[$0] } }
    }

    /// A non-negative integer of at most 10 digits, without a leading zero, fraction or exponent.
    mutating func integer() -> Int? {
        var n = 0, digits = 0
        while i < bytes.count, bytes[i] >= UInt8(ascii: "0"), bytes[i] <= UInt8(ascii: "9") {
            n = n * 10 + Int(bytes[i] - UInt8(ascii: "0"))
            digits += 1
            i += 1
            guard digits <= 10 else { return nil }
        }
        guard digits > 0, digits == 1 || bytes[i - digits] != UInt8(ascii: "0") else { return nil }
        guard i == bytes.count || (bytes[i] != UInt8(ascii: ".") && bytes[i] | 0x20 != UInt8(ascii: "e")) else { return nil }
        return n
    }

    /// A string starting at its opening quote, escapes decoded as the JSON reader decodes them.
    mutating func string() -> String? {
        guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { return nil }
        i += 1
        let start = i
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                defer { i += 1 }
                return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<i]), as: UTF8.self)
            }
            if b == UInt8(ascii: "\\") { return escapedString(from: start) }
            if b < 0x20 { return nil }
            i += 1
        }
        return nil
    }

    mutating func escapedString(from start: Int) -> String? {
        var out = Array(bytes[start..<i])
        while i < bytes.count {
            let b = bytes[i]
            if b == UInt8(ascii: "\"") {
                i += 1
                return String(decoding: out, as: UTF8.self)
            }
            if b < 0x20 { return nil }
            guard b == UInt8(ascii: "\\") else {
                out.append(b)
                i += 1
                continue
            }
            guard i + 1 < bytes.count else { return nil }
            switch bytes[i + 1] {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                guard var scalar = hex4(at: i + 2) else { return nil }
                i += 6
                if (0xD800...0xDBFF).contains(scalar) {
                    guard i + 1 < bytes.count, bytes[i] == UInt8(ascii: "\\"), bytes[i + 1] == UInt8(ascii: "u"),
                          let low = hex4(at: i + 2), (0xDC00...0xDFFF).contains(low) else { return nil }
                    scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                    i += 6
                } else if (0xDC00...0xDFFF).contains(scalar) {
                    return nil
                }
                guard let u = Unicode.Scalar(scalar) else { return nil }
                out.append(contentsOf: String(Character(u)).utf8)
                continue
            default: return nil
            }
            i += 2
        }
        return nil
    }

    func hex4(at position: Int) -> UInt32? {
        guard position + 4 <= bytes.count else { return nil }
        var v: UInt32 = 0
        for k in position..<(position + 4) {
            let b = bytes[k]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }
}
