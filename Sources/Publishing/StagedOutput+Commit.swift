import Foundation
import SystemPackage

extension StagedOutput {
    /// Renames every staged file into place and removes the staging folder: ``plan()``, then
    /// the steps in order; when one fails, those done are undone and the previous set stays
    /// whole. Each rename is atomic: a reader sees the old file or the new one, never none or
    /// half of one. (A commit over several folders writes the plan as a ``CommitJournal`` first,
    /// see ``Publisher``.)
    public func commit() throws(PublishError) {
        let journal = CommitJournal(steps: try plan(), leftovers: [])
        do {
            try journal.forward(calls: calls)
        } catch {
            try? journal.back(calls: calls)
            throw Self.failure(error)
        }
        finish()
    }

    /// The message of a failed commit step.
    static func failure(_ error: any Error) -> PublishError {
        if let e = error as? CommitJournal.StepFailure {
            return PublishError("cannot move '\(e.to)' into place: \(failureReason(e.error)); the previous files were kept")
        }
        if let e = error as? PublishError { return e }
        return PublishError("cannot commit: \(failureReason(error)); the previous files were kept")
    }

    /// The steps of the commit, nothing moved yet: each staged file, then each folder replaced
    /// whole. Each file about to be replaced is first hard-linked into `.previous/` in the staging
    /// folder (copied where the file system has no hard links), so that the commit can be undone.
    func plan() throws(PublishError) -> [CommitJournal.Step] {
        closeFolders()
        let rootPath = root.path
        let previousPath = stagingPath + "/.previous"
        var folders: Set<String> = [], previousFolders: Set<String> = []
        var previousMade = false
        var steps: [CommitJournal.Step] = []
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
                steps.append(CommitJournal.Step(from: from, to: to, backup: try Self.keep(to, as: previousPath + "/" + relative, calls: calls)))
            } catch {
                throw PublishError("cannot move '\(to)' into place: \(failureReason(error)); the previous files were kept")
            }
        }
        for folder in wholeFolders {
            let from = stagingPath + "/" + folder, to = rootPath + "/" + folder
            var st = stat()
            if lstat(to, &st) == 0, st.st_mode & S_IFMT != S_IFDIR {
                throw PublishError("cannot move '\(to)' into place: \(failureReason(Errno.notDirectory)); the previous files were kept")
            }
            guard let id = CommitJournal.FolderID(of: from) else {
                throw PublishError("cannot move '\(to)' into place: \(failureReason(Errno.noSuchFileOrDirectory)); the previous files were kept")
            }
            steps.append(CommitJournal.Step(from: from, to: to, folder: id))
        }
        return steps
    }

    /// Marks the commit done and removes the staging folder (which now holds the previous
    /// files and folders).
    func finish() {
        finished = true
        FileTree.remove(stagingPath)
    }

    /// Marks the staging folder as kept: a commit stopped as a kill would stop it leaves it for
    /// the next run's repair.
    func keepStaging() {
        finished = true
    }

    /// Keeps the file at `path` (if any) as `backup`: a hard link, one call per file that also
    /// tells whether there is a file (100,000 personal feeds: no `stat` per file). Where links
    /// are refused (`EPERM`: a file system without hard links; `EXDEV`; `EMLINK`) the file is
    /// copied. A folder in the way is not kept: the rename after this fails on it.
    /// - Returns: the backup's path, or nil when there was no file.
    static func keep(_ path: String, as backup: String, calls: SystemCalls) throws(Errno) -> String? {
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
            try copyFile(path, to: backup, permissions: FilePermissions(rawValue: st.st_mode & 0o7777))
            return backup
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
