import Diagnostics
import Foundation
internal import Yams

extension ColumnMap {
    /// Reads a saved column mapping (`--columns @FILE.yaml`), such as those of `Calendars/exports/`:
    ///
    /// ```yaml
    /// system: Eventbrite            # optional, for people
    /// columns:
    ///   registration-id: "Attendee #"
    ///   given-name: First Name
    ///   delegation: Country
    /// ```
    ///
    /// Keys are the `--columns` names; values are headers as the export writes them.
    /// - Throws: ``DiagnosticError`` at the line and column at fault: `yaml-syntax`,
    ///   `invalid-columns` (not a mapping, an unknown column, a header that is not text).
    public static func load(text: String, path: String) throws(DiagnosticError) -> [RegistrationColumn: String] {
        func at(_ node: Node?) -> SourceLocation {
            SourceLocation(file: path, line: node?.mark?.line ?? 1, column: node?.mark?.column ?? 1)
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            var line = 1, column = 1, problem = "\(error)"
            switch error {
            case .scanner(_, let p, let mark, _), .parser(_, let p, let mark, _), .composer(_, let p, let mark, _):
                line = mark.line; column = mark.column; problem = p
            default: break
            }
            throw DiagnosticError(.error("yaml-syntax", "invalid YAML: \(problem)", at: SourceLocation(file: path, line: line, column: column)))
        } catch {
            throw DiagnosticError(.error("yaml-syntax", "invalid YAML: \(error)", at: SourceLocation(file: path, line: 1, column: 1)))
        }
        let names = RegistrationColumn.allCases.map(\.rawValue).sorted().joined(separator: ", ")
        guard let top = root?.mapping else {
            throw DiagnosticError(.error("invalid-columns", "a column mapping file holds 'columns:' with one 'COLUMN: Header' line per column; columns: \(names)", at: at(root)))
        }
        var out: [RegistrationColumn: String] = [:]
        var errors: [Diagnostic] = []
        for (key, value) in top {
            switch key.string {
            case "system", "notes", "description": continue
            case "columns": break
            default:
                errors.append(.error("invalid-columns", "unknown key '\(key.string ?? "")' in a column mapping file; use 'columns:' (and optionally 'system:')", at: at(key)))
                continue
            }
            guard let columns = value.mapping else {
                errors.append(.error("invalid-columns", "'columns' must be a mapping of COLUMN: Header; columns: \(names)", at: at(value)))
                continue
            }
            for (k, v) in columns {
                guard let name = k.string, let column = RegistrationColumn(rawValue: name.lowercased()) else {
                    errors.append(.error("invalid-columns", "unknown column '\(k.string ?? "")'; columns: \(names)", at: at(k)))
                    continue
                }
                guard let header = v.scalar?.string, !header.trimmingCharacters(in: .whitespaces).isEmpty else {
                    errors.append(.error("invalid-columns", "the header for '\(name)' must be text, as the export writes it", at: at(v)))
                    continue
                }
                if out[column] != nil {
                    errors.append(.error("invalid-columns", "column '\(name)' is mapped twice; keep one", at: at(k)))
                }
                out[column] = header.trimmingCharacters(in: .whitespaces)
            }
        }
        if out.isEmpty, errors.isEmpty {
            errors.append(.error("invalid-columns", "the mapping file maps no column; add 'columns:' with 'COLUMN: Header' lines", at: at(root)))
        }
        if !errors.isEmpty { throw DiagnosticError(errors) }
        return out
    }
}
