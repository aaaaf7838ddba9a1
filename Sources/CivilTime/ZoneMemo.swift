/// Remembers what a ``ZoneRules`` source answered, for one pass over many times in few zones
/// (loading a programme of 100,000 sessions in five zones).
///
/// Each ``resolve(_:in:)`` of the protocol asks for four UTC offsets, and a source such as
/// libical looks the zone up by name under a process-wide lock each time. A programme's
/// sessions start and end at a few thousand distinct wall times, so the memo answers nearly
/// every question from a dictionary. The answers are the source's own, so the result is exactly
/// what the source gives. A value: keep one per pass, never share it across threads or keep it
/// in a global.
///
/// ```swift
/// var memo = ZoneMemo(SystemZones())
/// let r = memo.resolve(LocalDateTime(iso: "2024-10-25T10:00")!, in: "Europe/Zurich")
/// ```
public struct ZoneMemo {
    /// The source asked on a miss.
    public let rules: any ZoneRules
    private var known: [String: Bool] = [:]
    private var resolutions: [String: [Int64: Resolution?]] = [:]

    /// A memo in front of `rules`.
    public init(_ rules: any ZoneRules) { self.rules = rules }

    /// Whether `zone` is a known IANA zone name (``ZoneRules/isKnown(_:)``), asked once per name.
    public mutating func isKnown(_ zone: String) -> Bool {
        if let k = known[zone] { return k }
        let k = rules.isKnown(zone)
        known[zone] = k
        return k
    }

    /// How `local` maps onto the UTC time line in `zone` (``ZoneRules/resolve(_:in:)``), asked
    /// once per zone and wall time.
    /// - Returns: `nil` when the zone is unknown.
    public mutating func resolve(_ local: LocalDateTime, in zone: String) -> Resolution? {
        let key = local.secondsAsIfUTC
        if let hit = resolutions[zone]?[key] { return hit }
        let r = rules.resolve(local, in: zone)
        resolutions[zone, default: [:]][key] = .some(r)
        return r
    }
}
