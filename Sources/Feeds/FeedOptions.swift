import CivilTime

/// Settings for building feeds, passed down from the command line as values.
public struct FeedOptions: Sendable {
    /// Languages in order of preference; the first is the one asked for.
    public var languages: [String]
    /// DTSTAMP of every event: `SOURCE_DATE_EPOCH` when set, else the programme's `updated`.
    public var stamp: Instant
    /// PRODID of every feed.
    public var prodID: String
    /// Where the public feeds will be published (`https://example.org/feeds`), used for URLs in the index.
    public var baseURL: String?

    public init(languages: [String] = ["en"], stamp: Instant, prodID: String = CartagenaVersion.prodID,
                baseURL: String? = nil) {
        self.languages = languages
        self.stamp = stamp
        self.prodID = prodID
        self.baseURL = baseURL
    }
}

/// One feed ready to be written: a path relative to the output folder and its text.
public struct FeedFile: Hashable, Sendable {
    /// Relative path with `/` separators, e.g. `activities/ministerial.ics`.
    public var path: String
    public var text: String
    public var eventCount: Int
    /// Public feeds may be published as a folder; personal ones never.
    public var isPublic: Bool

    public init(path: String, text: String, eventCount: Int, isPublic: Bool) {
        self.path = path
        self.text = text
        self.eventCount = eventCount
        self.isPublic = isPublic
    }
}
