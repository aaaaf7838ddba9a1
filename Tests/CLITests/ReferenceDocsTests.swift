// Calendars/FORMAT.md and Calendars/ERRORS.md, checked against the sources at test time so that
// neither can drift.
//
// FORMAT.md's key table is generated from the loaders' own tables: every call
// `mapping(node, "what", allowed: [...], required: [...])` under Sources/ (the programme loader in
// Planner, the delegation list in Registrations). `RECORD_DOCS=1 swift test --filter ReferenceDocs`
// rewrites the table between its two markers (and fails, so a recording run never passes).
//
// ERRORS.md lists each message code once, in the first cell of a row of a table whose first
// column is `code`. The codes in the sources are the kebab-case literals passed as a finding's
// code: `.error("x", ...)`, `.warning("x", ...)`, `.note("x", ...)`, `code: "x"`,
// `finding(..., "x", ...)`, `let code = ... "x" ...`, and a message ending in `[x]`.

import Foundation
import TestSupport
import Testing

/// Every Swift file under Sources/, with its path relative to the repository.
private func sourceFiles() throws -> [(path: String, text: String)] {
    let root = repositoryRoot().appendingPathComponent("Sources")
    var out: [(String, String)] = []
    let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
    while let url = e?.nextObject() as? URL {
        guard url.pathExtension == "swift" else { continue }
        out.append(("Sources/" + String(url.path.dropFirst(root.path.count + 1)), try String(contentsOf: url, encoding: .utf8)))
    }
    return out.sorted { $0.0 < $1.0 }
}

private func document(_ name: String) throws -> String {
    try String(contentsOf: repositoryRoot().appendingPathComponent("Calendars/\(name)"), encoding: .utf8)
}

/// One key table of a loader: the object's name as its messages say it, and its keys.
struct KeyTable: Equatable {
    var object: String
    var required: [String]
    var optional: [String]
}

enum ReferenceDocs {
    static let keysBegin = "<!-- keys: generated from the loaders' key tables; RECORD_DOCS=1 swift test --filter ReferenceDocs rewrites it -->"
    static let keysEnd = "<!-- end of keys -->"

