import Checks
import Agenda
import ArgumentParser
import Diagnostics
import Foundation
import Publishing
import Planner
import Registrations

/// Finds a delegate in a registration list and turns them into an agenda scope.
///
/// Only the participant's name (for the header) and session ids leave this function; their
/// e-mail, delegation, role and rows do not, and error messages name no one else.
enum ParticipantAgenda {
    static func scope(_ id: String, registrations path: String, programme: Programme,
                      options: RegistrationListOptions? = nil) throws -> AgendaScope {
        let participants: [Participant]
        do {
            // The same reader (CSV or workbook), delegation list and row semantics as the other commands.
            participants = try read(path, programme: programme, options: options)
        } catch let error as DiagnosticError {
            Terminal.report(error.diagnostics.filter { $0.severity == .error })
            throw ExitCode(2)
        } catch let error as CLIError {
            Terminal.err(error.line)
            throw ExitCode(2)
        }
        guard let scope = AgendaScope.participant(id, among: participants) else {
            Terminal.err("error: no participant with id \(quoted: id) in '\(path)'; the id is the list's 'id' column, else the e-mail address\n")
            throw ExitCode(2)
        }
        return scope
    }

    /// Streams the list (CSV or workbook) through the registration reader, keeping the participants.
    private static func read(_ path: String, programme: Programme, options: RegistrationListOptions?) throws -> [Participant] {
        let read = try options?.readOptions(file: path, collectParticipants: true) ?? RegistrationOptions(file: path, collectParticipants: true)
        return try RegistrationInput.check(path: path, programme: programme, options: read, sheet: options?.sheet, delegations: false).participants
    }
}
