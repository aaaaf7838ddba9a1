internal import CLibical
import CivilTime

/// Builds libical trees for ``ICalendarWriter``. Callers hold `LibicalLock`.
/// Every property made here is added to `component` at once, which then owns it.
struct Writing {
    /// The component being filled (borrowed from its `Component` owner).
    let component: OpaquePointer

    /// A VCALENDAR holding only the header's properties, serialised.
    ///
    /// libical 3.0.16 writes X- values raw but for `\\` and newline, whatever their value type
    /// (measured), so readers that follow RFC 5545 §3.8.8.2 (X- values are TEXT unless said
    /// otherwise: vobject, and so Radicale) cut them at the first comma. Each text X- property
    /// is therefore added with a placeholder value, and its serialised line is replaced by one
    /// written here with TEXT escaping (``XText``). libical's parser unescapes them again.
    static func serializedHeaderLocked(_ h: CalendarHeader) -> String {
        let calendar = Component(kind: ICAL_VCALENDAR_COMPONENT)
        var texts = XText()
        Writing(component: calendar.pointer).header(h, texts: &texts)
        return texts.substitute(in: calendar.serialized())
    }

    /// One VEVENT, serialised.
    static func serializedEventLocked(_ e: EventSpec) -> String {
        let event = Component(kind: ICAL_VEVENT_COMPONENT)
        Writing(component: event.pointer).event(e)
        return event.serialized()
    }

    /// Adds a property (ownership passes to the component).
    func add(_ p: OpaquePointer?) {
        if let p { icalcomponent_add_property(component, p) }
    }

    /// A TEXT property made by `make` from normalised text, with an optional LANGUAGE parameter.
    func text(_ value: String?, language: String? = nil,
              _ make: (UnsafePointer<CChar>) -> OpaquePointer?) {
        guard let value else { return }
        let p = Writing.normalised(value).withCString(make)
        if let p, let language { icalproperty_add_parameter(p, icalparameter_new_language(language)) }
        add(p)
    }

    /// An X- property whose value is not TEXT (such as a duration), written as libical writes it.
    func x(_ name: String, _ value: String?) {
        guard let value, let p = icalproperty_new_x(Writing.normalised(value)) else { return }
        icalproperty_set_x_name(p, name)
        add(p)
    }

    /// An X- property holding TEXT: added with a placeholder that `texts` later replaces with
    /// the escaped line (see ``serializedHeaderLocked(_:)``).
    func xText(_ name: String, _ value: String?, texts: inout XText) {
        guard let value else { return }
        x(name, texts.placeholder(name: name, value: Writing.normalised(value)))
    }

    /// A date or date-time property; `.local` times get a TZID parameter written by hand.
    func time(_ t: EventTime, _ make: (icaltimetype) -> OpaquePointer?) {
        let (tt, tzid) = TimeBridge.forWriting(t)
        guard let p = make(tt) else { return }
        if let tzid { icalproperty_add_parameter(p, icalparameter_new_tzid(tzid)) }
        add(p)
    }

