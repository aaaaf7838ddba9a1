import Foundation
import SystemPackage

/// Writes a set of files so that either all of them replace the previous set or none does.
///
/// Each file is first written in full to a staging folder inside the output folder (same file
/// system, so renames are atomic); ``commit()`` then renames every staged file into place.
/// On any error before commit, ``abort()`` removes the staging folder and the previous files
/// are untouched. A reader never sees a half-written file.
public final class StagedOutput {
    public let root: URL
    let calls: SystemCalls
    let stagingPath: String
    var staged: [String] = []
    private var stagingFolders: Set<String> = []
    /// Folders replaced whole at commit (``replaceWhole(_:)``), in the order declared.
    var wholeFolders: [String] = []
    /// Descriptors of whole folders opened for ``FolderWriter``s.
    private var openFolders: [String: FileDescriptor] = [:]
    var finished = false

    /// The mode of a private file: read and written by its owner only (0600).
    public static let ownerOnly: FilePermissions = [.ownerReadWrite]

    /// The prefix of staging folders' names (hidden): `.cartagena-staging-<pid>-<random>`.
    public static let prefix = ".cartagena-staging-"

    /// Creates the output folder if needed (with `permissions` when it is new) and a fresh
    /// staging folder inside it.
    /// - Throws: ``PublishError`` naming the path when the folder cannot be created or written.
    public init(root path: String, permissions: FilePermissions = [.ownerReadWriteExecute, .groupReadExecute, .otherReadExecute],
                calls: SystemCalls = .live) throws(PublishError) {
        root = URL(fileURLWithPath: path, isDirectory: true)
        self.calls = calls
        do {
            try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: Int(permissions.rawValue)])
        } catch {
            throw PublishError("cannot create output folder '\(path)': \(failureReason(error))")
        }
        FileTree.removeAbandoned(in: root.path, prefix: Self.prefix)
        // A name nobody can predict (a symbolic link placed at it beforehand would redirect the
        // staging), created exclusively: `mkdir` fails on anything already there, a link included.
        var made: String?
        for _ in 0..<8 where made == nil {
            let candidate = root.appendingPathComponent(Self.prefix + "\(getpid())-\(FileTree.randomName())", isDirectory: true).path
            if mkdir(candidate, 0o700) == 0 { made = candidate } else if errno != EEXIST { break }
        }
        guard let made else {
            throw PublishError("cannot write in output folder '\(path)': \(failureReason(Errno(rawValue: errno)))")
        }
        stagingPath = made
    }

    deinit {
        closeFolders()
        if !finished { FileTree.remove(stagingPath) }
    }

    /// Writes one file into the staging folder.
    /// - Parameters:
    ///   - relative: path below the output folder, `/`-separated.
    ///   - mode: permissions such as `0o600` for private files; set at creation, so the data
    ///     is never readable by others, and flushed to disk before commit.
    public func write(_ relative: String, _ text: String, mode: FilePermissions? = nil) throws(PublishError) {
        var text = text
        try write(relative, mode: mode) { path, mode throws(Errno) in
            try asErrno { try text.withUTF8 { try Self.writeFile(path, in: nil, UnsafeRawBufferPointer($0), mode: mode) } }
        }
    }

    public func write(_ relative: String, _ bytes: [UInt8], mode: FilePermissions? = nil) throws(PublishError) {
        try write(relative, mode: mode) { path, mode throws(Errno) in
            try asErrno { try bytes.withUnsafeBytes { try Self.writeFile(path, in: nil, $0, mode: mode) } }
        }
    }

    private func write(_ relative: String, mode: FilePermissions?,
                       _ body: (FilePath, FilePermissions?) throws(Errno) -> Void) throws(PublishError) {
        precondition(!relative.hasPrefix("/") && !relative.contains(".."), "relative path expected")
        do {
            try Self.makeFolders(for: relative, under: stagingPath, known: &stagingFolders)
            try body(FilePath(stagingPath + "/" + relative), mode)
        } catch {
            throw PublishError("cannot write '\(root.appendingPathComponent(relative).path)': \(failureReason(error))")
        }
        if !isWhole(relative) { staged.append(relative) }
    }

    /// Declares that the folder `relative` (one path component, such as `people`) is replaced
    /// whole at commit: what is written below it becomes the folder's entire content, and files of
    /// the previous run that were not written again are removed with the old folder.
    ///
    /// Commit swaps the staged folder with the old one in one atomic `renameat2(RENAME_EXCHANGE)`,
    /// so a reader sees the old set or the new one, never a mix, and 100,000 personal feeds cost
    /// two renames instead of 300,000 system calls. Files below it are not tracked one by one.
    public func replaceWhole(_ relative: String) throws(PublishError) {
        precondition(!relative.isEmpty && !relative.contains("/") && !relative.hasPrefix("."), "one folder name expected")
        guard !wholeFolders.contains(relative) else { return }
        wholeFolders.append(relative)
        if mkdir(stagingPath + "/" + relative, 0o777) != 0, errno != EEXIST {
            throw PublishError("cannot write in output folder '\(root.path)': \(failureReason(Errno(rawValue: errno)))")
        }
        stagingFolders.insert(relative)
    }

    private func isWhole(_ relative: String) -> Bool {
        guard let slash = relative.firstIndex(of: "/") else { return false }
        return wholeFolders.contains(String(relative[..<slash]))
    }

    /// Writes files directly into a folder declared with ``replaceWhole(_:)``, from any thread:
    /// no bookkeeping per file, so several threads can fill the folder at once.
    public struct FolderWriter: Sendable {
        let shown: String
        /// The staged folder, open: files are created relative to it (`openat`), so each of
        /// 100,000 opens resolves one name instead of walking the whole path.
        let folder: FileDescriptor

        /// Writes `name` (a file name, no `/`) into the staged folder.
        public func write(_ name: String, _ bytes: [UInt8]) throws(PublishError) {
            do {
                try asErrno { try bytes.withUnsafeBytes { try StagedOutput.writeFile(FilePath(name), in: folder, $0, mode: nil) } }
            } catch {
                // The file's name is a secret address: the folder only is named.
                throw PublishError("cannot write a feed in '\(shown)': \(failureReason(error))")
            }
        }
    }

    /// The writer of a folder declared with ``replaceWhole(_:)``.
    public func folderWriter(_ folder: String) throws(PublishError) -> FolderWriter {
        precondition(wholeFolders.contains(folder), "declare the folder with replaceWhole first")
        if openFolders[folder] == nil {
            let fd = open(stagingPath + "/" + folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
            if fd < 0 { throw PublishError("cannot write in output folder '\(root.path)': \(failureReason(Errno(rawValue: errno)))") }
            openFolders[folder] = FileDescriptor(rawValue: fd)
        }
        return FolderWriter(shown: root.appendingPathComponent(folder).path, folder: openFolders[folder]!)
    }

    /// Closes the folders opened for ``FolderWriter``s (before they are swapped or removed).
    func closeFolders() {
        for fd in openFolders.values { try? fd.close() }
        openFolders = [:]
    }

    /// Creates one new file and writes it whole; with a `mode`, set at creation and flushed to disk.
    /// - Parameter folder: the folder `path` is relative to (`openat`), or nil for the working folder.
    static func writeFile(_ path: FilePath, in folder: FileDescriptor?, _ bytes: UnsafeRawBufferPointer,
                          mode: FilePermissions?) throws(Errno) {
        let permissions = mode ?? [.ownerReadWrite, .groupReadWrite, .otherReadWrite]
        let raw = path.withPlatformString {
            openat(folder?.rawValue ?? AT_FDCWD, $0, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, permissions.rawValue)
        }
        if raw < 0 { throw Errno(rawValue: errno) }
        let fd = FileDescriptor(rawValue: raw)
        try asErrno {
            try fd.closeAfter {
                // The mode is set again on the open file: the umask must not widen or narrow it.
                if mode != nil, fchmod(fd.rawValue, permissions.rawValue) != 0 { throw Errno(rawValue: errno) }
                _ = try fd.writeAll(bytes)
                if mode != nil, fsync(fd.rawValue) != 0 { throw Errno(rawValue: errno) }
            }
        }
    }

    /// Creates the folders of `relative` below `base` (as `mkdir -p`), each at most once per run.
    static func makeFolders(for relative: String, under base: String, known: inout Set<String>) throws(Errno) {
        guard let slash = relative.lastIndex(of: "/") else { return }
        let folder = String(relative[..<slash])
        if known.contains(folder) { return }
        var partial = ""
        for part in folder.split(separator: "/") {
            partial += partial.isEmpty ? String(part) : "/" + part
            if known.contains(partial) { continue }
            if mkdir(base + "/" + partial, 0o777) != 0, errno != EEXIST { throw Errno(rawValue: errno) }
            known.insert(partial)
        }
    }

    /// Drops everything staged; the previous files stay as they were.
    public func abort() {
        closeFolders()
        finished = true
        FileTree.remove(stagingPath)
    }
}
