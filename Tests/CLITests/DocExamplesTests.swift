// The documentation's examples, run.
//
// Every fenced block in README.md, Templates/README.md and Calendars/*.md whose first line starts with `$ ` is an
// example: its `$ ` lines are commands (a line ending in `\` continues on the next one), every
// other line is the output they print. The block runs as one bash script, standard error merged
// into standard output, in a fresh temporary folder holding a copy of `Calendars/` and
// `Templates/` and a link to `Tests/` (so examples may read the test fixtures), with the debug
// build's folder first on PATH (a bare `cartagena` is the one under test), `NO_COLOR=1`, and
// neither `SOURCE_DATE_EPOCH` nor `CI` set. Shell state carries from one `$ ` line to the next,
// so `$ echo $?` prints the exit code of the command before it and `$ cd DIR` moves.
//
// The output must equal the block line by line (trailing spaces ignored, as are blank lines at
// the end), with one elision: a line that is exactly `...` stands for any number of lines,
// none included. Nothing else is elided: a figure, a path or a message that changes fails here.
//
// The `--help` of every command and subcommand exits 0, and the command lines it shows as
// examples run (exit 0, or 1 for findings) in the same kind of folder; the usage synopsis in the
// README names every option of each command, and only options that exist.

import Foundation
import TestSupport
import Testing

/// One example: where it is, the commands, and the lines they should print.
struct DocExample: Sendable, CustomTestStringConvertible {
    var file: String
    var line: Int
    var commands: [String]
    var expected: [String]

    var testDescription: String { "\(file):\(line) \(commands.first ?? "")" }

    /// The whole block as a bash script.
    var script: String { "exec 2>&1\n" + commands.joined(separator: "\n") + "\n" }
}

