import Foundation

/// Phase timings on standard error when `CARTAGENA_TIMINGS` is set: where a long run spends its
/// time, for profiling (`Benchmarks/`), never part of normal output.
enum Timings {
    nonisolated(unsafe) private static var last = now()
    private static let enabled = getenv("CARTAGENA_TIMINGS") != nil

    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9  // monotonic, without C's `timespec`
    }

    /// Prints the time since the previous mark (from the main thread only).
    static func mark(_ phase: String) {
        guard enabled else { return }
        let t = now()
        // Resident and peak resident memory from /proc (Linux), in MiB.
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func kib(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        Terminal.err(String(format: "timing: %-28@ %6.3f s  rss %4d MiB  peak %4d MiB\n", phase as NSString, t - last,
                            kib("VmRSS:") / 1024, kib("VmHWM:") / 1024))
        last = t
    }
}
