/// The texts of a ``Ledger/Entry``, unpacked, and their packed form.
///
/// Packed, in one byte buffer: a flags byte; `activity`, `venue`, `session`, `start`, `end`,
/// `timezone`, `room` (each a length, LEB128, then its UTF-8); `title` and `place` (a count, then
/// key and value of each, keys sorted by their UTF-8 bytes); `fields` (a count, then each field:
/// a byte naming one of ``fieldNames`` or 255 and its name; a byte saying whether the value is the
/// entry's own value of that name (0), a short hash as 6 bytes (1), or a text (2) that follows);
/// the hash as text when it is not 64 lowercase hex digits; `was` when there is one (five texts,
/// then `place` and `title`).
struct EntryTexts: Hashable {
    var hash: String
    var fields: [String: String]
    var activity, venue, session, start, end, timezone, room: String
    var title: [String: String]
    var place: [String: String]
    var was: Ledger.Shown?

    static let hashIsText: UInt8 = 1
    static let hasWas: UInt8 = 2
    /// The usual names of `fields`, sorted by their bytes; index 0...10 in the packed form.
    static let fieldNames = ["activity", "description", "end", "people", "place", "room", "start", "status", "timezone", "title", "venue"]
    static let hexDigits = Array("0123456789abcdef".utf8)

    init(hash: String, fields: [String: String], activity: String, venue: String, session: String, start: String, end: String,
         timezone: String, room: String, title: [String: String], place: [String: String], was: Ledger.Shown?) {
        self.hash = hash
        self.fields = fields
        self.activity = activity
        self.venue = venue
        self.session = session
        self.start = start
        self.end = end
        self.timezone = timezone
        self.room = room
        self.title = title
        self.place = place
        self.was = was
    }

    init(_ e: Ledger.Entry) {
        var r = Reader(e.texts)
        let flags = r.byte()
        activity = r.string()
        venue = r.string()
        session = r.string()
        start = r.string()
        end = r.string()
        timezone = r.string()
        room = r.string()
        title = r.texts()
        place = r.texts()
        var fields: [String: String] = [:]
        let own = [start, end, room, timezone, venue]
        for _ in 0..<r.count() {
            let (name, value) = r.field()
            switch value {
            case .own(let k): fields[name] = own[k]
            case .shortHash(let range): fields[name] = String(decoding: Self.hex(r.bytes[range]), as: UTF8.self)
            case .text(let range): fields[name] = String(decoding: r.bytes[range], as: UTF8.self)
            }
        }
        self.fields = fields
        hash = flags & Self.hashIsText != 0 ? r.string() : Self.hex(e.digest)
        if flags & Self.hasWas != 0 {
            let start = r.string(), end = r.string(), timezone = r.string(), venue = r.string(), room = r.string()
            let place = r.texts(), title = r.texts()
            was = Ledger.Shown(start: start, end: end, timezone: timezone, venue: venue, room: room, place: place, title: title)
        } else {
            was = nil
        }
    }

    /// Which of the entry's own texts a field may repeat (`start`, `end`, `room`, `timezone`, `venue`).
    static func ownIndex(_ name: String) -> Int? {
        switch name {
        case "start": 0
        case "end": 1
        case "room": 2
        case "timezone": 3
        case "venue": 4
        default: nil
        }
    }

    /// The own text of index `k` (see ``ownIndex(_:)``).
    func own(_ k: Int) -> String {
        switch k {
        case 0: start
        case 1: end
        case 2: room
        case 3: timezone
        default: venue
        }
    }

    /// The hash's bytes, or nil unless it is 64 lowercase hex digits.
    static func digest(_ hex: String) -> SIMD32<UInt8>? {
        guard hex.utf8.count == 64 else { return nil }
        var text = hex
        return text.withUTF8 { u -> SIMD32<UInt8>? in
            var d = SIMD32<UInt8>()
            for k in 0..<32 {
                guard let a = nibble(u[2 * k]), let b = nibble(u[2 * k + 1]) else { return nil }
                d[k] = a << 4 | b
            }
            return d
        }
    }

