/// A wall-clock date and time with no zone attached: what a clock on the venue's wall shows.
///
/// Session times in a programme are `LocalDateTime`s in the venue's IANA zone; turn them into
/// an ``Instant`` with ``ZoneRules/resolve(_:in:)``.
public struct LocalDateTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let date: LocalDate
    public let hour: Int
    public let minute: Int
    public let second: Int

    public init?(date: LocalDate, hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.date = date
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (also with a space instead of `T`).
    public init?(iso text: some StringProtocol) {
        let s = String(text)
        // Fast path for the canonical spelling (every session time of a programme); any other
        // text takes the general path below, which accepts the same canonical texts.
        if let storage = s.utf8.withContiguousStorageIfAvailable(LocalDateTime.canonical), let shaped = storage {
            guard let value = shaped else { return nil }
            self = value
            return
        }
        guard let sep = s.firstIndex(where: { $0 == "T" || $0 == " " }),
              let date = LocalDate(iso: s[s.startIndex..<sep]) else { return nil }
        let time = s[s.index(after: sep)...].split(separator: ":", omittingEmptySubsequences: false)
        guard time.count == 2 || time.count == 3, time.allSatisfy({ $0.count == 2 && $0.allSatisfy(\.isASCII) }),
              let h = Int(time[0]), let m = Int(time[1]) else { return nil }
        let sec = time.count == 3 ? Int(time[2]) : 0
        guard let sec else { return nil }
        self.init(date: date, hour: h, minute: m, second: sec)
    }

    /// Reads `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` (or with a space for `T`) made of ASCII
    /// digits. Returns `.some(nil)` for that shape with an impossible value, and `nil` for any
    /// other shape.
    private static func canonical(_ b: UnsafeBufferPointer<UInt8>) -> LocalDateTime?? {
        guard b.count == 16 || b.count == 19, b[4] == 0x2D, b[7] == 0x2D, b[10] == 0x54 || b[10] == 0x20, b[13] == 0x3A,
              b.count == 16 || b[16] == 0x3A else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var v = 0
            for k in from..<(from + count) {
                let d = b[k] &- 0x30
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let y = number(0, 4), let mo = number(5, 2), let d = number(8, 2), let h = number(11, 2), let mi = number(14, 2),
              let sec = b.count == 19 ? number(17, 2) : 0 else { return nil }
        guard let date = LocalDate(year: y, month: mo, day: d) else { return .some(nil) }
        return .some(LocalDateTime(date: date, hour: h, minute: mi, second: sec))
    }

    /// The wall time read as if it were UTC, in seconds since 1970: a monotone key for local arithmetic.
    public var secondsAsIfUTC: Int64 {
        Int64(date.daysSinceEpoch) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// The wall time `secondsAsIfUTC` seconds after 1970-01-01T00:00 (read as a wall clock).
    public init(secondsAsIfUTC s: Int64) {
        let days = Int((s >= 0 ? s : s - 86_399) / 86_400)
        let rest = Int(s - Int64(days) * 86_400)
        self.date = LocalDate(daysSinceEpoch: days)
        self.hour = rest / 3600
        self.minute = rest % 3600 / 60
        self.second = rest % 60
    }

    /// `HH:MM`.
    public var hhmm: String { "\(pad(hour, 2)):\(pad(minute, 2))" }
    /// `YYYY-MM-DDTHH:MM`, seconds added when not zero.
    public var iso: String { "\(date.iso)T\(hhmm)" + (second == 0 ? "" : ":\(pad(second, 2))") }
    /// `YYYYMMDDTHHMMSS`, the RFC 5545 local DATE-TIME form.
    public var basic: String { "\(date.basic)T\(pad(hour, 2))\(pad(minute, 2))\(pad(second, 2))" }
    public var description: String { iso }

    public static func < (a: LocalDateTime, b: LocalDateTime) -> Bool { a.secondsAsIfUTC < b.secondsAsIfUTC }
}

/// A point on the UTC time line, in whole seconds since 1970-01-01T00:00:00Z.
public struct Instant: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let secondsSince1970: Int64
    public init(secondsSince1970: Int64) { self.secondsSince1970 = secondsSince1970 }

    /// The instant as UTC wall time.
    public var utc: LocalDateTime { LocalDateTime(secondsAsIfUTC: secondsSince1970) }
    /// `YYYYMMDDTHHMMSSZ`, the RFC 5545 UTC form.
    public var basicUTC: String { utc.basic + "Z" }
    /// `YYYY-MM-DDTHH:MM:SSZ`.
    public var isoUTC: String {
        let u = utc
        return "\(u.date.iso)T\(u.hhmm):\(pad(u.second, 2))Z"
    }
    public var description: String { isoUTC }
    public func adding(seconds: Int64) -> Instant { Instant(secondsSince1970: secondsSince1970 + seconds) }

    /// Encoded as `YYYY-MM-DDTHH:MM:SSZ`, readable in JSON files such as the ledger.
    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let i = Instant(iso: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a UTC time: '\(s)'"))
        }
        self = i
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(isoUTC)
    }
    public static func < (a: Instant, b: Instant) -> Bool { a.secondsSince1970 < b.secondsSince1970 }

    /// Parses `YYYY-MM-DDTHH:MM[:SS]Z` or RFC 5545 `YYYYMMDDTHHMMSSZ`.
    public init?(iso text: some StringProtocol) {
        var s = String(text)
        guard s.hasSuffix("Z") else { return nil }
        s.removeLast()
        if s.count == 15, !s.contains("-"), s.count > 8 {
            let chars = Array(s)
            s = String(chars[0..<4]) + "-" + String(chars[4..<6]) + "-" + String(chars[6..<8]) + "T"
                + String(chars[9..<11]) + ":" + String(chars[11..<13]) + ":" + String(chars[13..<15])
        }
        guard let local = LocalDateTime(iso: s) else { return nil }
        self.init(secondsSince1970: local.secondsAsIfUTC)
    }
}
