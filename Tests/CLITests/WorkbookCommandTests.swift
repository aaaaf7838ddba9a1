import Foundation
import TestSupport
import Testing

/// The mini programme with its registration list as CSV and as an Excel workbook of the same rows.
private struct Lists {
    let dir: URL
    func path(_ name: String) -> String { dir.appendingPathComponent(name).path }

    init() throws {
        dir = try temporaryDirectory("workbook")
        for name in ["mini.yaml", "mini-registrations.csv", "mini-registrations.xlsx"] {
            let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
            try FileManager.default.copyItem(at: url, to: dir.appendingPathComponent(name))
        }
        try Data("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n".utf8).write(to: dir.appendingPathComponent("feeds.secret"))
    }

    /// Runs with the list `list` and returns the output with the list's name made neutral.
    func run(_ arguments: [String], list: String) throws -> RunResult {
        var r = try runCartagena(arguments.map { $0 == "LIST" ? path(list) : $0 }, environment: ["SOURCE_DATE_EPOCH": "1730000000"])
        r.stdout = r.stdout.replacingOccurrences(of: path(list), with: "LIST")
        r.stderr = r.stderr.replacingOccurrences(of: path(list), with: "LIST")
        return r
    }
}

@Suite("Excel workbooks in every command that takes a list")
struct WorkbookCommandTests {
    @Test("check, agenda --participant and registrations check give the same results for a workbook as for its CSV")
    func sameResults() throws {
        let l = try Lists()
        let commands: [[String]] = [
            ["check", "--plan", l.path("mini.yaml"), "--registrations", "LIST"],
            ["agenda", "--plan", l.path("mini.yaml"), "--participant", "P1", "--registrations", "LIST"],
            ["registrations", "check", "--plan", l.path("mini.yaml"), "LIST"],
        ]
        for command in commands {
            let csv = try l.run(command, list: "mini-registrations.csv")
            let book = try l.run(command, list: "mini-registrations.xlsx")
            #expect(book.status == csv.status && book.stdout == csv.stdout && book.stderr == csv.stderr, "\(command[0])")
        }
        let agenda = try l.run(commands[1], list: "mini-registrations.xlsx")
        #expect(agenda.status == 0 && agenda.stdout.contains("Lucía Fernández"))
    }

    @Test("feeds --registrations writes the same personal feeds from a workbook")
    func feeds() throws {
        let l = try Lists()
        var outputs: [[String: String]] = []
        for list in ["mini-registrations.csv", "mini-registrations.xlsx"] {
            let out = l.dir.appendingPathComponent("out-" + list)
            let r = try l.run(["feeds", "--plan", l.path("mini.yaml"), "--out", out.path, "--registrations", "LIST",
                               "--secret-file", l.path("feeds.secret"), "--base-url", "https://example.org/c40"], list: list)
            #expect(r.status == 0, "\(r.stderr)")
            var files: [String: String] = [:]
            let e = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)
            while let url = e?.nextObject() as? URL {
                guard !url.hasDirectoryPath, let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
                files[String(url.path.dropFirst(out.path.count + 1))] = text
            }
            outputs.append(files)
        }
        #expect(outputs[0].keys.contains { $0.hasPrefix("people/") && $0.hasSuffix(".ics") } && outputs[0] == outputs[1])
    }

    @Test("--sheet, the JSON report's sheet and columns, and an .xls refused with exit 2")
    func sheetsAndOld() throws {
        let l = try Lists()
        let json = try l.run(["registrations", "check", "--plan", l.path("mini.yaml"), "LIST", "--format", "json"], list: "mini-registrations.xlsx")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect(object["sheet"] as? String == "Registrations")
        #expect((object["columns"] as? [[String: Any]])?.first?["field"] as? String == "id")
        let notes = try l.run(["registrations", "check", "--plan", l.path("mini.yaml"), "LIST", "--sheet", "notes"], list: "mini-registrations.xlsx")
        #expect(notes.status == 2 && notes.stderr.contains("no given name column"))
        let missing = try l.run(["registrations", "check", "--plan", l.path("mini.yaml"), "LIST", "--sheet", "Other"], list: "mini-registrations.xlsx")
        #expect(missing.status == 2 && missing.stderr.contains("the workbook has no sheet 'Other'; its sheets: 'Registrations', 'Notes'"))
        // A saved mapping, and a broken one (located, exit 2).
        let mapped = try l.run(["registrations", "check", "--plan", l.path("mini.yaml"), "LIST", "--columns", "@Calendars/exports/microsoft-forms.yaml"],
                               list: "mini-registrations.xlsx")
        #expect(mapped.status == 2 && mapped.stderr.contains("no given name column; name one 'First name'"))
        try Data("columns:\n  given-name: given_name\n  nickname: x\n".utf8).write(to: l.dir.appendingPathComponent("bad.yaml"))
        let bad = try l.run(["registrations", "check", "--plan", l.path("mini.yaml"), "LIST", "--columns", "@" + l.path("bad.yaml")],
                            list: "mini-registrations.xlsx")
        #expect(bad.status == 2 && bad.stderr.contains("bad.yaml:3:3: error: unknown column 'nickname'"))
        var ole = Data([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1])
        ole.append(Data(count: 1024))
        try ole.write(to: l.dir.appendingPathComponent("old.xls"))
        let old = try l.run(["check", "--plan", l.path("mini.yaml"), "--registrations", "LIST"], list: "old.xls")
        #expect(old.status == 2 && old.stderr.contains("[xlsx-old-format]") && old.stderr.contains("save it as .xlsx"))
    }
}