    /// Line breaks (`\r\n`, lone `\r`) become `\n`; other control characters (which libical
    /// would write raw or drop) are removed, and so are trailing spaces and tabs (libical's
    /// parser drops them, so they would not survive a round trip).
    static func normalised(_ s: String) -> String {
        // Most text (titles, rooms) needs no change: one pass over the bytes and the string is kept.
        if s.utf8.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }), s.utf8.last != 0x20 { return s }
        // Only ASCII bytes change, so the work is done on UTF-8 bytes (multi-byte sequences,
        // which never contain a byte below 0x80, pass through whole).
        var out: [UInt8] = []
        out.reserveCapacity(s.utf8.count)
        var previousCR = false
        for b in s.utf8 {
            defer { previousCR = b == 0x0D }
            switch b {
            case 0x0D: out.append(0x0A)
            case 0x0A: if !previousCR { out.append(0x0A) }
            case 0x09: out.append(b)
            default: if b >= 0x20 && b != 0x7F { out.append(b) }
            }
        }
        while let last = out.last, last == 0x20 || last == 0x09 { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    /// A category with its commas (which libical cannot escape) turned into single spaces.
    static func category(_ s: String) -> String {
        var out = ""
        var skippingSpace = false
        for u in normalised(s).unicodeScalars {
            if u == "," || u == "\n" {
                out += " "
                skippingSpace = true
            } else if skippingSpace && u == " " {
                continue
            } else {
                skippingSpace = false
                out.unicodeScalars.append(u)
            }
        }
        return out
    }

    /// Fills a VEVENT in a fixed property order.
    func event(_ e: EventSpec) {
        text(e.uid) { icalproperty_new_uid($0) }
        time(.utc(e.dtstamp)) { icalproperty_new_dtstamp($0) }
        time(e.start) { icalproperty_new_dtstart($0) }
        time(e.end) { icalproperty_new_dtend($0) }
        text(e.summary, language: e.language) { icalproperty_new_summary($0) }
        text(e.description, language: e.language) { icalproperty_new_description($0) }
        text(e.location, language: e.language) { icalproperty_new_location($0) }
        if let g = e.geo { add(icalproperty_new_geo(icalgeotype(lat: g.lat, lon: g.lon))) }
        for c in e.categories { text(Writing.category(c)) { icalproperty_new_categories($0) } }
        if let s = e.status { add(icalproperty_new_status(Writing.status(s))) }
        if let o = e.organizer, let p = icalproperty_new_organizer("mailto:" + Writing.normalised(o.email)) {
            icalproperty_add_parameter(p, icalparameter_new_cn(Writing.normalised(o.name)))
            add(p)
        }
        if let n = e.sequence { add(icalproperty_new_sequence(Int32(clamping: n))) }
        if let t = e.created { time(.utc(t)) { icalproperty_new_created($0) } }
        if let t = e.lastModified { time(.utc(t)) { icalproperty_new_lastmodified($0) } }
        text(e.url) { icalproperty_new_url($0) }
        if let c = e.classification { add(icalproperty_new_class(Writing.classification(c))) }
    }

    /// Fills a VCALENDAR's own properties in a fixed order.
    func header(_ h: CalendarHeader, texts: inout XText) {
        add(icalproperty_new_version("2.0"))
        text(h.prodID) { icalproperty_new_prodid($0) }
        add(icalproperty_new_calscale("GREGORIAN"))
        if let m = h.method {
            let method = icalproperty_string_to_method(m)
            add(method == ICAL_METHOD_NONE || method == ICAL_METHOD_X
                ? icalproperty_new_from_string("METHOD:" + Writing.normalised(m)) : icalproperty_new_method(method))
        }
        text(h.name) { icalproperty_new_name($0) }
        xText("X-WR-CALNAME", h.name, texts: &texts)
        text(h.description) { icalproperty_new_description($0) }
        xText("X-WR-CALDESC", h.description, texts: &texts)
        if let r = h.refreshInterval, Writing.isDuration(r) {
            add(icalproperty_new_refreshinterval(icaldurationtype_from_string(r)))
            x("X-PUBLISHED-TTL", r)
        }
        xText("X-WR-TIMEZONE", h.timezoneHint, texts: &texts)
        text(h.url) { icalproperty_new_url($0) }
        text(h.color) { icalproperty_new_color($0) }
    }

    /// Whether libical reads `s` as a duration.
    static func isDuration(_ s: String) -> Bool {
        !s.isEmpty && icaldurationtype_is_bad_duration(icaldurationtype_from_string(s)) == 0
    }

    static func status(_ s: EventStatus) -> icalproperty_status {
        switch s {
        case .tentative: ICAL_STATUS_TENTATIVE
        case .confirmed: ICAL_STATUS_CONFIRMED
        case .cancelled: ICAL_STATUS_CANCELLED
        }
    }

    static func classification(_ c: EventClass) -> icalproperty_class {
        switch c {
        case .public: ICAL_CLASS_PUBLIC
        case .private: ICAL_CLASS_PRIVATE
        case .confidential: ICAL_CLASS_CONFIDENTIAL
        }
    }
}
