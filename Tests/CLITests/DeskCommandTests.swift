import Foundation
import TestSupport
import Testing

/// Every file below `dir`, relative path to contents.
private func tree(_ dir: URL) throws -> [String: String] {
    var out: [String: String] = [:]
    guard let walker = FileManager.default.enumerator(atPath: dir.path) else { return out }
    while let rel = walker.nextObject() as? String {
        var isDir: ObjCBool = false
        let path = dir.appendingPathComponent(rel).path
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
            out[rel] = String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
        }
    }
    return out
}

private func mode(_ path: String) throws -> Int {
    (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
}

@Suite("participants, badges and signin: personal data stays in a private folder")
struct DeskCommandTests {
    @Test("from the sample registrations, in en and es: files 0600 in a 0700 folder named on the last line; nothing in the public folders")
    func privateFolder() throws {
        let dir = try temporaryDirectory("desk")
        let root = repositoryRoot()
        let csv = root.appendingPathComponent("Calendars/sample-registrations.csv").path
        let secret = dir.appendingPathComponent("feeds.secret")
        try Data("0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0\n".utf8).write(to: secret)
        // The public folders a user publishes: feeds and agendas.
        let pub = dir.appendingPathComponent("out")
        #expect(try runCartagena(["feeds", "--out", pub.path, "--ledger", dir.appendingPathComponent("ledger.json").path], in: root).status == 0)
        #expect(try runCartagena(["agenda", "--all", "--lang", "es", "--out", pub.appendingPathComponent("agendas/es").path], in: root).status == 0)
        let before = try tree(pub)

        let priv = dir.appendingPathComponent("out.private/desk")
        for lang in ["en", "es"] {
            for args in [["participants", "--format", "html"], ["participants", "--format", "csv"], ["participants", "--format", "markdown"],
                         ["participants", "--format", "xlsx"],
                         ["badges", "--secret-file", secret.path], ["signin", "--activity", "ministerial"]] {
                let r = try runCartagena(args + ["--registrations", csv, "--lang", lang, "--out", priv.path], in: root)
                #expect(r.status == 0, "\(args) \(r.stderr)")
                let last = r.stdout.split(separator: "\n").last.map(String.init) ?? ""
                #expect(last.hasSuffix(priv.path), "the last line names the private folder: \(last)")
            }
        }
        #expect(try mode(priv.path) == 0o700)
        let written = try tree(priv)
        #expect(written.keys.sorted() == [
            "badges-a6.en.html", "badges-a6.es.html", "participants.en.csv", "participants.en.html", "participants.en.md", "participants.en.xlsx",
            "participants.es.csv", "participants.es.html", "participants.es.md", "participants.es.xlsx", "signin-ministerial.en.html", "signin-ministerial.es.html",
        ])
        for name in written.keys { #expect(try mode(priv.appendingPathComponent(name).path) == 0o600, "\(name)") }
        #expect(written["participants.es.html"]?.contains("Lista de participantes") == true)
        #expect(written["participants.es.html"]?.contains("Juan Pablo Sánchez Peña") == true)

        // The public folders did not change, and no registrant's name is in them.
        let after = try tree(pub)
        #expect(after == before)
        for (path, text) in after {
            for name in ["Sánchez Peña", "Ñancupil", "Errázuriz", "rocio.campbell"] { #expect(!text.contains(name), "\(name) in \(path)") }
        }

        // Into a published folder, or below one: refused, nothing written.
        for target in [pub.path, pub.appendingPathComponent("desk").path, pub.appendingPathComponent("agendas/es").path] {
            let r = try runCartagena(["participants", "--registrations", csv, "--out", target], in: root)
            #expect(r.status == 2)
            #expect(r.stderr.contains("published feeds or agendas"), "\(r.stderr)")
        }
        #expect(try tree(pub) == before)
    }

    @Test("usage errors: signin needs one of --session and --activity; badges need the secret")
    func usage() throws {
        let csv = repositoryRoot().appendingPathComponent("Calendars/sample-registrations.csv").path
        #expect(try runCartagena(["signin", "--registrations", csv]).status == 64)
        #expect(try runCartagena(["badges", "--registrations", csv]).status == 64)
    }
}
