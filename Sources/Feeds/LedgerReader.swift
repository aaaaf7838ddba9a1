import CivilTime
import Diagnostics
import Planner

extension Ledger {
    /// Reads and checks a ledger file's text (format version 1 or 2).
    ///
    /// Every value is checked where it is read: `0 ≤ sequence ≤ 2^31−1` (RFC 5545 integers are
    /// 32-bit), `hash` of 64 and field hashes of 12 lowercase hex digits, times and dates that
    /// exist, texts where texts belong. A version 1 ledger is migrated: `room` comes from
    /// `fields.room`; `place`, `was` and `changed` start empty.
    /// - Parameter file: names the file in locations.
    /// - Throws: ``DiagnosticError`` with one `invalid-ledger` error (or a JSON syntax error) at
    ///   `file:line:column` of the offending value.
    public static func read(_ text: String, file: String) throws(DiagnosticError) -> Ledger {
        // Most ledgers are read by the scan, which builds no tree (a 5,000-entry ledger's tree took
        // 35 MB); a ledger it cannot vouch for is read again here, with the error located.
        if let ledger = scan(text) { return ledger }
        return try readLocated(text, file: file)
    }

    /// ``read(_:file:)`` through a located JSON tree: the reader that locates every error.
    static func readLocated(_ text: String, file: String) throws(DiagnosticError) -> Ledger {
        let root = try LocatedJSON.parse(text, file: file)
        let r = LedgerValues()
        let top = try r.object(root, "the ledger", keys: ["version", "programme", "entries"])
        if let v = top["version"] {
            _ = try r.integer(v, "version", in: 1...currentVersion,
                              hint: "this ledger was written by a newer cartagena; use that version or move the ledger away")
        }
        guard let programmeNode = top["programme"] else { throw r.missing("programme", in: "the ledger", at: root) }
        var ledger = Ledger(programme: try r.text(programmeNode, "programme"))
        guard let entriesNode = top["entries"] else { throw r.missing("entries", in: "the ledger", at: root) }
        guard case .object(let members) = entriesNode.content else { throw r.wrong(entriesNode, "entries", "an object of UIDs") }
        for (uid, value) in members {
            guard LedgerValues.isUID(uid) else {
                throw r.invalid(value, "the entry UID '\(LedgerValues.quote(uid))' is empty, too long or holds a control character")
            }
            ledger.entries[uid] = try r.entry(value, uid: uid)
        }
        return ledger
    }
}

/// The checks of ``Ledger/read(_:file:)``, one per kind of value.
struct LedgerValues {
    static let hex = Set("0123456789abcdef")

    /// The fields that hold a short hash (12 lowercase hex digits).
    static let hashedFields: Set<String> = ["title", "description", "activity", "place", "people"]

    static func quote(_ s: String) -> String { s.count > 80 ? String(s.prefix(80)) + "…" : s }

    // The checks on a value's text, shared with the scanning reader (``LedgerScanner``).

    /// An entry's UID: not empty, at most 512 bytes, no control character.
    static func isUID(_ uid: String) -> Bool {
        !uid.isEmpty && uid.utf8.count <= 512 && !uid.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
    }

    static func isHex(_ s: String, count: Int) -> Bool { s.count == count && s.allSatisfy(hex.contains) }

    static func instant(_ s: String) -> Instant? { s.count == 20 ? Instant(iso: s) : nil }

    static func isWallTime(_ s: String) -> Bool { (s.count == 16 || s.count == 19) && LocalDateTime(iso: s) != nil }

    func invalid(_ node: LocatedJSON, _ what: String) -> DiagnosticError {
        DiagnosticError(.error("invalid-ledger", "\(what); fix it or move the ledger away to start a new one", at: node.location))
    }

    func wrong(_ node: LocatedJSON, _ key: String, _ expected: String) -> DiagnosticError {
        invalid(node, "'\(key)' must be \(expected)")
    }

    func missing(_ key: String, in owner: String, at node: LocatedJSON) -> DiagnosticError {
        invalid(node, "\(owner) has no '\(key)'")
    }

    func object(_ node: LocatedJSON, _ owner: String, keys: Set<String>) throws(DiagnosticError) -> [String: LocatedJSON] {
        guard case .object(let members) = node.content else { throw wrong(node, owner, "an object") }
        var out: [String: LocatedJSON] = [:]
        for (k, v) in members {
            guard keys.contains(k) else { throw invalid(v, "unknown key '\(Self.quote(k))' in \(owner)") }
            out[k] = v
        }
        return out
    }

    func text(_ node: LocatedJSON, _ key: String, maxLength: Int = 10_000) throws(DiagnosticError) -> String {
        guard case .scalar(let s) = node.content, node.isString else { throw wrong(node, key, "a \"text\"") }
        guard s.utf8.count <= maxLength else { throw wrong(node, key, "at most \(maxLength) bytes") }
        return s
    }

