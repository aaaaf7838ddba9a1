import Diagnostics
import Foundation
import Planner
import Publishing
import Registrations
import SystemPackage
import TestSupport
import Testing

@Suite("the publisher, in process")
struct PublisherTests {
    @Test("public and personal feeds go to --out, the index to a private folder beside it (0700, files 0600)")
    func privateFolder() throws {
        let w = try Workspace("publish")
        let rec = Recorder()
        let result = Publisher(w.request(try w.programme()), console: rec.console).run()
        #expect(result.status == .done, "\(rec.err)")
        #expect(result.personalFeeds == 3 && result.delegationFeeds == 3 && result.publicFeeds == 5)
        let published = tree(w.out)
        #expect(published.keys.allSatisfy { $0.hasSuffix(".ics") }, "\(published.keys.sorted())")
        #expect(published.keys.filter { $0.hasPrefix("people/") }.count == 3)
        #expect(!published.values.contains { String(decoding: $0, as: UTF8.self).contains("@example.org") && !String(decoding: $0, as: UTF8.self).contains("secretariat@") })
        #expect(Set(tree(w.privateFolder).keys) == ["index.csv", "index.json"])
        #expect(mode(w.privateFolder) == 0o700)
        #expect(mode(w.privateFolder + "/index.csv") == 0o600 && mode(w.privateFolder + "/index.json") == 0o600)
        let csv = try String(contentsOfFile: w.privateFolder + "/index.csv", encoding: .utf8)
        #expect(csv.contains("lucia.fernandez@example.org") && csv.contains("https://example.org/c40/people/"))
        // Every file the index names is in the published folder.
        for line in csv.split(whereSeparator: \.isNewline).dropFirst() {
            let file = String(line.split(separator: ",")[3])
            #expect(published[file] != nil, "\(file)")
        }
        #expect(rec.out.contains("the mail-merge index is in '\(w.privateFolder)'"))
        #expect(!rec.out.contains("delegations/"), "delegation addresses are printed only with --verbose")
    }

    @Test("--verbose lists the delegation feeds; the default does not")
    func verbose() throws {
        let w = try Workspace("verbose")
        var request = w.request(try w.programme())
        request.verbose = true
        let rec = Recorder()
        #expect(Publisher(request, console: rec.console).run().status == .done)
        #expect(rec.out.components(separatedBy: "wrote \(w.out)/delegations/").count - 1 == 3)
        #expect(!rec.out.contains("people/"))
    }

    @Test("--private inside --out, --out inside --private, or the same folder: exit 64 and nothing written")
    func nestedFolders() throws {
        let w = try Workspace("nested")
        for (out, priv) in [(w.out, w.out + "/private"), (w.out, w.out), (w.dir.path + "/p/out", w.dir.path + "/p"), (w.out + "/", w.out + "/./x/..")] {
            var request = w.request(try w.programme())
            request.out = out
            request.privateFolder = priv
            let rec = Recorder()
            #expect(Publisher(request, console: rec.console).run().status == .usage, "\(out) \(priv)")
            #expect(rec.err.hasPrefix("error: --"), "\(rec.err)")
        }
        #expect(!FileManager.default.fileExists(atPath: w.out))
        #expect(PublishPaths.defaultPrivate(for: "/srv/site/out/") == "/srv/site/out.private")
        #expect(PublishPaths.problem(out: "/srv/out", privateFolder: "/srv/out.private") == nil)
        #expect(PublishPaths.problem(out: "/srv/out", privateFolder: "/srv/outside") == nil)
    }

    @Test("a symbolic link does not hide a private folder inside --out")
    func nestedThroughLink() throws {
        let w = try Workspace("nested-link")
        try FileManager.default.createDirectory(atPath: w.out, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: w.dir.path + "/alias", withDestinationPath: w.out)
        #expect(PublishPaths.problem(out: w.out, privateFolder: w.dir.path + "/alias/index") != nil)
    }

    @Test("--lang must be a language of the programme: exit 64 with the list", arguments: ["de", "english", "EN-gb"])
    func language(_ lang: String) throws {
        let w = try Workspace("lang")
        var request = w.request(try w.programme(), personal: false)
        request.language = lang
        let rec = Recorder()
        #expect(Publisher(request, console: rec.console).run().status == .usage)
        #expect(rec.err == "error: --lang '\(lang)' is not a language of programme 'mini'; use one of: en, es\n")
        #expect(!FileManager.default.fileExists(atPath: w.out))
    }

