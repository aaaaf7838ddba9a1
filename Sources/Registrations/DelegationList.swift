import Diagnostics
import Planner

/// What a delegation is; raw values are the YAML spelling.
public enum DelegationKind: String, Sendable, Hashable, CaseIterable {
    case state, territory, organisation
    case civilSociety = "civil-society"
}

/// A delegation that may register: a state or territory (ISO 3166-1 alpha-3 code), an
/// organisation (`UNHCR`, `IOM`) or a registered civil-society organisation (`CSO-001`).
public struct Delegation: Sendable, Hashable {
    public var code: DelegationCode
    public var kind: DelegationKind
    public var name: Localized
    public init(code: DelegationCode, kind: DelegationKind, name: Localized) {
        self.code = code
        self.kind = kind
        self.name = name
    }
}

/// The delegation list of a programme (`delegations:` in the programme head, a YAML file).
///
/// ```yaml
/// delegations:
///   - {code: ARG, kind: state, name: {en: Argentina, es: Argentina}}
/// ```
public struct DelegationList: Sendable, Hashable {
    public var delegations: [Delegation]

    public init(_ delegations: [Delegation]) { self.delegations = delegations }

    /// The path of a delegation list named in a programme: relative to the programme file's folder.
    /// - Parameters:
    ///   - name: the programme's `delegations:` value.
    ///   - programmeFile: the programme's path as given (`Calendars/cartagena40.yaml`).
    public static func path(_ name: String, besides programmeFile: String) -> String {
        if name.hasPrefix("/") { return name }
        guard let slash = programmeFile.lastIndex(of: "/") else { return name }
        return String(programmeFile[...slash]) + name
    }

    /// The codes, sorted.
    public var codes: [String] { delegations.map(\.code.rawValue).sorted() }

    /// The largest delegation list read (a few hundred delegations take a few tens of KB).
    public static let maximumSize = 16 * 1024 * 1024

    /// Loads the list strictly: unknown keys, wrong types, unknown kinds and repeated codes are
    /// errors located at `file:line:column` (columns count Unicode scalars, as Yams does).
    ///
    /// The text goes through the programme's defended YAML reader (``YAMLDocument``): anchors and
    /// aliases (also nested as mapping keys), nesting deeper than 64 levels, a NUL byte, a file
    /// over ``maximumSize`` and a key written twice are located errors, found in linear time.
    /// - Parameters:
    ///   - text: the YAML text.
    ///   - path: the path to report in locations.
    /// - Throws: ``DiagnosticError`` with every error found.
    public static func load(text: String, path: String) throws(DiagnosticError) -> DelegationList {
        let root = try YAMLDocument.read(text, file: path, document: "a delegation list", usualDepth: 3, maximumSize: maximumSize,
                                         empty: "the delegation list is empty; it needs 'delegations:'")
        func at(_ node: ProgrammeNode?) -> SourceLocation {
            SourceLocation(file: path, line: node?.line ?? 1, column: node?.column ?? 1)
        }
        var errors: [Diagnostic] = []
        func string(_ node: ProgrammeNode?, _ what: String) -> String? {
            guard let node else { return nil }
            guard case .scalar(let s) = node.content, !s.isEmpty else {
                errors.append(.error("wrong-type", "\(what) must be a text", at: at(node)))
                return nil
            }
            return s
        }
        func mapping(_ node: ProgrammeNode?, _ what: String, allowed: [String], required: [String]) -> [String: ProgrammeNode]? {
            guard let node, case .mapping(let m) = node.content else {
                errors.append(.error("wrong-type", "\(what) must be a mapping", at: at(node)))
                return nil
            }
            var out: [String: ProgrammeNode] = [:]
            for pair in m {
                guard let key = pair.key.string else {
                    errors.append(.error("wrong-type", "a key in \(what) must be a text", at: at(pair.key)))
                    continue
                }
                if out[key] != nil {
                    errors.append(.error("duplicate-key", "key \(quoted: key) appears twice in \(what); keep one", at: at(pair.key)))
                } else if !allowed.contains(key) {
                    errors.append(.error("unknown-key", "unknown key \(quoted: key) in \(what); keys: \(allowed.sorted().joined(separator: ", "))", at: at(pair.key)))
                }
                out[key] = pair.value
            }
            for r in required where out[r] == nil {
                errors.append(.error("missing-key", "\(what) needs \(quoted: r)", at: at(node)))
            }
            return out
        }
        var list: [Delegation] = []
        var seen: Set<String> = []
        if let top = mapping(root, "the delegation list", allowed: ["delegations"], required: ["delegations"]) {
            guard let node = top["delegations"], case .sequence(let items) = node.content else {
                errors.append(.error("wrong-type", "'delegations' must be a list", at: at(top["delegations"])))
                throw DiagnosticError(errors)
            }
            for item in items {
                guard let f = mapping(item, "a delegation", allowed: ["code", "kind", "name"], required: ["code", "kind", "name"]),
                      let code = string(f["code"], "a delegation's 'code'") else { continue }
                if !seen.insert(code).inserted {
                    errors.append(.error("duplicate-id", "delegation code \(quoted: code) is listed twice; codes must be unique", at: at(f["code"])))
                }
                var kind = DelegationKind.state
                if let k = string(f["kind"], "a delegation's 'kind'") {
                    if let parsed = DelegationKind(rawValue: k) { kind = parsed } else {
                        let kinds = DelegationKind.allCases.map(\.rawValue).sorted().joined(separator: ", ")
                        errors.append(.error("invalid-value", "delegation kind \(quoted: k) is not one of: \(kinds)", at: at(f["kind"])))
                    }
                }
                var name = Localized([:])
                switch f["name"]?.content {
                case .scalar(let s)?: name = Localized(["en": s])
                case .mapping(let m)?:
                    for pair in m {
                        if let t = string(pair.value, "a delegation name") { name.values[pair.key.string ?? ""] = t }
                    }
                default: errors.append(.error("wrong-type", "a delegation's 'name' must be a text or {en: ..., es: ...}", at: at(f["name"])))
                }
                list.append(Delegation(code: DelegationCode(code), kind: kind, name: name))
            }
        }
        if !errors.isEmpty { throw DiagnosticError(errors.sortedForOutput()) }
        return DelegationList(list)
    }
}
