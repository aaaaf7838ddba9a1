import Diagnostics
import Testing

@Suite("findings as JSON")
struct DiagnosticJSONTests {
    @Test("the direct writer gives JSONEncoder's bytes: places or none, notes, subjects, escapes, summaries",
          arguments: [0, 1, 2, 7])
    func sameAsEncoder(count: Int) {
        let texts = ["room 'A' is booked twice", "quote \" and \\ backslash / slash", "tab\there\nline\r\u{01}\u{1F}\u{08}\u{0C}",
                     "émoji 🇨🇱 \u{2028}", ""]
        let ds = (0..<count).map { i in
            Diagnostic([.error, .warning, .note][i % 3], code: ["room-overlap", "z-last", "a-first"][i % 3], texts[i % texts.count],
                       at: i % 4 == 3 ? nil : Diagnostics.SourceLocation(file: texts[(i + 1) % texts.count] + ".yaml", line: i * 1000, column: i),
                       subjects: Array(texts.prefix(i % 3)), notes: Array(texts.suffix(i % 2)))
        }
        for extra in [[:], ["sessions": 100_000, "people": 7, "calendars": 0]] {
            #expect(DiagnosticRenderer.json(ds, extraSummary: extra) == DiagnosticRenderer.encoderJSON(ds, extraSummary: extra))
        }
    }
}
