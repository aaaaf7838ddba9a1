import Diagnostics
import Foundation
import Registrations

/// A file or folder the agenda and desk documents need that cannot be read (a templates folder
/// that cannot be listed or holds no template, a registration list), with a sentence for the user.
public struct AgendaFileError: CodedError, Equatable, Sendable {
    public var description: String
    public var code: String { "unreadable-file" }
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

extension DeskColumns {
    /// A second pass over the registration list at `path` for the columns the checks do not
    /// read, in chunks of `chunkSize` bytes through the same ``CSVReader``.
    /// - Parameters:
    ///   - reason: a sentence for a read that fails (the tool says `Is a directory`).
    /// - Throws: ``AgendaFileError`` for a file that cannot be opened or read; the reader's errors.
    public static func read(_ path: String, chunkSize: Int, reason: (any Error) -> String = { "\($0)" }) throws -> DeskColumns {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw AgendaFileError("cannot read '\(path)': no such file or no permission")
        }
        defer { try? handle.close() }
        var reader = CSVReader(file: path)
        var columns = DeskColumns()
        while true {
            let chunk: Data?
            do { chunk = try handle.read(upToCount: chunkSize) } catch { throw AgendaFileError("cannot read '\(path)': \(reason(error))") }
            guard let chunk, !chunk.isEmpty else { break }
            try reader.feed(chunk) { columns.add($0) }
        }
        try reader.finish { columns.add($0) }
        return columns
    }
}
