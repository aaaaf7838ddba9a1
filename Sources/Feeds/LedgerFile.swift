import Diagnostics
import Foundation

/// The ledger on disk, read with located errors. (It is written by the publisher, through a
/// temporary file whose name cannot be predicted; see `Publishing`.)
public enum LedgerFile {
    /// The ledger at `path`, or nil when there is none.
    /// - Throws: ``DiagnosticError``: a located `invalid-ledger` or JSON error, or `unreadable-ledger`.
    public static func read(path: String) throws(DiagnosticError) -> Ledger? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw DiagnosticError(.error("unreadable-ledger", "cannot read the ledger '\(path)': \(error.localizedDescription); check its permissions",
                                         at: SourceLocation(file: path, line: 1, column: 1)))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw DiagnosticError(.error("invalid-ledger", "the ledger '\(path)' is not UTF-8 text; move it away to start a new one",
                                         at: SourceLocation(file: path, line: 1, column: 1)))
        }
        return try Ledger.read(text, file: path)
    }
}
