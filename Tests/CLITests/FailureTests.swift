import Foundation
import TestSupport
import Testing

/// Every file below `dir` (relative path → bytes), hidden staging folders included.
private func tree(_ dir: URL) -> [String: Data] {
    var out: [String: Data] = [:]
    let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
    while let url = e?.nextObject() as? URL {
        guard !url.hasDirectoryPath, let data = try? Data(contentsOf: url) else { continue }
        out[String(url.path.dropFirst(dir.path.count + 1))] = data
    }
    return out
}

private func fixture(_ name: String, _ ext: String) throws -> URL {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: ext))
}

/// A folder with the mini programme and earlier feeds in `out/`, written by a successful run.
private struct Workspace {
    let dir: URL
    var out: URL { dir.appendingPathComponent("out") }
    var plan: URL { dir.appendingPathComponent("mini.yaml") }

    init(_ label: String) throws {
        dir = try temporaryDirectory(label)
        try FileManager.default.copyItem(at: try fixture("mini", "yaml"), to: plan)
        let first = try runCartagena(["feeds", "--plan", plan.path, "--out", out.path], environment: ["SOURCE_DATE_EPOCH": "1720000000"])
        #expect(first.status == 0, "\(first.stderr)")
    }
}

@Suite("failures: exit 2 and nothing written", .serialized)
struct FailureTests {
    /// The hostile programmes of Tests/PlannerTests/Fixtures/hostile, and the first line each gives.
    static let programmes: [(String, String)] = [
        ("truncated", "24:1: error: invalid YAML: did not find expected ',' or '}' (while parsing a flow mapping at line 23) [yaml-syntax]"),
        ("invalid-utf8", "10:20: error: 'PATH' is not valid UTF-8; save it as UTF-8 [invalid-utf8]"),
        ("nul", "9:1: error: the file contains a NUL byte; it is not a text file [invalid-text]"),
        ("alias-bomb", "2:7: error: an anchor ('&') is not allowed in a programme; write the value out in full (quote a text that starts with '&') [yaml-anchor]"),
        ("duplicate-keys", "10:5: error: key 'city' appears twice in one mapping; keep one [duplicate-key]"),
        ("february-30", "23:62: error: 'start' of session 's1' is '2024-02-30T09:00'; write a date and time that exist, such as 2024-12-11T09:00 [invalid-time]"),
        ("unknown-zone", "12:15: error: unknown time zone 'America/Atlantis' for venue 'cepal'; use an IANA name such as America/Santiago or Europe/Zurich [unknown-timezone]"),
        ("dst-gap", "23:62: error: 2024-09-08T00:30 does not exist in America/Santiago: clocks jump from UTC-04:00 to UTC-03:00 (daylight saving); move session 's1' out of the gap [nonexistent-local-time]"),
        ("dst-overlap", "23:62: error: 2024-10-27T02:30 happens twice in Europe/Zurich (at 2024-10-27T00:30:00Z, UTC+02:00, and at 2024-10-27T01:30:00Z, UTC+01:00); move session 's1' out of the repeated hour [ambiguous-local-time]"),
    ]

    @Test("a hostile programme: exact located error, exit 2, earlier feeds and ledger untouched, nothing new",
          arguments: programmes.map(\.0))
    func hostileProgramme(_ name: String) throws {
        let w = try Workspace("hostile-\(name)")
        let bad = w.dir.appendingPathComponent("\(name).yaml")
        try FileManager.default.copyItem(at: repositoryRoot().appendingPathComponent("Tests/PlannerTests/Fixtures/hostile/\(name).yaml"), to: bad)
        let before = tree(w.dir)
        let r = try runCartagena(["feeds", "--plan", bad.path, "--out", w.out.path])
        #expect(r.status == 2)
        let expected = try #require(Self.programmes.first { $0.0 == name }?.1).replacingOccurrences(of: "PATH", with: bad.path)
        #expect(r.stderr.split(separator: "\n").first.map(String.init) == "\(bad.path):\(expected)")
        #expect(!r.stderr.contains("Swift."), "a Swift type name in: \(r.stderr)")
        #expect(tree(w.dir) == before, "something was written or changed")
    }

    @Test("an empty programme file")
    func emptyProgramme() throws {
        let w = try Workspace("hostile-empty")
        let bad = w.dir.appendingPathComponent("empty.yaml")
        try Data().write(to: bad)
        let before = tree(w.dir)
        let r = try runCartagena(["feeds", "--plan", bad.path, "--out", w.out.path])
        #expect(r.status == 2)
        #expect(r.stderr == "\(bad.path):1:1: error: the file is empty; a programme needs 'programme', 'venues' and 'activities' [empty-file]\n")
        #expect(tree(w.dir) == before)
    }

