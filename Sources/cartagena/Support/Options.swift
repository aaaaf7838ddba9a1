import ArgumentParser
import Diagnostics
import Foundation

/// `--plan`, shared by every command that reads a programme.
struct PlanOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Programme file (YAML).", valueName: "file"))
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
    @Option(name: .long, help: ArgumentHelp("Language of titles and descriptions (en, es, pt, fr).", valueName: "code"))
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
    /// below the checkout the executable was built in (`.build/<config>/cartagena`); nil when neither.
    static func locate(_ relative: String) -> String? {
        let fm = FileManager.default
        if fm.fileExists(atPath: relative) { return relative }
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<6 {
            let candidate = dir.appendingPathComponent(relative).path
            if fm.fileExists(atPath: candidate) { return candidate }
            dir.deleteLastPathComponent()
        }
        return nil
    }
}

/// A usage-level or I/O error with a sentence for the user (exit code 2).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
