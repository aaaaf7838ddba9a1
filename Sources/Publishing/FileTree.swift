import Dispatch
import Foundation

/// Removing folders of staged or old files, fast: `openat`/`unlinkat`, no `stat` or `URL` per
/// entry as Foundation's `removeItem` does.
enum FileTree {
    /// Removes staging folders of runs that were killed (their process no longer exists): with
    /// personal feeds they can hold a gigabyte. A folder of a run still going is left alone.
    /// Names are `<prefix><pid>` or `<prefix><pid>-<random>`; the process id tells whether the
    /// run is still going.
    static func removeAbandoned(in root: String, prefix: String) {
        for name in abandoned(in: root, prefix: prefix) { remove(root + "/" + name) }
    }

    /// The entries of `root` named `<prefix><pid>[-<random>]` whose process no longer exists.
    static func abandoned(in root: String, prefix: String) -> [String] {
        guard let dir = opendir(root) else { return [] }
        defer { closedir(dir) }
        var out: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            guard name.hasPrefix(prefix) else { continue }
            let rest = name.dropFirst(prefix.count)
            guard let pid = pid_t(rest.prefix { $0 != "-" }), pid > 0, pid != getpid() else { continue }
            if kill(pid, 0) != 0, errno == ESRCH { out.append(name) }
        }
        return out
    }

    /// 16 random lower-case hexadecimal digits (64 bits from the system's generator).
    static func randomName() -> String {
        var generator = SystemRandomNumberGenerator()
        let n = generator.next() as UInt64
        let hex = String(n, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `rm -rf path`. A folder of many files (100,000 old personal feeds) is emptied by two
    /// threads: the kernel frees each file's pages after releasing the folder's lock, so that part
    /// runs side by side. Errors are ignored: what is left stays hidden in the staging folder.
    static func remove(_ path: String) {
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
}
