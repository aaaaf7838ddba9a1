import Foundation
import TestSupport
import Testing

/// A copy of the mini programme and its registrations in a fresh folder, with a secret.
private struct Workspace {
    let dir: URL
    var plan: String { dir.appendingPathComponent("mini.yaml").path }
    var registrations: String { dir.appendingPathComponent("registrations.csv").path }
    var secret: String { dir.appendingPathComponent("feeds.secret").path }
    var out: URL { dir.appendingPathComponent("out") }
    /// The default private folder beside `out/`: the mail-merge index.
    var privateFolder: URL { dir.appendingPathComponent("out.private") }

    init() throws {
        dir = try temporaryDirectory("personal")
        for (name, ext, target) in [("mini", "yaml", "mini.yaml"), ("mini-registrations", "csv", "registrations.csv")] {
            let url = try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: ext))
            try FileManager.default.copyItem(at: url, to: dir.appendingPathComponent(target))
        }
        try Data("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n".utf8).write(to: URL(fileURLWithPath: secret))
    }

    func feeds(_ extra: [String] = [], epoch: String = "1730000000") throws -> RunResult {
        try runCartagena(["feeds", "--plan", plan, "--out", out.path, "--registrations", registrations, "--secret-file", secret,
                          "--base-url", "https://example.org/c40"] + extra, environment: ["SOURCE_DATE_EPOCH": epoch])
    }

    /// Every file under out/, relative path -> contents.
    func snapshot() throws -> [String: String] {
        var result: [String: String] = [:]
        let e = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)
        while let url = e?.nextObject() as? URL {
            guard !url.hasDirectoryPath, let text = try? String(contentsOf: url, encoding: .utf8) else { continue }
            result[String(url.path.dropFirst(out.path.count + 1))] = text
        }
        return result
    }

    func edit(_ from: String, _ to: String) throws {
        let text = try String(contentsOfFile: plan, encoding: .utf8)
        #expect(text.contains(from))
        try text.replacingOccurrences(of: from, with: to).write(toFile: plan, atomically: true, encoding: .utf8)
    }
}

private func events(_ text: String) -> [String] {
    text.components(separatedBy: "BEGIN:VEVENT").dropFirst().map { "BEGIN:VEVENT" + $0 }
}

private func uids(_ text: String) -> [String] {
    events(text).compactMap { e in e.components(separatedBy: "\r\n").first { $0.hasPrefix("UID:") }.map { String($0.dropFirst(4)) } }
}

@Suite("personal feeds")
struct PersonalFeedsCommandTests {
    @Test("refuses without a secret and says how to make one")
    func needsSecret() throws {
        let w = try Workspace()
        let r = try runCartagena(["feeds", "--plan", w.plan, "--out", w.out.path, "--registrations", w.registrations])
        #expect(r.status == 64)
        #expect(r.stderr.contains("cartagena secret new > feeds.secret"))
    }

