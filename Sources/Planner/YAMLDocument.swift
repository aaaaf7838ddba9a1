import Diagnostics
import Foundation
internal import Yams

/// Reads a YAML document strictly, collecting located diagnostics instead of stopping at the
/// first problem. Unknown keys, wrong types and missing keys are errors.
struct YAMLDocument {
    let file: String
    private(set) var diagnostics: [Diagnostic] = []

    init(file: String) { self.file = file }

    /// Composes the text into a node tree, or throws the located syntax error.
    static func compose(_ text: String, file: String) throws(DiagnosticError) -> Node {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw DiagnosticError(YAMLDocument.diagnostic(for: error, file: file))
        } catch {
            throw DiagnosticError(.error("yaml-syntax", "cannot read YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1)))
        }
        guard let root else {
            throw DiagnosticError(.error("empty-file", "the file is empty; a programme needs 'programme', 'venues' and 'activities'",
                                         at: SourceLocation(file: file, line: 1, column: 1)))
        }
        return root
    }

    static func diagnostic(for error: YamlError, file: String) -> Diagnostic {
        switch error {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            var message = "invalid YAML: \(problem)"
            if let context { message += " (\(context.text) at line \(context.mark.line))" }
            return .error("yaml-syntax", message, at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .duplicatedKeysInMapping(let duplicates, let context):
            let mark = context.mark
            return .error("duplicate-key", "key \(duplicates.map { "'\($0)'" }.joined(separator: ", ")) appears twice in one mapping; keep one",
                          at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .reader(let problem, _, _, _):
            return .error("yaml-syntax", "cannot read the file as text: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return .error("yaml-syntax", "invalid YAML", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }

    func location(_ node: Node?) -> SourceLocation {
        guard let mark = node?.mark else { return SourceLocation(file: file, line: 1, column: 1) }
        return SourceLocation(file: file, line: mark.line, column: mark.column)
    }

    mutating func error(_ code: String, _ message: String, at node: Node?, subjects: [String] = []) {
        diagnostics.append(.error(code, message, at: location(node), subjects: subjects))
    }

    mutating func warning(_ code: String, _ message: String, at node: Node?, subjects: [String] = []) {
        diagnostics.append(.warning(code, message, at: location(node), subjects: subjects))
    }

    mutating func note(_ code: String, _ message: String, at node: Node?, subjects: [String] = []) {
        diagnostics.append(.note(code, message, at: location(node), subjects: subjects))
    }

    /// A mapping with only `allowed` keys; reports unknown keys (with the nearest allowed one) and missing `required` ones.
    mutating func mapping(_ node: Node?, _ what: String, allowed: [String], required: [String] = []) -> Fields? {
        guard let node else { return nil }
        guard case .mapping(let m) = node else {
            error("wrong-type", "\(what) must be a mapping of keys to values", at: node)
            return nil
        }
        var fields = Fields(node: node)
        for (k, v) in m {
            guard let key = k.string, case .scalar = k else {
                error("wrong-type", "keys of \(what) must be plain names", at: k)
                continue
            }
            guard allowed.contains(key) else {
                var message = "unknown key '\(key)' in \(what)"
                if let near = nearest(key, in: allowed) { message += "; did you mean '\(near)'?" }
                message += " Allowed: \(allowed.sorted().joined(separator: ", "))"
                error("unknown-key", message, at: k)
                continue
            }
            fields.values[key] = v
            fields.keys[key] = k
        }
        for r in required where fields.values[r] == nil {
            error("missing-key", "\(what) needs '\(r)'", at: node)
        }
        return fields
    }

    /// A sequence (a single mapping is not accepted for a list).
    mutating func sequence(_ node: Node?, _ what: String) -> [Node] {
        guard let node else { return [] }
        if case .sequence(let s) = node { return Array(s) }
        error("wrong-type", "\(what) must be a list", at: node)
        return []
    }

    /// A non-empty scalar string.
    mutating func string(_ node: Node?, _ what: String) -> String? {
        guard let node else { return nil }
        guard case .scalar(let s) = node else {
            error("wrong-type", "\(what) must be a text value", at: node)
            return nil
        }
        let t = s.string.trimmingCharacters(in: .whitespaces)
        if t.isEmpty {
            error("wrong-type", "\(what) must not be empty", at: node)
            return nil
        }
        return t
    }

    mutating func strings(_ node: Node?, _ what: String) -> [String] {
        guard let node else { return [] }
        if case .scalar = node { return string(node, what).map { [$0] } ?? [] }
        return sequence(node, what).compactMap { string($0, "each of \(what)") }
    }

    mutating func int(_ node: Node?, _ what: String, min: Int = 0) -> Int? {
        guard let node else { return nil }
        guard case .scalar(let s) = node, let v = Int(s.string), v >= min else {
            error("wrong-type", "\(what) must be a whole number of at least \(min), not '\(node.string ?? "a list")'", at: node)
            return nil
        }
        return v
    }

    mutating func double(_ node: Node?, _ what: String, range: ClosedRange<Double>) -> Double? {
        guard let node else { return nil }
        guard case .scalar(let s) = node, let v = Double(s.string), range.contains(v) else {
            error("wrong-type", "\(what) must be a number from \(range.lowerBound) to \(range.upperBound), not '\(node.string ?? "a list")'", at: node)
            return nil
        }
        return v
    }

    mutating func bool(_ node: Node?, _ what: String) -> Bool? {
        guard let node else { return nil }
        switch node.string?.lowercased() {
        case "true", "yes": return true
        case "false", "no": return false
        default:
            error("wrong-type", "\(what) must be true or false", at: node)
            return nil
        }
    }

    /// A text in several languages: `{en: ..., es: ...}`; a plain string is taken as English.
    mutating func localized(_ node: Node?, _ what: String) -> Localized? {
        guard let node else { return nil }
        if case .scalar = node { return string(node, what).map { Localized(["en": $0]) } }
        guard case .mapping(let m) = node else {
            error("wrong-type", "\(what) must be a text or a mapping of language codes to texts ({en: ..., es: ...})", at: node)
            return nil
        }
        var values: [String: String] = [:]
        for (k, v) in m {
            guard let lang = k.string, lang.count >= 2, lang.count <= 8,
                  lang.allSatisfy({ $0.isASCII && ($0.isLetter || $0 == "-") }) else {
                error("invalid-language", "'\(k.string ?? "?")' in \(what) is not a language code such as 'en' or 'es'", at: k)
                continue
            }
            if let t = string(v, "\(what) in '\(lang)'") { values[lang] = t }
        }
        return values.isEmpty ? nil : Localized(values)
    }

    /// The allowed name closest to `key` (edit distance at most 2, or a prefix).
    func nearest(_ key: String, in names: [String]) -> String? {
        nearestName(key, in: names)
    }
}

/// The keys and values of one YAML mapping, with the nodes kept for locations.
struct Fields {
    let node: Node
    var values: [String: Node] = [:]
    var keys: [String: Node] = [:]
    subscript(_ key: String) -> Node? { values[key] }
}

/// The name in `names` nearest to `key` by edit distance (at most 2, or a shared prefix), ties broken alphabetically.
func nearestName(_ key: String, in names: [String]) -> String? {
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
        if d <= 2, best == nil || d < best!.0 { best = (d, name) }
    }
    return best?.1
}
