internal import Diagnostics
/// A problem that libical or our own checks found in iCalendar text.
///
/// Issues name the component, property, UID and the 1-based line of the offending content line
/// in the input text (the first physical line of an unfolded content line), when known.
public struct ICalendarIssue: Hashable, Sendable, CustomStringConvertible {
    /// What sort of problem this is. Stable: pin tests and diagnostics codes on it, not on `message`.
    public enum Kind: String, Sendable {
        /// libical or our scan could not read part of the text (`X-LIC-ERROR` on parse, bad structure).
        case parse
        /// An iTIP restriction (RFC 5546, per `METHOD`) failed in `icalrestriction_check`.
        case restriction
        /// A value that libical would silently normalise, such as the date-time `20241332T250000`.
        case invalidValue
        /// A `TZID` with neither a `VTIMEZONE` in the text nor a known system zone.
        case unknownTimezone
        /// A `BEGIN:` with no matching `END:`.
        case missingEnd
        /// The input is larger than ``ICalendarReader/maximumInputBytes``, or lists more than
        /// ``ICalendarReader/maximumDateValues`` `EXDATE` and `RDATE` dates.
        case tooLarge
        /// Anything else.
        case other
    }

    /// What sort of problem this is.
    public var kind: Kind
    /// The component the problem is in, such as `VEVENT` or `VCALENDAR`.
    public var component: String
    /// The property at fault, such as `DTSTART`, when there is one.
    public var property: String?
    /// The `UID` of the component at fault, when it has one.
    public var uid: String?
    /// The 1-based line of the content line in the input text, when known.
    public var line: Int?
    /// A lowercase sentence saying what is wrong and what to do.
    public var message: String

    /// Creates an issue.
    public init(kind: Kind, component: String, property: String? = nil, uid: String? = nil,
                line: Int? = nil, message: String) {
        self.kind = kind
        self.component = component
        self.property = property
        self.uid = uid
        self.line = line
        self.message = message
    }

    /// `line 12: VEVENT 'uid' DTSTART: message`.
    public var description: String {
        var parts: [String] = []
        if let line { parts.append("line \(line):") }
        var subject = component
        if let uid { subject += " \(quoted: uid)" }
        if let property { subject += " \(property)" }
        parts.append(subject + ":")
        parts.append(message)
        return parts.joined(separator: " ")
    }
}

/// iCalendar text that cannot be read at all, or a time zone that cannot be described.
public struct ICalendarError: Error, CustomStringConvertible, Sendable {
    /// Every problem found; at least one.
    public var issues: [ICalendarIssue]

    /// Creates an error from its issues.
    public init(issues: [ICalendarIssue]) { self.issues = issues }

    /// The issues, one a line.
    public var description: String { issues.map(\.description).joined(separator: "\n") }
}
