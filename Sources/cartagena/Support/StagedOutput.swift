import Foundation
#if canImport(CoreFoundation)
import CoreFoundation  // `stat` (MemberImportVisibility, once ZIPFoundation is linked)
#endif

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
    /// Folders replaced whole at commit (``replaceWhole(_:)``), in the order declared.
    private var wholeFolders: [String] = []
    /// Descriptors of whole folders opened for ``FolderWriter``s.
    private var openFolders: [String: Int32] = [:]
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
        staging = root.appendingPathComponent(Self.prefix + "\(ProcessInfo.processInfo.processIdentifier)", isDirectory: true)
        stagingPath = staging.path
        Self.removeAbandoned(in: root.path)
        Self.removeTree(stagingPath)
        do {
            try fm.createDirectory(at: staging, withIntermediateDirectories: true)
        } catch {
            throw CLIError("cannot write in output folder '\(path)': \(Self.reason(error))")
        }
    }

    /// Removes staging folders of runs that were killed (their process no longer exists): with
    /// personal feeds they can hold a gigabyte. A folder of a run still going is left alone.
    static func removeAbandoned(in root: String) {
        guard let dir = opendir(root) else { return }
        var abandoned: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard name.hasPrefix(Self.prefix), let pid = pid_t(name.dropFirst(Self.prefix.count)), pid > 0,
                  pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { abandoned.append(name) }
        }
        closedir(dir)
        for name in abandoned { removeTree(root + "/" + name) }
    }

    static let prefix = ".cartagena-staging-"

    deinit {
        closeFolders()
        if !finished { Self.removeTree(stagingPath) }
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

    func write(_ relative: String, _ bytes: [UInt8], mode: Int16? = nil) throws {
        try bytes.withUnsafeBytes { try write(relative, $0, mode: mode) }
    }

    func write(_ relative: String, _ text: String, mode: Int16? = nil) throws {
        var text = text
        try text.withUTF8 { try write(relative, UnsafeRawBufferPointer($0), mode: mode) }
    }

    /// Declares that the folder `relative` (one path component, such as `people`) is replaced
    /// whole at commit: what is written below it becomes the folder's entire content, and files of
    /// the previous run that were not written again are removed with the old folder.
    ///
    /// Commit swaps the staged folder with the old one in one atomic `renameat2(RENAME_EXCHANGE)`,
    /// so a reader sees the old set or the new one, never a mix, and 100,000 personal feeds cost
    /// two renames instead of 300,000 system calls. Files below it are not tracked one by one.
    func replaceWhole(_ relative: String) throws {
        precondition(!relative.isEmpty && !relative.contains("/") && !relative.hasPrefix("."), "one folder name expected")
        guard !wholeFolders.contains(relative) else { return }
        wholeFolders.append(relative)
        if mkdir(stagingPath + "/" + relative, 0o777) != 0, errno != EEXIST {
            let reason = String(cString: strerror(errno))
            throw CLIError("cannot write in output folder '\(root.path)': \(reason)")
        }
        stagingFolders.insert(relative)
    }

    private func isWhole(_ relative: String) -> Bool {
        guard let slash = relative.firstIndex(of: "/") else { return false }
        return wholeFolders.contains(String(relative[..<slash]))
    }

    private func write(_ relative: String, _ bytes: UnsafeRawBufferPointer, mode: Int16?) throws {
        precondition(!relative.hasPrefix("/") && !relative.contains(".."), "relative path expected")
        do {
            try makeFolders(for: relative, under: stagingPath, known: &stagingFolders)
            try Self.writeFile(stagingPath + "/" + relative, bytes, mode: mode)
        } catch {
            throw CLIError("cannot write '\(root.appendingPathComponent(relative).path)': \(Self.reason(error))")
        }
        if !isWhole(relative) { staged.append((relative, mode)) }
    }

    /// Writes files directly into a folder declared with ``replaceWhole(_:)``, from any thread:
    /// no bookkeeping per file, so several threads can fill the folder at once.
    struct FolderWriter: Sendable {
        fileprivate let staged: String
        fileprivate let shown: String
        /// The staged folder, open: files are created relative to it (`openat`), so each of
        /// 100,000 opens resolves one name instead of walking the whole path.
        fileprivate let folder: Int32

        /// Opens `name` for writing a piece at a time; call ``StreamedFile/finish()`` at the end.
        func stream(_ name: String, mode: Int16? = nil) throws -> StreamedFile { try StreamedFile(self, name, mode: mode) }

        /// Writes `name` (a file name, no `/`) into the staged folder.
        func write(_ name: String, _ bytes: [UInt8]) throws {
            do {
                try bytes.withUnsafeBytes { try StagedOutput.writeFile(name, in: folder, $0, mode: nil) }
            } catch {
                throw CLIError("cannot write '\(shown)/\(name)': \(StagedOutput.reason(error))")
            }
        }
    }

    /// A file of a whole folder written a piece at a time (the private index of 100,000 rows),
    /// through a 1 MiB buffer: its text is never held whole.
    final class StreamedFile {
        private let fd: Int32
        private let path: String
        private let shown: String
        private let mode: Int16?
        private var buffer: [UInt8] = []

        fileprivate init(_ folder: FolderWriter, _ name: String, mode: Int16?) throws {
            path = folder.staged + "/" + name
            shown = folder.shown + "/" + name
            self.mode = mode
            let permissions = mode.map { mode_t($0) } ?? 0o666
            fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
            if fd < 0 { throw CLIError("cannot write '\(shown)': \(String(cString: strerror(errno)))") }
            if mode != nil, fchmod(fd, permissions) != 0 {
                close(fd)
                throw CLIError("cannot write '\(shown)': \(String(cString: strerror(errno)))")
            }
            buffer.reserveCapacity(1 << 20)
        }

        deinit { if fd >= 0 { close(fd) } }

        func write(_ text: String) throws {
            buffer += text.utf8
            if buffer.count >= 1 << 20 { try flush() }
        }

        private func flush() throws {
            try buffer.withUnsafeBytes { bytes in
                var offset = 0
                while offset < bytes.count {
                    let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw CLIError("cannot write '\(shown)': \(String(cString: strerror(errno)))")
                    }
                    offset += n
                }
            }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Writes what is buffered and, for a file with a mode (private), flushes it to disk.
        func finish() throws {
            try flush()
            if mode != nil, fsync(fd) != 0 { throw CLIError("cannot write '\(shown)': \(String(cString: strerror(errno)))") }
        }
    }

    /// The writer of a folder declared with ``replaceWhole(_:)``.
    func folderWriter(_ folder: String) throws -> FolderWriter {
        precondition(wholeFolders.contains(folder), "declare the folder with replaceWhole first")
        let path = stagingPath + "/" + folder
        if openFolders[folder] == nil {
            let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd < 0 { throw CLIError("cannot write in output folder '\(root.path)': \(String(cString: strerror(errno)))") }
            openFolders[folder] = fd
        }
        return FolderWriter(staged: path, shown: root.appendingPathComponent(folder).path, folder: openFolders[folder]!)
    }

    /// Closes the folders opened for ``FolderWriter``s (before they are swapped or removed).
    private func closeFolders() {
        for fd in openFolders.values { close(fd) }
        openFolders = [:]
    }

    /// `open`/`write`/`close` of one new file; with a `mode`, set at creation and flushed to disk.
    /// - Parameter folder: a folder's descriptor that `path` is relative to, or `AT_FDCWD`.
    fileprivate static func writeFile(_ path: String, in folder: Int32 = AT_FDCWD, _ bytes: UnsafeRawBufferPointer, mode: Int16?) throws {
        let permissions = mode.map { mode_t($0) } ?? 0o666
        let fd = openat(folder, path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, permissions)
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
        closeFolders()
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
        var swapped: [(from: String, to: String, exchanged: Bool)] = []
        for folder in wholeFolders {
            let from = stagingPath + "/" + folder, to = rootPath + "/" + folder
            do {
                swapped.append((from, to, try Self.swapIn(from, to)))
            } catch {
                for s in swapped.reversed() {
                    if s.exchanged { _ = Self.exchange(s.from, s.to) } else { _ = rename(s.to, s.from) }
                }
                for d in done.reversed() {
                    if let b = d.backup { _ = rename(b, d.to) } else { _ = unlink(d.to) }
                }
                throw CLIError("cannot move '\(to)' into place: \(Self.reason(error)); the previous files were kept")
            }
        }
        finished = true
        // The staging folder now holds the previous folders swapped out: removed with it.
        Self.removeTree(stagingPath)
    }

    /// Puts the staged folder `from` at `to`: exchanged atomically with the folder there (true),
    /// or renamed when there was none (false). The old folder is left at `from`.
    private static func swapIn(_ from: String, _ to: String) throws -> Bool {
        var st = stat()
        if lstat(to, &st) != 0 {
            guard errno == ENOENT else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            if rename(from, to) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            return false
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw POSIXError(.ENOTDIR) }
        if exchange(from, to) == 0 { return true }
        guard errno == ENOSYS || errno == EINVAL else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        // A file system without RENAME_EXCHANGE: two renames, with a moment where `to` is missing.
        let aside = from + ".old"
        if rename(to, aside) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
        if rename(from, to) != 0 {
            let e = errno
            _ = rename(aside, to)
            throw POSIXError(POSIXErrorCode(rawValue: e) ?? .EIO)
        }
        _ = rename(aside, from)
        return true
    }

    private typealias Renameat2 = @convention(c) (Int32, UnsafePointer<CChar>, Int32, UnsafePointer<CChar>, UInt32) -> Int32
    /// glibc's `renameat2`, which Swift's Glibc module does not export (it needs `_GNU_SOURCE`).
    private static let renameat2: Renameat2? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "renameat2")
        .map { unsafeBitCast($0, to: Renameat2.self) }

    /// Exchanges two paths atomically; -1 with `errno` ENOSYS where the C library lacks it.
    private static func exchange(_ a: String, _ b: String) -> Int32 {
        guard let renameat2 else { errno = ENOSYS; return -1 }
        return renameat2(AT_FDCWD, a, AT_FDCWD, b, 2 /* RENAME_EXCHANGE */)
    }

    /// `rm -rf path` with `openat`/`unlinkat`: no `stat` or `URL` per entry as Foundation's
    /// `removeItem` does. A folder of many files (100,000 old personal feeds) is emptied by two
    /// threads: the kernel frees each file's pages after releasing the folder's lock, so that part
    /// runs side by side. Errors are ignored: what is left stays hidden in the staging folder.
    static func removeTree(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd >= 0 { removeContents(fd) }
        _ = rmdir(path)
    }

    /// Removes everything in the open folder `fd`, then closes it.
    private static func removeContents(_ fd: Int32) {
        guard let dir = fdopendir(fd) else { close(fd); return }
        defer { closedir(dir) }
        var names: [String] = [], folderNames: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." { continue }
            if entry.pointee.d_type == UInt8(DT_DIR) { folderNames.append(name) } else { names.append(name) }
        }
        let files = names, parts = names.count >= 4_096 ? 2 : 1
        DispatchQueue.concurrentPerform(iterations: parts) { part in
            for name in files[(part * files.count / parts)..<((part + 1) * files.count / parts)] {
                if unlinkat(fd, name, 0) != 0, errno == EISDIR { removeFolder(fd, name) }
            }
        }
        for name in folderNames { removeFolder(fd, name) }
    }

    private static func removeFolder(_ parent: Int32, _ name: String) {
        let child = openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if child >= 0 { removeContents(child) }
        _ = unlinkat(parent, name, AT_REMOVEDIR)
    }

    /// Drops everything staged; the previous files stay as they were.
    func abort() {
        closeFolders()
        finished = true
        Self.removeTree(stagingPath)
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
