import Foundation
import Testing

/// Compares `actual` with the golden file `name` in the `Golden/` folder beside the calling
/// test file. With `RECORD_GOLDEN=1` it rewrites the file and records an issue, so a recording
/// run never passes.
public func expectGolden(_ actual: String, _ name: String, filePath: String = #filePath,
                         sourceLocation: SourceLocation = #_sourceLocation) {
    let dir = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Golden")
    let url = dir.appendingPathComponent(name)
    if ProcessInfo.processInfo.environment["RECORD_GOLDEN"] == "1" {
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try? Data(actual.utf8).write(to: url)
        Issue.record("recorded golden file \(name); run again without RECORD_GOLDEN", sourceLocation: sourceLocation)
        return
    }
    guard let data = try? Data(contentsOf: url) else {
        Issue.record("missing golden file \(url.path); record it with RECORD_GOLDEN=1", sourceLocation: sourceLocation)
        return
    }
    let expected = String(decoding: data, as: UTF8.self)
    if expected != actual {
        Issue.record("golden file \(name) differs:\n\(unifiedDiff(expected, actual))", sourceLocation: sourceLocation)
    }
}

/// A small line diff for failure messages: lines only in the expected text start with `-`,
/// lines only in the actual text with `+`.
public func unifiedDiff(_ expected: String, _ actual: String) -> String {
    let a = expected.components(separatedBy: "\n"), b = actual.components(separatedBy: "\n")
    // Longest common subsequence table; golden files are small.
    var lcs = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
    for i in stride(from: a.count - 1, through: 0, by: -1) {
        for j in stride(from: b.count - 1, through: 0, by: -1) {
            lcs[i][j] = a[i] == b[j] ? lcs[i + 1][j + 1] + 1 : max(lcs[i + 1][j], lcs[i][j + 1])
        }
    }
    var out: [String] = [], i = 0, j = 0
    while i < a.count || j < b.count {
        if i < a.count, j < b.count, a[i] == b[j] { i += 1; j += 1; continue }
        if j < b.count, i == a.count || lcs[i][j + 1] >= lcs[i + 1][j] { out.append("+\(i + 1): \(b[j])"); j += 1 }
        else { out.append("-\(i + 1): \(a[i])"); i += 1 }
        if out.count > 60 { out.append("…"); break }
    }
    return out.joined(separator: "\n")
}

/// A fresh temporary folder for one test.
public func temporaryDirectory(_ label: String = "test") throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("cartagena-\(label)-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// The repository root (the folder holding Package.swift), found from a test file's path.
public func repositoryRoot(filePath: String = #filePath) -> URL {
    var dir = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while dir.path != "/" {
        if FileManager.default.fileExists(atPath: dir.appendingPathComponent("Package.swift").path) { return dir }
        dir.deleteLastPathComponent()
    }
    return URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
}
