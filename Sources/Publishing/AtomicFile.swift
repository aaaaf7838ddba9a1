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
        // A leftover of a killed run beside it is removed; the new name is unpredictable and
        // created exclusively (``SystemCalls/writeFile`` opens with O_EXCL | O_NOFOLLOW).
        let folder = (path as NSString).deletingLastPathComponent
        let prefix = (path as NSString).lastPathComponent + ".tmp-"
        for name in FileTree.abandoned(in: folder.isEmpty ? "." : folder, prefix: prefix) {
            _ = unlink((folder.isEmpty ? "" : folder + "/") + name)
        }
        temporary = path + ".tmp-\(getpid())-\(FileTree.randomName())"
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
