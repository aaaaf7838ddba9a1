import Foundation
import SystemPackage

/// The plan of a commit that spans several folders (the public files, `people/` and
/// `delegations/`, the private index, the ledger), written to `OUT/.cartagena-journal` before
/// the first rename, so that a run killed at any instant leaves the old set or the new set: the
/// next run (or `cartagena feeds --repair`) finishes the steps (``Direction/forward``) or undoes
/// them (``Direction/back``), then removes the journal, before anything else.
///
/// Every step is idempotent, so a repair that is itself killed is simply repeated:
/// - a file step renames `from` (staged) to `to`; it is done when `from` is gone. Undone, the
///   previous file kept at `backup` (a hard link made before the journal) is renamed back, or
///   the new file removed when there was none.
/// - a folder step swaps the staged folder `from` with the folder at `to`
///   (`renameat2(RENAME_EXCHANGE)`); it is done when `to` is the staged folder (same device and
///   inode), and the old folder is left at `from`.
struct CommitJournal: Codable, Equatable {
    /// The journal's file name in the output folder.
    static let name = ".cartagena-journal"

    enum Direction: String, Codable { case forward, back }

    /// A folder's identity: which staged folder is in place.
    struct FolderID: Codable, Equatable {
        var device: UInt64
        var inode: UInt64

        init?(of path: String) {
            var st = stat()
            guard lstat(path, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return nil }
            device = UInt64(st.st_dev)
            inode = UInt64(st.st_ino)
        }
    }

    struct Step: Codable, Equatable {
        var from: String
        var to: String
        /// The previous file at `to`, kept until the commit ends; nil when there was none.
        var backup: String?
        /// For a folder replaced whole: the staged folder's identity.
        var folder: FolderID?
    }

    var version = 1
    var direction: Direction = .forward
    /// The ledger the commit replaces (locked by a repair), when there is one.
    var ledger: String?
    var steps: [Step]
    /// Staging folders and temporary files, removed once the journal is.
    var leftovers: [String]

    /// A step that failed, with the path it was moving into place.
    struct StepFailure: Error {
        var to: String
        var error: Errno
    }

    // MARK: - Reading and writing

    static func path(in out: String) -> String { out + "/" + name }

