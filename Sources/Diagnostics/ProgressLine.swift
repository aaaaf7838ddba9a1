import Foundation

/// A progress line on standard error, only on a terminal, at most a few times a second.
///
/// Used by `feeds` (personal feeds) and `registrations check` (rows). With a `delay`, nothing is
/// shown for work that ends sooner, and the closing summary only follows a line that was shown.
/// Not thread-safe: update it from one thread at a time (`feeds` updates it from one of its two
/// writing threads only).
public final class ProgressLine: @unchecked Sendable {
    public let total: Int
    public let label: String
    public let enabled: Bool
    /// Seconds before the first line.
    public let delay: Double
    private var last = Date.distantPast
    private let start = Date()
    private var shown = false

    /// - Parameters:
    ///   - total: the amount of work (items; bytes for ``update(bytes:count:)``).
    ///   - label: what is counted, e.g. `personal feeds`.
    ///   - delay: seconds of work before the line appears (0: at once).
    ///   - minimum: below this total no line is shown.
    ///   - terminal: whether standard error is a terminal (by default, asked of the system).
    public init(total: Int, label: String, delay: Double = 0, minimum: Int = 1000, terminal: Bool = isatty(2) == 1) {
        self.total = total
        self.label = label
        self.delay = delay
        enabled = terminal && total > minimum
    }

    /// `label: done/total (p%)`.
    public func update(_ done: Int) {
        guard due() else { return }
        standardError("\r\(label): \(done)/\(total) (\(done * 100 / max(total, 1))%)")
    }

    /// `label: count (p%)`, the share from `bytes` of ``total``: for work whose item count is
    /// known only at the end (the rows of a file).
    public func update(bytes: Int, count: Int) {
        guard due() else { return }
        standardError("\r\(label): \(count) (\(min(bytes, total) * 100 / max(total, 1))%)")
    }

    /// `label: total in s (n/s)`.
    public func finish() { finish(count: total) }

    /// `label: count in s (n/s)`: after a line that was shown, or at once without a delay.
    public func finish(count: Int) {
        guard enabled, shown || delay == 0 else { return }
        let s = Date().timeIntervalSince(start)
        standardError(String(format: "\r\(label): %d in %.1f s (%.0f/s)\n", count, s, Double(count) / max(s, 0.001)))
    }

    private func due() -> Bool {
        guard enabled else { return false }
        let now = Date()
        guard now.timeIntervalSince(last) > 0.2, now.timeIntervalSince(start) >= delay else { return false }
        last = now
        shown = true
        return true
    }
}

/// A ``ProgressLine`` made when the total is first known (the publisher reports `done, total`).
public final class LazyProgressLine: @unchecked Sendable {
    // Updated from one thread only (the publisher's first writer).
    private var progress: ProgressLine?
    private let label: String
    public init(label: String) { self.label = label }
    public func update(_ done: Int, total: Int) {
        if progress == nil { progress = ProgressLine(total: total, label: label) }
        progress?.update(done)
        if done >= total { progress?.finish() }
    }
}

/// A one-line progress report on standard error for a command made of a few long steps
/// (`check`: read the programme, read the registrations, run the checks).
///
/// Only on a terminal, and only once the command has run for ``threshold``: a quick run prints
/// nothing. Each step is announced when it starts (the line is rewritten in place), and
/// ``finish(_:)`` ends the line with a summary and the rate. Nothing goes to standard output, so
/// reports and JSON stay byte for byte the same.
public final class PhaseProgress {
    /// How long a command runs before it reports.
    public static let threshold: Duration = .seconds(1)

    private let label: String
    private let enabled: Bool
    private let clock = ContinuousClock()
    private let start: ContinuousClock.Instant
    private var shown = false

    /// - Parameters:
    ///   - label: the command, at the start of the line (`check`).
    ///   - enabled: whether to report at all; by default, whether standard error is a terminal.
    public init(label: String, enabled: Bool = isatty(2) == 1) {
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
    public func step(_ what: String) {
        guard enabled, elapsed >= Self.threshold else { return }
        shown = true
        standardError("\r\u{1B}[K\(label): \(what)… (\(String(format: "%.1f", seconds)) s)")
    }

    /// Ends the line: `check: 100,000 sessions, 100,000 registrants in 2.1 s (47,619 sessions/s)`.
    /// - Parameters:
    ///   - counts: what was done, as (number, plural noun); the first one gives the rate.
    public func finish(_ counts: [(Int, String)]) {
        guard enabled, shown || elapsed >= Self.threshold else { return }
        standardError(Self.summary(label: label, counts, seconds: seconds))
    }

    /// The closing line of ``finish(_:)`` after `seconds`.
    public static func summary(label: String, _ counts: [(Int, String)], seconds s: Double) -> String {
        let what = counts.map { "\(grouped($0.0)) \($0.1)" }.joined(separator: ", ")
        var line = "\r\u{1B}[K\(label): \(what) in \(String(format: "%.1f", s)) s"
        if let first = counts.first { line += " (\(grouped(Int(Double(first.0) / max(s, 0.001)))) \(first.1)/s)" }
        return line + "\n"
    }

    /// `100000` as `100,000`.
    public static func grouped(_ n: Int) -> String {
        let digits = String(n.magnitude)
        var out = ""
        for (i, c) in digits.enumerated() {
            if i > 0, (digits.count - i) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return (n < 0 ? "-" : "") + out
    }
}

/// Writes to standard error as the command-line tool's `Terminal.err` does.
private func standardError(_ text: String) {
    FileHandle.standardError.write(Data(text.utf8))
}
