import Foundation
import TestSupport
import Testing

/// Shell completion as bash runs it: the script `cartagena --generate-completion-script bash`
/// writes is loaded into a bash, `COMP_WORDS`, `COMP_CWORD`, `COMP_LINE` and `COMP_POINT` are
/// set as readline sets them for the line typed so far, and the completion function is called;
/// `COMPREPLY` is what bash would offer. The build under test is first on PATH, as an installed
/// `cartagena` would be.
@Suite("shell completion")
struct CompletionTests {
    /// What bash offers for the last word of `words` (which may be empty), run in `directory`.
    private func complete(_ words: [String], in directory: URL? = nil) throws -> [String] {
        let script = try runCartagena(["--generate-completion-script", "bash"])
        try #require(script.status == 0, "\(script.stderr)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cartagena-completion-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("cartagena.bash")
        try script.stdout.write(to: file, atomically: true, encoding: .utf8)
        let quoted = words.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        let driver = """
            source '\(file.path)'
            COMP_WORDS=(\(quoted))
            COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
            COMP_LINE="${COMP_WORDS[*]}"
            COMP_POINT=${#COMP_LINE}
            COMPREPLY=()
            _cartagena cartagena "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = cartagenaExecutable().deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        let r = try runProcess(URL(fileURLWithPath: "/bin/bash"), ["--noprofile", "--norc", "-c", driver],
                               in: directory ?? repositoryRoot(), environment: env)
        #expect(r.status == 0, "\(r.stderr)")
        return r.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test("--venue offers the embedded programme's venue ids")
    func venuesOfEmbeddedProgramme() throws {
        #expect(try complete(["cartagena", "agenda", "--venue", ""]) == ["bogota-tbc", "cepal", "geneva", "itamaraty", "sre"])
        #expect(try complete(["cartagena", "agenda", "--venue", "it"]) == ["itamaraty"])
    }

    @Test("--venue reads the --plan already typed")
    func venuesOfPlanOnTheLine() throws {
        let words = ["cartagena", "agenda", "--plan", "Tests/CLITests/Fixtures/per-session/mini.yaml", "--venue", ""]
        #expect(try complete(words) == ["sre"])
        // From another folder, the embedded programme is still found (beside the build).
        let elsewhere = FileManager.default.temporaryDirectory
        // A --plan that cannot be read offers nothing, and prints nothing.
        #expect(try complete(["cartagena", "agenda", "--plan", "/nonexistent.yaml", "--venue", ""], in: elsewhere) == [])
        #expect(try complete(["cartagena", "agenda", "--venue", ""], in: elsewhere).contains("cepal"))
    }

    @Test("--lang, --activity, --session and --participant complete from the programme and the list")
    func otherValues() throws {
        #expect(try complete(["cartagena", "feeds", "--lang", ""]) == ["en", "es", "fr", "pt"])
        #expect(try complete(["cartagena", "participants", "--activity", "c1"]) == ["c1-protection"])
        #expect(try complete(["cartagena", "signin", "--session", "ministerial-o"]) == ["ministerial-opening"])
        #expect(try complete(["cartagena", "agenda", "--registrations", "Calendars/sample-registrations.csv", "--participant", "P00"])
                == (1...9).map { "P00\($0)" })
    }

    @Test("file options and the list argument complete file names")
    func files() throws {
        #expect(try complete(["cartagena", "registrations", "check", "Calendars/sample-reg"]) == ["Calendars/sample-registrations.csv"])
        #expect(try complete(["cartagena", "check", "--plan", "Calendars/cartagena40.y"]) == ["Calendars/cartagena40.yaml"])
        #expect(try complete(["cartagena", "check", "--against", "Calendars/holidays/chile"]) == ["Calendars/holidays/chile-2024.ics"])
    }
}
