/// What a run changes in one output folder: the files that will differ from those already there,
/// and per event the published values before and after, from those files and from the ledger.
///
/// Computed against the folder as well as the ledger, so a second output folder (another
/// language) whose files are older than the ledger is never reported unchanged.
public struct FeedChanges: Sendable {
    public enum Change: String, Sendable, Hashable {
        case added, changed, removed
    }

    /// One file written differently from what the folder holds (or not there yet).
    public struct File: Sendable, Hashable {
        public var path: String
        public var change: Change
    }

    /// One property whose published value changes (`SUMMARY`, `DTSTART;TZID=…`, `LOCATION`…),
    /// or a ledger field (`start`, `room`, `title`…) when the folder does not hold the event yet.
    public struct Difference: Sendable, Hashable {
        public var name: String
        public var before: String?
        public var after: String?
    }

    /// One event that changes.
    public struct Event: Sendable, Hashable {
        public var uid: String
        /// `added` when no file of the folder held it, `removed` when no file holds it any more.
        public var change: Change
        public var differences: [Difference]
        /// The files of the folder in which it changes, sorted.
        public var files: [String]
    }

    public var files: [File] = []
    public var events: [Event] = []
    public var ledger: LedgerChanges

    /// True when nothing in the folder nor in the ledger changes.
    public var isEmpty: Bool { files.isEmpty && ledger.isEmpty }

    /// Properties that change with every run or say nothing to a delegate.
    static let ignored: Set<String> = ["DTSTAMP"]

    /// One property line: name with parameters, and value (unescaped).
    struct Prop: Hashable {
        var key: String
        var value: String
    }

    /// - Parameters:
    ///   - built: the files this run writes (paths relative to the folder).
    ///   - existing: the texts of those files now in the folder, by path (absent when there is none).
    ///   - ledger: the ledger's changes, with the ledger before and after, for events the folder does not hold yet.
    public init(built: [FeedFile], existing: [String: String], ledger: LedgerChanges, previous: Ledger? = nil, next: Ledger? = nil) {
        self.ledger = ledger
        var events: [String: Event] = [:]
        for f in built {
            guard let old = existing[f.path] else {
                files.append(File(path: f.path, change: .added))
                continue
            }
            guard old != f.text else { continue }
            files.append(File(path: f.path, change: .changed))
            let before = Self.events(old), after = Self.events(f.text)
            for (uid, props) in after {
                let was = before[uid]
                guard was != props else { continue }
                var e = events[uid] ?? Event(uid: uid, change: was == nil ? .added : .changed,
                                             differences: was.map { Self.differences($0, props) } ?? [], files: [])
                e.files.append(f.path)
                events[uid] = e
            }
            // Gone from this file (pruned, or moved to another venue or activity).
            for (uid, props) in before where after[uid] == nil {
                var e = events[uid] ?? Event(uid: uid, change: .removed, differences: Self.differences(props, []), files: [])
                e.files.append(f.path)
                events[uid] = e
            }
        }
        // Events the ledger changed that the folder does not hold yet (a new folder): say what from the ledger.
        for (uid, fields) in ledger.changed where events[uid] == nil {
            var d: [Difference] = fields.map { Difference(name: $0, before: previous?.entries[uid]?.fields[$0], after: next?.entries[uid]?.fields[$0]) }
            if let a = previous?.entries[uid]?.shown, let b = next?.entries[uid]?.shown {
                d = Self.differences(a, b)
            }
            events[uid] = Event(uid: uid, change: .changed, differences: d, files: [])
        }
        for uid in ledger.cancelled where events[uid] == nil {
            events[uid] = Event(uid: uid, change: .changed, differences: [Difference(name: "STATUS", before: nil, after: "CANCELLED")], files: [])
        }
        self.events = events.values.map { var e = $0; e.files.sort(); return e }.sorted { $0.uid < $1.uid }
        files.sort { $0.path < $1.path }
    }

    /// One line per change, for people: files (unless `files` is false), then events with their old and new values.
    public func lines(files withFiles: Bool = true) -> [String] {
        var out = !withFiles ? [] : files.map { "\($0.change == .added ? "new file" : "changes ") \($0.path)" }
        for e in events where e.change == .removed && !e.files.isEmpty {
            out.append("removed  \(e.uid) from \(e.files.joined(separator: ", "))")
        }
        for e in events where e.change == .changed {
            out.append("changed  \(e.uid)" + (e.files.isEmpty ? "" : " in \(e.files.joined(separator: ", "))"))
            for d in e.differences {
                out.append("  \(d.name): \(Self.shown(d.before)) -> \(Self.shown(d.after))")
            }
        }
        let added = events.filter { $0.change == .added }
        if !added.isEmpty { out.append("\(added.count) event\(added.count == 1 ? "" : "s") new in this folder") }
        return out
    }

