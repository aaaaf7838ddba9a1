import CivilTime
import Diagnostics
import Foundation

/// Loads a programme from YAML text, strictly: every problem is reported with its
/// `file:line:column`, and any error makes the load fail.
///
/// ```swift
/// let result = try ProgrammeLoader(zones: SystemZones()).load(text: yaml, path: "Calendars/cartagena40.yaml")
/// ```
public struct ProgrammeLoader: Sendable {
    /// The single source of time-zone rules for every conversion.
    public let zones: any ZoneRules
    /// Text larger than this is refused before parsing (bytes).
    public static let maximumSize = 256 * 1024 * 1024

    public init(zones: any ZoneRules) { self.zones = zones }

    /// The loaded programme and its non-fatal findings (warnings and notes).
    public struct Result: Sendable {
        public var programme: Programme
        public var diagnostics: [Diagnostic]
    }

    /// Parses and validates a programme, in the form its path names (`.json` is JSON, anything
    /// else YAML; see ``ProgrammeFormat/init(path:)``).
    /// - Parameters:
    ///   - text: the YAML or JSON text.
    ///   - path: the path to report in locations (the file need not exist).
    /// - Throws: ``DiagnosticError`` with every error found, sorted by location.
    public func load(text: String, path: String) throws(DiagnosticError) -> Result {
        try load(text: text, path: path, format: ProgrammeFormat(path: path))
    }

    /// Parses and validates a programme written in `format`.
    ///
    /// Both forms are read into one node tree and built by the same code, so a programme gives the
    /// same ``Programme`` (locations aside) and the same messages in either.
    /// - Parameters:
    ///   - text: the programme text.
    ///   - path: the path to report in locations (the file need not exist).
    ///   - format: YAML or JSON.
    /// - Throws: ``DiagnosticError`` with every error found, sorted by location.
    public func load(text: String, path: String, format: ProgrammeFormat) throws(DiagnosticError) -> Result {
        if text.utf8.count > Self.maximumSize {
            throw DiagnosticError(.error("file-too-large", "the programme is \(text.utf8.count / 1_048_576) MB; the limit is 256 MB",
                                         at: SourceLocation(file: path, line: 1, column: 1)))
        }
        let nulOffset = text.utf8.withContiguousStorageIfAvailable { $0.firstIndex(of: 0) } ?? text.utf8.firstIndex(of: 0).map {
            text.utf8.distance(from: text.utf8.startIndex, to: $0)
        }
        if let nulOffset {
            let line = text.utf8.prefix(nulOffset).count { $0 == 10 } + 1
            throw DiagnosticError(.error("invalid-text", "the file contains a NUL byte; it is not a text file",
                                         at: SourceLocation(file: path, line: line, column: 1)))
        }
        let root: ProgrammeNode
        switch format {
        case .yaml:
            root = try YAMLReader.read(text, file: path)
        case .json:
            root = try JSONReader.read(text, file: path)
        }
        var doc = ProgrammeDocument(file: path)
        let programme = ProgrammeBuilder(zones: zones).build(root, &doc)
        let all = doc.diagnostics.sortedForOutput()
        guard let programme, !all.hasErrors else {
            throw DiagnosticError(all.filter { $0.severity == .error })
        }
        return Result(programme: programme, diagnostics: all)
    }
}

/// Builds the domain values from the node tree, reporting into a ``ProgrammeDocument``.
struct ProgrammeBuilder {
    let zones: any ZoneRules
    /// Activities with at least this many sessions are built in two halves at once (tests set it).
    var parallelMinimum = ActivityBuilder.parallelSessions

