import Diagnostics
import Foundation
import Publishing
import TestSupport
import Testing

@Suite("the secret file")
struct SecretTests {
    private func file(_ bytes: [UInt8], mode: mode_t = 0o600) throws -> String {
        let path = try temporaryDirectory("secret").appendingPathComponent("feeds.secret").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        chmod(path, mode)
        return path
    }

    @Test("what 'secret new' writes is read back as its 32 bytes, with or without the line break")
    func roundTrip() throws {
        let text = FeedSecret.generate()
        #expect(text.count == 65 && text.hasSuffix("\n"))
        for bytes in [Array(text.utf8), Array(text.utf8.dropLast())] {
            let (secret, warnings) = try FeedSecret.read(path: try file(bytes))
            #expect(secret.count == 32 && warnings.isEmpty)
            #expect(secret.map { String(format: "%02x", $0) }.joined() == String(text.prefix(64)))
        }
    }

    @Test("anything else is a located invalid-secret error", arguments: [
        ("３２fullwidth", "０１２３４５６７８９０１２３４５６７８９０１２３４５６７８９０１\n", 1, 1),
        ("upper case", String(repeating: "A", count: 64) + "\n", 1, 1),
        ("short", String(repeating: "a", count: 62) + "\n", 1, 63),
        ("long", String(repeating: "a", count: 66) + "\n", 1, 65),
        ("second line", String(repeating: "a", count: 64) + "\nmore\n", 2, 1),
        ("CRLF", String(repeating: "a", count: 64) + "\r\n", 1, 65),
        ("raw bytes", "correct horse battery staple, a long passphrase\n", 1, 2),
        ("empty", "", 1, 1),
    ])
    func invalid(_ name: String, _ text: String, _ line: Int, _ column: Int) throws {
        let path = try file(Array(text.utf8))
        do {
            _ = try FeedSecret.read(path: path)
            Issue.record("\(name) was accepted")
        } catch {
            let d = try #require(error.diagnostics.first)
            #expect(d.code == "invalid-secret")
            #expect(d.location == SourceLocation(file: path, line: line, column: column), "\(name)")
            #expect(d.message.contains("'cartagena secret new > \(path)'"))
            #expect(!d.message.contains("aaaaaaaa"), "the secret is never quoted")
        }
    }

    @Test("a secret readable by group or others gets a warning", arguments: [mode_t(0o640), 0o604, 0o644])
    func readable(_ m: mode_t) throws {
        let path = try file(Array(FeedSecret.generate().utf8), mode: m)
        let warnings = try FeedSecret.read(path: path).warnings
        #expect(warnings.map(\.code) == ["secret-readable"])
        #expect(warnings.first?.message.contains("chmod 600 '\(path)'") == true || warnings.first?.message.contains("chmod 600 \(path)") == true)
    }

    @Test("a missing file says how to make one")
    func missing() throws {
        do {
            _ = try FeedSecret.read(path: "/nonexistent/feeds.secret")
            Issue.record("accepted")
        } catch {
            #expect(error.diagnostics.first?.code == "unreadable-file")
            #expect(error.diagnostics.first?.message.contains("cartagena secret new") == true)
        }
    }
}
