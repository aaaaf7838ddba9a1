import Checks
import Diagnostics
import Foundation
import Planner
@testable import Registrations
import Testing

/// Issue 12, items 4 and 5: names fold typographic variants; codes match up to case with a
/// `normalised-code` warning; formula signs are graded.
@Suite("folding, codes and formula signs")
struct FoldingTests {
    private func fold(_ s: String) -> String { NameFolder.folded(s) }

    /// The key hash of a name, as the duplicate check computes it.
    private func key(_ s: String) -> UInt64 {
        var h = KeyHash()
        var t = s
        t.withUTF8 { _ = NameFolder.fold($0, 0..<$0.count, into: &h, separated: false) }
        return h.finalized
    }

    @Test("apostrophes, quotes, dashes, no-break and zero-width spaces fold away (slow path) as their ASCII forms do (fast path)",
          arguments: [
              ("Kerry-Ann O’Connor", "Kerry Ann O'Connor"),
              ("Kerry‐Ann O‘Connor", "kerry ann oconnor"),
              ("Kerry–Ann OʼConnor", "KERRY ANN O`CONNOR"),
              ("Kerry—Ann O\u{00B4}Connor", "Kerry-Ann O'Connor"),
              ("Kerry\u{00A0}Ann\u{202F}O\u{2019}Connor", "Kerry Ann O'Connor"),
              ("Ker\u{200B}ry Ann O\u{200D}Con\u{2060}nor\u{FEFF}", "Kerry Ann OConnor"),
              ("“Bob” D’Souza", "\"Bob\" D'Souza"),
              ("Jean\u{2011}Luc Lemaître", "jean luc lemaitre"),
          ])
    func typographic(_ pair: (String, String)) {
        #expect(fold(pair.0) == fold(pair.1))
        #expect(key(pair.0) == key(pair.1))
        #expect(!fold(pair.0).contains("'") && !fold(pair.0).contains("\u{200B}"))
    }

    @Test("folding still tells different names apart")
    func different() {
        #expect(fold("Kerry Ann O'Connor") == "kerry ann oconnor")
        #expect(fold("Kerry Ann O'Connor") != fold("Kerry Ann O'Conner"))
        #expect(fold("Ana María") != fold("Ana Mario"))
        #expect(key("O'Connor") != key("O Connor"))  // a space is a separator; an apostrophe is left out
    }

    @Test("the same person with a curly and a straight apostrophe on the same address is one person: a duplicate, not two heads")
    func curlyDuplicate() throws {
        let text = """
        given name,family name,email,delegation,role,sessions
        Kerry-Ann,O’Connor,kerry@example.org,MEX,head of delegation,c1-opening
        Kerry Ann,O'Connor,kerry@example.org,MEX,head of delegation,c1-opening

        """
        let r = try check(text: text)
        #expect(summary(r) == ["3 duplicate family name [2]"])
    }