/// Extracts examples and compares output, with `...` as the only elision.
enum DocExamples {
    /// The files whose examples are run.
    static func documents() -> [String] {
        let root = repositoryRoot()
        let calendars = (try? FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Calendars").path)) ?? []
        return ["README.md", "Templates/README.md"] + calendars.filter { $0.hasSuffix(".md") }.sorted().map { "Calendars/\($0)" }
    }

    static func all() -> [DocExample] {
        documents().flatMap { path -> [DocExample] in
            guard let text = try? String(contentsOf: repositoryRoot().appendingPathComponent(path), encoding: .utf8) else { return [] }
            return extract(text, file: path)
        }
    }

    /// The examples of one Markdown text.
    static func extract(_ text: String, file: String) -> [DocExample] {
        var out: [DocExample] = []
        let lines = text.components(separatedBy: "\n")
        var i = 0
        while i < lines.count {
            let fence = lines[i]
            let indent = fence.prefix { $0 == " " }.count
            guard fence.dropFirst(indent).hasPrefix("```") else { i += 1; continue }
            var body: [String] = []
            var j = i + 1
            while j < lines.count, !lines[j].dropFirst(indent).hasPrefix("```") || lines[j].prefix(indent).contains(where: { $0 != " " }) {
                body.append(String(lines[j].dropFirst(min(indent, lines[j].prefix { $0 == " " }.count))))
                j += 1
            }
            if body.first?.hasPrefix("$ ") == true {
                var commands: [String] = [], expected: [String] = []
                var k = 0
                while k < body.count {
                    if body[k].hasPrefix("$ ") {
                        var command = String(body[k].dropFirst(2))
                        while command.hasSuffix("\\"), k + 1 < body.count { k += 1; command += "\n" + body[k] }
                        commands.append(command)
                    } else {
                        expected.append(body[k])
                    }
                    k += 1
                }
                out.append(DocExample(file: file, line: i + 1, commands: commands, expected: expected))
            }
            i = j + 1
        }
        return out
    }

    /// Whether `actual` matches `expected`, where an expected line `...` matches any run of lines.
    static func matches(_ expected: [String], _ actual: [String]) -> Bool {
        let e = trimmed(expected), a = trimmed(actual)
        // ok[i][j]: e[i...] matches a[j...].
        var ok = Array(repeating: Array(repeating: false, count: a.count + 1), count: e.count + 1)
        ok[e.count][a.count] = true
        for i in stride(from: e.count - 1, through: 0, by: -1) {
            for j in stride(from: a.count, through: 0, by: -1) {
                if e[i] == "..." {
                    ok[i][j] = ok[i + 1][j] || (j < a.count && ok[i][j + 1])
                } else {
                    ok[i][j] = j < a.count && e[i] == a[j] && ok[i + 1][j + 1]
                }
            }
        }
        return ok[0][0]
    }

    /// Lines without trailing spaces, and without blank lines at the end.
    static func trimmed(_ lines: [String]) -> [String] {
        var out = lines.map { String($0.reversed().drop { $0 == " " || $0 == "\t" || $0 == "\r" }.reversed()) }
        while out.last == "" { out.removeLast() }
        return out
    }

    /// A fresh folder like the repository's, for one example.
    static func sandbox() throws -> URL {
        let fm = FileManager.default
        let root = repositoryRoot()
        let dir = fm.temporaryDirectory.appendingPathComponent("cartagena-doc-\(UUID().uuidString)")
        try fm.createDirectory(at: dir, withIntermediateDirectories: true)
        for folder in ["Calendars", "Templates"] {
            try fm.copyItem(at: root.appendingPathComponent(folder), to: dir.appendingPathComponent(folder))
        }
        try fm.createSymbolicLink(at: dir.appendingPathComponent("Tests"), withDestinationURL: root.appendingPathComponent("Tests"))
        return dir
    }

    /// Runs a bash script in `dir` with the build under test first on PATH.
    static func runScript(_ script: String, in dir: URL) throws -> RunResult {
        var env = ProcessInfo.processInfo.environment
        env["PATH"] = cartagenaExecutable().deletingLastPathComponent().path + ":" + (env["PATH"] ?? "/usr/bin:/bin")
        env["NO_COLOR"] = "1"
        env["LC_ALL"] = "C.UTF-8"
        for name in ["SOURCE_DATE_EPOCH", "CI", "COLUMNS", "BASH_ENV", "ENV", "CDPATH"] { env.removeValue(forKey: name) }
        return try runProcess(URL(fileURLWithPath: "/bin/bash"), ["--noprofile", "--norc", "-c", script], in: dir, environment: env)
    }
}

@Suite("documentation examples")
struct DocExamplesTests {
    @Test("the documents have examples to run")
    func examplesFound() {
        let examples = DocExamples.all()
        #expect(examples.count >= 8, "found \(examples.count) examples")
        #expect(examples.contains { $0.file == "README.md" })
    }

    @Test("an example's output as the docs show it", arguments: DocExamples.all())
    func example(_ example: DocExample) throws {
        let dir = try DocExamples.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try DocExamples.runScript(example.script, in: dir)
        let actual = result.stdout.components(separatedBy: "\n")
        if !DocExamples.matches(example.expected, actual) {
            Issue.record("""
                \(example.file):\(example.line): the example's output differs ('...' lines elided in the docs):
                \(unifiedDiff(DocExamples.trimmed(example.expected).joined(separator: "\n"), DocExamples.trimmed(actual).joined(separator: "\n")))
                """)
        }
    }

    @Test("the matcher: '...' stands for any lines, nothing else is elided")
    func matcher() {
        #expect(DocExamples.matches(["a", "...", "d"], ["a", "b", "c", "d"]))
        #expect(DocExamples.matches(["a", "...", "b"], ["a", "b"]))
        #expect(DocExamples.matches(["a  ", ""], ["a", "", ""]))
        #expect(!DocExamples.matches(["a", "...", "d"], ["a", "b", "c", "e"]))
        #expect(!DocExamples.matches(["a", "b"], ["a", "b", "c"]))
        #expect(!DocExamples.matches(["12 feeds"], ["10 feeds"]))
        #expect(!DocExamples.matches(["a …"], ["a b"]))
    }

