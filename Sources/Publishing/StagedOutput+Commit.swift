import Foundation
import SystemPackage

extension StagedOutput {
    /// Renames every staged file into place and removes the staging folder.
    ///
    /// Each file about to be replaced is first hard-linked into `.previous/` in the staging folder
    /// (copied where the file system has no hard links), so that when a later rename fails (a
    /// folder where a file should go, a full directory) every file already moved is put back and
    /// the previous set stays whole. Each rename is atomic: a reader sees the old file or the new
    /// one, never none or half of one.
    public func commit() throws(PublishError) {
        closeFolders()
        let rootPath = root.path
        let previousPath = stagingPath + "/.previous"
        var folders: Set<String> = [], previousFolders: Set<String> = []
        var previousMade = false
        var done: [(to: String, backup: String?)] = []
        for relative in staged {
            let from = stagingPath + "/" + relative
            let to = rootPath + "/" + relative
            do throws(Errno) {
                try Self.makeFolders(for: relative, under: rootPath, known: &folders)
                if !previousMade {
                    if mkdir(previousPath, 0o700) != 0, errno != EEXIST { throw Errno(rawValue: errno) }
                    previousMade = true
                }
                try Self.makeFolders(for: relative, under: previousPath, known: &previousFolders)
                let backup = try keep(to, as: previousPath + "/" + relative)
                try calls.rename(from, to)
                done.append((to, backup))
            } catch {
                putBack(done)
                throw PublishError("cannot move '\(to)' into place: \(failureReason(error)); the previous files were kept")
            }
        }
        var swapped: [(from: String, to: String, exchanged: Bool)] = []
        for folder in wholeFolders {
            let from = stagingPath + "/" + folder, to = rootPath + "/" + folder
            do throws(Errno) {
                swapped.append((from, to, try swapIn(from, to)))
            } catch {
                for s in swapped.reversed() {
                    if s.exchanged { _ = try? swapIn(s.from, s.to) } else { try? calls.rename(s.to, s.from) }
                }
                putBack(done)
                throw PublishError("cannot move '\(to)' into place: \(failureReason(error)); the previous files were kept")
            }
        }
        finished = true
        // The staging folder now holds the previous folders swapped out: removed with it.
        FileTree.remove(stagingPath)
    }

    /// Keeps the file at `path` (if any) as `backup`: a hard link, one call per file that also
    /// tells whether there is a file (100,000 personal feeds: no `stat` per file). Where links
    /// are refused (`EPERM`: a file system without hard links; `EXDEV`; `EMLINK`) the file is
    /// copied. A folder in the way is not kept: the rename after this fails on it.
    /// - Returns: the backup's path, or nil when there was no file.
    private func keep(_ path: String, as backup: String) throws(Errno) -> String? {
        do {
            try calls.link(path, backup)
            return backup
        } catch where error == .noSuchFileOrDirectory {
            return nil
        } catch {
            var st = stat()
            if lstat(path, &st) != 0 {
                if errno == ENOENT { return nil }
                throw Errno(rawValue: errno)
            }
            if st.st_mode & S_IFMT == S_IFDIR { return nil }
            try Self.copyFile(path, to: backup, permissions: FilePermissions(rawValue: st.st_mode & 0o7777))
            return backup
        }
    }

    /// Puts the previous files back after a failed commit (newest first); a file that had no
    /// previous version is removed.
    private func putBack(_ done: [(to: String, backup: String?)]) {
        for d in done.reversed() {
            if let b = d.backup { try? calls.rename(b, d.to) } else { _ = unlink(d.to) }
        }
    }

    /// Puts the staged folder `from` at `to`: exchanged atomically with the folder there (true),
    /// or renamed when there was none (false). The old folder is left at `from`.
    private func swapIn(_ from: String, _ to: String) throws(Errno) -> Bool {
        var st = stat()
        if lstat(to, &st) != 0 {
            guard errno == ENOENT else { throw Errno(rawValue: errno) }
            try calls.rename(from, to)
            return false
        }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw Errno.notDirectory }
        do {
            try calls.exchange(from, to)
            return true
        } catch where error == .noFunction || error == .invalidArgument {
            // A kernel or file system without RENAME_EXCHANGE: two renames, with a moment where
            // `to` is missing.
            let aside = from + ".old"
            try calls.rename(to, aside)
            do {
                try calls.rename(from, to)
            } catch {
                try? calls.rename(aside, to)
                throw error
            }
            try? calls.rename(aside, from)
            return true
        }
    }

    /// Copies a file whole (the backup where hard links are refused).
    static func copyFile(_ from: String, to: String, permissions: FilePermissions) throws(Errno) {
        let bytes = try asErrno {
            let source = try FileDescriptor.open(FilePath(from), .readOnly, options: [.closeOnExec])
            return try source.closeAfter { () throws -> [UInt8] in
                var out: [UInt8] = []
                var chunk = [UInt8](repeating: 0, count: 1 << 16)
                while true {
                    let n = try chunk.withUnsafeMutableBytes { try source.read(into: $0) }
                    if n == 0 { break }
                    out += chunk[..<n]
                }
                return out
            }
        }
        try SystemCalls.writeWhole(FilePath(to), bytes, permissions: permissions)
    }

    /// Opens `relative` in the staging folder for writing a piece at a time (a private index of
    /// 100,000 rows); it is committed with the other files.
    public func stream(_ relative: String, mode: FilePermissions? = nil) throws(PublishError) -> StreamedFile {
        let shown = root.appendingPathComponent(relative).path
        do throws(Errno) {
            var known: Set<String> = []
            try Self.makeFolders(for: relative, under: stagingPath, known: &known)
            let permissions = mode ?? [.ownerReadWrite, .groupReadWrite, .otherReadWrite]
            let path = FilePath(stagingPath + "/" + relative)
            let fd = try asErrno { try FileDescriptor.open(path, .writeOnly, options: [.create, .truncate, .closeOnExec], permissions: permissions) }
            if mode != nil, fchmod(fd.rawValue, permissions.rawValue) != 0 {
                let e = Errno(rawValue: errno)
                try? fd.close()
                throw e
            }
            staged.append(relative)
            return StreamedFile(fd: fd, shown: shown)
        } catch {
            throw PublishError("cannot write '\(shown)': \(failureReason(error))")
        }
    }

    /// A staged file written a piece at a time through a 1 MiB buffer: its text is never held whole.
    public final class StreamedFile {
        private let fd: FileDescriptor
        private let shown: String
        private var buffer: [UInt8] = []
        private var closed = false

        fileprivate init(fd: FileDescriptor, shown: String) {
            self.fd = fd
            self.shown = shown
            buffer.reserveCapacity(1 << 20)
        }

        deinit { if !closed { try? fd.close() } }

        public func write(_ text: String) throws(PublishError) {
            buffer += text.utf8
            if buffer.count >= 1 << 20 { try flush() }
        }

        private func flush() throws(PublishError) {
            do throws(Errno) {
                _ = try asErrno { try buffer.withUnsafeBytes { try fd.writeAll($0) } }
            } catch {
                throw PublishError("cannot write '\(shown)': \(failureReason(error))")
            }
            buffer.removeAll(keepingCapacity: true)
        }

        /// Writes what is buffered, flushes the file to disk and closes it.
        public func finish() throws(PublishError) {
            try flush()
            closed = true
            if fsync(fd.rawValue) != 0 {
                let e = Errno(rawValue: errno)
                try? fd.close()
                throw PublishError("cannot write '\(shown)': \(failureReason(e))")
            }
            do { try fd.close() } catch { throw PublishError("cannot write '\(shown)': \(failureReason(error))") }
        }
    }
}