    @Test("each participant gets exactly their sessions, private, unnamed, under people/")
    func exactSessions() throws {
        let w = try Workspace()
        let r = try w.feeds()
        #expect(r.status == 0, "\(r.stderr)")
        let files = try w.snapshot()
        #expect(!files.keys.contains { $0.contains("index") }, "the index is never under --out")
        let index = try String(contentsOf: w.privateFolder.appendingPathComponent("index.json"), encoding: .utf8)
        struct Index: Decodable { struct Row: Decodable { var participant: String; var file: String; var https: String; var webcal: String; var events: Int }; var feeds: [Row] }
        let rows = try JSONDecoder().decode(Index.self, from: Data(index.utf8)).feeds
        #expect(rows.map(\.participant) == ["P1", "P2", "P3"])
        let expected = ["P1": ["r1@mini.cartagena", "m1@mini.cartagena"], "P2": ["r1@mini.cartagena", "r2@mini.cartagena"], "P3": ["m1@mini.cartagena"]]
        for row in rows {
            let feed = try #require(files[row.file])
            #expect(uids(feed) == expected[row.participant], "\(row.participant)")
            #expect(row.events == expected[row.participant]?.count)
            #expect(row.file.hasPrefix("people/") && row.file.count == "people/".count + 32 + 4)
            #expect(row.https == "https://example.org/c40/\(row.file)")
            #expect(row.webcal == "webcal://example.org/c40/\(row.file)")
            #expect(feed.contains("METHOD:PUBLISH\r\n"))
            #expect(!feed.contains("ATTENDEE"))
            #expect(events(feed).allSatisfy { $0.contains("CLASS:PRIVATE\r\n") && $0.contains("ORGANIZER;") })
            for pii in ["Lucía", "Fernández", "lucia.fernandez", "João", "Silva", "joao.silva", "Marie-Claire", "Désir", "mc.desir"] {
                #expect(!feed.contains(pii), "\(row.participant)'s feed names '\(pii)'")
            }
        }
        let attributes = try FileManager.default.attributesOfItem(atPath: w.privateFolder.appendingPathComponent("index.csv").path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let folder = try FileManager.default.attributesOfItem(atPath: w.privateFolder.path)
        #expect((folder[.posixPermissions] as? NSNumber)?.intValue == 0o700)
        #expect(r.stdout.contains("the mail-merge index is in '\(w.privateFolder.path)'"))
        #expect(files.keys.filter { $0.hasPrefix("delegations/") }.count == 3)
    }

    @Test("public feeds name no participant")
    func publicFeedsHaveNoPII() throws {
        let w = try Workspace()
        #expect(try w.feeds().status == 0)
        for (path, text) in try w.snapshot() where !path.hasPrefix("people/") && !path.hasPrefix("delegations/") {
            for pii in ["Lucía", "Fernández", "João", "Silva", "Marie-Claire", "Désir", "lucia.fernandez", "joao.silva", "mc.desir", "CLASS:PRIVATE"] {
                #expect(!text.contains(pii), "\(path) contains \(pii)")
            }
        }
    }

    @Test("moving one session bumps its SEQUENCE in every feed that has it and leaves every other byte alone")
    func moveBumpsSequence() throws {
        let w = try Workspace()
        #expect(try w.feeds().status == 0)
        let before = try w.snapshot()
        let same = try w.feeds(epoch: "1730000500")
        #expect(same.status == 0)
        #expect(try w.snapshot() == before, "a run with no change must be byte-identical")
        try w.edit("start: 2024-10-28T10:00, end: 2024-10-28T13:00", "start: 2024-10-28T11:00, end: 2024-10-28T14:00")
        let dry = try w.feeds(["--dry-run"], epoch: "1730001000")
        // Old and new values, and the files that change, against the files in the folder.
        #expect(dry.stdout.contains("changed  r2@mini.cartagena in activities/rounds.ics, mini.ics, venues/palais.ics\n"), "\(dry.stdout)")
        #expect(dry.stdout.contains("  DTSTART;TZID=Europe/Zurich: '20241028T100000' -> '20241028T110000'\n"))
        #expect(dry.stdout.contains("changes  mini.ics\n"))
        #expect(try w.snapshot() == before, "--dry-run writes nothing")
        #expect(try w.feeds(epoch: "1730001000").status == 0)
        let after = try w.snapshot()
        #expect(Set(after.keys) == Set(before.keys))
        for (path, text) in after where path.hasSuffix(".ics") {
            if uids(before[path]!).contains("r2@mini.cartagena") {
                let old = events(before[path]!), new = events(text)
                for (o, n) in zip(old, new) {
                    if o.contains("UID:r2@mini.cartagena") {
                        #expect(n.contains("SEQUENCE:1\r\n") && n.contains("LAST-MODIFIED:20241027T035000Z\r\n"), "\(path)")
                        #expect(n.contains("DTSTART;TZID=Europe/Zurich:20241028T110000\r\n"))
                        // The change note, dated by SOURCE_DATE_EPOCH in Geneva (27 Oct 2024 04:50 CET).
                        #expect(n.contains(":Moved on 27 October 2024: was Monday 28 Oct"), "\(path)")
                    } else {
                        #expect(o == n, "\(path): another event changed")
                    }
                }
            } else {
                #expect(text == before[path], "\(path) changed although it does not hold the moved session")
            }
        }
    }

    @Test("people/ and delegations/ are replaced whole: someone dropped from the list loses their feed")
    func droppedParticipantFeedGoes() throws {
        let w = try Workspace()
        #expect(try w.feeds().status == 0)
        let before = try w.snapshot()
        let list = try String(contentsOfFile: w.registrations, encoding: .utf8)
        let withoutP3 = list.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("P3,") }.joined(separator: "\n")
        try withoutP3.write(toFile: w.registrations, atomically: true, encoding: .utf8)
        #expect(try w.feeds().status == 0)
        let after = try w.snapshot()
        let gone = Set(before.keys).subtracting(after.keys)
        #expect(gone.count == 2, "P3's feed and the HTI delegation feed: \(gone.sorted())")
        #expect(gone.contains { $0.hasPrefix("delegations/HTI-") } && gone.contains { $0.hasPrefix("people/") })
        #expect(after.keys.allSatisfy { before[$0] != nil }, "no new file")
        for (path, text) in after { #expect(text == before[path], "\(path) changed") }
        let index = try String(contentsOf: w.privateFolder.appendingPathComponent("index.csv"), encoding: .utf8)
        #expect(index.contains("P1,") && !index.contains("P3"))
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.out.path).filter { $0.hasPrefix(".") } == [])
    }

    @Test("when a folder cannot be swapped in, every feed already moved is put back")
    func failedSwapRollsBack() throws {
        let w = try Workspace()
        #expect(try w.feeds().status == 0)
        // A file where the delegations folder should be: people/ is swapped first, then this fails.
        let delegations = w.out.appendingPathComponent("delegations")
        try FileManager.default.removeItem(at: delegations)
        try Data("not a folder".utf8).write(to: delegations)
        let before = try w.snapshot()
        try w.edit("start: 2024-10-28T10:00, end: 2024-10-28T13:00", "start: 2024-10-28T11:00, end: 2024-10-28T14:00")
        let r = try w.feeds(["--no-ledger"], epoch: "1730001000")
        #expect(r.status == 2)
        #expect(r.stderr.hasSuffix("error: cannot move '\(delegations.path)' into place: Not a directory; the previous files were kept [write-failed]\n"), "\(r.stderr)")
        #expect(try w.snapshot() == before, "a feed was replaced although the set was not complete")
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.out.path).filter { $0.hasPrefix(".") } == [])
    }

    @Test("a removed session stays as CANCELLED until --prune-cancelled")
    func removedIsCancelled() throws {
        let w = try Workspace()
        #expect(try w.feeds().status == 0)
        try w.edit("      - {id: r2, title: {en: \"Round 2 \\\\ after the change\", es: \"Ronda 2\"}, room: room-xx, start: 2024-10-28T10:00, end: 2024-10-28T13:00}\n", "")
        let r = try w.feeds(epoch: "1730002000")
        #expect(r.status == 0, "\(r.stderr)")
        let files = try w.snapshot()
        for path in ["mini.ics", "activities/rounds.ics", "venues/palais.ics"] {
            let r2 = try #require(events(files[path]!).first { $0.contains("UID:r2@mini.cartagena") }, "\(path)")
            #expect(r2.contains("STATUS:CANCELLED\r\n") && r2.contains("SEQUENCE:1\r\n"))
        }
        let personal = files.filter { $0.key.hasPrefix("people/") && $0.key.hasSuffix(".ics") && $0.value.contains("UID:r2@mini.cartagena") }
        #expect(personal.count == 1, "P2 registered for the whole negotiation rounds")
        #expect(try w.feeds(["--prune-cancelled"], epoch: "1730003000").status == 0)
        #expect(try w.snapshot().values.allSatisfy { !$0.contains("UID:r2@mini.cartagena") })
    }
}

