import Agenda
import ArgumentParser
import Diagnostics
import Foundation
import ICalendar
import Planner
import Publishing
import Registrations

/// Options shared by `participants`, `badges` and `signin`.
struct DeskInputOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The registration list (CSV or .xlsx).", valueName: "file.csv"), completion: Completion.listFile)
    var registrations: String

    @Option(name: .long, help: ArgumentHelp("Private folder for the documents (created 0700, files 0600).", valueName: "dir"), completion: .directory)
    var out: String = DeskOutput.defaultFolder

    @Option(name: .long, help: ArgumentHelp("Folder of Mustache templates replacing Templates/.", valueName: "dir"), completion: .directory)
    var templates: String?
}

/// Reads what the desk documents need: the programme's delegation list and the registrants,
/// with the `title`, `job title` and `organisation` columns when the list has them.
enum DeskInput {
    static func builder(_ plan: PlanOptions, _ options: DeskInputOptions) throws -> DeskBuilder {
        let loaded = try Input.programme(plan)
        let programme = loaded.programme
        return try Input.orExit {
            let delegations = try RegistrationInput.delegations(for: programme) ?? DelegationList([])
            let (participants, diagnostics) = try RegistrationInput.participants(path: options.registrations, programme: programme)
            let errors = diagnostics.count { $0.severity == .error }
            if errors > 0 {
                Terminal.report([.warning("registration-findings",
                                          "the registration list '\(options.registrations)' has \(errors) error\(errors == 1 ? "" : "s"); the documents list everyone read; "
                                          + "run 'cartagena registrations check \(options.registrations)' to fix them")])
            }
            let columns = try DeskColumns.read(options.registrations, chunkSize: RegistrationInput.chunkSize, reason: StagedOutput.reason)
            let people = participants.map { DeskPerson($0, extra: columns.extra(for: $0)) }
            return DeskBuilder(programme: programme, zones: SystemZones(), delegations: delegations, people: people)
        }
    }
}

/// Writes desk documents into a private folder (``PrivateFolder``) and names it.
enum DeskOutput {
    static let defaultFolder = PrivateFolder.deskDefault

    static func write(_ files: [(name: String, text: String)], to folder: String, programme: Programme) throws {
        try write(bytes: files.map { ($0.name, Array($0.text.utf8)) }, to: folder, programme: programme)
    }

    static func write(bytes files: [(name: String, bytes: [UInt8])], to folder: String, programme: Programme) throws {
        try Input.orExit { try PrivateFolder.write(files, to: folder, programme: programme) }
        Terminal.out("wrote \(files.map(\.name).joined(separator: ", "))\n")
        Terminal.out("private folder (personal data, do not publish): \(folder)\n")
    }
}
