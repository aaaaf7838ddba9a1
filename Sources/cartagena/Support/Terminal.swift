import Diagnostics
import Foundation

/// Standard streams and colour, decided once at the edge.
enum Terminal {
    /// Colour only on a terminal and never with `NO_COLOR`.
    static func colour(for fd: Int32) -> Bool {
        guard isatty(fd) == 1 else { return false }
        if let v = ProcessInfo.processInfo.environment["NO_COLOR"], !v.isEmpty { return false }
        return ProcessInfo.processInfo.environment["TERM"] != "dumb"
    }

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    static func err(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }

    /// Prints findings to standard error, compiler style.
    static func report(_ diagnostics: [Diagnostic]) {
        guard !diagnostics.isEmpty else { return }
        err(DiagnosticRenderer.text(diagnostics, colour: colour(for: 2)))
    }
}
