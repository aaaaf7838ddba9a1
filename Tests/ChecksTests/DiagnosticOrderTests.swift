import Diagnostics
import Testing

@Suite("findings in output order")
struct DiagnosticOrderTests {
    /// The definition before findings were deduplicated after sorting: hash every finding, keep the
    /// first of equal ones, then sort.
    private func reference(_ ds: [Diagnostic]) -> [Diagnostic] {
        var seen = Set<Diagnostic>()
        return ds.filter { seen.insert($0).inserted }.sorted(by: Diagnostic.ordered)
    }

    @Test("sorted and deduplicated as hashing then sorting did, ties and duplicates included")
    func sameAsHashing() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<50 {
            // Few places, codes and messages, so many findings sort alike and many are equal.
            let ds = (0..<300).map { _ -> Diagnostic in
                let place: Diagnostics.SourceLocation? = Int.random(in: 0..<5, using: &generator) == 0 ? nil
                    : Diagnostics.SourceLocation(file: ["a.yaml", "b.csv"].randomElement(using: &generator)!,
                                     line: Int.random(in: 1...3, using: &generator), column: Int.random(in: 1...2, using: &generator))
                return Diagnostic([.error, .warning, .note].randomElement(using: &generator)!,
                                  code: ["room-overlap", "person-overlap"].randomElement(using: &generator)!,
                                  ["m1", "m2"].randomElement(using: &generator)!, at: place,
                                  subjects: [["s1"], ["s2"], []].randomElement(using: &generator)!,
                                  notes: [[], ["n"]].randomElement(using: &generator)!)
            }
            let out = ds.sortedForOutput()
            #expect(out == reference(ds))
            #expect(Set(out).count == out.count, "a duplicate is left")
        }
    }
}