    @Test("a changed figure in an example fails it")
    func changedFigureFails() throws {
        let doc = """
            text
            ```
            $ echo "12 public feeds"
            12 public feeds
            ```
            ```sh
            make run   # not an example: no '$ '
            ```
            """
        let examples = DocExamples.extract(doc, file: "t.md")
        try #require(examples.count == 1)
        let dir = try DocExamples.sandbox()
        defer { try? FileManager.default.removeItem(at: dir) }
        let out = try DocExamples.runScript(examples[0].script, in: dir).stdout.components(separatedBy: "\n")
        #expect(DocExamples.matches(examples[0].expected, out))
        #expect(!DocExamples.matches(["10 public feeds"], out))
    }
}

/// The command-line help, and the usage synopsis of the README.
@Suite("command-line help")
struct HelpTests {
    /// Every command path (`[]`, `["feeds"]`, `["registrations", "check"]`, ...), from the
    /// SUBCOMMANDS section of each help.
    static func commandPaths() throws -> [[String]] {
        var paths: [[String]] = [], queue: [[String]] = [[]]
        while let path = queue.first {
            queue.removeFirst()
            paths.append(path)
            let help = try runCartagena(path + ["--help"]).stdout
            guard let start = help.range(of: "SUBCOMMANDS:\n") else { continue }
            // `  name    abstract` lines, until the blank line that ends the section.
            for line in help[start.upperBound...].components(separatedBy: "\n") {
                if line.isEmpty { break }
                guard line.hasPrefix("  "), line.dropFirst(2).first?.isLetter == true,
                      let name = line.split(separator: " ").first.map(String.init), name != "help" else { continue }
                queue.append(path + [name])
            }
        }
        return paths
    }

    /// The long options a help lists (`--plan`, `--lang`, ...), without `--help` and `--version`.
    static func options(inHelp help: String) -> Set<String> {
        guard let start = help.range(of: "OPTIONS:\n") else { return [] }
        var out = Set<String>()
        for line in help[start.upperBound...].components(separatedBy: "\n") where line.hasPrefix("  ") && !line.hasPrefix("     ") {
            for m in line.matches(of: /--[a-z][a-z0-9-]*/) { out.insert(String(m.output)) }
        }
        return out.subtracting(["--help", "--version"])
    }

    @Test("every command's --help exits 0 and names its command")
    func everyHelpRuns() throws {
        let paths = try Self.commandPaths()
        #expect(paths.count >= 10, "found \(paths)")
        for path in paths {
            let r = try runCartagena(path + ["--help"])
            #expect(r.status == 0, "cartagena \(path.joined(separator: " ")) --help exited \(r.status): \(r.stderr)")
            #expect(r.stdout.contains("USAGE: cartagena \(path.joined(separator: " "))".trimmingCharacters(in: .whitespaces)))
        }
    }

    /// The command lines a help shows as examples: indented lines starting with `cartagena `,
    /// joined with the next line when they end in `\` or the help wrapped them (the next line
    /// starts at the margin, and its first word would not have fitted in 80 columns).
    static func examples(inHelp help: String) -> [String] {
        func wrapped(_ line: String, _ next: String) -> Bool {
            !next.hasPrefix(" ") && line.count + 1 + (next.split(separator: " ").first?.count ?? 0) > 80
        }
        let lines = help.components(separatedBy: "\n")
        var out: [String] = []
        var i = 0
        while i < lines.count {
            var command = lines[i].trimmingCharacters(in: .whitespaces)
            guard lines[i].hasPrefix(" "), command.hasPrefix("cartagena ") else { i += 1; continue }
            while i + 1 < lines.count, !lines[i + 1].isEmpty,
                  command.hasSuffix("\\") || wrapped(lines[i], lines[i + 1]) {
                if command.hasSuffix("\\") { command.removeLast() }
                i += 1
                command += " " + lines[i].trimmingCharacters(in: .whitespaces)
            }
            out.append(command)
            i += 1
        }
        return out
    }

