import ArgumentParser
import Diagnostics
import Foundation
import ICalendar
import Planner
import Publishing

/// Reads input files, turning every failure into located findings and exit code 2.
enum Input {
    /// Reads a file as UTF-8 text, or throws a finding that names the path.
    static func text(at path: String) throws(DiagnosticError) -> String {
        let url = URL(fileURLWithPath: path)
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read (permissions?)" : "no such file"
            throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)': \(reason)"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(data)
            throw DiagnosticError(.error("invalid-utf8", "'\(path)' is not valid UTF-8; save it as UTF-8",
                                         at: SourceLocation(file: path, line: line, column: column)))
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Line and column (bytes) of the first byte that is not valid UTF-8.
    static func firstInvalidUTF8(_ data: Data) -> (Int, Int) {
        let bytes = [UInt8](data)
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 10 { line += 1; lineStart = i + 1; i += 1; continue }
            let len = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if len == 0 || i + len > bytes.count { return (line, i - lineStart + 1) }
            var prefix = Array(bytes[i..<(i + len)])
            if String(validating: prefix, as: UTF8.self) == nil { return (line, i - lineStart + 1) }
            prefix.removeAll()
            i += len
        }
        return (line, 1)
    }

    /// Loads and validates a programme; errors are printed and end the command with exit code 2.
    static func programme(_ options: PlanOptions) throws -> ProgrammeLoader.Result {
        try orExit {
            let path = try options.resolvedPath()
            return try ProgrammeLoader(zones: SystemZones()).load(text: text(at: path), path: path)
        }
    }

    /// Runs `body`; input that cannot be read (``DiagnosticError``) or an output that cannot be
    /// written (``CLIError``) is printed and ends the command with exit code 2.
    static func orExit<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as DiagnosticError {
            Terminal.report(error.diagnostics)
            throw ExitCode(2)
        } catch let error as CLIError {
            Terminal.err(error.line)
            throw ExitCode(2)
        } catch let error as PublishError {
            Terminal.err(error.line)
            throw ExitCode(2)
        }
    }
}
