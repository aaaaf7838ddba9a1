import Foundation
import TestSupport
import Testing

/// The ids that used to pass `check` and then stop `feeds` and `agenda --all` on a precondition
/// (SIGILL, exit 132), cut a file name at a NUL, make a subfolder or end in `File name too long`:
/// every command now stops with a located `invalid-id` error, exit 2, and writes nothing.
@Suite("ids that are not file names: a located error from every command", .serialized)
struct IDGrammarCLITests {
    static let cases = ["round-1..2", "/etc/x", "a/b", "s1\u{0}X", "a\nb", ".hidden", String(repeating: "x", count: 300)]

    /// A programme valid as YAML and as JSON whose activity id (line 5) is `id`.
    static func programme(activity id: String) -> String {
        var quoted = "\""
        for u in id.unicodeScalars {
            switch u {
            case "\"", "\\": quoted += "\\" + String(u)
            case _ where u.value < 0x20: quoted += String(format: "\\u%04X", u.value)
            default: quoted.unicodeScalars.append(u)
            }
        }
        quoted += "\""
        return """
        {"programme": {"id": "t", "title": "T", "organiser": {"name": "S", "email": "s@example.org"}, "updated": "2024-03-01T12:00:00Z"},
         "venues": [{"id": "cepal", "name": "ECLAC", "city": "Santiago", "country": "CHL", "timezone": "America/Santiago",
           "rooms": [{"id": "plenary", "capacity": 400}]}],
         "activities": [
          {"id": \(quoted), "kind": "ministerial", "title": "A", "venue": "cepal", "status": "confirmed",
           "start": "2024-09-07", "end": "2024-09-09", "sessions": [
            {"id": "s1", "title": "Opening", "room": "plenary", "start": "2024-09-07T09:00", "end": "2024-09-07T10:30"}]}]}

        """
    }

    @Test("check, feeds and agenda --all: exit 2, the error at the id's line, no file and no staging folder left",
          arguments: ["p.yaml", "p.json"])
    func everyCommand(_ name: String) throws {
        for id in Self.cases {
            let dir = try temporaryDirectory("ids")
            defer { try? FileManager.default.removeItem(at: dir) }
            try Data(Self.programme(activity: id).utf8).write(to: dir.appendingPathComponent(name))
            let commands = [["check", "--plan", name], ["feeds", "--plan", name, "--out", "out", "--no-ledger"],
                            ["agenda", "--plan", name, "--all", "--out", "agendas"]]
            for arguments in commands {
                let r = try runCartagena(arguments, in: dir)
                let shown = "\(arguments[0]) with id \(id.debugDescription.prefix(40)): \(r.status) \(r.stdout) \(r.stderr)"
                #expect(r.status == 2, "\(shown)")
                #expect((r.stdout + r.stderr).contains("\(name):5:10: error: an activity's 'id' '"), "\(shown)")
                #expect((r.stdout + r.stderr).contains("[invalid-id]"), "\(shown)")
            }
            let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            #expect(left == [name], "a run wrote \(left)")
        }
    }

    @Test("a valid activity id is the name of its feed and agendas")
    func validNames() throws {
        let dir = try temporaryDirectory("ids")
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(Self.programme(activity: "round-1.2_b").utf8).write(to: dir.appendingPathComponent("p.json"))
        #expect(try runCartagena(["feeds", "--plan", "p.json", "--out", "out", "--no-ledger", "--quiet"], in: dir).status == 0)
        #expect(try runCartagena(["agenda", "--plan", "p.json", "--all", "--out", "agendas"], in: dir).status == 0)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("out/activities/round-1.2_b.ics").path))
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("agendas/activities/round-1.2_b.html").path))
    }
}
