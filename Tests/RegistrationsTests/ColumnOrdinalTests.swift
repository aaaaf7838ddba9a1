import Diagnostics
@testable import Registrations
import Testing

@Suite("column positions")
struct ColumnOrdinalTests {
    @Test("ordinal is the position in allCases, so the fast column lookup agrees with the map")
    func ordinals() throws {
        #expect(RegistrationColumn.allCases.map(\.ordinal) == Array(RegistrationColumn.allCases.indices))
        let map = try ColumnMap(header: ["Given name", "Family name", "E-mail", "Delegation", "Sessions", "Role"], file: "x.csv")
        for c in RegistrationColumn.allCases { #expect(map[c] == map.index[c]) }
    }
}