    func integer(_ node: LocatedJSON, _ key: String, in range: ClosedRange<Int>, hint: String? = nil) throws(DiagnosticError) -> Int {
        guard case .scalar(let s) = node.content, !node.isString, s.utf8.count <= 19, s.allSatisfy({ $0 == "-" || $0.isASCII && $0.isNumber }),
              let n = Int(s), range.contains(n) else {
            let shown: String
            if case .scalar(let s) = node.content { shown = " (it is '\(Self.quote(s))')" } else { shown = "" }
            throw invalid(node, "'\(key)' must be an integer from \(range.lowerBound) to \(range.upperBound)\(shown)" + (hint.map { "; \($0)" } ?? ""))
        }
        return n
    }

    func hexDigits(_ node: LocatedJSON, _ key: String, count: Int) throws(DiagnosticError) -> String {
        let s = try text(node, key)
        guard Self.isHex(s, count: count) else {
            throw invalid(node, "'\(key)' must be \(count) lowercase hex digits (it is '\(Self.quote(s))')")
        }
        return s
    }

    func instant(_ node: LocatedJSON, _ key: String) throws(DiagnosticError) -> Instant {
        let s = try text(node, key, maxLength: 40)
        guard let i = Self.instant(s) else { throw invalid(node, "'\(key)' must be a UTC time like '2024-05-02T09:00:00Z' (it is '\(Self.quote(s))')") }
        return i
    }

    func wallTime(_ node: LocatedJSON, _ key: String) throws(DiagnosticError) -> String {
        let s = try text(node, key, maxLength: 40)
        guard Self.isWallTime(s) else {
            throw invalid(node, "'\(key)' must be a local time like '2024-05-16T09:00' (it is '\(Self.quote(s))')")
        }
        return s
    }

    func texts(_ node: LocatedJSON, _ key: String) throws(DiagnosticError) -> [String: String] {
        guard case .object(let members) = node.content else { throw wrong(node, key, "an object of texts") }
        var out: [String: String] = [:]
        for (k, v) in members { out[k] = try text(v, "\(key).\(Self.quote(k))") }
        return out
    }

    func bool(_ node: LocatedJSON, _ key: String) throws(DiagnosticError) -> Bool {
        guard case .scalar(let s) = node.content, !node.isString, s == "true" || s == "false" else { throw wrong(node, key, "true or false") }
        return s == "true"
    }

    func require(_ o: [String: LocatedJSON], _ key: String, _ owner: String, _ at: LocatedJSON) throws(DiagnosticError) -> LocatedJSON {
        guard let v = o[key] else { throw missing(key, in: owner, at: at) }
        return v
    }

    func entry(_ node: LocatedJSON, uid: String) throws(DiagnosticError) -> Ledger.Entry {
        let owner = "entry '\(Self.quote(uid))'"
        let o = try object(node, owner, keys: ["hash", "fields", "sequence", "last_modified", "cancelled", "activity", "venue", "session",
                                               "title", "start", "end", "timezone", "room", "place", "was", "changed"])
        func req(_ k: String) throws(DiagnosticError) -> LocatedJSON { try require(o, k, owner, node) }
        let fields = try texts(try req("fields"), "fields")
        for (k, v) in fields where Self.hashedFields.contains(k) {
            guard Self.isHex(v, count: 12) else {
                throw invalid(try req("fields"), "'fields.\(k)' must be 12 lowercase hex digits (it is '\(Self.quote(v))')")
            }
        }
        var room = fields["room"] ?? ""
        if let r = o["room"] { room = try text(r, "room") }
        return Ledger.Entry(
            hash: try hexDigits(try req("hash"), "hash", count: 64), fields: fields,
            sequence: try integer(try req("sequence"), "sequence", in: 0...Ledger.maximumSequence),
            lastModified: try instant(try req("last_modified"), "last_modified"),
            cancelled: try bool(try req("cancelled"), "cancelled"),
            activity: try text(try req("activity"), "activity"), venue: try text(try req("venue"), "venue"),
            session: try text(try req("session"), "session"), title: try texts(try req("title"), "title"),
            start: try wallTime(try req("start"), "start"), end: try wallTime(try req("end"), "end"),
            timezone: try text(try req("timezone"), "timezone", maxLength: 200), room: room,
            place: try o["place"].map { v throws(DiagnosticError) in try texts(v, "place") } ?? [:],
            was: try o["was"].map { v throws(DiagnosticError) in try shown(v, uid: uid) },
            changed: try o["changed"].map { v throws(DiagnosticError) in try instant(v, "changed") })
    }

    func shown(_ node: LocatedJSON, uid: String) throws(DiagnosticError) -> Ledger.Shown {
        let owner = "'was' of entry '\(Self.quote(uid))'"
        let o = try object(node, owner, keys: ["start", "end", "timezone", "venue", "room", "place", "title"])
        func req(_ k: String) throws(DiagnosticError) -> LocatedJSON { try require(o, k, owner, node) }
        return Ledger.Shown(start: try wallTime(try req("start"), "start"), end: try wallTime(try req("end"), "end"),
                            timezone: try text(try req("timezone"), "timezone", maxLength: 200), venue: try text(try req("venue"), "venue"),
                            room: try text(try req("room"), "room"), place: try texts(try req("place"), "place"),
                            title: try texts(try req("title"), "title"))
    }
}
