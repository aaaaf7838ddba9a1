/// How a wall-clock time maps onto the UTC time line in one zone.
public enum Resolution: Hashable, Sendable {
    /// The wall time happens exactly once.
    case unique(Instant, offsetSeconds: Int)
    /// The wall time never happens: clocks jump over it (spring forward).
    /// The offsets are those in force just before and just after the gap.
    case gap(offsetBefore: Int, offsetAfter: Int)
    /// The wall time happens twice (fall back): first at `earlier`, again at `later`.
    case overlap(earlier: Instant, later: Instant, offsetEarlier: Int, offsetLater: Int)

    /// The instant when the wall time is unique.
    public var instant: Instant? {
        if case .unique(let i, _) = self { return i }
        return nil
    }
}

/// A source of time-zone rules for IANA zone names.
///
/// The planner uses exactly one source for every conversion; on this project that source is
/// libical reading the system tz database (`ICalendar.SystemZones`). Tests may supply their own.
public protocol ZoneRules: Sendable {
    /// Whether `zone` is a known IANA zone name.
    func isKnown(_ zone: String) -> Bool
    /// The UTC offset in seconds (east positive) in force at `instant` in `zone`, or `nil` for an unknown zone.
    func utcOffset(at instant: Instant, in zone: String) -> Int?
}

extension ZoneRules {
    /// Resolves a wall-clock time in `zone` to the instant(s) at which it happens.
    ///
    /// Looks at the offsets in force a day either side, so it is exact whenever two offset
    /// changes are more than a day apart (true of every zone in the tz database since 1970).
    /// - Returns: `nil` when the zone is unknown.
    public func resolve(_ local: LocalDateTime, in zone: String) -> Resolution? {
        let wall = local.secondsAsIfUTC
        guard let before = utcOffset(at: Instant(secondsSince1970: wall - 86_400), in: zone),
              let after = utcOffset(at: Instant(secondsSince1970: wall + 86_400), in: zone) else { return nil }
        var hits: [(Instant, Int)] = []
        for offset in Set([before, after]).sorted(by: >) {
            let candidate = Instant(secondsSince1970: wall - Int64(offset))
            if utcOffset(at: candidate, in: zone) == offset { hits.append((candidate, offset)) }
        }
        hits.sort { $0.0 < $1.0 }
        switch hits.count {
        case 0: return .gap(offsetBefore: before, offsetAfter: after)
        case 1: return .unique(hits[0].0, offsetSeconds: hits[0].1)
        default: return .overlap(earlier: hits[0].0, later: hits[1].0, offsetEarlier: hits[0].1, offsetLater: hits[1].1)
        }
    }

    /// The wall time in `zone` at `instant`, or `nil` for an unknown zone.
    public func wallTime(at instant: Instant, in zone: String) -> LocalDateTime? {
        guard let off = utcOffset(at: instant, in: zone) else { return nil }
        return LocalDateTime(secondsAsIfUTC: instant.secondsSince1970 + Int64(off))
    }
}

/// Formats a UTC offset in seconds as `+HH:MM` / `-HH:MM` (`UTC` style without the prefix).
public func formatOffset(_ seconds: Int, separator: String = ":") -> String {
    let sign = seconds < 0 ? "-" : "+"
    let a = abs(seconds)
    return "\(sign)\(pad(a / 3600, 2))\(separator)\(pad(a % 3600 / 60, 2))"
}
