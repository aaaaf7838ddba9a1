import Foundation
import TestSupport
import Testing

/// One per-registration list (`Fixtures/per-session/per-session.csv`, the headers of a
/// registration system's export, mapped with `--columns`) given to the four commands that read
/// lists: the same findings at the same rows, the same people, and personal feeds and agendas
/// with exactly the sessions each person picked.
@Suite("one list, four commands")
struct SameListCommandTests {
    static let columns = "registration-id=reg_id,given-name=given_names,family-name=family_names,delegation=delegation_code,activities=activity_code,sessions=session_code"

    /// A fresh copy of the fixture folder (feeds write into it).
    func workspace() throws -> URL {
        let dir = try temporaryDirectory("same-list")
        for name in ["mini.yaml", "delegations.yaml", "per-session.csv"] {
            let url = try #require(Bundle.module.url(forResource: "Fixtures/per-session/" + name, withExtension: nil))
            try FileManager.default.copyItem(at: url, to: dir.appendingPathComponent(name))
        }
        try Data("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n".utf8).write(to: dir.appendingPathComponent("feeds.secret"))
        return dir
    }

    /// `line code` of each finding about the list, from compiler-style text lines.
    func places(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            let l = line.trimmingCharacters(in: .whitespaces)
            guard l.hasPrefix("per-session.csv:"), let open = l.lastIndex(of: "[") else { return nil }
            let line = l.split(separator: ":")[1]
            return "\(line) \(l[l.index(after: open)..<l.index(before: l.endIndex)])"
        }.sorted()
    }

    /// The finding lines about the list, as printed (indentation left out), sorted.
    func findingLines(_ text: String) -> [String] {
        text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("per-session.csv:") && !$0.hasPrefix("per-session.csv: ") }.sorted()
    }

    @Test("registrations check, check, feeds and agenda agree on one per-registration list")
    func fourCommands() throws {
        let dir = try workspace()
        let list = try runCartagena(["registrations", "check", "--plan", "mini.yaml", "per-session.csv", "--columns", Self.columns], in: dir)
        #expect(list.status == 1, "\(list.stderr)")
        let expected = ["11 over-capacity", "11 overlapping-sessions", "12 session-activity-mismatch", "14 duplicate", "15 duplicate",
                        "8 over-quota"]
        #expect(places(list.stdout) == expected)
        #expect(list.stdout.contains("per-session.csv: 14 rows, 5 errors, 1 warning"))

        let check = try runCartagena(["check", "--plan", "mini.yaml", "--registrations", "per-session.csv", "--columns", Self.columns], in: dir)
        #expect(check.status == 1, "\(check.stderr)")
        #expect(places(check.stdout) == expected, "the same registrant findings at the same rows")
        #expect(findingLines(check.stdout) == findingLines(list.stdout), "the same findings, word for word")
        #expect(check.stdout.contains("per-session.csv:11:7: error: session 'c1-dialogue' 2024-04-04 15:00–16:30 has 3 registrants but room 'small' of venue 'sre' holds 2 (1 too many)"))
        #expect(check.stdout.contains("7 registrants"))

        let feeds = try runCartagena(["feeds", "--plan", "mini.yaml", "--out", "out", "--registrations", "per-session.csv", "--columns", Self.columns,
                                      "--secret-file", "feeds.secret", "--base-url", "https://example.org/c"], in: dir,
                                     environment: ["SOURCE_DATE_EPOCH": "1730000000"])
        #expect(feeds.status == 0, "\(feeds.stderr)")
        let index = try String(contentsOf: dir.appendingPathComponent("out.private/index.csv"), encoding: .utf8)
        var picked: [String: [String]] = [:]
        for row in index.split(separator: "\n").dropFirst() {
            let f = row.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            let feed = try String(contentsOf: dir.appendingPathComponent("out/" + f[3]), encoding: .utf8)
            picked[f[0]] = feed.components(separatedBy: "\r\n").filter { $0.hasPrefix("SUMMARY") }.map { String($0.drop { $0 != ":" }.dropFirst()) }
        }
        #expect(picked.keys.sorted() == ["ana@example.org", "bruno@example.org", "carla@example.org", "diego@example.org",
                                         "elena@example.org", "fabio@example.org", "gina@example.org"])
        #expect(picked.mapValues(\.count) == ["ana@example.org": 2, "bruno@example.org": 2, "carla@example.org": 2, "diego@example.org": 1,
                                              "elena@example.org": 4, "fabio@example.org": 2, "gina@example.org": 2],
                "a feed holds the sessions picked, every session only for a whole activity")
        #expect(picked["diego@example.org"] == ["Dialogue"])
        #expect(picked["fabio@example.org"]?.sorted() == ["Dialogue", "Panel"])

        let agenda = try runCartagena(["agenda", "--plan", "mini.yaml", "--participant", "diego@example.org", "--registrations", "per-session.csv",
                                       "--columns", Self.columns], in: dir)
        #expect(agenda.status == 0, "\(agenda.stderr)")
        #expect(agenda.stdout.contains("Dialogue") && !agenda.stdout.contains("Opening") && !agenda.stdout.contains("Panel"))
    }
}
