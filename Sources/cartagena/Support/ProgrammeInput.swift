import Agenda
import ArgumentParser
import Diagnostics
import Foundation
import ICalendar
import Planner
import Publishing

/// Reads input files, turning every failure into located findings and exit code 2.
enum Input {
    /// Reads a file as UTF-8 text, or throws a finding that names the path (``TextFile/read(_:)``).
    static func text(at path: String) throws(DiagnosticError) -> String { try TextFile.read(path) }

    /// Loads and validates a programme; errors are printed and end the command with exit code 2.
    static func programme(_ options: PlanOptions) throws -> ProgrammeLoader.Result {
        try orExit {
            let path = try options.resolvedPath()
            return try ProgrammeLoader(zones: SystemZones()).load(text: text(at: path), path: path)
        }
    }

    /// Runs `body`; input that cannot be read (``DiagnosticError``) or an output that cannot be
    /// written (``CLIError``, ``PublishError``, a templates folder) is printed and ends the command with exit code 2.
    static func orExit<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DiagnosticError {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        } catch let error as any CodedError {
            Terminal.err(error.line)
            throw ExitCode(2)
        }
    }
}
