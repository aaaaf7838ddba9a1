import Diagnostics
import Foundation

/// The ledger on disk: read with located errors, replaced atomically through a temporary file
/// whose name cannot be predicted, and the temporary files of killed runs removed.
public enum LedgerFile {
    /// A failure to write or replace the ledger, said for people.
    public struct WriteError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

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

    /// The prefix of the ledger's temporary files: `<ledger>.tmp-`.
    static func temporaryPrefix(_ path: String) -> String { URL(fileURLWithPath: path).lastPathComponent + ".tmp-" }

    /// Removes `<ledger>.tmp-*` files beside the ledger, left by runs killed before their rename
    /// (a run removes its own otherwise). Symbolic links with such names are removed, not followed.
    /// - Returns: the names removed.
    @discardableResult
    public static func removeLeftovers(of path: String) -> [String] {
        let url = URL(fileURLWithPath: path)
        let folder = url.deletingLastPathComponent().path
        let prefix = temporaryPrefix(path)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        var removed: [String] = []
        for name in names.sorted() where name.hasPrefix(prefix) && name.count > prefix.count {
            if unlink(folder + "/" + name) == 0 { removed.append(name) }
        }
        return removed
    }

    /// The ledger written in full to a new temporary file beside `path`, ready to be renamed over it.
    public struct Staged: Sendable {
        public let path: String
        public let temporary: String

        /// Renames the temporary file over the ledger.
        public func commit() throws(WriteError) {
            if rename(temporary, path) != 0 {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw WriteError(description: "cannot replace '\(path)': \(reason)")
            }
        }

        /// Removes the temporary file (when the run fails before its commit).
        public func discard() { unlink(temporary) }
    }

    /// Writes `data` to `<path>.tmp-<16 random hex digits>`, created exclusively (`O_EXCL`) and
    /// never through a symbolic link (`O_NOFOLLOW`), flushed to disk.
    public static func stage(_ data: Data, at path: String) throws(WriteError) -> Staged {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<8 {
            let suffix = String(generator.next() as UInt64, radix: 16)
            let temporary = folder + "/" + temporaryPrefix(path) + String(repeating: "0", count: 16 - suffix.count) + suffix
            let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o644)
            if fd < 0 {
                if errno == EEXIST { continue }
                throw WriteError(description: "cannot write '\(path)': \(String(cString: strerror(errno)))")
            }
            var failure: Int32 = 0
            data.withUnsafeBytes { raw in
                var offset = 0
                while offset < raw.count {
                    let n = write(fd, raw.baseAddress! + offset, raw.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        failure = errno
                        return
                    }
                    offset += n
                }
            }
            if failure == 0, fsync(fd) != 0 { failure = errno }
            if close(fd) != 0, failure == 0 { failure = errno }
            if failure != 0 {
                unlink(temporary)
                throw WriteError(description: "cannot write '\(path)': \(String(cString: strerror(failure)))")
            }
            return Staged(path: path, temporary: temporary)
        }
        throw WriteError(description: "cannot write '\(path)': no free temporary name after 8 tries")
    }
}
