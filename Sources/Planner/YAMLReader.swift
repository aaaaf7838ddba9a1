import Diagnostics
internal import Yams

/// Reads YAML text into a ``ProgrammeNode`` tree: by ``YAMLDirectReader`` when it can (the YAML
/// people and generators write), else through Yams, turning Yams' errors into located diagnostics.
///
/// Yams composes with its basic resolver: no scalar's tag is resolved, since the builder reads
/// every scalar as text. (With the default resolver, Yams' duplicate-key check matched each key
/// against its regular expressions: 16 % of `check` at 100,000 sessions.) Yams still refuses a
/// key written twice in one mapping; keys are then compared as text, so `1` and `"1"` are one key.
enum YAMLReader {
    /// Reads `text` into a node tree: directly when ``YAMLDirectReader`` can (it reads no anchor,
    /// no alias, and nothing nested deeper than ``YAMLPrescan/maximumDepth``, so its defences are its own), else
    /// through ``YAMLPrescan`` and Yams.
    /// - Parameters:
    ///   - document: what the file is, for the prescan's messages ("a programme", "a delegation list").
    ///   - usualDepth: how deep such a file nests, for the message about nesting.
    /// - Throws: ``DiagnosticError`` with one located `yaml-anchor`, `yaml-too-deep`, `yaml-syntax`,
    ///   `duplicate-key` or `empty-file` error.
    static func read(_ text: String, file: String, document: String = "a programme", usualDepth: Int = 8,
                     empty: String = "the file is empty; a programme needs 'programme', 'venues' and 'activities'") throws(DiagnosticError) -> ProgrammeNode {
        if let tree = YAMLDirectReader.read(text) { return tree }
        // Anchors, aliases and deep nesting would make composing exponential or overflow the stack.
        if let refused = YAMLPrescan.check(text, file: file, document: document, usualDepth: usualDepth) { throw DiagnosticError(refused) }
        return try composed(text, file: file, empty: empty)
    }

    /// The tree as Yams composes it (the reference ``YAMLDirectReader`` is tested against); `text`
    /// must have passed ``YAMLPrescan``.
    /// - Throws: ``DiagnosticError`` with one located `yaml-syntax`, `duplicate-key` or `empty-file` error.
    static func composed(_ text: String, file: String,
                         empty: String = "the file is empty; a programme needs 'programme', 'venues' and 'activities'") throws(DiagnosticError) -> ProgrammeNode {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text, .basic)
        } catch let error as YamlError {
            throw DiagnosticError(diagnostic(for: error, file: file))
        } catch {
            throw DiagnosticError(.error("yaml-syntax", "cannot read YAML: \(error)", at: SourceLocation(file: file, line: 1, column: 1)))
        }
        guard let root else {
            throw DiagnosticError(.error("empty-file", empty, at: SourceLocation(file: file, line: 1, column: 1)))
        }
        // Every node of an alias-free document starts at its own place in the text, so a tree
        // with more nodes than the text has bytes shares nodes through an alias the prescan let
        // pass; copying it could take exponential time.
        var budget = text.utf8.count + 1
        guard let tree = convert(root, budget: &budget) else {
            throw DiagnosticError(.error("yaml-anchor", "the YAML repeats values through anchors and aliases; write every value out in full",
                                         at: SourceLocation(file: file, line: 1, column: 1)))
        }
        return tree
    }

    private static func convert(_ node: Node, budget: inout Int) -> ProgrammeNode? {
        budget -= 1
        guard budget >= 0 else { return nil }
        let mark = node.mark
        let line = mark?.line ?? 1, column = mark?.column ?? 1
        switch node {
        case .scalar(let s):
            let size = s.string.utf8.count
            guard size > TextLimits.text else { return ProgrammeNode(.scalar(s.string), line: line, column: column) }
            var node = ProgrammeNode(.scalar(Array(s.string.utf8).withUnsafeBufferPointer { YAMLDirectReader.prefix($0) }), line: line, column: column)
            node.oversize = size
            return node
        case .sequence(let s):
            var items: [ProgrammeNode] = []
            items.reserveCapacity(s.count)
            for n in s {
                guard let item = convert(n, budget: &budget) else { return nil }
                items.append(item)
            }
            return ProgrammeNode(.sequence(items), line: line, column: column)
        case .mapping(let m):
            var pairs: [ProgrammeNode.Pair] = []
            pairs.reserveCapacity(m.count)
            for (k, v) in m {
                guard let key = convert(k, budget: &budget), let value = convert(v, budget: &budget) else { return nil }
                pairs.append(ProgrammeNode.Pair(key: key, value: value))
            }
            return ProgrammeNode(.mapping(pairs), line: line, column: column)
        case .alias:
            return nil
        }
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
            return .error("duplicate-key", "key \(duplicates.map { "\(quoted: $0)" }.joined(separator: ", ")) appears twice in one mapping; keep one",
                          at: SourceLocation(file: file, line: mark.line, column: mark.column))
        case .reader(let problem, _, _, _):
            return .error("yaml-syntax", "cannot read the file as text: \(problem)", at: SourceLocation(file: file, line: 1, column: 1))
        default:
            return .error("yaml-syntax", "invalid YAML", at: SourceLocation(file: file, line: 1, column: 1))
        }
    }
}
