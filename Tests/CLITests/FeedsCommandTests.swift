import Foundation
import TestSupport
import Testing

private func fixture(_ name: String) throws -> String {
    try #require(Bundle.module.url(forResource: "Fixtures/\(name)", withExtension: "yaml")).path
}

@Suite("cartagena feeds")
struct FeedsCommandTests {
    @Test("writes the feeds, lists them, and writes the same bytes twice")
    func writes() throws {
        let dir = try temporaryDirectory("feeds")
        let r = try runCartagena(["feeds", "--plan", fixture("mini"), "--out", dir.path, "--no-ledger"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("wrote \(dir.path)/mini.ics (3 events)"))
        #expect(r.stdout.hasSuffix("5 public feeds, 3 events in '\(dir.path)'\n"))
        let first = try Data(contentsOf: dir.appendingPathComponent("mini.ics"))
        let again = try runCartagena(["feeds", "--plan", fixture("mini"), "--out", dir.path, "--no-ledger"])
        #expect(again.status == 0)
        #expect(try Data(contentsOf: dir.appendingPathComponent("mini.ics")) == first)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasPrefix(".") }
        #expect(leftovers.isEmpty, "staging folder left behind: \(leftovers)")
    }

    @Test("SOURCE_DATE_EPOCH sets DTSTAMP")
    func sourceDateEpoch() throws {
        let dir = try temporaryDirectory("epoch")
        let r = try runCartagena(["feeds", "--plan", fixture("mini"), "--out", dir.path, "--no-ledger"], environment: ["SOURCE_DATE_EPOCH": "1733900000"])
        #expect(r.status == 0)
        let text = try String(contentsOf: dir.appendingPathComponent("mini.ics"), encoding: .utf8)
        #expect(text.contains("DTSTAMP:20241211T065320Z\r\n"))
        let bad = try runCartagena(["feeds", "--plan", fixture("mini"), "--out", dir.path, "--no-ledger"], environment: ["SOURCE_DATE_EPOCH": "soon"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("SOURCE_DATE_EPOCH is 'soon'"))
    }

    @Test("a bad programme gives a located error, exit 2, and leaves earlier feeds untouched")
    func badProgramme() throws {
        let dir = try temporaryDirectory("bad")
        let earlier = dir.appendingPathComponent("bad.ics")
        try Data("earlier".utf8).write(to: earlier)
        let path = try fixture("bad-room")
        let r = try runCartagena(["feeds", "--plan", path, "--out", dir.path, "--no-ledger"])
        #expect(r.status == 2)
        #expect(r.stderr == "\(path):24:15: error: unknown room 'plenry' in session 'c1-opening' (did you mean 'plenary'?); rooms of venue 'sre': plenary, sala-b [unknown-room]\n")
        #expect(try String(contentsOf: earlier, encoding: .utf8) == "earlier")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["bad.ics"])
    }

    @Test("a missing programme file is exit 2 with the path")
    func missingFile() throws {
        let r = try runCartagena(["feeds", "--plan", "/nonexistent/p.yaml", "--out", "/tmp/x"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot read '/nonexistent/p.yaml': no such file"))
    }

    @Test("an output folder that cannot be created is exit 2 naming the path")
    func unwritable() throws {
        let dir = try temporaryDirectory("unwritable")
        let file = dir.appendingPathComponent("plain-file")
        try Data().write(to: file)
        let r = try runCartagena(["feeds", "--plan", fixture("mini"), "--out", file.appendingPathComponent("sub").path, "--no-ledger"])
        #expect(r.status == 2)
        #expect(r.stderr.contains("cannot create output folder '\(file.path)/sub'"))
    }

    @Test("a usage error exits 64")
    func usage() throws {
        let r = try runCartagena(["feeds", "--no-such-option"])
        #expect(r.status == 64)
    }
}

@Suite("the embedded programme")
struct EmbeddedProgrammeTests {
    @Test("checks clean and writes a feed for every confirmed activity")
    func embedded() throws {
        let check = try runCartagena(["check"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let dir = try temporaryDirectory("embedded")
        let r = try runCartagena(["feeds", "--out", dir.path, "--ledger", dir.appendingPathComponent("ledger.json").path])
        #expect(r.status == 0, "\(r.stderr)")
        for activity in ["c1-protection", "c2-solutions", "c3-disasters", "caribbean", "ministerial"] {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("activities/\(activity).ics").path), "no feed for \(activity)")
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("activities/civil-society.ics").path))
    }
}

@Suite("cartagena feeds: checked options")
struct FeedsOptionTests {
    @Test("--lang must be one of the programme's languages, and only one", arguments: ["de", "english", "es,en"])
    func language(_ lang: String) throws {
        let dir = try temporaryDirectory("lang")
        let r = try runCartagena(["feeds", "--plan", fixture("mini"), "--out", dir.path, "--no-ledger", "--lang", lang])
        #expect(r.status == 64)
        #expect(r.stderr.contains(lang.contains(",") ? "--lang takes one language" : "use one of: en, es"), "\(r.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty)
    }

    @Test("a secret file of 32 fullwidth digits is a located error (exit 2), not a crash")
    func fullwidthSecret() throws {
        let dir = try temporaryDirectory("fullwidth")
        let secret = dir.appendingPathComponent("feeds.secret")
        try Data((String(repeating: "０１", count: 16) + "\n").utf8).write(to: secret)
        let list = try #require(Bundle.module.url(forResource: "Fixtures/mini-registrations", withExtension: "csv"))
        let r = try runCartagena(["feeds", "--plan", fixture("mini"), "--out", dir.appendingPathComponent("out").path, "--no-ledger",
                                  "--registrations", list.path, "--secret-file", secret.path])
        #expect(r.status == 2)
        #expect(r.stderr.hasPrefix("\(secret.path):1:1: error: byte 0xEF at column 1 is not a lower-case hexadecimal digit"), "\(r.stderr)")
        #expect(r.stderr.hasSuffix("[invalid-secret]\n"))
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    @Test("standard output closed by its reader (EPIPE) ends with an error, not silence")
    func brokenPipe() throws {
        let dir = try temporaryDirectory("epipe")
        let process = Process()
        process.executableURL = cartagenaExecutable()
        process.arguments = ["feeds", "--plan", try fixture("mini"), "--out", dir.path, "--no-ledger"]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try out.fileHandleForReading.close()
        try process.run()
        try out.fileHandleForWriting.close()
        let stderr = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationReason == .exit && process.terminationStatus == 2, "\(process.terminationStatus)")
        #expect(stderr.contains("error: cannot write to standard output: Broken pipe"), "\(stderr)")
    }
}