    /// The `allowed:`/`required:` tables of every `mapping(...)` call in the sources, in source order.
    static func keyTables() throws -> [KeyTable] {
        let call = /mapping\(\s*[^,()]+,\s*"([^"]+)",\s*allowed:\s*\[([^\]]*)\](?:,\s*required:\s*\[([^\]]*)\])?/
        func names(_ list: Substring?) -> [String] {
            guard let list else { return [] }
            return list.matches(of: /"([^"]+)"/).map { String($0.output.1) }
        }
        var out: [KeyTable] = []
        // The programme's objects first (Planner, loader then activities), then the delegation list.
        let files = try sourceFiles().sorted { a, b in
            let rank = { (p: String) in p.contains("ProgrammeLoader") ? 0 : p.hasPrefix("Sources/Planner/") ? 1 : 2 }
            return (rank(a.path), a.path) < (rank(b.path), b.path)
        }
        for file in files {
            for m in file.text.matches(of: call) {
                let allowed = names(m.output.2), required = names(m.output.3)
                out.append(KeyTable(object: String(m.output.1), required: required, optional: allowed.filter { !required.contains($0) }))
            }
        }
        return out
    }

    /// The Markdown table FORMAT.md should hold between its markers.
    static func keysMarkdown(_ tables: [KeyTable]) -> String {
        func cell(_ keys: [String]) -> String { keys.isEmpty ? "–" : keys.map { "`\($0)`" }.joined(separator: ", ") }
        var lines = ["| object | required keys | optional keys |", "|---|---|---|"]
        for t in tables {
            lines.append("| \(t.object.replacingOccurrences(of: "'", with: "`")) | \(cell(t.required)) | \(cell(t.optional)) |")
        }
        return lines.joined(separator: "\n")
    }

    /// The codes findings are made with in the sources, each with the first file that uses it.
    static func sourceCodes() throws -> [String: String] {
        let code = #"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"#
        let patterns = [
            #"\b(?:error|warning|note)\(\s*""# + code + #"""#,
            #"\bcode:\s*(?:String\s*=\s*)?""# + code + #"""#,
            #"\bfinding\((?:[^,()"]*,\s*)?""# + code + #"""#,
            #"\[([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\]""#,
        ].map { try! Regex($0) }
        var out: [String: String] = [:]
        for file in try sourceFiles() {
            // `let code = cond ? "outside-event" : "holiday"`: every literal of the line.
            for line in file.text.split(separator: "\n") where line.contains(/\b(?:let|var)\s+code\s*=[^"]*\?\s*"/) {
                for m in line.matches(of: /"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"/) where out[String(m.output.1)] == nil {
                    out[String(m.output.1)] = file.path
                }
            }
            for p in patterns {
                for m in file.text.matches(of: p) {
                    guard let c = m.output[1].substring.map(String.init) else { continue }
                    if out[c] == nil { out[c] = file.path }
                }
            }
        }
        return out
    }

    /// Every string literal in the sources that looks like a code.
    static func sourceLiterals() throws -> Set<String> {
        var out = Set<String>()
        for file in try sourceFiles() {
            for m in file.text.matches(of: /"([a-z][a-z0-9]*(?:-[a-z0-9]+)*)"/) { out.insert(String(m.output.1)) }
            for m in file.text.matches(of: /\[([a-z][a-z0-9]*(?:-[a-z0-9]+)+)\]/) { out.insert(String(m.output.1)) }
        }
        return out
    }

    /// The codes ERRORS.md lists: the backquoted words in the first cell of each row of a table
    /// whose first header is `code`, with how many times each is listed.
    static func listedCodes(_ text: String) -> [String: Int] {
        var out: [String: Int] = [:]
        var inCodeTable = false
        for line in text.components(separatedBy: "\n") {
            guard line.hasPrefix("|") else { inCodeTable = false; continue }
            let cells = line.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count > 2 else { continue }
            if cells[1] == "code" { inCodeTable = true; continue }
            guard inCodeTable, !cells[1].hasPrefix("---") else { continue }
            for m in cells[1].matches(of: /`([a-z][a-z0-9-]*)`/) { out[String(m.output.1), default: 0] += 1 }
        }
        return out
    }
}

@Suite("reference documents")
struct ReferenceDocsTests {
    @Test("FORMAT.md's key table is the loaders' own")
    func formatKeys() throws {
        let tables = try ReferenceDocs.keyTables()
        // A loader rewritten so that the tables are no longer found must fail here, not pass empty.
        #expect(tables.count >= 12, "found \(tables.count) key tables in Sources/")
        for object in ["a venue", "a session", "an activity", "a delegation"] {
            #expect(tables.contains { $0.object == object }, "no key table for \(object)")
        }
        let generated = ReferenceDocs.keysMarkdown(tables)
        let url = repositoryRoot().appendingPathComponent("Calendars/FORMAT.md")
        let text = try document("FORMAT.md")
        let begin = try #require(text.range(of: ReferenceDocs.keysBegin), "FORMAT.md has no key-table marker")
        let end = try #require(text.range(of: ReferenceDocs.keysEnd, range: begin.upperBound..<text.endIndex))
        let current = text[begin.upperBound..<end.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines)
        if current != generated {
            if ProcessInfo.processInfo.environment["RECORD_DOCS"] == "1" {
                try (text[..<begin.upperBound] + "\n" + generated + "\n" + text[end.lowerBound...]).write(to: url, atomically: true, encoding: .utf8)
                Issue.record("rewrote the key table of FORMAT.md; run again without RECORD_DOCS")
            } else {
                Issue.record("FORMAT.md's key table differs from the loaders' (RECORD_DOCS=1 rewrites it):\n\(unifiedDiff(current, generated))")
            }
        }
    }

    @Test("the generated table says required and optional apart")
    func keyTableShape() {
        let md = ReferenceDocs.keysMarkdown([KeyTable(object: "a room", required: ["id"], optional: ["name", "capacity"]),
                                             KeyTable(object: "'geo'", required: ["lat", "lon"], optional: [])])
        #expect(md.contains("| a room | `id` | `name`, `capacity` |"))
        #expect(md.contains("| `geo` | `lat`, `lon` | – |"))
    }

    @Test("every code in the sources is listed in ERRORS.md once, and ERRORS.md lists no other")
    func errorCodes() throws {
        let inSources = try ReferenceDocs.sourceCodes()
        let literals = try ReferenceDocs.sourceLiterals()
        let listed = ReferenceDocs.listedCodes(try document("ERRORS.md"))
        #expect(inSources.count >= 60, "found \(inSources.count) codes in Sources/")
        for (code, file) in inSources.sorted(by: { $0.key < $1.key }) where listed[code] == nil {
            Issue.record("code '\(code)' (\(file)) is not listed in Calendars/ERRORS.md")
        }
        for (code, count) in listed.sorted(by: { $0.key < $1.key }) {
            let used = literals.contains(code)
            #expect(used, "Calendars/ERRORS.md lists '\(code)', which no source uses")
            #expect(count == 1, "Calendars/ERRORS.md lists '\(code)' \(count) times")
        }
    }

    @Test("the code scan finds each way a finding is made")
    func codeScan() throws {
        let codes = try ReferenceDocs.sourceCodes()
        // One of each form: Diagnostic.error, doc.error, code: argument, finding(...), default code.
        for code in ["unreadable-file", "unknown-key", "over-quota", "invalid-email", "missing-translation", "holiday"] {
            #expect(codes[code] != nil, "the scan misses '\(code)'")
        }
        let listed = ReferenceDocs.listedCodes("""
            | code | meaning |
            |---|---|
            | `a-b`, `c` | x `not-this` |

            | target | x |
            |---|---|
            | `programme` | y |
            """)
        #expect(listed == ["a-b": 1, "c": 1])
    }
}
