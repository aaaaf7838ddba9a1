import Foundation
import Publishing
import SystemPackage
import TestSupport
import Testing

/// An output folder with an earlier set: `a.ics`, `b/c.ics` and `people/old.ics`.
private func earlier(_ label: String) throws -> String {
    let root = try temporaryDirectory(label).appendingPathComponent("out").path
    let output = try StagedOutput(root: root)
    try output.write("a.ics", "old a")
    try output.write("b/c.ics", "old c")
    try output.replaceWhole("people")
    try output.folderWriter("people").write("old.ics", Array("old person".utf8))
    try output.commit()
    return root
}

/// ``tree(_:)`` without the staging folder (removed by abort or deinit).
private func visible(_ root: String) -> [String: Data] {
    tree(root).filter { !$0.key.hasPrefix(".") }
}

private func hidden(_ root: String) throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: root).filter { $0.hasPrefix(".") }
}

@Suite("staged output: fallbacks and rollbacks under failing system calls")
struct StagedOutputTests {
    @Test("without RENAME_EXCHANGE (ENOSYS, EINVAL) a whole folder is swapped with two renames",
          arguments: [Errno.noFunction, Errno.invalidArgument])
    func exchangeMissing(_ failure: Errno) throws {
        let root = try earlier("exchange-\(failure.rawValue)")
        let calls = SystemCalls.live { $0.exchange = { _, _ throws(Errno) in throw failure } }
        let output = try StagedOutput(root: root, calls: calls)
        try output.write("a.ics", "new a")
        try output.replaceWhole("people")
        try output.folderWriter("people").write("new.ics", Array("new person".utf8))
        try output.commit()
        #expect(tree(root) == ["a.ics": Data("new a".utf8), "b/c.ics": Data("old c".utf8), "people/new.ics": Data("new person".utf8)])
        #expect(try hidden(root).isEmpty)
    }

    @Test("an exchange refused for another reason (EXDEV) stops the commit and keeps the previous set")
    func exchangeRefused() throws {
        let root = try earlier("exchange-exdev")
        let before = tree(root)
        let calls = SystemCalls.live { $0.exchange = { _, _ throws(Errno) in throw Errno.improperLink } }
        let output = try StagedOutput(root: root, calls: calls)
        try output.write("a.ics", "new a")
        try output.replaceWhole("people")
        try output.folderWriter("people").write("new.ics", Array("new".utf8))
        #expect(throws: PublishError.self) { try output.commit() }
        #expect(visible(root) == before)
        output.abort()
        #expect(try hidden(root).isEmpty)
    }

    @Test("without hard links (EPERM, EXDEV) the previous files are copied, and a failure later puts them back",
          arguments: [Errno.notPermitted, Errno.improperLink])
    func linksMissing(_ failure: Errno) throws {
        let root = try earlier("links-\(failure.rawValue)")
        let before = tree(root)
        let links = Counter()
        let calls = SystemCalls.live {
            $0.link = { _, _ throws(Errno) in links.add(); throw failure }
            // The second file's rename fails (a full disk), after a.ics was replaced.
            $0.rename = { from, to throws(Errno) in
                if to.hasSuffix("/b/c.ics"), from.contains("/.cartagena-staging-") && !from.contains("/.previous/") { throw Errno.noSpace }
                try SystemCalls.live.rename(from, to)
            }
        }
        let output = try StagedOutput(root: root, calls: calls)
        try output.write("a.ics", "new a")
        try output.write("b/c.ics", "new c")
        do {
            try output.commit()
            Issue.record("the commit went through")
        } catch {
            #expect(error.description.hasSuffix("No space left on device; the previous files were kept"), "\(error)")
        }
        #expect(links.value == 2)
        #expect(visible(root) == before, "a.ics was not put back")
        output.abort()
        #expect(try hidden(root).isEmpty)
    }

    @Test("without hard links a commit that succeeds leaves no copy behind")
    func linksMissingCommit() throws {
        let root = try earlier("links-ok")
        let calls = SystemCalls.live { $0.link = { _, _ throws(Errno) in throw Errno.notPermitted } }
        let output = try StagedOutput(root: root, calls: calls)
        try output.write("a.ics", "new a")
        try output.write("d.ics", "new d")
        try output.commit()
        #expect(tree(root)["a.ics"] == Data("new a".utf8) && tree(root)["d.ics"] == Data("new d".utf8))
        #expect(try hidden(root).isEmpty)
    }

    @Test("a failed folder swap puts back the files and folders already moved")
    func swapFailure() throws {
        let root = try earlier("swap")
        try FileManager.default.createDirectory(atPath: root + "/delegations", withIntermediateDirectories: true)
        try Data("d".utf8).write(to: URL(fileURLWithPath: root + "/delegations/x.ics"))
        let before = tree(root)
        let calls = SystemCalls.live {
            $0.exchange = { a, b throws(Errno) in
                if b.hasSuffix("/delegations") { throw Errno.ioError }
                try SystemCalls.live.exchange(a, b)
            }
        }
        let output = try StagedOutput(root: root, calls: calls)
        try output.write("a.ics", "new a")
        try output.replaceWhole("people")
        try output.replaceWhole("delegations")
        try output.folderWriter("people").write("new.ics", Array("new".utf8))
        #expect(throws: PublishError.self) { try output.commit() }
        #expect(visible(root) == before)
    }

    @Test("streamed private files are created 0600 whatever the umask")
    func privateMode() throws {
        let root = try temporaryDirectory("stream").appendingPathComponent("private").path
        let old = umask(0)
        defer { umask(old) }
        let output = try StagedOutput(root: root, permissions: .ownerReadWriteExecute)
        let file = try output.stream("index.csv", mode: StagedOutput.ownerOnly)
        for i in 0..<50_000 { try file.write("row \(i),someone\(i)@example.org\n") }
        try file.finish()
        try output.commit()
        #expect(mode(root) == 0o700 && mode(root + "/index.csv") == 0o600)
        #expect(try String(contentsOfFile: root + "/index.csv", encoding: .utf8).hasSuffix("row 49999,someone49999@example.org\n"))
    }
}

final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var n = 0
    func add() { lock.withLock { n += 1 } }
    var value: Int { lock.withLock { n } }
}
