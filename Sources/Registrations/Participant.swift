import Planner

/// One person on a registration list, with every session they are registered for.
///
/// Built by ``RegistrationChecker`` when asked (``RegistrationOptions/collectParticipants``);
/// the rows of one person (the per-registration shape) are merged.
public struct Participant: Sendable, Hashable {
    /// The `id` (or `participant id`) column when present and filled; otherwise the e-mail in
    /// lower case; otherwise `name:<folded given and family name>/<DELEGATION>`. In the
    /// one-row-per-person shape without an id column, a row whose fallback is already taken by an
    /// earlier row (two people sharing an address) gets `row-<n>` instead of being merged.
    public var id: String
    public var givenName: String
    public var familyName: String
    public var email: String
    /// The delegation code as written (trimmed).
    public var delegation: String
    public var role: String?
    public var language: String?
    /// Activities registered for, explicitly or through one of their sessions, sorted by id.
    public var activities: [ActivityID]
    /// Activities registered for as a whole (listed in the activities column), sorted by id: the
    /// person follows every session of these, including sessions later removed (cancelled).
    public var wholeActivities: [ActivityID] = []
    /// The seats the person takes, each with the row that took it, in row order: a session named
    /// on a row takes a seat in it; an activity registered as a whole takes one in each of its
    /// sessions that overlaps none of its others (parallel sessions are a choice, counted in
    /// none). A person takes one seat per session. `registrations check` counts the same seats.
    public var seats: [Seat] = []
    /// A seat in a session, taken on a spreadsheet row.
    public struct Seat: Sendable, Hashable {
        public var session: SessionID
        public var row: Int
        public init(session: SessionID, row: Int) {
            self.session = session
            self.row = row
        }
    }
    /// Sessions listed explicitly plus every session of each activity registered for, without
    /// duplicates, in time order (start instant, then id). Unknown ids are left out.
    public var sessions: [SessionID]
    /// The spreadsheet rows the person appears on, ascending (header = row 1).
    public var rows: [Int]

    public init(id: String, givenName: String, familyName: String, email: String, delegation: String, role: String? = nil,
                language: String? = nil, activities: [ActivityID] = [], sessions: [SessionID] = [], rows: [Int] = []) {
        self.id = id
        self.givenName = givenName
        self.familyName = familyName
        self.email = email
        self.delegation = delegation
        self.role = role
        self.language = language
        self.activities = activities
        self.sessions = sessions
        self.rows = rows
    }
}

/// How to read a registration list.
public struct RegistrationOptions: Sendable {
    /// The path reported in findings (the file need not exist).
    public var file: String
    /// `nil`: detected from the header line.
    public var delimiter: CSVDelimiter?
    /// `nil`: UTF-8, and invalid bytes are an error that suggests `--encoding windows-1252`.
    public var encoding: TextEncoding?
    /// `--columns`: header names for columns whose header is not one of the known aliases.
    public var columns: [RegistrationColumn: String]
    /// Whether to build ``Participant`` values (memory grows with the people; the checks alone
    /// keep only compact keys).
    public var collectParticipants: Bool
    /// Whether to build ``FeedPeople`` (the compact form personal feeds read) instead.
    public var collectFeedPeople = false
    /// Whether to build the compact registrants `check --registrations` reads (session numbers
    /// per person, no texts): the same people, ids and merging as ``Participant``, collected by
    /// the checks across rows, so that a large list is still read on two cores.
    public var collectRegistrants = false
    /// How many rows to size the key tables for (an estimate, e.g. from the file size; 0: grow
    /// as rows come). Only speed and the moment memory is taken depend on it.
    public var expectedRows: Int

    public init(file: String, delimiter: CSVDelimiter? = nil, encoding: TextEncoding? = nil,
                columns: [RegistrationColumn: String] = [:], collectParticipants: Bool = false, expectedRows: Int = 0) {
        self.file = file
        self.expectedRows = expectedRows
        self.delimiter = delimiter
        self.encoding = encoding
        self.columns = columns
        self.collectParticipants = collectParticipants
    }
}
