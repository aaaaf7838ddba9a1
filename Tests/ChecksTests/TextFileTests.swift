import Diagnostics
import Foundation
import Testing

@Suite("input files read as UTF-8")
struct TextFileTests {
    @Test("the first byte that is not UTF-8 is located by line and byte column",
          arguments: [([0x61, 0x62, 0xFF], 1, 3), ([0x61, 0x0A, 0xC3, 0xA9, 0x0A, 0x78, 0x80], 3, 2), ([0xE2, 0x82], 1, 1)])
    func located(_ bytes: [UInt8], _ line: Int, _ column: Int) {
        let found = TextFile.firstInvalidUTF8(Data(bytes))
        #expect(found.line == line && found.column == column)
    }

    @Test("a missing file, a byte-order mark, and bad bytes")
    func read() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("textfile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("none.yaml").path
        #expect(throws: DiagnosticError.self) { try TextFile.read(missing) }
        let bom = dir.appendingPathComponent("bom.yaml")
        try Data([0xEF, 0xBB, 0xBF, 0x61]).write(to: bom)
        #expect(try TextFile.read(bom.path) == "a")
        let bad = dir.appendingPathComponent("bad.yaml")
        try Data([0x61, 0x0A, 0xFF]).write(to: bad)
        do {
            _ = try TextFile.read(bad.path)
            Issue.record("bad bytes were read")
        } catch {
            #expect(error.diagnostics.map(\.code) == ["invalid-utf8"])
            #expect(error.diagnostics.first?.location == SourceLocation(file: bad.path, line: 2, column: 1))
        }
    }
}
