import CivilTime
import Diagnostics
import ICalendar
import Planner

/// The public feeds of a programme: the whole programme, one per activity and one per venue.
///
/// They carry no participant data at all: sessions, rooms, venues and the organiser only.
public enum PublicFeeds {
    /// Builds every public feed from one catalogue.
    /// - Returns: files with paths `<programme-id>.ics`, `activities/<id>.ics`, `venues/<id>.ics`, sorted by path.
    ///   Each name is a ``FileNameComponent`` of its id, so no path leaves the output folder.
    public static func build(programme: Programme, catalogue: EventCatalogue, options: FeedOptions) -> [FeedFile] {
        let lang = options.languages.first ?? "en"
        let programmeTitle = programme.title.pick(options.languages, fallbacks: programme.languages)?.text ?? programme.id
        func header(_ name: String, _ description: String?, zone: String?) -> CalendarHeader {
            CalendarHeader(prodID: options.prodID, method: "PUBLISH", name: name, description: description,
                           refreshInterval: programme.refreshInterval, timezoneHint: zone, url: programme.url)
        }
        var files: [FeedFile] = []
        let all = catalogue.entries
        files.append(FeedFile(path: "\(FileNameComponent(naming: programme.id)).ics",
                              text: catalogue.feed(header: header(programmeTitle, programme.description.map { $0.text(lang) }, zone: nil), entries: all),
                              eventCount: all.count, isPublic: true))
        for activity in programme.activities where activity.dates.isExact {
            let selected = all.filter { $0.activity == activity.id }
            guard !selected.isEmpty else { continue }
            let title = activity.title.pick(options.languages, fallbacks: programme.languages)?.text ?? activity.id.rawValue
            let zone = selected.first?.zone
            files.append(FeedFile(path: "activities/\(activity.id.fileName).ics",
                                  text: catalogue.feed(header: header("\(programmeTitle): \(title)", nil, zone: zone), entries: selected),
                                  eventCount: selected.count, isPublic: true))
        }
        for venue in programme.venues {
            let selected = all.filter { $0.venue == venue.id }
            guard !selected.isEmpty else { continue }
            let name = venue.name.pick(options.languages, fallbacks: programme.languages)?.text ?? venue.id.rawValue
            files.append(FeedFile(path: "venues/\(venue.id.fileName).ics",
                                  text: catalogue.feed(header: header("\(programmeTitle): \(name)", nil, zone: venue.timezone), entries: selected),
                                  eventCount: selected.count, isPublic: true))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Checks feeds with libical's restriction check, component by component.
    ///
    /// Each feed's own properties are always checked; a component is checked once per `METHOD`
    /// and *shape* (``shape(_:)``): 5,000 sessions have a handful of shapes, and libical scans its
    /// restriction table linearly for every property, which made this check cost more than
    /// serialising the events. Lines are those of each feed.
    /// - Returns: an error per problem, located at the feed path.
    public static func validate(_ files: [FeedFile]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        var checked = Set<String>()
        for f in files {
            let (text, lineOf) = unchecked(f.text, checked: &checked)
            for issue in ICalendarValidator.validate(text) {
                let line = issue.line.map { $0 >= 1 && $0 <= lineOf.count ? lineOf[$0 - 1] : $0 } ?? 1
                out.append(.error("invalid-feed", "\(issue)", at: SourceLocation(file: f.path, line: line, column: 1),
                                  subjects: issue.uid.map { [$0] } ?? []))
            }
        }
        return out
    }

    /// Properties whose value the restriction rules never look at (RFC 5546 counts them; libical
    /// wrote each value from a typed value, so it parses): a component is keyed by their names and
    /// parameters only. Every other line (STATUS, CLASS, ORGANIZER, RRULE, a VTIMEZONE's lines...)
    /// is kept whole in the key.
    static let valueFree: Set<String> = ["UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "LOCATION",
                                         "CATEGORIES", "SEQUENCE", "CREATED", "LAST-MODIFIED", "URL", "GEO", "COMMENT"]

    /// What the restriction check of one component depends on: its lines in order, with the value
    /// (and continuation lines) of ``valueFree`` properties left out.
    static func shape(_ component: ArraySlice<UInt8>) -> String {
        var key: [UInt8] = []
        key.reserveCapacity(256)
        var skipping = false
        var i = component.startIndex
        while i < component.endIndex {
            var end = i
            while end < component.endIndex && component[end] != 10 { end += 1 }
            let line = component[i..<min(end + 1, component.endIndex)]
            i = end + 1
            if line.first == 0x20 || line.first == 0x09 {
                if !skipping { key += line }
                continue
            }
            let nameEnd = line.firstIndex { $0 == 0x3A || $0 == 0x3B } ?? line.endIndex
            skipping = valueFree.contains(String(decoding: line[line.startIndex..<nameEnd], as: UTF8.self).uppercased())
            if skipping {
                // Name and parameters (up to the value's colon; a quoted parameter may hold one).
                var quoted = false, colon = line.endIndex
                for j in nameEnd..<line.endIndex {
                    if line[j] == 0x22 { quoted.toggle() } else if line[j] == 0x3A, !quoted { colon = j; break }
                }
                key += line[line.startIndex..<colon]
                key.append(10)
            } else {
                key += line
            }
        }
        return String(decoding: key, as: UTF8.self)
    }

    /// The feed without the components of `checked` (keyed by METHOD and text), and the feed's
    /// line number of each line kept; adds the components kept to `checked`.
    static func unchecked(_ text: String, checked: inout Set<String>) -> (String, [Int]) {
        let bytes = Array(text.utf8)
        var lines: [Range<Int>] = []
        var start = 0
        for i in bytes.indices where bytes[i] == 10 {
            lines.append(start..<(i + 1))
            start = i + 1
        }
        if start < bytes.count { lines.append(start..<bytes.count) }
        func starts(_ r: Range<Int>, _ prefix: String) -> Bool { bytes[r].starts(with: prefix.utf8) }
        var method = ""
        for r in lines where starts(r, "METHOD:") { method = String(decoding: bytes[r], as: UTF8.self); break }
        var kept: [UInt8] = []
        kept.reserveCapacity(bytes.count)
        var lineOf: [Int] = []
        var depth = 0, componentStart = 0
        for (n, r) in lines.enumerated() {
            if starts(r, "BEGIN:") {
                depth += 1
                if depth == 2 { componentStart = n }
                if depth >= 2 { continue }
            } else if starts(r, "END:") {
                depth -= 1
                if depth == 1 {
                    let range = lines[componentStart].lowerBound..<r.upperBound
                    if checked.insert(method + shape(bytes[range])).inserted {
                        kept += bytes[range]
                        lineOf += (componentStart + 1)...(n + 1)
                    }
                    continue
                }
                if depth >= 2 { continue }
            } else if depth >= 2 {
                continue
            }
            kept += bytes[r]
            lineOf.append(n + 1)
        }
        return (String(decoding: kept, as: UTF8.self), lineOf)
    }
}
