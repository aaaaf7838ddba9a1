import Diagnostics
import Foundation
@testable import Planner
import Testing

/// The direct YAML reader against Yams: whatever it reads, it reads into exactly the tree Yams
/// composes (every text, line and column), and whatever Yams refuses, it leaves to Yams.
@Suite("YAML direct reader")
struct YAMLDirectReaderTests {
    /// The repository's root, from this file's place.
    private static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Every YAML file of the repository: the embedded programme, fixtures, fuzz seeds.
    private static func corpus() -> [(String, String)] {
        var out: [(String, String)] = []
        for folder in ["Calendars", "Tests"] {
            guard let walk = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil) else { continue }
            for case let url as URL in walk where url.pathExtension == "yaml" {
                guard let data = try? Data(contentsOf: url), let text = String(data: data, encoding: .utf8) else { continue }
                out.append((url.path.replacingOccurrences(of: root.path + "/", with: ""), text))
            }
        }
        return out.sorted { $0.0 < $1.0 }
    }

    /// The tree as text: kind, place, oversize and value of every node.
    private static func dump(_ node: ProgrammeNode, into out: inout String) {
        out += "\(node.line):\(node.column)"
        if node.oversize > 0 { out += "+\(node.oversize)" }
        switch node.content {
        case .scalar(let s): out += "'\(s.debugDescription)' "
        case .sequence(let items):
            out += "[ "
            for item in items { dump(item, into: &out) }
            out += "] "
        case .mapping(let pairs):
            out += "{ "
            for pair in pairs {
                dump(pair.key, into: &out)
                out += ": "
                dump(pair.value, into: &out)
            }
            out += "} "
        }
    }

    private static func dump(_ node: ProgrammeNode) -> String {
        var s = ""
        dump(node, into: &s)
        return s
    }

    /// nil when the direct reader leaves `text` to Yams; else whether both trees are the same
    /// (and Yams reads it at all).
    private static func agrees(_ text: String) -> Bool? {
        guard YAMLPrescan.check(text, file: "t.yaml") == nil, let direct = YAMLDirectReader.read(text) else { return nil }
        guard let yams = try? YAMLReader.composed(text, file: "t.yaml") else { return false }
        return dump(direct) == dump(yams)
    }

    @Test("every YAML file of the repository gives Yams' tree, and the programmes are read directly")
    func repositoryFiles() {
        let files = Self.corpus()
        #expect(files.count > 20)
        var direct = 0
        for (path, text) in files {
            guard let same = Self.agrees(text) else { continue }
            direct += 1
            #expect(same, "\(path)")
        }
        #expect(direct * 10 >= files.count * 7, "only \(direct) of \(files.count) read directly")
        for path in ["Calendars/cartagena40.yaml", "Tests/PlannerTests/Fixtures/mini.yaml", "Tests/PlannerTests/Fixtures/hostile/base.yaml"] {
            let text = files.first { $0.0 == path }?.1 ?? ""
            #expect(YAMLDirectReader.read(text) != nil, "\(path) is left to Yams")
        }
    }

    @Test("each construct gives Yams' tree", arguments: [
        "a: 1\nb: two words\nc: 'single ''quoted'''\nd: \"double \\\"q\\\" \\u00e9 \\x41 \\t \\n \\\\ \\/ \\_ \\N \\L \\P \\0\"\n",
        "a:\n  - 1\n  - x: 2\n    y: 3\n  -\n    z: 4\n  - - n1\n    - n2\n  -\n  - last\n",
        "a:\n- indentless\n- [flow, seq]\nb: {k: v, 'q': \"w\", n: {m: [1, {o: p}]}}\n",
        "plain: this is\n  folded over\n\n  lines with a blank\n\n\n  and two\nnext: x\n",
        "q: \"multi\n  line  \n\n  quoted \\\n  escaped\"\ns: 'one\n   two\n\n   three'\n",
        "lit: |\n  line one\n    indented\n\n  after blank\nfold: >\n  folded\n  text\n\n  para\n   more\n  end\nnext: x\n",
        "keep: |+\n  kept\n\n\nstrip: |-\n  stripped\n\nclip: >\n  clipped\n\n",
        "ind: |2\n    two extra\n  base\nlast: >-\n\n  leading blank\n",
        "empty:\nother: ~\nnested:\n  deeper:\nlist:\n  -\n  - x\n",
        "# comment\n\n---\n# another\nkey: value # trailing\nurl: https://example.org/a#b\nt: 2024-12-11T09:00\nneg: -70.5\n",
        "\"quoted key\": 1\n'another': 2\nkey with spaces: 3\nk:v: 4\n",
        "flow: [a,\n  b, c\n  ]\nmap: {a: 1,\n   b: 2}\njson: {\"a\":1, \"b\":[true,null]}\n",
        "- top\n- level\n- sequence\n",
        "  indented: root\n  second: key\n",
        "a: x #c\nb: 'y' #c\nc: [1]#c\nd: {e: f}\n",
        "é: ü\nñame: 'ç'\nt: \"日本語\"\n",
        "a: \"x\ny\"\n",
        "s:\n  - {id: S1, title: \"T: 1\", description: \"I: P.\\nIdiomas: es\", room: R1, start: 2024-04-04T09:00, end: 2024-04-04T09:45}\n",
        "a: b\n\n\n",
        "a: |\n",
        "a: >\n\n\n",
        "x: [a b, c  d]\ny: {a b: c d}\n",
    ])
    func constructs(_ text: String) {
        #expect(Self.agrees(text) == true, "\(text.debugDescription)")
    }

    @Test("what the direct reader leaves to Yams", arguments: [
        "", "# only a comment\n", "a: 1\na: 2\n", "a: !!str 1\n", "a:\tb\n", "? a\n: b\n", "a: 1\n---\nb: 2\n",
        "%YAML 1.1\n---\na: 1\n", "a: [1, 2,]\n", "a: {b}\n", "a: [b: c]\n", "a: b: c\n", "a: 1\n  b: 2\n", "a: \"open\n",
        "a: 1\r b: 2\n", "title: Mesa 7: Soluciones\n", "a: x\u{85}y\n", "a: @x\n", "a: `x`\n", "- a\nb: c\n", "a:\n  - b\n  c: d\n",
        String(repeating: "k", count: 1100) + ": v\n", "[a]: b\n", "{a: 1}: b\n", "- [a] : b\n",
    ])
    func leftToYams(_ text: String) {
        #expect(YAMLDirectReader.read(text) == nil, "\(text.prefix(60).debugDescription)")
    }

    @Test("CRLF line ends read as LF, as libyaml reads them")
    func crlf() throws {
        let text = "a: 1\r\nb: |\r\n  x\r\n  y\r\nc: \"p\r\n  q\"\r\n"
        let direct = try #require(YAMLDirectReader.read(text))
        let yams = try YAMLReader.composed(text, file: "t.yaml")
        #expect(Self.dump(direct) == Self.dump(yams))
    }

    @Test("the defended reader of a programme's other YAML files refuses a value over the limit where it stands, in either path")
    func otherFilesOversize() {
        let huge = String(repeating: "d", count: TextLimits.text + 1)
        for text in ["delegations:\n  - code: CHL\n    name: \(huge)\n", "delegations:\n  - code: !!str CHL\n    name: \(huge)\n"] {
            do {
                _ = try YAMLDocument.read(text, file: "d.yaml", document: "a delegation list", usualDepth: 3, maximumSize: 1 << 20, empty: "empty")
                Issue.record("read a value over the limit")
            } catch {
                #expect(error.diagnostics.map { "\($0.location?.line ?? 0):\($0.location?.column ?? 0) \($0.code)" } == ["3:11 text-too-long"])
                #expect(error.diagnostics.first?.message == "a value of 65537 bytes in a delegation list; no text may be longer than 65536 bytes")
            }
        }
    }

    /// A small deterministic generator (SplitMix64).
    private struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    }

    @Test("thousands of mutations of the fixtures: whatever is read directly is Yams' tree")
    func mutations() {
        let pieces = [" ", "  ", "\n", "\n  ", ":", ": ", "- ", "-", "#", " #", "\"", "'", "''", "[", "]", "{", "}", ",", "|", ">", "|-",
                      ">+", "\\", "\\n", "x", "é", "?", "0", "\n\n", "---", "...", ": |\n  ", "\\u00"]
        let bases = Self.corpus().map(\.1).filter { $0.utf8.count < 6000 && YAMLDirectReader.read($0) != nil }
        var random = Random(state: 40)
        var read = 0, disagreements: [String] = []
        for round in 0..<4000 {
            var bytes = Array(bases[round % bases.count].utf8)
            for _ in 0..<(1 + random.below(3)) {
                let at = random.below(bytes.count + 1)
                switch random.below(3) {
                case 0: bytes.insert(contentsOf: Array(pieces[random.below(pieces.count)].utf8), at: at)
                case 1: if at < bytes.count { bytes.removeSubrange(at..<min(bytes.count, at + 1 + random.below(4))) }
                default: if at < bytes.count { bytes[at] = Array(pieces[random.below(pieces.count)].utf8)[0] }
                }
            }
            guard let text = String(validating: bytes, as: UTF8.self) else { continue }
            guard let same = Self.agrees(text) else { continue }
            read += 1
            if !same, disagreements.count < 5 { disagreements.append(text) }
        }
        #expect(disagreements.isEmpty, "\(disagreements.map(\.debugDescription))")
        #expect(read > 1000, "only \(read) mutations read directly")
    }
}
