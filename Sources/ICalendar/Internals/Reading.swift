internal import Diagnostics
internal import CLibical
import CivilTime

/// Turns a parsed libical tree into ``ParsedCalendar`` values. Callers hold `LibicalLock`.
struct Reading {
    /// The `VCALENDAR` being read (borrowed from its owner).
    let calendar: OpaquePointer
    /// Its raw counterpart, for line numbers.
    let raw: RawComponent?
    /// Whether `raw` carries only `BEGIN` lines (and VTIMEZONE TZIDs), as ``QuickScan`` gives them.
    private(set) var partial: Bool
    /// Set when `partial` and something read needs a property's line: the event must then be
    /// read again with the full scan's component, after ``locate()``.
    private(set) var needsFullScan = false
    /// Serialised VTIMEZONEs by TZID, made once each.
    private var zoneTexts: [String: String?] = [:]
    /// The calendar's VTIMEZONEs, collected once (the children list holds every event too).
    private var zones: [OpaquePointer]?
    /// Property names (and whether a field carries them) by property kind, for kinds other than X (whose name is their own).
    private var names: [UInt32: (name: String, fielded: Bool)] = [:]
    /// TZID parameter values met so far (at most 16), see ``tzid(_:)``.
    private var tzids: [String] = []
    /// The zone of the last TZID resolved, and the text of the last zone asked for: events come
    /// in runs of one zone, and an interned TZID compares equal at once. The calendar's zones do
    /// not change while it is read, so the answers stay right.
    private var lastZone: (tzid: String, zone: OpaquePointer?)?
    private var lastZoneText: (tzid: String, text: String?)?

    init(calendar: OpaquePointer, raw: RawComponent?, partial: Bool = false) {
        self.calendar = calendar
        self.raw = raw
        self.partial = partial
    }

    /// Properties the ``ParsedEvent`` fields already carry.
    static let fielded: Set<String> = ["UID", "SUMMARY", "DTSTART", "DTEND", "DURATION", "RRULE", "STATUS",
                                       "SEQUENCE", "X-LIC-ERROR"]

    /// Reads the calendar's properties, VTIMEZONE ids and VEVENTs into `out`.
    mutating func read(into out: inout ParsedCalendar) {
        for p in Lib.properties(calendar) {
            let name = Lib.propertyName(p)
            if name != "X-LIC-ERROR", out.properties[name] == nil { out.properties[name] = Lib.value(p) }
        }
        let children = TreeMatch.children(calendar, raw: raw)
        out.events.reserveCapacity(out.events.count + children.count)
        for (child, rawChild) in children {
            switch icalcomponent_isa(child) {
            case ICAL_VTIMEZONE_COMPONENT:
                if let id = Lib.firstValue(child, ICAL_TZID_PROPERTY) { out.timezoneIDs.append(id) }
            case ICAL_VEVENT_COMPONENT:
                if let e = event(child, raw: rawChild, issues: &out.issues) { out.events.append(e) }
                if needsFullScan { return }
            default:
                break
            }
        }
        let order = raw?.children.filter { $0.name == "VTIMEZONE" }.compactMap { $0.value(of: "TZID") } ?? []
        out.timezoneIDs.sort { (order.firstIndex(of: $0) ?? .max) < (order.firstIndex(of: $1) ?? .max) }
    }

    /// From now on the raw components given carry every line (the full scan was made).
    mutating func locate() {
        partial = false
        needsFullScan = false
    }

    /// One VEVENT, or nil (with an issue) when it has no DTSTART.
    mutating func event(_ c: OpaquePointer, raw: RawComponent?, issues: inout [ICalendarIssue]) -> ParsedEvent? {
        // One walk of the property list finds the first property of each kind a field needs
        // (what `icalcomponent_get_first_property` gives) and keeps the list for the others.
        let all = Lib.properties(c)
        var uidP, startP, endP, durationP, rruleP, sequenceP, summaryP, statusP: OpaquePointer?
        for p in all {
            switch icalproperty_isa(p) {
            case ICAL_UID_PROPERTY: if uidP == nil { uidP = p }
            case ICAL_DTSTART_PROPERTY: if startP == nil { startP = p }
            case ICAL_DTEND_PROPERTY: if endP == nil { endP = p }
            case ICAL_DURATION_PROPERTY: if durationP == nil { durationP = p }
            case ICAL_RRULE_PROPERTY: if rruleP == nil { rruleP = p }
            case ICAL_SEQUENCE_PROPERTY: if sequenceP == nil { sequenceP = p }
            case ICAL_SUMMARY_PROPERTY: if summaryP == nil { summaryP = p }
            case ICAL_STATUS_PROPERTY: if statusP == nil { statusP = p }
            default: break
            }
        }
        let uid = uidP.map(Lib.value)
        guard let startProp = startP else {
            issues.append(ICalendarIssue(kind: .other, component: "VEVENT", property: "DTSTART", uid: uid,
                line: raw?.beginLine, message: "the event has no usable DTSTART and was skipped; add a DTSTART"))
            return nil
        }
        let startTT = icalproperty_get_dtstart(startProp)
        let tzid = self.tzid(startProp)
        guard let (start, startInstant) = time(startTT, tzid: tzid) else { return nil }
        var end: EventTime?, endInstant: Instant?
        if let p = endP {
            (end, endInstant) = time(icalproperty_get_dtend(p), tzid: self.tzid(p)) ?? (nil, nil)
        } else if let p = durationP {
            let endTT = icaltime_add(startTT, icalproperty_get_duration(p))
            (end, endInstant) = time(endTT, tzid: tzid) ?? (nil, nil)
        }
        var rrule: String?
        if let p = rruleP {
            rrule = Lib.value(p)
            if icalproperty_get_rrule(p).freq == ICAL_NO_RECURRENCE {
                if partial { needsFullScan = true }
                issues.append(ICalendarIssue(kind: .invalidValue, component: "VEVENT", property: "RRULE", uid: uid,
                    line: raw?.line(of: "RRULE"), message: "the RRULE \(quoted: rrule ?? "") cannot be read; "
                        + "the event is taken as happening once. Fix the rule, e.g. 'FREQ=WEEKLY;COUNT=5'"))
            }
        }
        let sequence = sequenceP.map { Int(icalproperty_get_sequence($0)) }
        var zoneDefinition: String?
        if case .local(_, let id) = start { zoneDefinition = zoneText(id) }
        return ParsedEvent(uid: uid, summary: summaryP.map(Lib.value), start: start, end: end,
                           startInstant: startInstant, endInstant: endInstant, rrule: rrule,
                           status: statusP.map(Lib.value), sequence: sequence,
                           line: raw?.beginLine ?? 0, properties: otherProperties(all), zoneDefinition: zoneDefinition)
    }

