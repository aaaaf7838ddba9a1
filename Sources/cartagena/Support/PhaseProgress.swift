import Foundation

/// A one-line progress report on standard error for a command made of a few long steps
/// (`check`: read the programme, read the registrations, run the checks).
///
/// Only on a terminal, and only once the command has run for ``threshold``: a quick run prints
/// nothing. Each step is announced when it starts (the line is rewritten in place), and
/// ``finish(_:)`` ends the line with a summary and the rate. Nothing goes to standard output, so
/// reports and JSON stay byte for byte the same.
final class PhaseProgress {
    /// How long a command runs before it reports.
    static let threshold: Duration = .seconds(1)

    private let label: String
    private let enabled: Bool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var shown = false

    /// - Parameters:
    ///   - label: the command, at the start of the line (`check`).
    ///   - enabled: whether to report at all; by default, whether standard error is a terminal.
    init(label: String, enabled: Bool = isatty(2) == 1) {
        self.label = label
        self.enabled = enabled
        start = clock.now
    }

    private var elapsed: Duration { clock.now - start }

    private var seconds: Double {
        let c = elapsed.components
        return Double(c.seconds) + Double(c.attoseconds) / 1e18
    }

    /// Announces the step now starting, once the command has run past the threshold.
    func step(_ what: String) {
        guard enabled, elapsed >= Self.threshold else { return }
        shown = true
        Terminal.err("\r\u{1B}[K\(label): \(what)… (\(String(format: "%.1f", seconds)) s)")
    }

    /// Ends the line: `check: 100,000 sessions, 100,000 registrants in 2.1 s (47,619 sessions/s)`.
    /// - Parameters:
    ///   - counts: what was done, as (number, plural noun); the first one gives the rate.
    func finish(_ counts: [(Int, String)]) {
        guard enabled, shown || elapsed >= Self.threshold else { return }
        let s = seconds
        let what = counts.map { "\(grouped($0.0)) \($0.1)" }.joined(separator: ", ")
        var line = "\r\u{1B}[K\(label): \(what) in \(String(format: "%.1f", s)) s"
        if let first = counts.first { line += " (\(grouped(Int(Double(first.0) / max(s, 0.001)))) \(first.1)/s)" }
        Terminal.err(line + "\n")
    }

    /// `100000` as `100,000`.
    private func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}
