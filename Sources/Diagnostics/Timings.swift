import Foundation

/// Phase timings on standard error when `CARTAGENA_TIMINGS` is set: where a long run spends its
/// time, for profiling (`Benchmarks/`), never part of normal output.
public enum Timings {
    nonisolated(unsafe) private static var last = now()
    private static let enabled = getenv("CARTAGENA_TIMINGS") != nil

    private static func now() -> Double {
        Double(DispatchTime.now().uptimeNanoseconds) / 1e9  // monotonic, without C's `timespec`
    }

    /// Prints the time since the previous mark (from the main thread only).
    public static func mark(_ phase: String) {
        guard enabled else { return }
        let t = now()
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        FileHandle.standardError.write(Data(line(phase, seconds: t - last, procStatus: status).utf8))
        last = t
    }

    /// `timing: <phase> <s> s  rss <MiB> MiB  peak <MiB> MiB`: resident and peak resident memory
    /// from the text of `/proc/self/status` (Linux; 0 where it has no such line).
    public static func line(_ phase: String, seconds: Double, procStatus status: String) -> String {
        func kib(_ key: String) -> Int {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key) }) else { return 0 }
            return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
        }
        return String(format: "timing: %-28@ %6.3f s  rss %4d MiB  peak %4d MiB\n", phase as NSString, seconds,
                      kib("VmRSS:") / 1024, kib("VmHWM:") / 1024)
    }
}
