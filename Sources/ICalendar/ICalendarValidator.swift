/// Checks iCalendar text with libical and with our own raw-text checks.
public enum ICalendarValidator {
    /// Every problem found in `text`, in the order found; empty when the text is clean.
    ///
    /// Runs libical's restriction check (`icalrestriction_check`, RFC 5546 rules for the
    /// calendar's `METHOD`: with `METHOD:PUBLISH` a `VEVENT` needs `ORGANIZER` and must not have
    /// `ATTENDEE`) on each component separately, wrapped in a copy of its `VCALENDAR`, because
    /// the whole-calendar check stops at the first invalid one. Also reports libical's
    /// `X-LIC-ERROR`s (kind `.parse`) and what ``ICalendarReader/parse(_:)`` would throw for
    /// (missing `END`, unknown `TZID`, impossible date-times). Each issue names the component,
    /// property, `UID` and line.
    public static func validate(_ text: String) -> [ICalendarIssue] {
        guard text.utf8.count <= ICalendarReader.maximumInputBytes else {
            return [ICalendarIssue(kind: .tooLarge, component: "VCALENDAR", message:
                "the calendar has \(text.utf8.count) bytes, more than the \(ICalendarReader.maximumInputBytes) allowed; split it")]
        }
        let scan = RawScan(text)
        if scan.isBlank { return scan.issues }
        let zones = SystemZones()
        var issues = scan.issues + RawChecks.check(scan) { zones.isKnown($0) }
        if !scan.issues.isEmpty { return issues }
        issues += LibicalLock.run { Restrictions.checkLocked(text, scan: scan) }
        return issues
    }
}