    /// Writes the journal in `out` atomically (temporary file, `fsync`, rename).
    func write(in out: String, calls: SystemCalls) throws(PublishError) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        let bytes: [UInt8]
        do { bytes = [UInt8](try encoder.encode(self)) } catch { throw PublishError("cannot encode the commit journal", code: "journal-damaged") }
        try AtomicFile(path: Self.path(in: out), bytes: bytes, calls: calls).commit()
        Self.syncFolder(out)
    }

    /// The journal in `out`, nil when there is none (no commit was interrupted).
    /// - Throws: ``PublishError`` when it cannot be read or decoded.
    static func read(in out: String) throws(PublishError) -> CommitJournal? {
        let path = path(in: out)
        var st = stat()
        if lstat(path, &st) != 0 {
            if errno == ENOENT { return nil }
            throw PublishError("cannot read the commit journal '\(path)': \(failureReason(Errno(rawValue: errno)))")
        }
        guard st.st_mode & S_IFMT == S_IFREG, let data = FileManager.default.contents(atPath: path) else {
            throw PublishError("cannot read the commit journal '\(path)': not a regular file; remove it and run again", code: "journal-damaged")
        }
        do {
            let journal = try JSONDecoder().decode(CommitJournal.self, from: data)
            guard journal.version == 1 else { throw PublishError("version \(journal.version)", code: "journal-damaged") }
            return journal
        } catch {
            throw PublishError("the commit journal '\(path)' is damaged; restore the output folder from the published copy, "
                               + "remove the journal and run again", code: "journal-damaged")
        }
    }

    /// Removes the journal (the commit's outcome is then final) and flushes the folder.
    static func remove(in out: String) {
        _ = unlink(path(in: out))
        syncFolder(out)
    }

    /// Flushes a folder's entries (a rename or unlink in it) to disk.
    static func syncFolder(_ path: String) {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd >= 0 {
            _ = fsync(fd)
            close(fd)
        }
    }

    // MARK: - Steps

    /// Whether every step can still be finished: each staged file or folder is there or in place.
    var canFinish: Bool {
        steps.allSatisfy { step in
            if let id = step.folder {
                return FolderID(of: step.to) == id || FolderID(of: step.from) == id
            }
            return Self.exists(step.from) || Self.exists(step.to)
        }
    }

    /// Does every step not yet done, in order; `point(i)` is called after step `i` (a test stops there).
    func forward(calls: SystemCalls, point: (Int) throws -> Void = { _ in }) throws {
        for (i, step) in steps.enumerated() {
            do throws(Errno) {
                if let id = step.folder { try Self.swapForward(step, id, calls) } else if Self.exists(step.from) {
                    try calls.rename(step.from, step.to)
                }
            } catch {
                throw StepFailure(to: step.to, error: error)
            }
            try point(i)
        }
    }

    /// Undoes every step that was done, newest first (a step not done is left as it is).
    func back(calls: SystemCalls) throws(StepFailure) {
        for step in steps.reversed() {
            do throws(Errno) {
                if let id = step.folder {
                    try Self.swapBack(step, id, calls)
                } else if let backup = step.backup {
                    if Self.exists(backup) { try calls.rename(backup, step.to) }
                } else if !Self.exists(step.from), Self.exists(step.to) {
                    if unlink(step.to) != 0, errno != ENOENT { throw Errno(rawValue: errno) }
                }
            } catch {
                throw StepFailure(to: step.to, error: error)
            }
        }
    }

    /// Removes the staging folders and temporary files.
    func removeLeftovers() {
        for path in leftovers {
            var st = stat()
            guard lstat(path, &st) == 0 else { continue }
            if st.st_mode & S_IFMT == S_IFDIR { FileTree.remove(path) } else { _ = unlink(path) }
        }
    }

    static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    /// Puts the staged folder (`id`, at `step.from`) at `step.to`, the old one at `step.from`.
    /// Without `RENAME_EXCHANGE`, the old folder goes aside to `from.old` for a moment.
    private static func swapForward(_ step: Step, _ id: FolderID, _ calls: SystemCalls) throws(Errno) {
        let aside = step.from + ".old"
        if FolderID(of: step.to) == id {
            if exists(aside) { try calls.rename(aside, step.from) }
            return
        }
        guard FolderID(of: step.from) == id else { throw .noSuchFileOrDirectory }
        if !exists(step.to) {
            try calls.rename(step.from, step.to)
            if exists(aside) { try calls.rename(aside, step.from) }
            return
        }
        try exchange(step.from, step.to, aside: aside, calls)
    }

    /// Puts the old folder (now at `step.from`, or aside) back at `step.to`.
    private static func swapBack(_ step: Step, _ id: FolderID, _ calls: SystemCalls) throws(Errno) {
        let oldAside = step.from + ".old", newAside = step.from + ".new"
        if !exists(step.to) {
            // Stopped between the two renames of a swap without RENAME_EXCHANGE.
            if exists(oldAside) { try calls.rename(oldAside, step.to) } else if exists(step.from), FolderID(of: step.from) != id {
                try calls.rename(step.from, step.to)
            }
            if exists(newAside) { try calls.rename(newAside, step.from) }
            return
        }
        guard FolderID(of: step.to) == id else {
            if exists(newAside) { try calls.rename(newAside, step.from) }
            return
        }
        if exists(step.from) {
            try exchange(step.from, step.to, aside: newAside, calls)
        } else {
            try calls.rename(step.to, step.from)
        }
    }

    /// Swaps two folders: one `renameat2(RENAME_EXCHANGE)`, or three renames through `aside`
    /// where the kernel or file system has no exchange.
    private static func exchange(_ from: String, _ to: String, aside: String, _ calls: SystemCalls) throws(Errno) {
        do {
            try calls.exchange(from, to)
        } catch where error == .noFunction || error == .invalidArgument {
            try calls.rename(to, aside)
            do {
                try calls.rename(from, to)
            } catch {
                try? calls.rename(aside, to)
                throw error
            }
            try calls.rename(aside, from)
        }
    }
}
