import Planner
import CivilTime
import Diagnostics

/// One occurrence of an event from an outside calendar (a public holiday, an assembly
/// elsewhere), reduced to what the checks compare sessions with.
///
/// Built from an `.ics` file by `Feeds.OutsideCalendarReader`; Planner itself never reads
/// iCalendar.
public struct OutsideEvent: Hashable, Sendable {
    /// When the occurrence happens.
    public enum When: Hashable, Sendable {
        /// Whole days, both inclusive. A date has no zone: it is compared with each session's
        /// venue-local date (a holiday on 20 June is 20 June wherever the venue is).
        case days(LocalDate, LocalDate)
        /// A span of the UTC time line, start inclusive, end exclusive (equal for an instant).
        case timed(Instant, Instant)
    }

    /// `SUMMARY`, or the `UID` when there is no summary.
    public var name: String
    public var when: When
    /// The calendar file and the line of the event's `BEGIN:VEVENT` (column 1).
    public var source: SourceLocation

    public init(name: String, when: When, source: SourceLocation) {
        self.name = name
        self.when = when
        self.source = source
    }
}

/// An outside calendar's occurrences and which sessions it applies to.
public struct OutsideCalendar: Hashable, Sendable {
    /// Which sessions a calendar is compared with.
    public enum Scope: Hashable, Sendable {
        /// Every session (`--against FILE.ics`); findings have the code `outside-event`.
        case everyVenue
        /// Sessions at these venues only (a venue's `holidays:`); findings have the code `holiday`.
        case venues(Set<VenueID>)
    }

    /// The path as given (for venue calendars, relative to the working folder).
    public var file: String
    public var events: [OutsideEvent]
    public var scope: Scope

    public init(file: String, events: [OutsideEvent], scope: Scope) {
        self.file = file
        self.events = events
        self.scope = scope
    }
}
