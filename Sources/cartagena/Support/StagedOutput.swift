import Foundation

/// Writes a set of files so that either all of them replace the previous set or none does.
///
/// Each file is first written in full to a staging folder inside the output folder (same file
/// system, so renames are atomic); ``commit()`` then renames every staged file into place.
/// On any error before commit, ``abort()`` removes the staging folder and the previous files
/// are untouched. A reader never sees a half-written file.
final class StagedOutput {
    let root: URL
    private let staging: URL
    private let stagingPath: String
    private var staged: [(relative: String, mode: Int16?)] = []
    private var stagingFolders: Set<String> = []
    private var finished = false

    /// Creates the output folder if needed and a fresh staging folder inside it.
    /// - Throws: ``CLIError`` naming the path when the folder cannot be created or written.
    init(root path: String) throws {
        root = URL(fileURLWithPath: path, isDirectory: true)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: root, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot create output folder '\(path)': \(Self.reason(error))")
        }
        staging = root.appendingPathComponent(".cartagena-staging-\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        stagingPath = staging.path
        try? fm.removeItem(at: staging)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot write in output folder '\(path)': \(Self.reason(error))")
        }
    }

    deinit {
        if !finished { try? FileManager.default.removeItem(at: staging) }
    }

    /// Writes one file into the staging folder.
    ///
    /// Plain POSIX calls (`open`, `write`, `close`), with each folder created once: a run writes
    /// 100,000 personal feeds, where Foundation's per-file `URL` and `stat` work cost more than the data.
    /// - Parameters:
    ///   - relative: path below the output folder, `/`-separated.
    ///   - mode: POSIX permissions such as `0o600` for private files; set at creation, so the data
    ///     is never readable by others, and flushed to disk before commit.
    func write(_ relative: String, _ data: Data, mode: Int16? = nil) throws {
        try data.withUnsafeBytes { try write(relative, $0, mode: mode) }
    }

    func write(_ relative: String, _ text: String, mode: Int16? = nil) throws {
        var text = text
        try text.withUTF8 { try write(relative, UnsafeRawBufferPointer($0), mode: mode) }
    }

    private func write(_ relative: String, _ bytes: UnsafeRawBufferPointer, mode: Int16?) throws {
        precondition(!relative.hasPrefix("/") && !relative.contains(".."), "relative path expected")
        let path = stagingPath + "/" + relative
        do {
            try makeFolders(for: relative, under: stagingPath, known: &stagingFolders)
            let permissions = mode.map { mode_t($0) } ?? 0o666
            let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
            if fd < 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            var failure: Int32 = 0
            if mode != nil, fchmod(fd, permissions) != 0 { failure = errno }
            var offset = 0
            while failure == 0, offset < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                } else {
                    offset += n
                }
            }
            if failure == 0, mode != nil, fsync(fd) != 0 { failure = errno }
            if close(fd) != 0, failure == 0 { failure = errno }
            if failure != 0 { throw POSIXError(POSIXErrorCode(rawValue: failure) ?? .EIO) }
        } catch {
            throw CLIError("cannot write '\(root.appendingPathComponent(relative).path)': \(Self.reason(error))")
        }
        staged.append((relative, mode))
    }

    /// Creates the folders of `relative` below `base` (as `mkdir -p`), each at most once per run.
    private func makeFolders(for relative: String, under base: String, known: inout Set<String>) throws {
        guard let slash = relative.lastIndex(of: "/") else { return }
        let folder = String(relative[..<slash])
        if known.contains(folder) { return }
        var partial = ""
        for part in folder.split(separator: "/") {
            partial += partial.isEmpty ? String(part) : "/" + part
            if known.contains(partial) { continue }
            if mkdir(base + "/" + partial, 0o777) != 0, errno != EEXIST {
                throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
            }
            known.insert(partial)
        }
    }

    /// Renames every staged file into place and removes the staging folder.
    ///
    /// Each file about to be replaced is first hard-linked into `.previous/` in the staging folder,
    /// so that when a later rename fails (a folder where a file should go, a full directory) every
    /// file already moved is put back and the previous set stays whole. Each rename is atomic: a
    /// reader sees the old file or the new one, never none or half of one.
    func commit() throws {
        let rootPath = root.path
        let previousPath = stagingPath + "/.previous"
        var folders: Set<String> = [], previousFolders: Set<String> = []
        var previousMade = false
        var done: [(to: String, backup: String?)] = []
        for (relative, _) in staged {
            let from = stagingPath + "/" + relative
            let to = rootPath + "/" + relative
            do {
                try makeFolders(for: relative, under: rootPath, known: &folders)
                var backup: String?
                // One `link` per file tells whether there is a previous file and keeps it (100,000
                // personal feeds: no `access` or `mkdir` per file).
                if !previousMade {
                    if mkdir(previousPath, 0o700) != 0, errno != EEXIST { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                    previousMade = true
                }
                try makeFolders(for: relative, under: previousPath, known: &previousFolders)
                let b = previousPath + "/" + relative
                if link(to, b) == 0 {
                    backup = b
                } else if errno != ENOENT && errno != EPERM && errno != EISDIR, access(to, F_OK) == 0 {
                    // A file system without hard links; a folder in the way fails at rename below.
                    try FileManager.default.copyItem(atPath: to, toPath: b)
                    backup = b
                }
                if rename(from, to) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
                done.append((to, backup))
            } catch {
                for d in done.reversed() {
                    if let b = d.backup { _ = rename(b, d.to) } else { _ = unlink(d.to) }
                }
                throw CLIError("cannot move '\(to)' into place: \(Self.reason(error)); the previous files were kept")
            }
        }
        finished = true
        try? FileManager.default.removeItem(at: staging)
    }

    /// Drops everything staged; the previous files stay as they were.
    func abort() {
        finished = true
        try? FileManager.default.removeItem(at: staging)
    }

    static func reason(_ error: any Error) -> String {
        if let p = error as? POSIXError { return String(cString: strerror(p.code.rawValue)) }
        let ns = error as NSError
        if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        switch ns.code {
        case NSFileWriteOutOfSpaceError: return "the disk is full"
        case NSFileWriteNoPermissionError: return "permission denied"
        case NSFileWriteVolumeReadOnlyError: return "the volume is read-only"
        default: return ns.localizedDescription
        }
    }
}
