import Foundation
import Planner

/// A folder of personal data (the desk's lists and badges): never inside a folder of published
/// feeds or agendas, mode 0700, its files 0600, written in one commit.
public enum PrivateFolder {
    /// Where the desk documents go unless `--out` says otherwise.
    public static let deskDefault = "out.private/desk"

    /// Writes `files` into `folder`: refuses a folder that is, or lies inside, a folder of published
    /// feeds or agendas (it holds `<programme>.ics` or an `index.html`), creates the folder with
    /// mode 0700 (tightening an existing one) and writes every file with mode 0600 in one commit,
    /// so that a failure leaves the files that were there before.
    /// - Throws: ``PublishError`` saying what to do.
    public static func write(_ files: [(name: String, bytes: [UInt8])], to folder: String,
                             programme: Programme) throws(PublishError) {
        if let published = publishedAncestor(of: folder, programme: programme) {
            throw PublishError("'\(folder)' is inside '\(published)', a folder of published feeds or agendas; these documents carry personal data: write them to a private folder such as '\(deskDefault)'", code: "published-folder")
        }
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            try fm.setAttributes([.posixPermissions: 0o700], ofItemAtPath: folder)
        } catch {
            throw PublishError("cannot create the private folder '\(folder)': \(StagedOutput.reason(error))")
        }
        let output = try StagedOutput(root: folder)
        for file in files { try output.write(file.name, file.bytes, mode: StagedOutput.ownerOnly) }
        try output.commit()
    }

    /// The nearest folder at or above `folder` that holds published feeds or agendas, if any.
    public static func publishedAncestor(of folder: String, programme: Programme) -> String? {
        var url = URL(fileURLWithPath: folder).standardizedFileURL
        let fm = FileManager.default
        while true {
            for marker in ["\(programme.id).ics", "index.html"] where fm.fileExists(atPath: url.appendingPathComponent(marker).path) {
                return url.path
            }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }
}
