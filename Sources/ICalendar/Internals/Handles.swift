internal import CLibical

// Ownership rules (libical 3.0.16):
// - A component or property added to a parent belongs to the parent; only roots are freed.
// - `icaltimezone_get_component` and builtin zones are borrowed; clone before adding anywhere.
// - Every `Component` lives inside one `LibicalLock.run` closure, so `deinit` runs under the lock.

/// The owner of one root `icalcomponent`; frees it (and everything added to it) in `deinit`.
///
/// Not `Sendable`: create, use and drop it inside one `LibicalLock.run` closure.
final class Component {
    /// The `icalcomponent *`, valid for the owner's lifetime. Never free it yourself.
    let pointer: OpaquePointer

    /// Takes ownership of a root component.
    init(owning pointer: OpaquePointer) { self.pointer = pointer }

    /// A new empty component (`icalcomponent_new`).
    convenience init(kind: icalcomponent_kind) {
        self.init(owning: icalcomponent_new(kind))
    }

    /// Parses text with `icalparser_parse_string`; `nil` when libical returns NULL.
    convenience init?(parsing text: String) {
        guard let p = icalparser_parse_string(text) else { return nil }
        self.init(owning: p)
    }

    /// Parses NUL-terminated UTF-8 with `icalparser_parse_string`; `nil` when libical returns NULL.
    /// - Parameter bytes: the text; a NUL is appended here if it does not end with one.
    convenience init?(parsingNULTerminated bytes: inout [UInt8]) {
        if bytes.last != 0 { bytes.append(0) }
        let parsed = bytes.withUnsafeBytes { raw in
            icalparser_parse_string(raw.baseAddress!.assumingMemoryBound(to: CChar.self))
        }
        guard let parsed else { return nil }
        self.init(owning: parsed)
    }

    /// A deep copy (`icalcomponent_new_clone`) of a borrowed component, owned by the new object.
    convenience init(cloning borrowed: OpaquePointer) {
        self.init(owning: icalcomponent_new_clone(borrowed))
    }

    deinit { if !detached { icalcomponent_free(pointer) } }

    /// Adds `child` to this tree, which then owns it (`icalcomponent_add_component`).
    /// The `Component` object passed must not be used afterwards: it is released without freeing.
    func adopt(_ child: Component) {
        icalcomponent_add_component(pointer, child.detach())
    }

    private var detached = false
    private func detach() -> OpaquePointer {
        detached = true
        return pointer
    }

    /// RFC 5545 text of the tree (`icalcomponent_as_ical_string_r`, freed at once).
    func serialized() -> String { Lib.serialize(pointer) }
}

/// Small helpers over raw libical calls. Callers hold `LibicalLock`.
enum Lib {
    /// Copies and frees a heap string from a `_r` function.
    static func take(_ p: UnsafeMutablePointer<CChar>?) -> String? {
        guard let p else { return nil }
        defer { icalmemory_free_buffer(p) }
        return String(cString: p)
    }

    /// Copies a borrowed C string.
    static func copy(_ p: UnsafePointer<CChar>?) -> String? {
        p.map { String(cString: $0) }
    }

    /// `icalcomponent_as_ical_string_r`.
    static func serialize(_ component: OpaquePointer) -> String {
        take(icalcomponent_as_ical_string_r(component)) ?? ""
    }

    /// The direct children of one kind, collected first so no iterator stays open.
    static func children(_ parent: OpaquePointer, _ kind: icalcomponent_kind = ICAL_ANY_COMPONENT) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var c = icalcomponent_get_first_component(parent, kind)
        while let child = c {
            out.append(child)
            c = icalcomponent_get_next_component(parent, kind)
        }
        return out
    }

    /// The properties of one kind, collected first so no iterator stays open.
    static func properties(_ parent: OpaquePointer, _ kind: icalproperty_kind = ICAL_ANY_PROPERTY) -> [OpaquePointer] {
        var out: [OpaquePointer] = []
        var p = icalcomponent_get_first_property(parent, kind)
        while let prop = p {
            out.append(prop)
            p = icalcomponent_get_next_property(parent, kind)
        }
        return out
    }

    /// The component's name, such as `VEVENT`.
    static func kindName(_ component: OpaquePointer) -> String {
        copy(icalcomponent_kind_to_string(icalcomponent_isa(component))) ?? "UNKNOWN"
    }

    /// The property's name, such as `DTSTART` or `X-WR-CALNAME`.
    static func propertyName(_ property: OpaquePointer) -> String {
        take(icalproperty_get_property_name_r(property)) ?? "UNKNOWN"
    }

    /// The property's value as text (`icalproperty_get_value_as_string_r`), unescaped by libical.
    /// TEXT and X- values come back unescaped (`icalvalue_get_text`, `icalvalue_get_x`),
    /// others in their RFC 5545 form.
    static func value(_ property: OpaquePointer) -> String {
        if let v = icalproperty_get_value(property) {
            if icalvalue_isa(v) == ICAL_TEXT_VALUE { return copy(icalvalue_get_text(v)) ?? "" }
            if icalvalue_isa(v) == ICAL_X_VALUE { return copy(icalvalue_get_x(v)) ?? "" }
        }
        return take(icalproperty_get_value_as_string_r(property)) ?? ""
    }

    /// A parameter by name (`icalproperty_get_parameter_as_string_r`).
    static func parameter(_ property: OpaquePointer, _ name: String) -> String? {
        take(icalproperty_get_parameter_as_string_r(property, name))
    }

    /// The first property of a kind's value, or nil.
    static func firstValue(_ component: OpaquePointer, _ kind: icalproperty_kind) -> String? {
        icalcomponent_get_first_property(component, kind).map(value)
    }

    /// The component's `UID`, or nil.
    static func uid(_ component: OpaquePointer) -> String? {
        firstValue(component, ICAL_UID_PROPERTY)
    }

    /// Removes and frees every property matching `predicate`.
    static func removeProperties(_ component: OpaquePointer, where predicate: (OpaquePointer) -> Bool) {
        for p in properties(component) where predicate(p) {
            icalcomponent_remove_property(component, p)
            icalproperty_free(p)
        }
    }
}
