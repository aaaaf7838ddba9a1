import Foundation
import SystemPackage

/// One file replaced atomically: written in full beside its destination, then renamed.
struct AtomicFile {
    let path: String
    let temporary: String
    let calls: SystemCalls

    /// Writes the temporary file (removed again when that fails).
    init(path: String, bytes: [UInt8], calls: SystemCalls) throws(PublishError) {
        self.path = path
        self.calls = calls
        temporary = path + ".tmp-\(getpid())"
        do {
            try calls.writeFile(temporary, bytes, [.ownerReadWrite, .groupRead, .otherRead])
        } catch {
            _ = unlink(temporary)
            throw PublishError("cannot write '\(path)': \(failureReason(error)); nothing was published")
        }
    }

    /// Renames the temporary file into place (removed when that fails).
    func commit() throws(PublishError) {
        do {
            try calls.rename(temporary, path)
        } catch {
            _ = unlink(temporary)
            throw PublishError("cannot replace '\(path)': \(failureReason(error)); nothing was published")
        }
    }
}