    @Test("codes match up to case, with a normalised-code warning that gives the canonical form")
    func codesUpToCase() throws {
        let text = """
        given name,family name,email,delegation,activities,sessions
        Ana,Pérez,ana@example.org,mex,,C1-Opening
        Luis,Soto,luis@example.org,MEX,C2,
        Eva,Ríos,eva@example.org,Mex,,c1-opening

        """
        let r = try check(text: text, participants: true)
        #expect(summary(r) == [
            "2 normalised-code delegation", "2 normalised-code sessions",
            "3 normalised-code activities",
            "4 normalised-code delegation",
        ])
        let messages = r.report.findings.map(\.message)
        #expect(messages[0] == "delegation 'mex' is read as 'MEX', as the delegation list writes it; write it that way")
        #expect(messages[1] == "session 'C1-Opening' is read as 'c1-opening', as the programme writes it; write it that way")
        #expect(r.report.findings.allSatisfy { $0.severity == .warning })
        // The participants carry the canonical codes: one delegation, the programme's ids.
        #expect(r.participants.map(\.delegation) == ["MEX", "MEX", "MEX"])
        #expect(r.participants[0].sessions.map(\.rawValue) == ["c1-opening"])
    }

    @Test("a code in another case counts towards its delegation's quota, as the canonical code does")
    func quotaUpToCase() throws {
        // The mini programme's quota is 3 per delegation and activity.
        let rows = ["A", "B", "C", "D"].enumerated().map { i, n in
            "\(n),X,\(n.lowercased())@example.org,\(i % 2 == 0 ? "mex" : "MEX"),,c1-opening"
        }
        let r = try check(text: "given name,family name,email,delegation,activities,sessions\n" + rows.joined(separator: "\n") + "\n")
        #expect(r.report.findings.filter { $0.code == "over-quota" }.map(\.row) == [5])
    }

    @Test("formula signs are graded", arguments: [
        ("=1+2", FormulaRisk.formula), ("@SUM(A1)", .formula), (" =HYPERLINK(\"x\")", .formula),
        ("+SUM(A1:A2)", .formula), ("-sum (A1)", .formula), ("+A1", .formula), ("-$B$2", .formula), ("+ab12", .formula),
        ("+Sheet1!A1", .formula), ("-cmd|' /C calc'!A0", .formula), ("-2+3", .formula), ("+1*2", .formula), ("-1^2", .formula),
        ("-A:A", .formula), ("+1:3", .formula), ("-$A$1:$B$2", .formula), ("-1.5E+3", .formula), ("-e", .formulaLike),
        ("-nota: sin gluten", .formulaLike), ("+44 20 7946 0958 ext 12", .formulaLike),
        ("-sin gluten", .formulaLike), ("+ vegetariano", .formulaLike), ("-ñandú", .formulaLike), ("-ABCD1", .formulaLike),
        ("- -", .none), ("+56 2 2210 2000", .none), ("+1-809-555-0100", .none), ("+1 (876) 555-0123", .none), ("-12.5", .none), ("-1.5E3", .none), ("+34 (0) 91 123 45 67", .none),
        ("-", .none), ("+", .none), ("Ana", .none), ("", .none), ("a=b", .none), ("sin gluten", .none),
    ])
    func graded(_ c: (String, FormulaRisk)) {
        var v = c.0
        #expect(v.withUTF8 { ByteText.formulaRisk($0, 0..<$0.count) } == c.1)
    }

    @Test("a note '-sin gluten' is a formula-like warning; '=1+2' and '-SUM(A1)' are formula-injection errors; a phone number is nothing")
    func gradedFindings() throws {
        let text = """
        given name,family name,email,delegation,sessions,notes,phone
        Ana,Pérez,ana@example.org,MEX,c1-opening,-sin gluten,+56 2 2210 2000
        Luis,Soto,luis@example.org,MEX,c1-closing,=1+2,+1-809-555-0100
        Eva,Ríos,eva@example.org,MEX,c1-panel,-SUM(A1),

        """
        let r = try check(text: text)
        #expect(r.report.findings.map { "\($0.row!) \($0.code) \($0.severity.rawValue)" } == [
            "2 formula-like warning", "3 formula-injection error", "4 formula-injection error",
        ])
        #expect(r.report.findings[0].message
            == "'-sin gluten' in 'notes' starts with a sign, so a spreadsheet shows it as #NAME?; if it is meant as text, start it with another character (this tool's exports already add an apostrophe)")
    }

    @Test("CSV written by the tool neutralises formulas and formula-like text, and leaves phone numbers alone")
    func exportNeutralises() {
        #expect(CSVExport.field("-sin gluten") == "'-sin gluten")
        #expect(CSVExport.field("+A1") == "'+A1")
        #expect(CSVExport.field("@x") == "'@x")
        #expect(CSVExport.field("+56 2 2210 2000") == "+56 2 2210 2000")
        #expect(CSVExport.field("+1-809-555-0100") == "+1-809-555-0100")
        var out = ""
        CSVExport.appendRecord(["p-1", "-x@example.org", "MEX"], to: &out)
        #expect(out == "p-1,'-x@example.org,MEX\n")
    }

    @Test("a message quotes at most 80 characters, control characters shown, short values unchanged")
    func quoting() {
        #expect(Quoting.quoted("MEX") == "'MEX'")
        let eighty = String(repeating: "a", count: 80)
        #expect(Quoting.bounded(eighty) == eighty)
        #expect(Quoting.bounded(eighty + "b") == String(repeating: "a", count: 79) + "…")
        #expect(Quoting.bounded("a\nb\tc\u{1B}") == "a\\nb\\tc\\u{1B}")
        #expect("x \(quoted: String(repeating: "é", count: 1000))".count == 2 + 2 + 80)
    }
}
