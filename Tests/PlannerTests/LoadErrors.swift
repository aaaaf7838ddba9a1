import Diagnostics
import ICalendar
import Planner

/// `line:column: message [code]` of each error loading `text` throws (as read from `path`, whose
/// extension picks YAML or JSON), or `["loaded"]`.
func loadErrors(_ text: String, path: String) -> [String] {
    do {
        _ = try ProgrammeLoader(zones: SystemZones()).load(text: text, path: path)
        return ["loaded"]
    } catch {
        return error.diagnostics.map { d in
            let at = d.location.map { "\($0.line):\($0.column)" } ?? "-"
            return "\(at): \(d.message) [\(d.code)]"
        }
    }
}
