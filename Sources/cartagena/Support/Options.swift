import ArgumentParser
import Diagnostics
import Foundation
import Planner

/// `--plan`, shared by every command that reads a programme.
struct PlanOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Programme file (YAML, or its JSON form).", valueName: "file"), completion: Completion.programmeFile)
    var plan: String?

    /// The programme path: `--plan`, else the embedded Cartagena+40 programme.
    func resolvedPath() throws -> String {
        if let plan { return plan }
        return try EmbeddedData.programmePath()
    }
}

/// `--format text|json`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `--lang`: a language code, or several separated by commas (`es,en`).
struct LanguageOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Language of titles and descriptions (en, es, pt, fr).", valueName: "code"), completion: Completion.ids(.language))
    var lang: String = "en"

    var languages: [String] {
        lang.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }.filter { !$0.isEmpty }
    }

    func validate() throws {
        for l in languages where l.count < 2 || l.count > 8 || !l.allSatisfy({ $0.isLetter || $0 == "-" }) {
            throw ValidationError("\(quoted: l) is not a language code; use en, es, pt or fr")
        }
        if languages.isEmpty { throw ValidationError("--lang needs a language code such as en or es") }
    }
}

/// Where the embedded programme lives: `Calendars/` in the working folder, else next to the
/// checkout the executable was built in.
enum EmbeddedData {
    static let programmeFile = "Calendars/cartagena40.yaml"

    static func programmePath() throws -> String {
        guard let path = locate(programmeFile) else {
            throw CLIError("cannot find the embedded programme '\(programmeFile)'; run from the repository folder or pass --plan FILE")
        }
        return path
    }

    /// A path relative to the repository: as given when it exists from the working folder, else
    /// below the checkout the executable was built in (`.build/<config>/cartagena`), else in
    /// `PREFIX/share/cartagena` beside an installed `PREFIX/bin/cartagena` (`make install`); nil when none.
    static func locate(_ relative: String) -> String? {
        let fm = FileManager.default
        if fm.fileExists(atPath: relative) { return relative }
        let binDir = executableURL().deletingLastPathComponent()
        var dir = binDir
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent(relative).path
            if fm.fileExists(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        let installed = binDir.deletingLastPathComponent().appendingPathComponent("share/cartagena").appendingPathComponent(relative).path
        return fm.fileExists(atPath: installed) ? installed : nil
    }

    /// The running executable, symbolic links resolved: `argv[0]` when it names a path, else the
    /// first match on `PATH` (a shell runs `cartagena` from PATH with a bare `argv[0]`).
    static func executableURL() -> URL {
        let argv0 = CommandLine.arguments[0]
        if argv0.contains("/") { return URL(fileURLWithPath: argv0).resolvingSymlinksInPath() }
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let candidate = URL(fileURLWithPath: String(dir)).appendingPathComponent(argv0)
            if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate.resolvingSymlinksInPath() }
        }
        return URL(fileURLWithPath: argv0)
    }
}

/// A usage-level or I/O error with a sentence for the user (exit code 2).
/// An input the command cannot use, with its code (Calendars/ERRORS.md): exit code 2.
struct CLIError: CodedError {
    var description: String
    var code: String
    init(_ description: String, code: String = "unreadable-file") { (self.description, self.code) = (description, code) }
}
