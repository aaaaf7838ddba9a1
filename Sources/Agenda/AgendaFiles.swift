import Diagnostics
import Foundation

/// A file or folder the agenda and desk documents need that cannot be read (a templates folder
/// that cannot be listed or holds no template, a registration list), with a sentence for the user.
public struct AgendaFileError: Error, CustomStringConvertible, Equatable, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

extension AgendaTemplates {
    /// Reads every `.mustache` file of `directory` (not its subfolders) and checks the set.
    /// - Parameters:
    ///   - reason: a sentence for a folder that cannot be listed (the tool says `No such file or directory`).
    /// - Throws: ``AgendaFileError``; ``DiagnosticError`` for a template that cannot be read or is invalid.
    public static func load(directory dir: String, reason: (any Error) -> String = { "\($0)" }) throws -> AgendaTemplates {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: dir).filter { $0.hasSuffix(".mustache") }.sorted()
        } catch {
            throw AgendaFileError("cannot read the templates folder '\(dir)': \(reason(error))")
        }
        if names.isEmpty {
            throw AgendaFileError("no .mustache templates in '\(dir)'; copy Templates/ from the repository and edit the copy")
        }
        var files: [String: String] = [:]
        for name in names { files[name] = try TextFile.read(URL(fileURLWithPath: dir).appendingPathComponent(name).path) }
        return try AgendaTemplates(files: files, directory: dir)
    }
}
