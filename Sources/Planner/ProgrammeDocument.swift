import Diagnostics

/// Reads a programme's node tree (from YAML or JSON) strictly, collecting located diagnostics
/// instead of stopping at the first problem. Unknown keys, wrong types and missing keys are errors.
struct ProgrammeDocument {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    func location(_ node: ProgrammeNode?) -> SourceLocation {
        guard let node else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: node.line, column: node.column)
    }

    mutating func error(_ code: String, _ message: String, at node: ProgrammeNode?, subjects: [String] = []) {
        diagnostics.append(.error(code, message, at: location(node), subjects: subjects))
    }

    mutating func warning(_ code: String, _ message: String, at node: ProgrammeNode?, subjects: [String] = []) {
        diagnostics.append(.warning(code, message, at: location(node), subjects: subjects))
    }

    mutating func note(_ code: String, _ message: String, at node: ProgrammeNode?, subjects: [String] = []) {
        diagnostics.append(.note(code, message, at: location(node), subjects: subjects))
    }

    /// Adds findings made with another document of the same file (part of the file read apart).
    mutating func append(_ more: ArraySlice<Diagnostic>) {
        if !more.isEmpty { diagnostics += more }
    }

    /// A mapping with only `allowed` keys; reports unknown keys (with the nearest allowed one) and missing `required` ones.
    mutating func mapping(_ node: ProgrammeNode?, _ what: @autoclosure () -> String, allowed: [String], required: [String] = []) -> Fields? {
        guard let node else { return nil }
        guard case .mapping(let m) = node.content else {
            error("wrong-type", "\(what()) must be a mapping of keys to values", at: node)
            return nil
        }
        var fields = Fields(node: node, names: allowed)
        for pair in m {
            guard let key = pair.key.string else {
                error("wrong-type", "keys of \(what()) must be plain names", at: pair.key)
                continue
            }
            guard let slot = allowed.firstIndex(of: key) else {
                error("unknown-key", "unknown key \(quoted: key) in \(what()); \(KeySuggestions.wayOut(for: key, in: allowed))", at: pair.key)
                continue
            }
            fields.values[slot] = pair.value
        }
        for r in required where fields[r] == nil {
            error("missing-key", "\(what()) needs \(quoted: r)", at: node)
        }
        return fields
    }

    /// A sequence (a single mapping is not accepted for a list).
    mutating func sequence(_ node: ProgrammeNode?, _ what: @autoclosure () -> String) -> [ProgrammeNode] {
        guard let node else { return [] }
        if case .sequence(let s) = node.content { return s }
        error("wrong-type", "\(what()) must be a list", at: node)
        return []
    }

    /// A non-empty scalar string, without leading and trailing spaces and tabs.
    mutating func string(_ node: ProgrammeNode?, _ what: @autoclosure () -> String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let s) = node.content else {
            error("wrong-type", "\(what()) must be a text value", at: node)
            return nil
        }
        if node.oversize > 0 {
            error("text-too-long", "\(what()) has \(node.oversize) bytes; no text may be longer than \(TextLimits.text) bytes: "
                  + "shorten it or publish the long text elsewhere and link it", at: node)
            return nil
        }
        let t = trimmedSpaces(s)
        if t.isEmpty {
            error("wrong-type", "\(what()) must not be empty", at: node)
            return nil
        }
        return t
    }

    /// An id: a non-empty string that follows ``IDGrammar``; anything else is an `invalid-id`
    /// error at the value. The text is returned either way (the load fails on the error), so a bad
    /// id does not also make every reference to it unknown.
    mutating func id(_ node: ProgrammeNode?, _ what: @autoclosure () -> String) -> String? {
        guard let s = string(node, what()) else { return nil }
        if let problem = IDGrammar.problem(s) {
            error("invalid-id", "\(what()) \(quoted: s) \(problem)", at: node)
        }
        return s
    }

    /// Reports an id met a second time among ids of one kind, exactly or only in case: `duplicate-id`.
    /// - Parameters:
    ///   - scope: the message's end for an exact repeat, such as "ids must be unique".
    mutating func unique(_ id: String, _ what: String, at node: ProgrammeNode?, in seen: inout [String: (id: String, line: Int)],
                         scope: String = "ids must be unique") {
        let key = IDGrammar.folded(id)
        guard let first = seen[key] else {
            seen[key] = (id, node?.line ?? 1)
            return
        }
        if first.id == id {
            error("duplicate-id", "\(what) \(quoted: id) is used twice; \(scope)", at: node)
        } else {
            error("duplicate-id", "\(what) \(quoted: id) differs from \(quoted: first.id) (line \(first.line)) only in case; "
                  + "file systems that ignore case would give both one file, so rename one", at: node)
        }
    }

    mutating func strings(_ node: ProgrammeNode?, _ what: @autoclosure () -> String) -> [String] {
        guard let node else { return [] }
        if case .scalar = node.content { return string(node, what()).map { [$0] } ?? [] }
        return sequence(node, what()).compactMap { string($0, "each of \(what())") }
    }

    mutating func int(_ node: ProgrammeNode?, _ what: @autoclosure () -> String, min: Int = 0) -> Int? {
        guard let node else { return nil }
        guard let s = node.string, let v = Int(s), v >= min else {
            error("wrong-type", "\(what()) must be a whole number of at least \(min), not \(quoted: node.string ?? "a list")", at: node)
            return nil
        }
        return v
    }

    mutating func double(_ node: ProgrammeNode?, _ what: @autoclosure () -> String, range: ClosedRange<Double>) -> Double? {
        guard let node else { return nil }
        guard let s = node.string, let v = Double(s), range.contains(v) else {
            error("wrong-type", "\(what()) must be a number from \(range.lowerBound) to \(range.upperBound), not \(quoted: node.string ?? "a list")", at: node)
            return nil
        }
        return v
    }

    mutating func bool(_ node: ProgrammeNode?, _ what: @autoclosure () -> String) -> Bool? {
        guard let node else { return nil }
        switch node.string?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            error("wrong-type", "\(what()) must be true or false", at: node)
            return nil
        }
    }

    /// A text in several languages: `{en: ..., es: ...}`; a plain string is taken as English.
    /// Each text has at most `limit` bytes of UTF-8 (``TextLimits``); a longer one is a `text-too-long` error.
    mutating func localized(_ node: ProgrammeNode?, _ what: @autoclosure () -> String, limit: Int = TextLimits.text) -> Localized? {
        guard let node else { return nil }
        if case .scalar = node.content {
            guard fits(node.oversize, limit, what(), node), let t = string(node, what()), fits(t.utf8.count, limit, what(), node) else { return nil }
            return Localized(["en": t])
        }
        guard case .mapping(let m) = node.content else {
            error("wrong-type", "\(what()) must be a text or a mapping of language codes to texts ({en: ..., es: ...})", at: node)
            return nil
        }
        var values: [String: String] = [:]
        for pair in m {
            guard let lang = pair.key.string, isLanguageCode(lang) else {
                error("invalid-language", "\(quoted: pair.key.string ?? "?") in \(what()) is not a language code such as 'en' or 'es'", at: pair.key)
                continue
            }
            if fits(pair.value.oversize, limit, "\(what()) in \(quoted: lang)", pair.value), let t = string(pair.value, "\(what()) in \(quoted: lang)"),
               fits(t.utf8.count, limit, "\(what()) in \(quoted: lang)", pair.value) {
                values[lang] = t
            }
        }
        return values.isEmpty ? nil : Localized(values)
    }

    /// Whether a text of `size` bytes is within `limit`; reports `text-too-long` when not.
    private mutating func fits(_ size: Int, _ limit: Int, _ what: @autoclosure () -> String, _ node: ProgrammeNode) -> Bool {
        guard size > limit else { return true }
        error("text-too-long", "\(what()) has \(size) bytes; the limit is \(limit) bytes (\(TextLimits.describe(limit))): "
              + "shorten it or publish the long text elsewhere and link it", at: node)
        return false
    }

}