    @Test("without --lang: English when the programme has it, else its first language")
    func defaultLanguage() throws {
        let w = try Workspace("default-lang")
        let spanishOnly = try w.programme { $0.replacingOccurrences(of: "languages: [en, es]", with: "languages: [es]") }
        var request = w.request(spanishOnly, personal: false)
        request.language = nil
        #expect(Publisher(request, console: Recorder().console).run().status == .done)
        #expect(try String(contentsOfFile: w.out + "/mini.ics", encoding: .utf8).contains("SUMMARY:Apertura\r\n"))
        request.language = "en"
        #expect(Publisher(request, console: Recorder().console).run().status == .usage)
    }

    @Test("Spanish feeds are Spanish")
    func spanish() throws {
        let w = try Workspace("es")
        var request = w.request(try w.programme(), personal: false)
        request.language = "es"
        #expect(Publisher(request, console: Recorder().console).run().status == .done)
        let text = try String(contentsOfFile: w.out + "/mini.ics", encoding: .utf8)
        #expect(text.contains("SUMMARY:Apertura\r\n") && text.contains("X-WR-CALNAME:Proceso Mini"))
    }

    @Test("a programme with an error publishes nothing (exit 1) unless --force, which says so")
    func gate() throws {
        let w = try Workspace("gate")
        let clash = try w.programme { $0.replacingOccurrences(of: "  - id: ministerial\n", with: """
                  - {id: r3, title: {en: "Clash"}, room: room-xx, start: 2024-10-25T11:00, end: 2024-10-25T12:00}
              - id: ministerial

            """) }
        let rec = Recorder()
        #expect(Publisher(w.request(clash), console: rec.console).run().status == .refused)
        #expect(rec.diagnostics.contains { $0.code == "room-overlap" && $0.severity == .error })
        #expect(rec.err.contains("error: the programme checks found 1 error; nothing was written"))
        #expect(!FileManager.default.fileExists(atPath: w.out) && !FileManager.default.fileExists(atPath: w.ledger))
        #expect(!FileManager.default.fileExists(atPath: w.privateFolder))

        var forced = w.request(clash)
        forced.force = true
        let rec2 = Recorder()
        #expect(Publisher(forced, console: rec2.console).run().status == .done, "\(rec2.err)")
        #expect(rec2.diagnostics.contains { $0.code == "published-despite-errors" && $0.message.hasPrefix("published despite 1 error found by the programme checks (--force)") })
        #expect(rec2.diagnostics.contains { $0.code == "room-overlap" && $0.severity == .warning })
        #expect(try String(contentsOfFile: w.out + "/mini.ics", encoding: .utf8).contains("UID:r3@mini.cartagena"))
    }

    @Test("a registrant whose feed would be wrong gets none, nor does an unknown delegation; one line counts them",
          arguments: ["unknown-delegation", "unknown-session", "unknown-activity", "invalid-email"])
    func leftOut(_ code: String) throws {
        let w = try Workspace("left-out")
        let loaded = try w.programme()
        var people = Workspace.people(loaded.programme)
        people[2].delegation = "XXX"
        let finding = Diagnostic.error(code, "the row's \(code)", at: SourceLocation(file: "list.csv", line: 4, column: 3))
        let rec = Recorder()
        let result = Publisher(w.request(loaded, findings: [finding], people: people), console: rec.console).run()
        #expect(result.status == .done)
        #expect(result.personalFeeds == 2 && result.leftOut == 1)
        let files = tree(w.out).keys
        #expect(files.filter { $0.hasPrefix("people/") }.count == 2)
        #expect(!files.contains { $0.hasPrefix("delegations/XXX") } && files.filter { $0.hasPrefix("delegations/") }.count == 2)
        #expect(!(try String(contentsOfFile: w.privateFolder + "/index.csv", encoding: .utf8)).contains("P3"))
        let line = try #require(rec.diagnostics.first { $0.code == "registrants-left-out" })
        #expect(line.severity == .warning)
        #expect(line.message.hasPrefix("1 registrant got no personal feed") && line.message.contains("'cartagena registrations check "))
    }

    @Test("a registrant without an e-mail gets no feed; warnings on other rows change nothing")
    func noEmail() throws {
        let w = try Workspace("no-email")
        let loaded = try w.programme()
        var people = Workspace.people(loaded.programme)
        people[0].email = " "
        let warning = Diagnostic.warning("overlapping-sessions", "overlap", at: SourceLocation(file: "list.csv", line: 3, column: 8))
        let result = Publisher(w.request(loaded, findings: [warning], people: people), console: Recorder().console).run()
        #expect(result.personalFeeds == 2 && result.leftOut == 1)
        var kept = people
        #expect(leaveOut(&kept, findings: [warning]) == 1)
        #expect(kept.map(\.id) == ["P2", "P3"])
    }
}
