import Diagnostics

/// What `feeds` takes from the environment, read once at the edge and passed down as values.
public struct PublishEnvironment: Equatable, Sendable {
    /// `SOURCE_DATE_EPOCH` as seconds, when set and not empty.
    public var sourceDateEpoch: Int64?
    /// `CI` set, not empty and not `0` or `false`: the run's log is kept (``PublishRequest/keptLog``).
    public var ci: Bool

    /// - Throws: ``PublishError`` when `SOURCE_DATE_EPOCH` is not a whole number of seconds.
    public init(_ environment: [String: String]) throws(PublishError) {
        if let raw = environment["SOURCE_DATE_EPOCH"], !raw.isEmpty {
            guard let v = Int64(raw), v >= 0 else {
                throw PublishError("SOURCE_DATE_EPOCH is \(quoted: raw); it must be a whole number of seconds since 1970 (or unset)", code: "invalid-value")
            }
            sourceDateEpoch = v
        }
        let ci = environment["CI"] ?? ""
        self.ci = !ci.isEmpty && ci != "0" && ci.lowercased() != "false"
    }
}