    /// Properties not carried by a field, repeated ones joined with `,`.
    private mutating func otherProperties(_ all: [OpaquePointer]) -> [String: String] {
        var out: [String: String] = [:]
        var attendees = 0
        for p in all {
            let name: String
            let kind = icalproperty_isa(p)
            if kind == ICAL_X_PROPERTY {
                name = Lib.propertyName(p)
                guard !Reading.fielded.contains(name) else { continue }
            } else if let known = names[kind.rawValue] {
                guard !known.fielded else { continue }
                name = known.name
            } else {
                // `icalproperty_get_property_name_r` gives the name of the kind for all but X properties.
                name = Lib.propertyName(p)
                names[kind.rawValue] = (name, Reading.fielded.contains(name))
                guard !Reading.fielded.contains(name) else { continue }
            }
            let value = Lib.value(p)
            if let old = out[name] { out[name] = old + "," + value } else { out[name] = value }
            if name == "ATTENDEE" { attendees += 1 }
            if name == "ORGANIZER", let cn = Lib.parameter(p, "CN") { out["ORGANIZER-CN"] = cn }
        }
        if attendees > 0 { out["ATTENDEE-COUNT"] = String(attendees) }
        return out
    }

    /// The TZID parameter of a property. The same few zone names come back for every event, so
    /// the first sixteen are kept and handed out again (sharing one `String`) when their bytes match.
    mutating func tzid(_ p: OpaquePointer) -> String? {
        guard let parameter = icalproperty_get_first_parameter(p, ICAL_TZID_PARAMETER),
              let c = icalparameter_get_tzid(parameter) else { return nil }
        var count = 0
        while c[count] != 0 { count += 1 }
        let bytes = UnsafeRawBufferPointer(start: c, count: count)
        for known in tzids where known.utf8.elementsEqual(bytes) { return known }
        let id = String(cString: c)
        if tzids.count < 16 { tzids.append(id) }
        return id
    }

    /// An `EventTime` and its instant. TZIDs resolve through this calendar's VTIMEZONE first,
    /// then the system zone of that name.
    mutating func time(_ tt: icaltimetype, tzid: String?) -> (EventTime, Instant?)? {
        if tt.is_date != 0 {
            return TimeBridge.day(tt).map { (.date($0), nil) }
        }
        if TimeBridge.isUTC(tt) {
            let i = TimeBridge.instant(tt, in: nil)
            return (.utc(i), i)
        }
        guard let wall = TimeBridge.wall(tt) else { return nil }
        guard let tzid else { return (.floating(wall), nil) }
        let zone: OpaquePointer?
        if let last = lastZone, last.tzid == tzid {
            zone = last.zone
        } else {
            zone = icalcomponent_get_timezone(calendar, tzid) ?? SystemZones.zoneLocked(tzid)
            lastZone = (tzid, zone)
        }
        return (.local(wall, tzid: tzid), zone.map { TimeBridge.instant(tt, in: $0) })
    }

    /// The VTIMEZONE of that TZID in this calendar, as text.
    private mutating func zoneText(_ tzid: String) -> String? {
        if let last = lastZoneText, last.tzid == tzid { return last.text }
        defer { lastZoneText = (tzid, zoneTexts[tzid] ?? nil) }
        if let known = zoneTexts[tzid] { return known }
        if zones == nil { zones = Lib.children(calendar, ICAL_VTIMEZONE_COMPONENT) }
        let c = zones?.first { Lib.firstValue($0, ICAL_TZID_PROPERTY) == tzid }
        let text = c.map(Lib.serialize)
        zoneTexts[tzid] = text
        return text
    }
}
