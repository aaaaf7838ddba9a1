import Foundation

/// A progress line on standard error, only on a terminal, at most a few times a second.
///
/// Used by `feeds` (personal feeds) and `registrations check` (rows). With a `delay`, nothing is
/// shown for work that ends sooner, and the closing summary only follows a line that was shown.
/// Not thread-safe: update it from one thread at a time (`feeds` updates it from one of its two
/// writing threads only).
final class Progress: @unchecked Sendable {
    let total: Int
    let label: String
    let enabled: Bool
    /// Seconds before the first line.
    let delay: Double
    private var last = Date.distantPast
    private let start = Date()
    private var shown = false

    /// - Parameters:
    ///   - total: the amount of work (items; bytes for ``update(bytes:count:)``).
    ///   - label: what is counted, e.g. `personal feeds`.
    ///   - delay: seconds of work before the line appears (0: at once).
    ///   - minimum: below this total no line is shown.
    init(total: Int, label: String, delay: Double = 0, minimum: Int = 1000) {
        self.total = total
        self.label = label
        self.delay = delay
        enabled = isatty(2) == 1 && total > minimum
    }

    /// `label: done/total (p%)`.
    func update(_ done: Int) {
        guard due() else { return }
        Terminal.err("\r\(label): \(done)/\(total) (\(done * 100 / max(total, 1))%)")
    }

    /// `label: count (p%)`, the share from `bytes` of ``total``: for work whose item count is
    /// known only at the end (the rows of a file).
    func update(bytes: Int, count: Int) {
        guard due() else { return }
        Terminal.err("\r\(label): \(count) (\(min(bytes, total) * 100 / max(total, 1))%)")
    }

    /// `label: total in s (n/s)`.
    func finish() { finish(count: total) }

    /// `label: count in s (n/s)`: after a line that was shown, or at once without a delay.
    func finish(count: Int) {
        guard enabled, shown || delay == 0 else { return }
        let s = Date().timeIntervalSince(start)
        Terminal.err(String(format: "\r\(label): %d in %.1f s (%.0f/s)\n", count, s, Double(count) / max(s, 0.001)))
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
