import Diagnostics
import Testing

@Suite("progress lines on standard error")
struct ProgressLineTests {
    @Test("a progress line shows only on a terminal and above its minimum")
    func enabled() {
        #expect(ProgressLine(total: 5000, label: "rows", terminal: true).enabled)
        #expect(!ProgressLine(total: 5000, label: "rows", terminal: false).enabled)
        #expect(!ProgressLine(total: 1000, label: "rows", terminal: true).enabled)
        #expect(ProgressLine(total: 1, label: "rows", minimum: 0, terminal: true).enabled)
    }

    @Test("counts are grouped by thousands", arguments: [(0, "0"), (999, "999"), (1000, "1,000"), (100_000, "100,000"), (-1_234_567, "-1,234,567")])
    func grouped(_ n: Int, _ expected: String) {
        #expect(PhaseProgress.grouped(n) == expected)
    }

    @Test("the closing line gives the counts and the rate of the first")
    func summary() {
        let line = PhaseProgress.summary(label: "check", [(100_000, "sessions"), (2500, "registrants")], seconds: 2)
        #expect(line == "\r\u{1B}[Kcheck: 100,000 sessions, 2,500 registrants in 2.0 s (50,000 sessions/s)\n")
    }

}
