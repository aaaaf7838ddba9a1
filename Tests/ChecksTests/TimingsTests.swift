import Diagnostics
import Testing

@Suite("phase timings (CARTAGENA_TIMINGS)")
struct TimingsTests {
    @Test("a timing line gives the phase, the seconds and the memory of /proc/self/status in MiB")
    func line() {
        let status = "Name:\tcartagena\nVmHWM:\t  409600 kB\nVmRSS:\t  204800 kB\n"
        let line = Timings.line("checked", seconds: 1.5, procStatus: status)
        #expect(line.hasPrefix("timing: checked "))
        #expect(line.hasSuffix(" 1.500 s  rss  200 MiB  peak  400 MiB\n"))
        #expect(Timings.line("start", seconds: 0, procStatus: "").hasSuffix("rss    0 MiB  peak    0 MiB\n"))
    }
}
