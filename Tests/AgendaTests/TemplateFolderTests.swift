import Agenda
import Diagnostics
import Foundation
import TestSupport
import Testing

@Suite("the templates folder")
struct TemplateFolderTests {
    @Test("the repository's Templates/ folder loads, every .mustache file of it")
    func repository() throws {
        let set = try AgendaTemplates.load(directory: repositoryRoot().appendingPathComponent("Templates").path)
        #expect(try set.names == templateFiles().keys.map { String($0.dropLast(".mustache".count)) }.sorted())
        #expect(set.diagnostics.filter { $0.severity == .error }.isEmpty)
    }

    @Test("a folder that cannot be listed, one without templates, and a template that is not UTF-8")
    func failures() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let missing = dir.appendingPathComponent("none").path
        #expect(throws: AgendaFileError("cannot read the templates folder '\(missing)': gone")) {
            try AgendaTemplates.load(directory: missing, reason: { _ in "gone" })
        }
        try "x".write(to: dir.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(throws: AgendaFileError("no .mustache templates in '\(dir.path)'; copy Templates/ from the repository and edit the copy")) {
            try AgendaTemplates.load(directory: dir.path)
        }
        try Data([0x61, 0xFF]).write(to: dir.appendingPathComponent("text.mustache"))
        do {
            _ = try AgendaTemplates.load(directory: dir.path)
            Issue.record("a template that is not UTF-8 was read")
        } catch let error as DiagnosticError {
            #expect(error.diagnostics.map(\.code) == ["invalid-utf8"])
        }
    }
}
