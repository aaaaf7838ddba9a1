import Foundation

/// Input files read as UTF-8 text, every failure a located finding.
public enum TextFile {
    /// Reads a file as UTF-8 text (without a leading byte-order mark), or throws an
    /// `unreadable-file` finding that names the path, or an `invalid-utf8` one at the first byte
    /// that is not UTF-8.
    public static func read(_ path: String) throws(DiagnosticError) -> String {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read (permissions?)" : "no such file"
            throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)': \(reason)"))
        }
        guard let text = String(validating: data, as: UTF8.self) else {
            let (line, column) = firstInvalidUTF8(data)
            throw DiagnosticError(.error("invalid-utf8", "'\(path)' is not valid UTF-8; save it as UTF-8",
                                         at: SourceLocation(file: path, line: line, column: column)))
        }
        return text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
    }

    /// Line and column (bytes) of the first byte that is not valid UTF-8.
    public static func firstInvalidUTF8(_ data: Data) -> (line: Int, column: Int) {
        let bytes = [UInt8](data)
        var line = 1, lineStart = 0, i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 10 { line += 1; lineStart = i + 1; i += 1; continue }
            let len = b < 0x80 ? 1 : b >> 5 == 0b110 ? 2 : b >> 4 == 0b1110 ? 3 : b >> 3 == 0b11110 ? 4 : 0
            if len == 0 || i + len > bytes.count { return (line, i - lineStart + 1) }
            var prefix = Array(bytes[i..<(i + len)])
            if String(validating: prefix, as: UTF8.self) == nil { return (line, i - lineStart + 1) }
            prefix.removeAll()
            i += len
        }
        return (line, 1)
    }
}
