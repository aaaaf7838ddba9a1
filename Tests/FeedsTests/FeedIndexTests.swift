import Diagnostics
import Feeds
import Foundation
import Testing

@Suite("the personal-feed index")
struct FeedIndexTests {
    /// What the index was written with before it was written directly, with an empty list as
    /// `[]` as every JSON report of the tool writes it (``JSONBytes/compactingEmpty(_:)``).
    private func encoderJSON(_ rows: [FeedIndex.Row]) throws -> String {
        struct Index: Codable { var feeds: [FeedIndex.Row] }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return JSONBytes.compactingEmpty(String(decoding: try encoder.encode(Index(feeds: rows)), as: UTF8.self)) + "\n"
    }

    @Test("index.json has the bytes JSONEncoder writes, escapes included", arguments: [0, 1, 3])
    func sameBytesAsJSONEncoder(count: Int) throws {
        let tricky = ["P1", "maría.pérez@mex.example.org", "quote \" and \\ backslash", "tab\there\nline\r\u{01}\u{1F}\u{08}\u{0C}",
                      "https://example.org/c40/people/abc.ics", "webcal://example.org/c40", "", "emoji 🇨🇱 and \u{2028}"]
        let rows = (0..<count).map { i in
            FeedIndex.Row(participant: tricky[i % tricky.count], email: tricky[(i + 1) % tricky.count], delegation: tricky[(i + 2) % tricky.count],
                          file: tricky[(i + 3) % tricky.count], https: tricky[(i + 4) % tricky.count], webcal: tricky[(i + 5) % tricky.count],
                          events: i * 7)
        } + (count == 3 ? tricky.indices.map { i in
            FeedIndex.Row(participant: tricky[i], email: tricky[i], delegation: tricky[i], file: tricky[i], https: tricky[i], webcal: tricky[i], events: i)
        } : [])
        #expect(FeedIndex.json(rows) == (try encoderJSON(rows)))
        if count == 0 { #expect(FeedIndex.json(rows) == "{\n  \"feeds\" : []\n}\n") }
    }
}