    static func nibble(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        default: nil
        }
    }

    static func hex(_ d: SIMD32<UInt8>) -> String {
        String(decoding: hex((0..<32).map { d[$0] }), as: UTF8.self)
    }

    static func hex(_ bytes: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(hexDigits[Int(b >> 4)])
            out.append(hexDigits[Int(b & 15)])
        }
        return out
    }

    func packed() -> (SIMD32<UInt8>, [UInt8]) {
        var out: [UInt8] = [0]
        out.reserveCapacity(320)
        let digest = Self.digest(hash)
        if digest == nil { out[0] |= Self.hashIsText }
        if was != nil { out[0] |= Self.hasWas }
        Self.append(activity, to: &out)
        Self.append(venue, to: &out)
        Self.append(session, to: &out)
        Self.append(start, to: &out)
        Self.append(end, to: &out)
        Self.append(timezone, to: &out)
        Self.append(room, to: &out)
        Self.append(title, to: &out)
        Self.append(place, to: &out)
        Self.appendCount(fields.count, to: &out)
        for name in Self.sortedKeys(fields) {
            let value = fields[name]!
            if let k = Self.fieldNames.firstIndex(of: name), Self.fieldNames[k].utf8.elementsEqual(name.utf8) {
                out.append(UInt8(k))
            } else {
                out.append(255)
                Self.append(name, to: &out)
            }
            if let k = Self.ownIndex(name), self.own(k).utf8.elementsEqual(value.utf8) {
                out.append(0)
            } else if value.utf8.count == 12, let bytes = Self.shortHash(value) {
                out.append(1)
                for k in 0..<6 { out.append(bytes[k]) }
            } else {
                out.append(2)
                Self.append(value, to: &out)
            }
        }
        if digest == nil { Self.append(hash, to: &out) }
        if let was {
            for s in [was.start, was.end, was.timezone, was.venue, was.room] { Self.append(s, to: &out) }
            Self.append(was.place, to: &out)
            Self.append(was.title, to: &out)
        }
        return (digest ?? SIMD32(), out)
    }

    /// Twelve lowercase hex digits as 6 bytes.
    static func shortHash(_ s: String) -> SIMD8<UInt8>? {
        var text = s
        return text.withUTF8 { u -> SIMD8<UInt8>? in
            var out = SIMD8<UInt8>()
            for k in 0..<6 {
                guard let a = nibble(u[2 * k]), let b = nibble(u[2 * k + 1]) else { return nil }
                out[k] = a << 4 | b
            }
            return out
        }
    }

    static func sortedKeys(_ d: [String: String]) -> [String] {
        d.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func appendCount(_ n: Int, to out: inout [UInt8]) {
        var n = n
        while n >= 0x80 {
            out.append(UInt8(n & 0x7F) | 0x80)
            n >>= 7
        }
        out.append(UInt8(n))
    }

    static func append(_ s: String, to out: inout [UInt8]) {
        appendCount(s.utf8.count, to: &out)
        out.append(contentsOf: s.utf8)
    }

    static func append(_ d: [String: String], to out: inout [UInt8]) {
        appendCount(d.count, to: &out)
        for k in sortedKeys(d) {
            append(k, to: &out)
            append(d[k]!, to: &out)
        }
    }

    /// Reads the packed form in order.
    struct Reader {
        let bytes: [UInt8]
        var i = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        enum Value {
            /// The entry's own text (index in `start`, `end`, `room`, `timezone`, `venue`).
            case own(Int)
            case shortHash(Range<Int>)
            case text(Range<Int>)
        }

        mutating func byte() -> UInt8 {
            defer { i += 1 }
            return bytes[i]
        }

        mutating func count() -> Int {
            var n = 0, shift = 0
            while true {
                let b = byte()
                n |= Int(b & 0x7F) << shift
                if b < 0x80 { return n }
                shift += 7
            }
        }

        /// The range of the next text's bytes.
        mutating func range() -> Range<Int> {
            let n = count()
            defer { i += n }
            return i..<(i + n)
        }

        mutating func string() -> String { String(decoding: bytes[range()], as: UTF8.self) }

        /// The `index`th of the texts that follow the flags (0 `activity` … 6 `room`).
        func string(at index: Int) -> String {
            var r = self
            r.i = 1
            for _ in 0..<index { _ = r.range() }
            return r.string()
        }

        /// The bytes of `room` and of `place`.
        func roomAndPlace() -> (ArraySlice<UInt8>, ArraySlice<UInt8>) {
            var r = self
            r.i = 1
            for _ in 0..<6 { _ = r.range() }
            let room = r.range()
            r.skipTexts()
            let start = r.i
            r.skipTexts()
            return (bytes[room], bytes[start..<r.i])
        }

        mutating func skipTexts() {
            for _ in 0..<count() {
                _ = range()
                _ = range()
            }
        }

        mutating func texts() -> [String: String] {
            var out: [String: String] = [:]
            for _ in 0..<count() {
                let k = string()
                out[k] = string()
            }
            return out
        }

        /// The next field's name and value.
        mutating func field() -> (String, Value) {
            let tag = byte()
            let name = tag == 255 ? string() : EntryTexts.fieldNames[Int(tag)]
            switch byte() {
            case 0: return (name, .own(EntryTexts.ownIndex(name)!))
            case 1:
                i += 6
                return (name, .shortHash((i - 6)..<i))
            default: return (name, .text(range()))
            }
        }
    }
}
