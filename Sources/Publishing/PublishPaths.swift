import Foundation

/// Where the public feeds and the private index go: two folders, neither inside the other, so
/// that publishing `--out` as it is can never publish the index.
public enum PublishPaths {
    /// The private folder beside `out`: `out.private` (`site/out/` → `site/out.private`).
    public static func defaultPrivate(for out: String) -> String {
        let path = absolute(out)
        return path == "/" ? "/cartagena.private" : path + ".private"
    }

    /// Why `out` and `privateFolder` cannot be used together, or nil when they can: the same
    /// folder, or one inside the other (symbolic links resolved), is refused.
    public static func problem(out: String, privateFolder: String) -> String? {
        let o = resolved(out), p = resolved(privateFolder)
        if o == p { return "--private '\(privateFolder)' is the output folder; give a folder outside '\(out)', such as '\(defaultPrivate(for: out))'" }
        if p.hasPrefix(o == "/" ? "/" : o + "/") {
            return "--private '\(privateFolder)' is inside the output folder '\(out)', which is published; give a folder outside it, such as '\(defaultPrivate(for: out))'"
        }
        if o.hasPrefix(p == "/" ? "/" : p + "/") {
            return "--out '\(out)' is inside the private folder '\(privateFolder)'; keep the published folder outside it"
        }
        return nil
    }

    /// `path` made absolute, `.` and `..` removed, trailing `/` dropped.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// ``absolute(_:)`` with symbolic links resolved in the part of the path that exists.
    static func resolved(_ path: String) -> String {
        var head = absolute(path)
        var tail: [String] = []
        while head != "/", realpath(head, nil) == nil {
            tail.insert((head as NSString).lastPathComponent, at: 0)
            head = (head as NSString).deletingLastPathComponent
        }
        var base = head
        if let real = realpath(head, nil) {
            base = String(cString: real)
            free(real)
        }
        return tail.reduce(base) { $0 == "/" ? "/" + $1 : $0 + "/" + $1 }
    }
}
