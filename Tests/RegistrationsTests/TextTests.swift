import Diagnostics
import Foundation
import Planner
@testable import Registrations
import Testing

@Suite("byte-level text rules")
struct TextTests {
    private func fold(_ s: String) -> String { NameFolder.folded(s) }

    @Test("names fold over case, accents (NFC and NFD), hyphens and white space")
    func folding() {
        #expect(fold("María-José Pérez") == "maria jose perez")
        #expect(fold("MARIA JOSE PEREZ ") == "maria jose perez")
        #expect(fold("  maria\u{00A0}jose\tpérez") == "maria jose perez")
        #expect(fold("Mari\u{0301}a-Jose\u{0301} Pe\u{0301}rez") == "maria jose perez")
        #expect(fold("Gonçalves Ñúñez Lemaître") == "goncalves nunez lemaitre")
        #expect(fold("D'Souza") == "dsouza")
        #expect(fold("María José") != fold("Mario José"))
    }

    @Test("formulas are flagged; phone numbers and plain numbers are not", arguments: [
        ("=HYPERLINK(\"http://x\")", true), ("@SUM(A1)", true), ("+SUM(A1:A2)", true), ("-2+3", true), (" =1", true),
        ("+52 55 5555 0101", false), ("+1 (876) 555-0123", false), ("-12.5", false), ("-", false), ("+", false),
        ("Ana", false), ("", false), ("a=b", false),
    ])
    func formula(value: String, flagged: Bool) {
        var v = value
        #expect(v.withUTF8 { ByteText.isFormula($0, 0..<$0.count) } == flagged)
    }

    @Test("the byte e-mail check agrees with the programme loader's", arguments: [
        "a@example.org", "a@b.c", "a@@example.org", "@example.org", "a@example", "a @example.org", "a@.example.org",
        "a@example.", "a@example..org", "a.example.org", "a@b@c.org", "x@y.z.", "",
    ])
    func email(value: String) {
        var v = value
        #expect(v.withUTF8 { ByteText.isPlausibleEmailASCII($0, 0..<$0.count) } == isPlausibleEmail(value))
    }

    @Test("CSV written by the tool neutralises formulas and quotes what needs quoting")
    func export() {
        #expect(CSVExport.field("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"")
        #expect(CSVExport.field("+52 55 5555 0101") == "+52 55 5555 0101")
        #expect(CSVExport.record(["Ana", "a;b", "@x"], delimiter: .semicolon) == "Ana;\"a;b\";'@x\n")
    }

    @Test("the delegation list is loaded strictly, with located errors")
    func delegations() throws {
        let list = try DelegationList.load(text: "delegations:\n  - {code: ARG, kind: state, name: {en: Argentina, es: Argentina}}\n", path: "d.yaml")
        #expect(list.codes == ["ARG"])
        let e = try #require(throws: (any Error).self) {
            try DelegationList.load(text: "delegations:\n  - {code: ARG, kind: country, name: Argentina, flag: x}\n", path: "d.yaml")
        }
        let codes = (e as? DiagnosticError)?.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.code)" }
        #expect(codes == ["2:23 invalid-value", "2:49 unknown-key"])
    }

    @Test("the delegation list is found beside the programme")
    func delegationPath() {
        #expect(DelegationList.path("delegations.yaml", besides: "Calendars/cartagena40.yaml") == "Calendars/delegations.yaml")
        #expect(DelegationList.path("delegations.yaml", besides: "plan.yaml") == "delegations.yaml")
    }
}