/// The largest texts a programme may hold, in bytes of UTF-8: feeds and agendas copy each text
/// into every feed and page that shows it, so one huge text would cost its size many times over.
public enum TextLimits {
    /// Titles and names (programme, activity, session, venue, room): 2,000 bytes.
    public static let title = 2_000
    /// Descriptions, notes and roles: 64 KiB.
    public static let text = 65_536

    static func describe(_ limit: Int) -> String { limit == title ? "titles and names" : "descriptions and notes" }
}

/// The values of one mapping by key, with the mapping kept for locations. The values sit in the
/// order of the allowed keys (a dozen at most), so a lookup compares a few short strings and no
/// dictionary is built per mapping.
struct Fields {
    let node: ProgrammeNode
    let names: [String]
    var values: [ProgrammeNode?]

    init(node: ProgrammeNode, names: [String]) {
        self.node = node
        self.names = names
        values = Array(repeating: nil, count: names.count)
    }

    subscript(_ key: String) -> ProgrammeNode? {
        guard let i = names.firstIndex(of: key) else { return nil }
        return values[i]
    }
}

/// 2 to 8 ASCII letters or hyphens (`en`, `es-419`... as the loader accepts them).
private func isLanguageCode(_ s: String) -> Bool {
    let u = s.utf8
    guard u.count >= 2, u.count <= 8 else { return false }
    return u.allSatisfy { ($0 | 0x20) >= UInt8(ascii: "a") && ($0 | 0x20) <= UInt8(ascii: "z") || $0 == UInt8(ascii: "-") }
}

/// `s` without leading and trailing spaces and tabs: Unicode category Zs, U+0009 and U+200B
/// (zero width space), exactly the set Foundation calls `CharacterSet.whitespaces` (tested).
/// Returns `s` itself, without copying, when there is nothing to trim (nearly always).
func trimmedSpaces(_ s: String) -> String {
    let scalars = s.unicodeScalars
    func isSpace(_ c: Unicode.Scalar) -> Bool {
        c.value < 0x80 ? c.value == 0x20 || c.value == 0x09 : c.value == 0x200B || c.properties.generalCategory == .spaceSeparator
    }
    guard let first = scalars.first, let last = scalars.last, isSpace(first) || isSpace(last) else { return s }
    guard let start = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
    let end = scalars.lastIndex(where: { !isSpace($0) })!
    return String(scalars[start...end])
}

/// The name in `names` nearest to `key` by edit distance (at most `maximum`), ties broken alphabetically.
func nearestName(_ key: String, in names: [String], maximum: Int = 2) -> String? {
    let k = Array(key.lowercased())
    var best: (Int, String)?
    for name in names.sorted() {
        let n = Array(name.lowercased())
        var prev = Array(0...n.count)
        for i in 1...max(k.count, 1) where !k.isEmpty {
            var cur = [i] + Array(repeating: 0, count: n.count)
            for j in stride(from: 1, through: n.count, by: 1) {
                cur[j] = Swift.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (k[i - 1] == n[j - 1] ? 0 : 1))
            }
            prev = cur
        }
        let d = k.isEmpty ? n.count : prev[n.count]
        if d <= maximum, best == nil || d < best!.0 { best = (d, name) }
    }
    return best?.1
}
