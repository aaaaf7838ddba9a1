internal import Diagnostics
internal import CLibical

/// Pairs libical's components with the raw components (and their line numbers) of the text.
enum TreeMatch {
    /// The children of `parent` (libical) with their raw counterparts. VTIMEZONEs are matched by
    /// TZID (libical prepends them, reversing their order); others by their order among
    /// siblings of the same name.
    static func children(_ parent: OpaquePointer, raw: RawComponent?) -> [(OpaquePointer, RawComponent?)] {
        var byName: [String: [Int]] = [:]
        for (i, c) in (raw?.children ?? []).enumerated() { byName[c.name, default: []].append(i) }
        var ordinals: [String: Int] = [:]
        return Lib.children(parent).map { child in
            let name = Lib.kindName(child)
            if name == "VTIMEZONE" {
                let tzid = Lib.firstValue(child, ICAL_TZID_PROPERTY)
                return (child, raw?.children.first { $0.name == name && $0.value(of: "TZID") == tzid })
            }
            let n = ordinals[name, default: 0]
            ordinals[name] = n + 1
            guard let raw, let slots = byName[name], n < slots.count else { return (child, nil) }
            return (child, raw.children[slots[n]])
        }
    }

    /// The `X-LIC-ERROR` properties of `component` and its descendants as issues.
    /// - Parameter types: keep only these `X-LIC-ERRORTYPE`s (nil keeps all).
    /// - Parameter descend: false to report the component's own properties only.
    /// - Parameter describe: our message from libical's text, its error type, the property and component.
    static func errors(in component: OpaquePointer, raw: RawComponent?, kind: ICalendarIssue.Kind,
                       types: Set<String>? = nil, descend: Bool = true, into issues: inout [ICalendarIssue],
                       describe: (_ text: String, _ type: String, _ property: String?, _ component: String) -> String
                           = TreeMatch.parseMessage) {
        let name = Lib.kindName(component)
        let uid = Lib.uid(component)
        var claimed: Set<Int> = []
        for p in Lib.properties(component, ICAL_XLICERROR_PROPERTY) {
            let text = Lib.copy(icalproperty_get_xlicerror(p)) ?? ""
            let type = Lib.parameter(p, "X-LIC-ERRORTYPE") ?? "UNKNOWN"
            if let types, !types.contains(type) { continue }
            var property = propertyName(in: text)
            var line: Int?
            if let raw {
                let tail = tailAfterColon(text)
                let hit = raw.properties.first { l in
                    !claimed.contains(l.line) && ((!tail.isEmpty && l.text.contains(tail)) || l.name == property)
                }
                if let hit {
                    claimed.insert(hit.line)
                    line = hit.line
                    if property == nil, hit.name != "", !hit.name.contains(" ") { property = hit.name }
                } else {
                    line = raw.beginLine
                }
            }
            issues.append(ICalendarIssue(kind: kind, component: name, property: property, uid: uid, line: line,
                message: describe(text, type, property, name)))
        }
        guard descend else { return }
        for (child, rawChild) in children(component, raw: raw) {
            errors(in: child, raw: rawChild, kind: kind, types: types, into: &issues, describe: describe)
        }
    }

    /// Whether `component` or a descendant has an `X-LIC-ERROR` property (what ``errors(in:raw:kind:types:into:describe:)``
    /// would report), found without collecting anything.
    static func hasErrors(_ component: OpaquePointer) -> Bool {
        if icalcomponent_get_first_property(component, ICAL_XLICERROR_PROPERTY) != nil { return true }
        var child = icalcomponent_get_first_component(component, ICAL_ANY_COMPONENT)
        while let c = child {
            if hasErrors(c) { return true }
            child = icalcomponent_get_next_component(component, ICAL_ANY_COMPONENT)
        }
        return false
    }

    /// The message for an `X-LIC-ERROR` left by the parser.
    static func parseMessage(_ text: String, _ type: String, _ property: String?, _ component: String) -> String {
        "libical could not read this (\(type.lowercased())): \(quoted: text); fix or remove the line"
    }

    /// `DTSTART` from "... in DTSTART property ..." or "... for ORGANIZER property ...".
    static func propertyName(in message: String) -> String? {
        let words = message.split(separator: " ")
        for (i, w) in words.enumerated() where i > 0 && (w == "property" || w == "property.") {
            let candidate = words[i - 1]
            if candidate.allSatisfy({ $0.isUppercase || $0 == "-" }) { return String(candidate) }
        }
        return nil
    }

    /// The raw text libical quotes after its last ": ".
    static func tailAfterColon(_ message: String) -> String {
        let b = Array(message.utf8)
        var i = b.count - 2
        while i >= 0, !(b[i] == UInt8(ascii: ":") && b[i + 1] == UInt8(ascii: " ")) { i -= 1 }
        guard i >= 0 else { return "" }
        var tail = b[(i + 2)...]
        while tail.last == UInt8(ascii: " ") { tail = tail.dropLast() }
        while tail.first == UInt8(ascii: " ") { tail = tail.dropFirst() }
        return String(decoding: tail, as: UTF8.self)
    }
}
