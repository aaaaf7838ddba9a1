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

/// Settings taken from the environment once and passed down as values.
enum Clock {
    /// `SOURCE_DATE_EPOCH` as seconds, when set and valid.
    static func sourceDateEpoch() throws -> Int64? {
        guard let raw = ProcessInfo.processInfo.environment["SOURCE_DATE_EPOCH"], !raw.isEmpty else { return nil }
        guard let v = Int64(raw), v >= 0 else {
            throw CLIError("SOURCE_DATE_EPOCH is \(quoted: raw); it must be a whole number of seconds since 1970 (or unset)", code: "invalid-value")
        }
        return v
    }
}
