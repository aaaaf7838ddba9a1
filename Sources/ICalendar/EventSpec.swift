import CivilTime

/// The time of a `DTSTART` or `DTEND`, in one of the four RFC 5545 forms.
public enum EventTime: Hashable, Sendable {
    /// Venue wall-clock time in an IANA zone: `DTSTART;TZID=Europe/Zurich:20241025T100000`.
    case local(LocalDateTime, tzid: String)
    /// An instant, written in UTC: `DTSTART:20241025T080000Z`.
    case utc(Instant)
    /// A whole day: `DTSTART;VALUE=DATE:20241025`. As a `DTEND`, the day is exclusive.
    case date(LocalDate)
    /// Wall-clock time with no zone: `DTSTART:20241025T100000`.
    case floating(LocalDateTime)
}

/// `STATUS` of a `VEVENT`.
public enum EventStatus: String, Sendable {
    /// `TENTATIVE`.
    case tentative = "TENTATIVE"
    /// `CONFIRMED`.
    case confirmed = "CONFIRMED"
    /// `CANCELLED`.
    case cancelled = "CANCELLED"
}

/// `CLASS` (access classification) of a `VEVENT`.
public enum EventClass: String, Sendable {
    /// `PUBLIC`.
    case `public` = "PUBLIC"
    /// `PRIVATE`.
    case `private` = "PRIVATE"
    /// `CONFIDENTIAL`.
    case confidential = "CONFIDENTIAL"
}

/// A `GEO` position in decimal degrees (WGS 84).
public struct GeoPoint: Hashable, Sendable {
    /// Latitude, north positive.
    public var lat: Double
    /// Longitude, east positive.
    public var lon: Double
    /// Creates a position.
    public init(lat: Double, lon: Double) {
        self.lat = lat
        self.lon = lon
    }
}

/// An `ORGANIZER`, written as `ORGANIZER;CN=<name>:mailto:<email>`.
public struct Organizer: Hashable, Sendable {
    /// The common name (`CN` parameter).
    public var name: String
    /// The e-mail address, without `mailto:`.
    public var email: String
    /// Creates an organizer.
    public init(name: String, email: String) {
        self.name = name
        self.email = email
    }
}

/// Everything a `VEVENT` of a published feed carries: a value with no libical inside.
///
/// Serialise it with ``ICalendarWriter/event(_:)``. Text fields may hold any Unicode; line breaks
/// (`\r\n`, `\r`, `\n`) become RFC 5545 `\n` escapes and other control characters are dropped.
public struct EventSpec: Hashable, Sendable {
    /// `UID`; derive it from ids, never from a random source.
    public var uid: String
    /// `DTSTAMP`, an instant.
    public var dtstamp: Instant
    /// `DTSTART`.
    public var start: EventTime
    /// `DTEND` (exclusive for a `.date`).
    public var end: EventTime
    /// `SUMMARY`.
    public var summary: String
    /// `DESCRIPTION`.
    public var description: String?
    /// `LOCATION`.
    public var location: String?
    /// `GEO`.
    public var geo: GeoPoint?
    /// `CATEGORIES`, one property per category. A comma inside a category cannot be expressed
    /// through libical, so `,` (with any spaces after it) is written as one space.
    public var categories: [String]
    /// `STATUS`.
    public var status: EventStatus?
    /// `ORGANIZER`.
    public var organizer: Organizer?
    /// `SEQUENCE`.
    public var sequence: Int?
    /// `LAST-MODIFIED`, an instant.
    public var lastModified: Instant?
    /// `CREATED`, an instant.
    public var created: Instant?
    /// `URL`.
    public var url: String?
    /// `CLASS`.
    public var classification: EventClass?
    /// A `LANGUAGE` parameter (such as `es`) put on `SUMMARY`, `DESCRIPTION` and `LOCATION`.
    public var language: String?

    /// Creates an event; every optional property defaults to absent.
    public init(uid: String, dtstamp: Instant, start: EventTime, end: EventTime, summary: String,
                description: String? = nil, location: String? = nil, geo: GeoPoint? = nil,
                categories: [String] = [], status: EventStatus? = nil, organizer: Organizer? = nil,
                sequence: Int? = nil, lastModified: Instant? = nil, created: Instant? = nil,
                url: String? = nil, classification: EventClass? = nil, language: String? = nil) {
        self.uid = uid
        self.dtstamp = dtstamp
        self.start = start
        self.end = end
        self.summary = summary
        self.description = description
        self.location = location
        self.geo = geo
        self.categories = categories
        self.status = status
        self.organizer = organizer
        self.sequence = sequence
        self.lastModified = lastModified
        self.created = created
        self.url = url
        self.classification = classification
        self.language = language
    }
}

/// `VCALENDAR`-level properties of a published feed.
public struct CalendarHeader: Hashable, Sendable {
    /// `PRODID`, such as `-//Cartagena+40//cartagena//EN`.
    public var prodID: String
    /// `METHOD`, such as `PUBLISH`.
    public var method: String?
    /// `NAME` (RFC 7986) and `X-WR-CALNAME`.
    public var name: String
    /// `DESCRIPTION` (RFC 7986) and `X-WR-CALDESC`.
    public var description: String?
    /// An RFC 5545 duration such as `PT12H`, written as `REFRESH-INTERVAL;VALUE=DURATION` and
    /// `X-PUBLISHED-TTL`. A value that is not a duration is left out
    /// (check it first with ``ICalendarWriter/isValidDuration(_:)``).
    public var refreshInterval: String?
    /// `X-WR-TIMEZONE`, an IANA zone name.
    public var timezoneHint: String?
    /// `URL` (RFC 7986).
    public var url: String?
    /// `COLOR` (RFC 7986), a CSS3 colour name.
    public var color: String?

    /// Creates a header; every optional property defaults to absent.
    public init(prodID: String, method: String? = nil, name: String, description: String? = nil,
                refreshInterval: String? = nil, timezoneHint: String? = nil, url: String? = nil,
                color: String? = nil) {
        self.prodID = prodID
        self.method = method
        self.name = name
        self.description = description
        self.refreshInterval = refreshInterval
        self.timezoneHint = timezoneHint
        self.url = url
        self.color = color
    }
}
