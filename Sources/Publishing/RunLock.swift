import Foundation

/// An exclusive `flock` held for the length of a run, on the output folder or on the ledger's
/// lock file (`LEDGER.lock`): two runs into one folder, or with one ledger, take turns, so the
/// result is wholly one run's and a SEQUENCE is never published twice or backwards.
///
/// The lock goes with the process: a killed run holds nothing. No file is written into the
/// output folder (the folder itself is locked), so nothing extra gets published.
final class RunLock {
    private let fd: Int32

    /// Waits up to `wait` seconds for the lock.
    /// - Parameters:
    ///   - path: the folder or file to lock (a file is created when missing).
    ///   - folder: whether `path` is a folder.
    ///   - what: the thing locked, for messages (`publishing into 'out'`).
    /// - Throws: ``PublishError`` naming the other run's process id when it keeps the lock.
    init(_ path: String, folder: Bool, wait: Double, what: String) throws(PublishError) {
        let flags = folder ? O_RDONLY | O_DIRECTORY | O_CLOEXEC : O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW
        fd = open(path, flags, 0o644)
        if fd < 0 { throw PublishError("cannot lock '\(path)': \(String(cString: strerror(errno)))") }
        let deadline = Date().addingTimeInterval(max(0, wait))
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            guard e == EWOULDBLOCK || e == EINTR else {
                close(fd)
                throw PublishError("cannot lock '\(path)': \(String(cString: strerror(e)))")
            }
            if Date() >= deadline {
                let who = Self.holder(fd).map { "another cartagena run (process \($0))" } ?? "another cartagena run"
                close(fd)
                throw PublishError("\(who) is \(what) and did not finish within \(Self.seconds(wait)); wait for it to end, "
                                   + "or pass --wait SECONDS to wait longer", code: "run-in-progress")
            }
            usleep(20_000)
        }
    }

    deinit { close(fd) }

    /// The process holding a `flock` on the file open at `fd`, from `/proc/locks` (Linux).
    static func holder(_ fd: Int32) -> pid_t? {
        var st = stat()
        guard fstat(fd, &st) == 0, let text = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return nil }
        // `1: FLOCK  ADVISORY  WRITE 4242 fd:01:1836052 0 EOF` (waiters are marked `->`).
        for line in text.split(separator: "\n") where !line.contains("->") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] == "FLOCK", let id = fields[5].split(separator: ":").last,
                  UInt64(id) == UInt64(st.st_ino), let pid = pid_t(fields[4]) else { continue }
            return pid
        }
        return nil
    }

    private static func seconds(_ s: Double) -> String {
        s == s.rounded() ? "\(Int(s)) s" : String(format: "%.1f s", s)
    }
}
