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
    private var staged: [(relative: String, mode: Int16?)] = []
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
    /// - Parameters:
    ///   - relative: path below the output folder, `/`-separated.
    ///   - mode: POSIX permissions such as `0o600` for private files.
    func write(_ relative: String, _ data: Data, mode: Int16? = nil) throws {
        precondition(!relative.hasPrefix("/") && !relative.contains(".."), "relative path expected")
        let url = staging.appendingPathComponent(relative)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            if let mode {
                // Create with the final permissions so the data is never readable by others.
                guard fm.createFile(atPath: url.path, contents: nil, attributes: [.posixPermissions: mode]) else {
                    throw CocoaError(.fileWriteUnknown)
                }
                let handle = try FileHandle(forWritingTo: url)
                defer { try? handle.close() }
                try handle.write(contentsOf: data)
                try handle.synchronize()
            } else {
                try data.write(to: url)
            }
        } catch {
            throw CLIError("cannot write '\(root.appendingPathComponent(relative).path)': \(Self.reason(error))")
        }
        staged.append((relative, mode))
    }

    func write(_ relative: String, _ text: String, mode: Int16? = nil) throws {
        try write(relative, Data(text.utf8), mode: mode)
    }

    /// Renames every staged file into place and removes the staging folder.
    func commit() throws {
        let fm = FileManager.default
        for (relative, _) in staged {
            let from = staging.appendingPathComponent(relative)
            let to = root.appendingPathComponent(relative)
            do {
                try fm.createDirectory(at: to.deletingLastPathComponent(), withIntermediateDirectories: true)
                if rename(from.path, to.path) != 0 { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            } catch {
                throw CLIError("cannot move '\(to.path)' into place: \(Self.reason(error))")
            }
        }
        finished = true
        try? fm.removeItem(at: staging)
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