@Suite("personal feeds of the embedded programme")
struct EmbeddedPersonalFeedsTests {
    @Test("the sample registrations: a feed per participant, and no personal data in any public feed")
    func sampleRegistrations() throws {
        let dir = try temporaryDirectory("embedded-personal")
        let secret = dir.appendingPathComponent("feeds.secret")
        try Data("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\n".utf8).write(to: secret)
        let out = dir.appendingPathComponent("out")
        let csvPath = repositoryRoot().appendingPathComponent("Calendars/sample-registrations.csv").path
        let r = try runCartagena(["feeds", "--out", out.path, "--ledger", dir.appendingPathComponent("ledger.json").path,
                                  "--registrations", csvPath, "--secret-file", secret.path])
        #expect(r.status == 0, "\(r.stderr)")
        // Names and addresses from the list (columns: id, given name, family name, email, ...).
        let rows = try String(contentsOfFile: csvPath, encoding: .utf8).components(separatedBy: "\r\n").dropFirst()
            .map { $0.components(separatedBy: ",") }.filter { $0.count > 4 && $0[0].hasPrefix("P") }
        let ids = Set(rows.map { $0[0] })
        let emails = rows.map { $0[3] }.filter { $0.contains("@") }
        let families = rows.map { $0[2] }.filter { $0.count > 3 && !$0.contains("\"") }
        #expect(ids.count > 50 && emails.count > 50)
        struct Index: Decodable { struct Row: Decodable { var participant: String; var file: String; var events: Int }; var feeds: [Row] }
        let index = try JSONDecoder().decode(Index.self, from: Data(contentsOf: dir.appendingPathComponent("out.private/index.json")))
        // Everyone gets a feed except the people on rows whose errors would make it wrong, as
        // 'registrations check' reports them.
        let check = try runCartagena(["registrations", "check", csvPath, "--format", "json"])
        struct Report: Decodable { struct Finding: Decodable { var row: Int?; var code: String }; var findings: [Finding] }
        let wrong: Set<String> = ["invalid-email", "unknown-delegation", "unknown-session", "unknown-activity"]
        let badRows = Set(try JSONDecoder().decode(Report.self, from: Data(check.stdout.utf8)).findings.filter { wrong.contains($0.code) }.compactMap(\.row))
        let lines = try String(contentsOfFile: csvPath, encoding: .utf8).components(separatedBy: "\r\n")
        let noEmail = rows.filter { $0[3].trimmingCharacters(in: .whitespaces).isEmpty }.map { $0[0] }
        let leftOut = Set(badRows.map { lines[$0 - 1].components(separatedBy: ",")[0] } + noEmail)
        #expect(!leftOut.isEmpty)
        #expect(Set(index.feeds.map(\.participant)) == ids.subtracting(leftOut), "a feed for every participant without such an error")
        #expect(r.stderr.contains("\(leftOut.count) registrants got no personal feed") && r.stderr.contains("[registrants-left-out]"))
        let delegations = try FileManager.default.contentsOfDirectory(atPath: out.appendingPathComponent("delegations").path)
        #expect(!delegations.contains { $0.hasPrefix("CHI-") }, "no feed for the unknown delegation 'CHI'")
        let e = FileManager.default.enumerator(at: out, includingPropertiesForKeys: nil)
        var publicFeeds = 0, personalFeeds = 0, delegationFeeds = 0
        while let url = e?.nextObject() as? URL {
            guard url.pathExtension == "ics" else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            #expect(!text.contains("ATTENDEE"), "\(url.path)")
            if url.path.contains("/people/") || url.path.contains("/delegations/") {
                if url.path.contains("/people/") { personalFeeds += 1 } else { delegationFeeds += 1 }
                #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == text.components(separatedBy: "CLASS:PRIVATE").count - 1)
                for email in emails { #expect(!text.contains(email), "\(url.lastPathComponent) names \(email)") }
            } else {
                publicFeeds += 1
                for email in emails { #expect(!text.contains(email), "\(url.path) names \(email)") }
                for family in families { #expect(!text.contains(family), "\(url.path) names \(family)") }
                #expect(!text.contains("CLASS:PRIVATE"))
            }
        }
        #expect(publicFeeds == 12)
        #expect(personalFeeds == index.feeds.count)
        #expect(delegationFeeds > 10)
        for row in index.feeds {
            let text = try String(contentsOf: out.appendingPathComponent(row.file), encoding: .utf8)
            #expect(text.components(separatedBy: "BEGIN:VEVENT").count - 1 == row.events)
        }
    }
}

@Suite("cartagena feeds killed inside its commit")
struct KilledCommitCommandTests {
    @Test("SIGKILL at a point of the commit: --repair finishes it, and a full run then changes nothing")
    func killedThenRepaired() throws {
        let w = try Workspace()
        #expect(try w.feeds().status == 0)
        try w.edit("start: 2024-10-28T10:00, end: 2024-10-28T13:00", "start: 2024-10-28T11:00, end: 2024-10-28T14:00")
        let ledger = w.dir.appendingPathComponent("mini.ledger.json")
        let oldLedger = try Data(contentsOf: ledger)
        // Point 5: the ledger and three public files are in place, people/ is not.
        let killed = try runCartagena(["feeds", "--plan", w.plan, "--out", w.out.path, "--registrations", w.registrations,
                                       "--secret-file", w.secret, "--base-url", "https://example.org/c40"],
                                      environment: ["SOURCE_DATE_EPOCH": "1730001000", "CARTAGENA_FAULT_STEP": "5"])
        #expect(killed.status == SIGKILL, "the run was not killed: \(killed.status) \(killed.stderr)")
        #expect(FileManager.default.fileExists(atPath: w.out.appendingPathComponent(".cartagena-journal").path))
        #expect(try Data(contentsOf: ledger) != oldLedger, "the ledger step comes first")
        // The journal may be published with OUT for a moment: it names folders, never a secret address.
        let journalText = try String(contentsOf: w.out.appendingPathComponent(".cartagena-journal"), encoding: .utf8)
        let secretNames = try w.snapshot().keys.filter { $0.hasPrefix("people/") || $0.hasPrefix("delegations/") }
            .map { ($0 as NSString).lastPathComponent.replacingOccurrences(of: ".ics", with: "") }
        #expect(!secretNames.isEmpty && secretNames.allSatisfy { !journalText.contains($0) })

        let dry = try w.feeds(["--dry-run"], epoch: "1730001000")
        #expect(dry.stderr.contains("warning: a commit in '\(w.out.path)' was interrupted"), "\(dry.stderr)")

        let repaired = try runCartagena(["feeds", "--repair", "--out", w.out.path])
        #expect(repaired.status == 0, "\(repaired.stderr)")
        #expect(repaired.stdout.contains("finished the commit of a run that was stopped in '\(w.out.path)'"), "\(repaired.stdout)")
        let afterRepair = try w.snapshot()
        let privateAfter = try FileManager.default.contentsOfDirectory(atPath: w.privateFolder.path).sorted()
        let ledgerAfter = try Data(contentsOf: ledger)
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.out.path).filter { $0.hasPrefix(".") } == [])
        #expect(privateAfter == ["index.csv", "index.json"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: w.dir.path).filter { $0.contains(".tmp-") } == [])

        // The same run again, whole: the repaired set is exactly what it writes.
        let whole = try w.feeds(epoch: "1730001000")
        #expect(whole.status == 0, "\(whole.stderr)")
        #expect(try w.snapshot() == afterRepair)
        #expect(try Data(contentsOf: ledger) == ledgerAfter)
        #expect(try runCartagena(["feeds", "--repair", "--out", w.out.path]).stdout.contains("nothing to repair"))
    }

    /// The output folder (hidden staging folders aside), the private folder and the ledger.
    private func state(_ w: Workspace) throws -> [String: String] {
        var all = try w.snapshot().filter { !$0.key.hasPrefix(".cartagena-staging-") }
        for name in (try? FileManager.default.contentsOfDirectory(atPath: w.privateFolder.path)) ?? [] where !name.hasPrefix(".") {
            all["private/" + name] = try String(contentsOf: w.privateFolder.appendingPathComponent(name), encoding: .utf8)
        }
        all["ledger"] = try String(contentsOf: w.dir.appendingPathComponent("mini.ledger.json"), encoding: .utf8)
        return all
    }

    @Test("SIGKILL at every point of the commit: after --repair, the old set or the new set, whole")
    func killedAtEveryPoint() throws {
        let move = ("start: 2024-10-28T10:00, end: 2024-10-28T13:00", "start: 2024-10-28T11:00, end: 2024-10-28T14:00")
        let reference = try Workspace()
        #expect(try reference.feeds().status == 0)
        let old = try state(reference)
        try reference.edit(move.0, move.1)
        #expect(try reference.feeds(epoch: "1730001000").status == 0)
        let new = try state(reference)
        #expect(old != new)
        // Points 0 (staged, no journal) to 12 (journal removed): see SystemCalls.commitPoint.
        for point in 0...12 {
            let w = try Workspace()
            #expect(try w.feeds().status == 0)
            try w.edit(move.0, move.1)
            let killed = try runCartagena(["feeds", "--plan", w.plan, "--out", w.out.path, "--registrations", w.registrations,
                                           "--secret-file", w.secret, "--base-url", "https://example.org/c40"],
                                          environment: ["SOURCE_DATE_EPOCH": "1730001000", "CARTAGENA_FAULT_STEP": "\(point)"])
            #expect(killed.status == SIGKILL, "point \(point): not killed (\(killed.status)) \(killed.stderr)")
            let journal = FileManager.default.fileExists(atPath: w.out.appendingPathComponent(".cartagena-journal").path)
            #expect(journal == (1...11).contains(point), "point \(point)")
            #expect(try runCartagena(["feeds", "--repair", "--out", w.out.path]).status == 0)
            let after = try state(w)
            #expect(after == new || (!journal && after == old), "point \(point): neither the old set nor the new one")
        }
    }
}