    static func shown(_ v: String?) -> String {
        guard let v else { return "(none)" }
        let one = v.split(separator: "\n", omittingEmptySubsequences: false).joined(separator: " / ")
        return "'" + (one.count > 80 ? String(one.prefix(80)) + "…" : one) + "'"
    }

    static func differences(_ a: Ledger.Shown, _ b: Ledger.Shown) -> [Difference] {
        var d: [Difference] = []
        func add(_ name: String, _ x: String, _ y: String) { if x != y { d.append(Difference(name: name, before: x, after: y)) } }
        add("start", a.start, b.start)
        add("end", a.end, b.end)
        add("timezone", a.timezone, b.timezone)
        add("venue", a.venue, b.venue)
        add("room", a.room, b.room)
        func join(_ t: [String: String]) -> String { t.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ") }
        add("title", join(a.title), join(b.title))
        return d
    }

    /// Properties of two versions of an event that differ (by name; parameters count), in the
    /// order of the newer one, named as the newer one writes them (`DTSTART;TZID=…`).
    static func differences(_ a: [Prop], _ b: [Prop]) -> [Difference] {
        func byName(_ props: [Prop]) -> [String: Prop] { Dictionary(props.map { (name($0.key), $0) }, uniquingKeysWith: { x, _ in x }) }
        let old = byName(a), new = byName(b)
        var names: [String] = []
        for n in (b + a).map({ name($0.key) }) where !names.contains(n) && !ignored.contains(n) { names.append(n) }
        return names.compactMap { n in
            let a = old[n], b = new[n]
            guard a != b else { return nil }
            // Only the parameters differ (a LANGUAGE given or dropped): show them with the values.
            if let a, let b, a.key != b.key {
                func withParameters(_ p: Prop) -> String { parameters(p.key).isEmpty ? p.value : "[\(parameters(p.key))] " + p.value }
                return Difference(name: n, before: withParameters(a), after: withParameters(b))
            }
            return Difference(name: (b ?? a)!.key, before: a?.value, after: b?.value)
        }
    }

    static func name(_ key: String) -> String { String(key.prefix { $0 != ";" }) }
    static func parameters(_ key: String) -> String { String(key.drop { $0 != ";" }.dropFirst()) }

    /// The VEVENTs of a feed by UID: each a list of (name with parameters, unescaped value), lines unfolded.
    static func events(_ text: String) -> [String: [Prop]] {
        var out: [String: [Prop]] = [:]
        var current: [Prop]? = nil
        var lines: [String] = []
        // By bytes: "\r\n" is one Character, so splitting a String at "\n" would not find it.
        for raw in text.utf8.split(separator: 10, omittingEmptySubsequences: false) {
            let line = Substring(String(decoding: raw.last == 13 ? raw.dropLast() : raw, as: UTF8.self))
            if (line.first == " " || line.first == "\t"), !lines.isEmpty { lines[lines.count - 1] += line.dropFirst() } else { lines.append(String(line)) }
        }
        for line in lines {
            if line == "BEGIN:VEVENT" { current = []; continue }
            if line == "END:VEVENT", let props = current {
                if let uid = props.first(where: { $0.key == "UID" })?.value { out[uid] = props }
                current = nil
                continue
            }
            guard current != nil else { continue }
            var quoted = false
            var colon = line.endIndex
            for i in line.indices {
                if line[i] == "\"" { quoted.toggle() } else if line[i] == ":", !quoted { colon = i; break }
            }
            let key = String(line[..<colon])
            let value = colon < line.endIndex ? String(line[line.index(after: colon)...]) : ""
            current?.append(Prop(key: key, value: unescape(value)))
        }
        return out
    }

    static func unescape(_ v: String) -> String {
        guard v.contains("\\") else { return v }
        var out = ""
        var escaped = false
        for c in v {
            if escaped {
                out.append(c == "n" || c == "N" ? "\n" : c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else {
                out.append(c)
            }
        }
        return out
    }
}
