import CivilTime
import Diagnostics

/// A whole intergovernmental process: its venues, activities and sessions.
///
/// A plain value: no I/O, no C. Load one with ``ProgrammeLoader``.
public struct Programme: Hashable, Sendable {
    public var id: String
    public var title: Localized
    public var description: Localized?
    public var organiser: Organiser
    /// Languages the programme is published in, in order of preference.
    public var languages: [String]
    /// When the programme was last edited: the deterministic DTSTAMP of its feeds.
    public var updated: Instant
    /// How often calendar clients should refresh feeds, as an RFC 5545 duration (`PT12H`).
    public var refreshInterval: String
    public var url: String?
    /// Default maximum registrants per delegation and activity (overridden per activity).
    public var quota: Int?
    /// The delegation list (YAML, relative to the programme file), when declared.
    public var delegationsFile: String?
    public var transfers: TransferRules
    public var venues: [Venue]
    public var activities: [Activity]
    public var people: [Person]
    /// Path of the file it came from, as given to the loader.
    public var file: String
    public var location: SourceLocation

    public init(id: String, title: Localized, description: Localized? = nil, organiser: Organiser, languages: [String],
                updated: Instant, refreshInterval: String = "PT12H", url: String? = nil, quota: Int? = nil,
                delegationsFile: String? = nil, transfers: TransferRules = TransferRules(), venues: [Venue], activities: [Activity],
                people: [Person] = [], file: String, location: SourceLocation) {
        self.id = id
        self.title = title
        self.description = description
        self.organiser = organiser
        self.languages = languages
        self.updated = updated
        self.refreshInterval = refreshInterval
        self.url = url
        self.quota = quota
        self.delegationsFile = delegationsFile
        self.transfers = transfers
        self.venues = venues
        self.activities = activities
        self.people = people
        self.file = file
        self.location = location
    }

    public func venue(_ id: VenueID) -> Venue? { venues.first { $0.id == id } }
    public func activity(_ id: ActivityID) -> Activity? { activities.first { $0.id == id } }
    public func person(_ id: PersonID) -> Person? { people.first { $0.id == id } }

    /// Every session with its activity and venue, in programme order.
    public var scheduledSessions: [ScheduledSession] {
        var out: [ScheduledSession] = []
        for a in activities {
            guard let vid = a.venue, let v = venue(vid) else { continue }
            for s in a.sessions {
                out.append(ScheduledSession(session: s, activity: a, venue: v, room: v.room(s.room)))
            }
        }
        return out
    }
}

/// Who publishes the programme: the ORGANIZER of every feed event (RFC 5546 PUBLISH).
public struct Organiser: Hashable, Sendable {
    public var name: String
    public var email: String
    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// A place where activities happen, with its IANA time zone.
public struct Venue: Hashable, Sendable {
    public var id: VenueID
    public var name: Localized
    public var address: String?
    /// The city as the travel checks and feeds know it (`transfers:` names it): the `en` text of a
    /// per-language `city:`, or the plain text.
    public var city: String
    /// The city's name per language (`city: {en: Geneva, es: Ginebra}`), for printed pages;
    /// `["en": city]` when the file gives one text.
    public var cityNames: Localized
    /// ISO 3166-1 alpha-3 country code.
    public var country: String
    /// IANA zone name (`America/Santiago`); every time at this venue is wall-clock time of this zone.
    public var timezone: String
    public var geo: Geo?
    /// The rooms, in file order.
    public var rooms: [Room] { didSet { roomIndex = Venue.index(rooms) } }
    /// Position in `rooms` of each room id (its first room when an id is repeated): ``room(_:)``
    /// is asked once per session, and a venue may have hundreds of rooms.
    private var roomIndex: [RoomID: Int]
    /// Opening hours (venue wall-clock), when declared.
    public var hours: OpeningHours?
    /// Holiday calendars (.ics paths relative to the programme file) that apply at this venue.
    public var holidays: [String]
    /// True when the venue's identity is not confirmed by a public source.
    public var toBeConfirmed: Bool
    public var location: SourceLocation

    public init(id: VenueID, name: Localized, address: String? = nil, city: String, country: String, timezone: String,
                geo: Geo? = nil, rooms: [Room], hours: OpeningHours? = nil, holidays: [String] = [],
                toBeConfirmed: Bool = false, location: SourceLocation) {
        self.id = id
        self.name = name
        self.address = address
        self.city = city
        self.cityNames = Localized(["en": city])
        self.country = country
        self.timezone = timezone
        self.geo = geo
        self.rooms = rooms
        self.roomIndex = Venue.index(rooms)
        self.hours = hours
        self.holidays = holidays
        self.toBeConfirmed = toBeConfirmed
        self.location = location
    }

    /// The room with this id, if the venue has one.
    public func room(_ id: RoomID) -> Room? { roomIndex[id].map { rooms[$0] } }

    private static func index(_ rooms: [Room]) -> [RoomID: Int] {
        var out: [RoomID: Int] = Dictionary(minimumCapacity: rooms.count)
        for (i, r) in rooms.enumerated() where out[r.id] == nil { out[r.id] = i }
        return out
    }
}

/// Latitude and longitude in decimal degrees (WGS 84).
public struct Geo: Hashable, Sendable {
    public var lat: Double
    public var lon: Double
    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }
}

/// Daily opening hours of a venue, wall-clock: `hours: {open: "08:00", close: "20:00"}`.
public struct OpeningHours: Hashable, Sendable {
    /// Minutes after midnight.
    public var open: Int
    public var close: Int
    public init(open: Int, close: Int) {
        self.open = open
        self.close = close
    }
}

/// A room of a venue.
public struct Room: Hashable, Sendable {
    public var id: RoomID
    public var name: Localized
    public var capacity: Int?
    public var location: SourceLocation
    public init(id: RoomID, name: Localized, capacity: Int?, location: SourceLocation) {
        self.id = id
        self.name = name
        self.capacity = capacity
        self.location = location
    }
}

/// A chair, speaker or other named figure of the programme (public role, not a registrant).
public struct Person: Hashable, Sendable {
    public var id: PersonID
    public var name: String
    public var delegation: DelegationCode?
    public var role: Localized?
    public var location: SourceLocation
    public init(id: PersonID, name: String, delegation: DelegationCode? = nil, role: Localized? = nil, location: SourceLocation) {
        self.id = id
        self.name = name
        self.delegation = delegation
        self.role = role
        self.location = location
    }
}