    @Test("a write failure part-way through the move into place puts every replaced feed back")
    func writeFailureRollsBack() throws {
        let w = try Workspace("rollback")
        let before = tree(w.out)
        // The last feed staged is a venue feed; a folder in its place makes its rename fail after
        // the programme and activity feeds have already been replaced.
        let venues = try FileManager.default.contentsOfDirectory(atPath: w.out.appendingPathComponent("venues").path).sorted()
        let victim = w.out.appendingPathComponent("venues/\(try #require(venues.last))")
        try FileManager.default.removeItem(at: victim)
        try FileManager.default.createDirectory(at: victim.appendingPathComponent("blocker"), withIntermediateDirectories: true)
        var expected = before
        expected.removeValue(forKey: "venues/\(venues.last!)")
        let r = try runCartagena(["feeds", "--plan", w.plan.path, "--out", w.out.path, "--no-ledger"],
                                 environment: ["SOURCE_DATE_EPOCH": "1730000000"])
        #expect(r.status == 2)
        #expect(r.stderr.hasSuffix("error: cannot move '\(victim.path)' into place: Is a directory; the previous files were kept [write-failed]\n"), "\(r.stderr)")
        #expect(tree(w.out) == expected, "a feed was replaced although the set was not complete")
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.out.path).filter { $0.hasPrefix(".") } == [])
    }

    @Test("killed in the middle of writing personal feeds: earlier outputs intact, and the next run completes")
    func killMidway() throws {
        let w = try Workspace("kill")
        let before = tree(w.out)
        let ledger = w.dir.appendingPathComponent("mini.ledger.json")
        let ledgerBefore = try Data(contentsOf: ledger)
        // Enough participants that writing their feeds takes a while.
        var csv = "id,given_name,family_name,email,delegation,role,activities,sessions\n"
        for i in 0..<40_000 { csv += "P\(i),Given\(i),Family\(i),p\(i)@example.org,CHL,delegate,,r1;m1\n" }
        let list = w.dir.appendingPathComponent("list.csv")
        try Data(csv.utf8).write(to: list)
        let secret = w.dir.appendingPathComponent("feeds.secret")
        try Data("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n".utf8).write(to: secret)

        let process = Process()
        process.executableURL = cartagenaExecutable()
        process.arguments = ["feeds", "--plan", w.plan.path, "--out", w.out.path, "--registrations", list.path,
                             "--secret-file", secret.path]
        var env = ProcessInfo.processInfo.environment
        env["SOURCE_DATE_EPOCH"] = "1730000000"
        process.environment = env
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until personal feeds are being staged, then kill without warning.
        let deadline = Date().addingTimeInterval(120)
        var staged = false
        while Date() < deadline, process.isRunning, !staged {
            let hidden = (try? FileManager.default.contentsOfDirectory(atPath: w.out.path).filter { $0.hasPrefix(".cartagena-staging") }) ?? []
            staged = hidden.contains { h in
                ((try? FileManager.default.contentsOfDirectory(atPath: w.out.appendingPathComponent("\(h)/people").path))?.count ?? 0) > 100
            }
            if !staged { usleep(2_000) }
        }
        try #require(staged, "the run ended before it could be killed midway")
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)

        // Every earlier file is byte for byte as it was; nothing new outside the staging folder.
        let after = tree(w.out).filter { !$0.key.hasPrefix(".cartagena-staging") }
        #expect(after == before)
        #expect(try Data(contentsOf: ledger) == ledgerBefore)
        #expect(!FileManager.default.fileExists(atPath: w.out.appendingPathComponent("people").path))

        // The killed run's staging folder: its process id and a random part (an unpredictable name).
        let abandoned = try FileManager.default.contentsOfDirectory(atPath: w.out.path)
            .filter { $0.hasPrefix(".cartagena-staging-\(process.processIdentifier)-") }
        #expect(abandoned.count == 1 && abandoned.allSatisfy { $0.count == ".cartagena-staging-\(process.processIdentifier)-".count + 16 })
        // A staging folder of a run still going (this test's own process) is not touched.
        let live = w.out.appendingPathComponent(".cartagena-staging-\(getpid())")
        try FileManager.default.createDirectory(at: live, withIntermediateDirectories: true)

        // The next run completes, removes the killed run's staging folder and leaves none of its own.
        let again = try runCartagena(["feeds", "--plan", w.plan.path, "--out", w.out.path, "--quiet"],
                                     environment: ["SOURCE_DATE_EPOCH": "1720000000"])
        #expect(again.status == 0, "\(again.stderr)")
        #expect(tree(w.out).filter { !$0.key.hasPrefix(".cartagena-staging") } == before)
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.out.path).filter { $0.hasPrefix(".") } == [live.lastPathComponent])
    }

    @Test("a hostile registration list: exit 2 with the row and column, nothing written")
    func hostileList() throws {
        let dir = try temporaryDirectory("hostile-csv")
        let list = dir.appendingPathComponent("list.csv")
        try FileManager.default.copyItem(at: repositoryRoot().appendingPathComponent("Tests/RegistrationsTests/Fixtures/hostile/invalid-utf8.csv"), to: list)
        let r = try runCartagena(["registrations", "check", list.path, "--plan", try fixture("mini", "yaml").path, "--encoding", "utf-8"], in: dir)
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("\(list.path):2:2: error: byte 0xE9 at byte 2 of column 2 is not UTF-8"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["list.csv"])
    }
}
