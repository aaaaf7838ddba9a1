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
    public static func build(programme: Programme, catalogue: EventCatalogue, options: FeedOptions) -> [FeedFile] {
        let lang = options.languages.first ?? "en"
        let programmeTitle = programme.title.pick(options.languages, fallbacks: programme.languages)?.text ?? programme.id
        func header(_ name: String, _ description: String?, zone: String?) -> CalendarHeader {
            CalendarHeader(prodID: options.prodID, method: "PUBLISH", name: name, description: description,
                           refreshInterval: programme.refreshInterval, timezoneHint: zone, url: programme.url)
        }
        var files: [FeedFile] = []
        let all = catalogue.entries
        files.append(FeedFile(path: "\(programme.id).ics",
                              text: catalogue.feed(header: header(programmeTitle, programme.description.map { $0.text(lang) }, zone: nil), entries: all),
                              eventCount: all.count, isPublic: true))
        for activity in programme.activities where activity.dates.isExact {
            let selected = all.filter { $0.activity == activity.id }
            guard !selected.isEmpty else { continue }
            let title = activity.title.pick(options.languages, fallbacks: programme.languages)?.text ?? activity.id.rawValue
            let zone = selected.first?.zone
            files.append(FeedFile(path: "activities/\(activity.id).ics",
                                  text: catalogue.feed(header: header("\(programmeTitle): \(title)", nil, zone: zone), entries: selected),
                                  eventCount: selected.count, isPublic: true))
        }
        for venue in programme.venues {
            let selected = all.filter { $0.venue == venue.id }
            guard !selected.isEmpty else { continue }
            let name = venue.name.pick(options.languages, fallbacks: programme.languages)?.text ?? venue.id.rawValue
            files.append(FeedFile(path: "venues/\(venue.id).ics",
                                  text: catalogue.feed(header: header("\(programmeTitle): \(name)", nil, zone: venue.timezone), entries: selected),
                                  eventCount: selected.count, isPublic: true))
        }
        return files.sorted { $0.path < $1.path }
    }

    /// Checks feeds with libical's restriction check, component by component.
    /// - Returns: an error per problem, located at the feed path.
    public static func validate(_ files: [FeedFile]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for f in files {
            for issue in ICalendarValidator.validate(f.text) {
                out.append(.error("invalid-feed", "\(issue)", at: SourceLocation(file: f.path, line: issue.line ?? 1, column: 1),
                                  subjects: issue.uid.map { [$0] } ?? []))
            }
        }
        return out
    }
}