    func build(_ root: ProgrammeNode, _ doc: inout ProgrammeDocument) -> Programme? {
        guard let top = doc.mapping(root, "the programme file", allowed: ["programme", "transfers", "people", "venues", "activities"],
                                    required: ["programme", "venues", "activities"]) else { return nil }
        guard let head = doc.mapping(top["programme"], "'programme'",
                                     allowed: ["id", "title", "description", "organiser", "languages", "updated", "refresh", "url", "quota", "delegations"],
                                     required: ["id", "title", "organiser", "updated"]) else { return nil }
        let id = doc.id(head["id"], "the programme 'id'") ?? ""
        let title = doc.localized(head["title"], "the programme 'title'", limit: TextLimits.title) ?? Localized([:])
        let description = doc.localized(head["description"], "the programme 'description'")
        var organiser = Organiser(name: "", email: "")
        if let o = doc.mapping(head["organiser"], "'organiser'", allowed: ["name", "email"], required: ["name", "email"]) {
            organiser.name = doc.string(o["name"], "the organiser's 'name'") ?? ""
            if let email = doc.string(o["email"], "the organiser's 'email'") {
                if !isPlausibleEmail(email) { doc.error("invalid-value", "organiser e-mail \(quoted: email) is not an address like name@example.org", at: o["email"]) }
                organiser.email = email
            }
        }
        let languages = head["languages"].map { doc.strings($0, "'languages'") } ?? ["en"]
        var updated = Instant(secondsSince1970: 0)
        if let u = doc.string(head["updated"], "'updated'") {
            if let i = Instant(iso: u) { updated = i } else {
                doc.error("invalid-date", "'updated' must be a UTC time such as 2024-03-01T12:00:00Z, not \(quoted: u)", at: head["updated"])
            }
        }
        let refresh = doc.string(head["refresh"], "'refresh'") ?? "PT12H"
        if parseISODuration(refresh) == nil {
            doc.error("invalid-value", "'refresh' must be an RFC 5545 duration such as PT12H or P1D, not \(quoted: refresh)", at: head["refresh"])
        }
        let quota = doc.int(head["quota"], "'quota'", min: 1)
        let transfers = buildTransfers(top["transfers"], &doc)
        let people = buildPeople(top["people"], &doc)
        let venues = buildVenues(top["venues"], &doc)
        var activityBuilder = ActivityBuilder(zones: ZoneMemo(zones), venues: venues, people: people, parallelMinimum: parallelMinimum)
        let activities = activityBuilder.build(top["activities"], &doc)

        return Programme(id: id, title: title, description: description, organiser: organiser, languages: languages,
                         updated: updated, refreshInterval: refresh, url: doc.string(head["url"], "'url'"), quota: quota,
                         delegationsFile: doc.string(head["delegations"], "'delegations'"),
                         transfers: transfers, venues: venues, activities: activities, people: people,
                         file: doc.file, location: doc.location(root))
    }

    func buildTransfers(_ node: ProgrammeNode?, _ doc: inout ProgrammeDocument) -> TransferRules {
        var rules = TransferRules()
        guard let t = doc.mapping(node, "'transfers'", allowed: ["default", "pairs"]) else { return rules }
        if let d = doc.string(t["default"], "the default transfer") {
            if let s = parseHuman(d) { rules.defaultMinimum = s } else {
                doc.error("invalid-value", "transfer time \(quoted: d) must look like 24h, 90m or 1h30m", at: t["default"])
            }
        }
        for p in doc.sequence(t["pairs"], "transfer 'pairs'") {
            guard let f = doc.mapping(p, "a transfer pair", allowed: ["from", "to", "min"], required: ["from", "to", "min"]),
                  let from = doc.string(f["from"], "'from'"), let to = doc.string(f["to"], "'to'"),
                  let m = doc.string(f["min"], "'min'") else { continue }
            guard let s = parseHuman(m) else {
                doc.error("invalid-value", "transfer time \(quoted: m) must look like 30h, 90m or 1h30m", at: f["min"])
                continue
            }
            rules.rules.append(.init(from: from, to: to, minimum: s, location: doc.location(p)))
        }
        return rules
    }

    func buildPeople(_ node: ProgrammeNode?, _ doc: inout ProgrammeDocument) -> [Person] {
        var out: [Person] = []
        var seen: [String: (id: String, line: Int)] = [:]
        for p in doc.sequence(node, "'people'") {
            guard let f = doc.mapping(p, "a person", allowed: ["id", "name", "delegation", "role"], required: ["id", "name"]),
                  let id = doc.id(f["id"], "a person's 'id'"), let name = doc.string(f["name"], "a person's 'name'") else { continue }
            doc.unique(id, "person id", at: f["id"], in: &seen)
            out.append(Person(id: PersonID(id), name: name, delegation: doc.string(f["delegation"], "'delegation'").map(DelegationCode.init),
                              role: doc.localized(f["role"], "'role'"), location: doc.location(p)))
        }
        return out
    }

