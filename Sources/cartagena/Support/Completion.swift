import ArgumentParser
import Checks
import Foundation
import ICalendar
import Planner
import Registrations

/// Shell completion of values that come from the programme in use: `--plan FILE` when the words
/// typed so far give one, else the embedded programme. The ids come from
/// ``Programme/ids(of:)``; this only finds and reads the files. Anything that cannot be read
/// completes to nothing (completion never prints an error).
enum Completion {
    /// Files of a programme (YAML or its JSON form).
    static let programmeFile = CompletionKind.file(extensions: ["yaml", "yml", "json"])
    /// Registration lists: CSV or Excel workbooks.
    static let listFile = CompletionKind.file(extensions: ["csv", "txt", "tsv", "xlsx"])

    /// The ids of `kind` in the programme of the command line being completed.
    static func ids(_ kind: ProgrammeIDKind) -> CompletionKind {
        .custom { words, _, prefix in
            guard let programme = programme(words) else { return [] }
            return programme.ids(of: kind).filter { $0.hasPrefix(prefix) }
        }
    }

    /// The participant ids of the `--registrations` list on the command line being completed.
    static let participants = CompletionKind.custom { words, _, prefix in
        guard let path = value(of: "--registrations", in: words), let programme = programme(words),
              let result = try? RegistrationInput.check(path: path, programme: programme,
                                                        options: RegistrationOptions(file: path, collectParticipants: true),
                                                        delegations: false) else { return [] }
        var seen = Set<String>()
        return result.participants.map(\.id).filter { $0.hasPrefix(prefix) && seen.insert($0).inserted }
    }

    /// The programme named by `--plan` in `words`, else the embedded one; nil when it cannot be read.
    static func programme(_ words: [String]) -> Programme? {
        guard let path = value(of: "--plan", in: words) ?? EmbeddedData.locate(EmbeddedData.programmeFile),
              let text = try? Input.text(at: path) else { return nil }
        return try? ProgrammeLoader(zones: SystemZones()).load(text: text, path: path).programme
    }

    /// The value of a long option among the words typed so far (`--plan FILE` or `--plan=FILE`),
    /// the last one when given twice; a leading `~/` is the home folder, as the shell would expand it.
    static func value(of option: String, in words: [String]) -> String? {
        var found: String?
        for (i, word) in words.enumerated() {
            if word == option, i + 1 < words.count { found = words[i + 1] }
            else if word.hasPrefix(option + "=") { found = String(word.dropFirst(option.count + 1)) }
        }
        guard var path = found, !path.isEmpty else { return nil }
        if path.hasPrefix("~/") { path = NSHomeDirectory() + path.dropFirst() }
        return path
    }
}
