import CivilTime
import Diagnostics

extension Ledger {
    /// ``encoded()`` as bytes, written directly: the bytes `JSONEncoder` writes with
    /// `.prettyPrinted, .sortedKeys, .withoutEscapingSlashes`, and a final newline (a test
    /// compares the two). The encoder took 4.5% of a run at 5,000 entries, and its tree of boxed
    /// values more memory than the ledger itself.
    public func encodedBytes() -> [UInt8] {
        var w = LedgerWriter()
        w.out.bytes.reserveCapacity(64 + entries.count * 1_100)
        w.object { w in
            w.key("entries")
            w.object { w in
                for uid in LedgerWriter.sorted(entries.keys) {
                    w.key(uid)
                    w.entry(entries[uid]!)
                }
            }
            w.key("programme")
            w.out.string(programme)
            w.key("version")
            w.out.int(version)
        }
        w.out.bytes.append(10)
        return w.out.bytes
    }
}

/// JSON laid out as `JSONEncoder`'s pretty printing lays it out: each member on a line of its
/// own, two spaces deeper than its object; `"key" : value`; an empty object written `{`, a blank
/// line and `}` (as the encoder does); keys sorted by their UTF-8 bytes (as the encoder sorts
/// them on Linux).
struct LedgerWriter {
    var out = JSONBytes()
    /// The indentation of the members of the object being written.
    private var depth = 0
    /// True until the object being written has a member.
    private var empty = true

    static func sorted(_ keys: some Sequence<String>) -> [String] {
        keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    mutating func object(_ fill: (inout LedgerWriter) -> Void) {
        let outer = empty
        out.bytes.append(UInt8(ascii: "{"))
        empty = true
        depth += 2
        fill(&self)
        depth -= 2
        out.bytes.append(10)
        if empty { out.bytes.append(10) }
        spaces(depth)
        out.bytes.append(UInt8(ascii: "}"))
        empty = outer
    }

    /// Starts a member: the separator, the line, the key and ` : `; its value follows.
    mutating func key(_ name: String) {
        if !empty { out.bytes.append(UInt8(ascii: ",")) }
        empty = false
        out.bytes.append(10)
        spaces(depth)
        out.string(name)
        out.raw(" : ")
    }

    private mutating func spaces(_ n: Int) {
        out.bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: n))
    }

    mutating func texts(_ texts: [String: String]) {
        object { w in
            for k in Self.sorted(texts.keys) {
                w.key(k)
                w.out.string(texts[k]!)
            }
        }
    }

    mutating func text(_ name: String, _ value: String) {
        key(name)
        out.string(value)
    }

    /// The members of ``Ledger/Entry`` in the order of their JSON names (`CodingKeys`); `was` and
    /// `changed` only when present, as the encoder leaves out a nil optional.
    mutating func entry(_ entry: Ledger.Entry) {
        let e = entry.unpacked
        object { w in
            w.text("activity", e.activity)
            w.key("cancelled")
            w.out.raw(entry.cancelled ? "true" : "false")
            if let changed = entry.changed { w.text("changed", changed.isoUTC) }
            w.text("end", e.end)
            w.key("fields")
            w.texts(e.fields)
            w.text("hash", e.hash)
            w.text("last_modified", entry.lastModified.isoUTC)
            w.key("place")
            w.texts(e.place)
            w.text("room", e.room)
            w.key("sequence")
            w.out.int(entry.sequence)
            w.text("session", e.session)
            w.text("start", e.start)
            w.text("timezone", e.timezone)
            w.key("title")
            w.texts(e.title)
            w.text("venue", e.venue)
            if let was = e.was {
                w.key("was")
                w.shown(was)
            }
        }
    }

    mutating func shown(_ s: Ledger.Shown) {
        object { w in
            w.text("end", s.end)
            w.key("place")
            w.texts(s.place)
            w.text("room", s.room)
            w.text("start", s.start)
            w.text("timezone", s.timezone)
            w.key("title")
            w.texts(s.title)
            w.text("venue", s.venue)
        }
    }
}