    /// The files the help examples name as placeholders: a list, a programme (with its holiday
    /// calendars and delegation list beside it), an outside calendar and a secret.
    static let placeholders = """
        cp Calendars/sample-registrations.csv list.csv
        cp Calendars/cartagena40.yaml my.yaml && cp Calendars/delegations.yaml . && cp -r Calendars/holidays .
        cp Calendars/holidays/switzerland-geneva-2024.ics unga-2024.ics
        cartagena secret new > feeds.secret && chmod 600 feeds.secret

        """

    @Test("the examples in every --help run")
    func helpExamplesRun() throws {
        var count = 0
        for path in try Self.commandPaths() {
            let help = try runCartagena(path + ["--help"]).stdout
            for command in Self.examples(inHelp: help) {
                count += 1
                let dir = try DocExamples.sandbox()
                defer { try? FileManager.default.removeItem(at: dir) }
                let r = try DocExamples.runScript(Self.placeholders + command + " > /dev/null", in: dir)
                #expect(r.status == 0 || r.status == 1, "'\(command)' from 'cartagena \(path.joined(separator: " ")) --help' exited \(r.status): \(r.stdout)")
            }
        }
        #expect(count >= 3, "found \(count) examples in the help texts")
    }

    @Test("the README's usage synopsis names every option of each command, and no other")
    func usageSynopsisComplete() throws {
        let readme = try String(contentsOf: repositoryRoot().appendingPathComponent("README.md"), encoding: .utf8)
        let section = try #require(readme.range(of: "## Usage\n"))
        let block = readme[section.upperBound...].split(separator: "```", maxSplits: 2)[1]
        // LIST-OPTIONS: the options of the block after "LIST-OPTIONS, taken by".
        let listSection = try #require(readme.range(of: "LIST-OPTIONS, taken by"))
        let listBlock = readme[listSection.upperBound...].split(separator: "```", maxSplits: 2)[1]
        let listOptions = Set(listBlock.matches(of: /--[a-z][a-z0-9-]*/).map { String($0.output) })
        #expect(listOptions.count >= 4)
        // Synopsis lines per command: `cartagena NAME [NAME]`, continued by indented lines.
        var synopsis: [String: Set<String>] = [:]
        var current = ""
        for line in block.components(separatedBy: "\n") {
            if line.hasPrefix("cartagena ") {
                let words = line.split(separator: " ").dropFirst().prefix { $0.first?.isLowercase == true && $0.allSatisfy { $0.isLowercase || $0 == "-" } }.map(String.init)
                current = words.joined(separator: " ")
            } else if !line.hasPrefix(" ") {
                continue
            }
            let code = line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? line
            for m in code.matches(of: /--[a-z][a-z0-9-]*/) { synopsis[current, default: []].insert(String(m.output)) }
            if code.contains("LIST-OPTIONS") { synopsis[current, default: []].formUnion(listOptions) }
        }
        for path in try Self.commandPaths() where !path.isEmpty {
            let help = try runCartagena(path + ["--help"]).stdout
            if help.contains("SUBCOMMANDS:") { continue }
            let name = path.joined(separator: " ")
            let shown = synopsis[name] ?? []
            let options = Self.options(inHelp: help)
            #expect(options.subtracting(shown).isEmpty, "README's usage of 'cartagena \(name)' leaves out \(options.subtracting(shown).sorted())")
            #expect(shown.subtracting(options).subtracting(["--help"]).isEmpty, "README's usage of 'cartagena \(name)' shows \(shown.subtracting(options).sorted()), which it does not take")
        }
    }
}
