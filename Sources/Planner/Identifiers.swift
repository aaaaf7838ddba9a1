/// Declares a typed identifier wrapping the id string used in the programme file.
public protocol PlannerID: RawRepresentable, Hashable, Comparable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral where RawValue == String {
    init(_ raw: String)
}

extension PlannerID {
    public init(rawValue: String) { self.init(rawValue) }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }
    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

public struct VenueID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct RoomID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct ActivityID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct SessionID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct PersonID: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
public struct DelegationCode: PlannerID { public let rawValue: String; public init(_ raw: String) { rawValue = raw } }
