import Foundation
import Planner
import Publishing
import Testing

/// The desk's private folder: never inside a published folder, 0700 with files 0600.
@Suite("private folder for desk documents")
struct PrivateFolderTests {
    @Test("writes 0600 files into a 0700 folder, tightening an existing folder")
    func modes() throws {
        let w = try Workspace("private-folder-modes")
        let p = try w.programme().programme
        let folder = w.dir.appendingPathComponent("desk").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        try PrivateFolder.write([("participants.html", Array("<p>x</p>".utf8))], to: folder, programme: p)
        let fm = FileManager.default
        #expect((try fm.attributesOfItem(atPath: folder)[.posixPermissions] as? Int) == 0o700)
        let file = folder + "/participants.html"
        #expect((try fm.attributesOfItem(atPath: file)[.posixPermissions] as? Int) == 0o600)
        #expect(try String(contentsOfFile: file, encoding: .utf8) == "<p>x</p>")
        #expect(try fm.contentsOfDirectory(atPath: folder) == ["participants.html"])
    }

    @Test("refuses a folder under published feeds or agendas and writes nothing")
    func refusesPublished() throws {
        let w = try Workspace("private-folder-refuse")
        let p = try w.programme().programme
        let fm = FileManager.default
        for marker in ["\(p.id).ics", "index.html"] {
            let published = w.dir.appendingPathComponent("pub-\(marker)").path
            try fm.createDirectory(atPath: published, withIntermediateDirectories: true)
            try Data("x".utf8).write(to: URL(fileURLWithPath: published + "/" + marker))
            let folder = published + "/desk/badges"
            #expect(PrivateFolder.publishedAncestor(of: folder, programme: p) == published)
            let error = #expect(throws: PublishError.self) {
                try PrivateFolder.write([("badges.html", [])], to: folder, programme: p)
            }
            #expect(error?.description.contains("a folder of published feeds or agendas") == true)
            #expect(error?.code == "published-folder")
            #expect(!fm.fileExists(atPath: published + "/desk"))
        }
        #expect(PrivateFolder.publishedAncestor(of: w.dir.appendingPathComponent("elsewhere").path, programme: p) == nil)
    }
}
