internal import CSystemShim
import Diagnostics
import Foundation
import SystemPackage

/// The system calls whose failure changes what the publisher does (a fallback or a rollback),
/// as a struct of closures: ``live`` calls the kernel, and a test replaces one closure to
/// simulate a file system without `RENAME_EXCHANGE` (`EINVAL`, `ENOSYS`) or without hard links
/// (`EPERM`, `EXDEV`), or a disk that refuses the ledger (`ENOSPC`).
///
/// Every other call (creating folders, writing the many staged files) goes through swift-system's
/// `FileDescriptor` and `Errno` directly.
public struct SystemCalls: Sendable {
    /// `rename(from, to)`.
    public var rename: @Sendable (_ from: String, _ to: String) throws(Errno) -> Void
    /// `renameat2(from, to, RENAME_EXCHANGE)`: swaps two existing paths in one step.
    public var exchange: @Sendable (_ a: String, _ b: String) throws(Errno) -> Void
    /// `link(existing, new)`: a hard link.
    public var link: @Sendable (_ existing: String, _ new: String) throws(Errno) -> Void
    /// Writes a whole new file (created exclusively, never through a symbolic link, then flushed
    /// to disk with `fsync`): the ledger's temporary file, a backup copy.
    public var writeFile: @Sendable (_ path: String, _ bytes: [UInt8], _ permissions: FilePermissions) throws(Errno) -> Void
    /// Called at each point of the feeds commit, numbered from 0 (everything staged, no journal
    /// yet), 1 (journal written), 2 + i (after step i), to the last (journal removed, leftovers
    /// not yet): a test stops the commit there as a kill would, by throwing ``CommitInterrupted``
    /// (or by killing the process). Does nothing in ``live``.
    public var commitPoint: @Sendable (_ point: Int) throws -> Void

    public init(rename: @escaping @Sendable (String, String) throws(Errno) -> Void,
                exchange: @escaping @Sendable (String, String) throws(Errno) -> Void,
                link: @escaping @Sendable (String, String) throws(Errno) -> Void,
                writeFile: @escaping @Sendable (String, [UInt8], FilePermissions) throws(Errno) -> Void,
                commitPoint: @escaping @Sendable (Int) throws -> Void = { _ in }) {
        self.rename = rename
        self.exchange = exchange
        self.link = link
        self.writeFile = writeFile
        self.commitPoint = commitPoint
    }

    /// The kernel's calls.
    public static let live = SystemCalls(
        rename: { (from: String, to: String) throws(Errno) in try check(Glibc.rename(from, to)) },
        exchange: { (a: String, b: String) throws(Errno) in try check(cs_rename_exchange(a, b)) },
        link: { (existing: String, new: String) throws(Errno) in try check(Glibc.link(existing, new)) },
        writeFile: { (path: String, bytes: [UInt8], permissions: FilePermissions) throws(Errno) in
            try writeWhole(FilePath(path), bytes, permissions: permissions)
        }
    )

    /// Throws the current `errno` when a call returned -1.
    static func check(_ result: Int32) throws(Errno) {
        if result != 0 { throw Errno(rawValue: errno) }
    }

    /// Creates (or truncates) `path`, writes `bytes`, flushes to disk and closes it.
    static func writeWhole(_ path: FilePath, _ bytes: [UInt8], permissions: FilePermissions) throws(Errno) {
        try asErrno {
            let fd = try FileDescriptor.open(path, .writeOnly, options: [.create, .exclusiveCreate, .noFollow, .closeOnExec],
                                             permissions: permissions)
            try fd.closeAfter {
                _ = try bytes.withUnsafeBytes { try fd.writeAll($0) }
                if fsync(fd.rawValue) != 0 { throw Errno(rawValue: errno) }
            }
        }
    }
}

/// Thrown by a test's ``SystemCalls/commitPoint``: the commit stops where it is and cleans
/// nothing up, as a kill would.
public struct CommitInterrupted: Error, Sendable {
    public init() {}
}

/// Gives freed heap pages back to the system (glibc's `malloc_trim`): between the phases of a
/// large run, so the next phase's peak does not stack on the previous phase's garbage.
public enum Memory {
    public static func trim() { _ = cs_malloc_trim() }
}

/// Runs `body`, whose calls throw `Errno` through untyped closures (`withUnsafeBytes`,
/// `closeAfter`), and throws its `Errno` typed.
func asErrno<T>(_ body: () throws -> T) throws(Errno) -> T {
    do { return try body() } catch let e as Errno { throw e } catch { throw Errno.ioError }
}

/// A sentence for a failed call: the C library's text for the error (`Is a directory`).
func failureReason(_ error: any Error) -> String {
    if let e = error as? Errno { return String(cString: strerror(e.rawValue)) }
    if let p = error as? POSIXError { return String(cString: strerror(p.code.rawValue)) }
    if let e = error as? PublishError { return e.description }
    let ns = error as NSError
    if let underlying = ns.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
        return String(cString: strerror(Int32(underlying.code)))
    }
    return ns.localizedDescription
}

extension StagedOutput {
    /// A sentence for a failed file operation (`Is a directory`, `the disk is full`).
    public static func reason(_ error: any Error) -> String { Publishing.failureReason(error) }
}

/// Writes `text` to standard output whole.
/// - Throws: the error of a write that failed (`EPIPE` when the reader has gone; the caller
///   ignores `SIGPIPE` so that it is an error, not a silent end).
public func writeStandardOutput(_ text: String) throws {
    var text = text
    _ = try text.withUTF8 { try FileDescriptor.standardOutput.writeAll(UnsafeRawBufferPointer($0)) }
}

/// A failure to write the output, with a sentence for the user (exit code 2) and its code
/// (Calendars/ERRORS.md): `write-failed` for the operating system refusing a file or folder.
public struct PublishError: CodedError, Sendable {
    public var description: String
    public var code: String
    public init(_ description: String, code: String = "write-failed") {
        self.description = description
        self.code = code
    }
}