    func buildVenues(_ node: ProgrammeNode?, _ doc: inout ProgrammeDocument) -> [Venue] {
        var out: [Venue] = []
        var seen: [String: (id: String, line: Int)] = [:]
        for v in doc.sequence(node, "'venues'") {
            guard let f = doc.mapping(v, "a venue", allowed: ["id", "name", "address", "city", "country", "timezone", "geo", "rooms", "hours", "holidays", "to_be_confirmed"],
                                      required: ["id", "name", "city", "country", "timezone", "rooms"]),
                  let id = doc.id(f["id"], "a venue's 'id'") else { continue }
            doc.unique(id, "venue id", at: f["id"], in: &seen)
            let tz = doc.string(f["timezone"], "the venue's 'timezone'") ?? "UTC"
            if !zones.isKnown(tz) {
                var message = "unknown time zone \(quoted: tz) for venue \(quoted: id); use an IANA name such as America/Santiago or Europe/Zurich"
                if tz == "Europe/Geneva" { message += " (Geneva is Europe/Zurich)" }
                doc.error("unknown-timezone", message, at: f["timezone"], subjects: [id])
            }
            let country = doc.string(f["country"], "the venue's 'country'") ?? ""
            if !country.isEmpty, country.count != 3 || !country.allSatisfy({ $0.isASCII && $0.isUppercase }) {
                doc.error("invalid-value", "country \(quoted: country) must be an ISO 3166-1 alpha-3 code such as CHL", at: f["country"])
            }
            var geo: Geo?
            if let g = doc.mapping(f["geo"], "'geo'", allowed: ["lat", "lon"], required: ["lat", "lon"]),
               let lat = doc.double(g["lat"], "'lat'", range: -90...90), let lon = doc.double(g["lon"], "'lon'", range: -180...180) {
                geo = Geo(lat: lat, lon: lon)
            }
            var hours: OpeningHours?
            if let h = doc.mapping(f["hours"], "'hours'", allowed: ["open", "close"], required: ["open", "close"]),
               let o = doc.string(h["open"], "'open'"), let c = doc.string(h["close"], "'close'") {
                if let om = parseClock(o), let cm = parseClock(c), om < cm { hours = OpeningHours(open: om, close: cm) } else {
                    doc.error("invalid-time", "opening hours \(quoted: o)–\(quoted: c) must be two times HH:MM, the first earlier", at: f["hours"])
                }
            }
            var rooms: [Room] = []
            var roomIDs: [String: (id: String, line: Int)] = [:]
            for r in doc.sequence(f["rooms"], "'rooms'") {
                guard let rf = doc.mapping(r, "a room", allowed: ["id", "name", "capacity"], required: ["id"]),
                      let rid = doc.id(rf["id"], "a room's 'id'") else { continue }
                doc.unique(rid, "room id", at: rf["id"], in: &roomIDs, scope: "room ids must be unique in venue \(quoted: id)")
                rooms.append(Room(id: RoomID(rid), name: doc.localized(rf["name"], "the room's 'name'", limit: TextLimits.title) ?? Localized(["en": rid]),
                                  capacity: doc.int(rf["capacity"], "'capacity'", min: 1), location: doc.location(r)))
            }
            if rooms.isEmpty, f["rooms"] != nil { doc.error("missing-key", "venue \(quoted: id) needs at least one room", at: f["rooms"]) }
            let cityNames = doc.localized(f["city"], "'city'", limit: TextLimits.title)
            let city = cityNames?.pick(["en"])?.text ?? ""
            let tbc = f["to_be_confirmed"].flatMap { doc.bool($0, "'to_be_confirmed'") } ?? false
            out.append(Venue(id: VenueID(id), name: doc.localized(f["name"], "the venue's 'name'", limit: TextLimits.title) ?? Localized(["en": id]),
                             address: doc.string(f["address"], "'address'"), city: city,
                             country: country, timezone: tz, geo: geo, rooms: rooms, hours: hours,
                             holidays: doc.strings(f["holidays"], "'holidays'"), toBeConfirmed: tbc, location: doc.location(v)))
            if let cityNames { out[out.count - 1].cityNames = cityNames }
        }
        return out
    }
}

/// Parses `24h`, `90m`, `1h30m` into seconds.
func parseHuman(_ text: String) -> Int? {
    var total = 0, number = "", any = false
    for ch in text.lowercased() where ch != " " {
        if ch.isASCII, ch.isNumber { number.append(ch); continue }
        guard let n = Int(number) else { return nil }
        switch ch {
        case "d": total += n * 86_400
        case "h": total += n * 3600
        case "m": total += n * 60
        default: return nil
        }
        number = ""
        any = true
    }
    return number.isEmpty && any ? total : nil
}

/// Parses `HH:MM` into minutes after midnight.
func parseClock(_ text: String) -> Int? {
    let p = text.split(separator: ":")
    guard p.count == 2, p[0].count == 2, p[1].count == 2, let h = Int(p[0]), let m = Int(p[1]),
          (0...24).contains(h), (0...59).contains(m), h * 60 + m <= 1440 else { return nil }
    return h * 60 + m
}

/// Parses an RFC 5545 duration (`PT12H`, `P1D`, `P1W`) into seconds.
public func parseISODuration(_ text: String) -> Int? {
    var s = Substring(text)
    guard s.first == "P" else { return nil }
    s = s.dropFirst()
    var total = 0, number = "", inTime = false, any = false
    for ch in s {
        if ch == "T" { inTime = true; continue }
        if ch.isASCII, ch.isNumber { number.append(ch); continue }
        guard let n = Int(number) else { return nil }
        switch (ch, inTime) {
        case ("W", false): total += n * 604_800
        case ("D", false): total += n * 86_400
        case ("H", true): total += n * 3600
        case ("M", true): total += n * 60
        case ("S", true): total += n
        default: return nil
        }
        number = ""
        any = true
    }
    return number.isEmpty && any ? total : nil
}

/// A pragmatic e-mail check: one @, no spaces, a domain with a dot.
public func isPlausibleEmail(_ s: String) -> Bool {
    let parts = s.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !s.contains(where: { $0.isWhitespace }) else { return false }
    let domain = parts[1]
    guard let dot = domain.lastIndex(of: "."), dot != domain.startIndex, domain.index(after: dot) != domain.endIndex,
          !domain.hasPrefix("."), !domain.contains("..") else { return false }
    return true
}
