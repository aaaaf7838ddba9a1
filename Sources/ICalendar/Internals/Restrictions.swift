internal import Diagnostics
internal import CLibical

/// Per-component `icalrestriction_check`. Callers hold `LibicalLock`.
enum Restrictions {
    /// Parse errors and iTIP restriction failures of every component of every calendar.
    static func checkLocked(_ text: String, scan: RawScan) -> [ICalendarIssue] {
        guard let root = Component(parsing: text) else {
            return [ICalendarIssue(kind: .parse, component: "VCALENDAR", line: 1, message:
                "libical could not read the calendar; check that it is RFC 5545 text with matching BEGIN and END lines")]
        }
        var calendars: [(OpaquePointer, RawComponent?)] = []
        let rawCalendars = scan.roots.filter { $0.name == "VCALENDAR" }
        if icalcomponent_isa(root.pointer) == ICAL_VCALENDAR_COMPONENT {
            calendars = [(root.pointer, rawCalendars.first)]
        } else {
            for (n, c) in Lib.children(root.pointer, ICAL_VCALENDAR_COMPONENT).enumerated() {
                calendars.append((c, n < rawCalendars.count ? rawCalendars[n] : nil))
            }
        }
        var issues: [ICalendarIssue] = []
        for (calendar, raw) in calendars {
            TreeMatch.errors(in: calendar, raw: raw, kind: .parse, into: &issues)
            let method = Lib.firstValue(calendar, ICAL_METHOD_PROPERTY)
            let describe = { (text: String, _: String, property: String?, component: String) in
                restrictionMessage(text, property: property, component: component, method: method)
            }
            // The calendar's own properties, with no components.
            let bare = wrapper(of: calendar)
            icalrestriction_check(bare.pointer)
            var own: [ICalendarIssue] = []
            TreeMatch.errors(in: bare.pointer, raw: raw.map { RawComponent(name: $0.name, beginLine: $0.beginLine,
                properties: $0.properties) }, kind: .restriction, into: &own, describe: describe)
            issues += own
            // Each component alone, in a copy of its calendar.
            for (child, rawChild) in TreeMatch.children(calendar, raw: raw) {
                let single = wrapper(of: calendar)
                let copy = Component(cloning: child)
                stripErrors(copy.pointer)
                let copyPointer = copy.pointer
                single.adopt(copy)
                icalrestriction_check(single.pointer)
                TreeMatch.errors(in: copyPointer, raw: rawChild, kind: .restriction, into: &issues, describe: describe)
            }
        }
        return issues
    }

    /// A new VCALENDAR with copies of `calendar`'s properties (not its X-LIC-ERRORs).
    private static func wrapper(of calendar: OpaquePointer) -> Component {
        let out = Component(kind: ICAL_VCALENDAR_COMPONENT)
        for p in Lib.properties(calendar) where icalproperty_isa(p) != ICAL_XLICERROR_PROPERTY {
            icalcomponent_add_property(out.pointer, icalproperty_new_clone(p))
        }
        return out
    }

    /// Removes X-LIC-ERROR properties from a tree, so only new ones are reported.
    private static func stripErrors(_ c: OpaquePointer) {
        Lib.removeProperties(c) { icalproperty_isa($0) == ICAL_XLICERROR_PROPERTY }
        for child in Lib.children(c) { stripErrors(child) }
    }

    /// Our words for "Failed iTIP restrictions for ORGANIZER property. Expected 1 instances of
    /// the property and got 0".
    static func restrictionMessage(_ text: String, property: String?, component: String, method: String?) -> String {
        let rules = method.map { "METHOD:\($0)" } ?? "RFC 5545"
        let words = text.split(separator: " ")
        if let property, let e = words.firstIndex(of: "Expected"), e + 1 < words.count, let got = words.last {
            let expected = words[e + 1]
            return "\(rules) needs \(expected) \(property) in a \(component) but it has \(got); "
                + (expected.hasPrefix("0") && got != "0" ? "remove \(property)" : "add \(property)")
                + (method == nil ? "" : " or publish without METHOD")
        }
        return "the \(component) breaks the \(rules) rules (\(quoted: text)); fix the component"
    }
}
