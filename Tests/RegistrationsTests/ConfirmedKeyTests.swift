import Diagnostics
import Testing
@testable import Registrations

/// Equal 64-bit keys are confirmed on the text before a row is a duplicate or another person's
/// address: the texts kept for that, and the folding they are compared with.
@Suite("keys confirmed on the text")
struct ConfirmedKeyTests {
    /// Stores given, family and delegation as one entry, as the checks across rows do.
    func entry(_ arena: inout TextArena, _ given: String, _ family: String, _ delegation: String) -> UInt32 {
        let bytes = Array((given + family + delegation).utf8)
        let g = 0..<given.utf8.count, f = g.upperBound..<(g.upperBound + family.utf8.count)
        let d = f.upperBound..<bytes.count
        return bytes.withUnsafeBufferPointer { arena.append($0, g, f, d) }
    }

    func key(_ given: String, _ family: String, _ delegation: String) -> (UInt64, [UInt8]) {
        let bytes = Array((given + family + delegation).utf8)
        let g = 0..<given.utf8.count, f = g.upperBound..<(g.upperBound + family.utf8.count)
        let d = f.upperBound..<bytes.count
        return bytes.withUnsafeBufferPointer { p in
            var h = KeyHash()
            PersonKey.fold(p, given: g, family: f, delegation: d, into: &h)
            return (h.finalized, PersonKey.folded(p, given: g, family: f, delegation: d))
        }
    }

    @Test("a name entry folds to the bytes the key is the hash of")
    func foldedEntries() {
        var arena = TextArena()
        let a = entry(&arena, "María-José", "Pérez ", "mex")
        let b = entry(&arena, "MARIA JOSE", "PEREZ", "MEX")
        let c = entry(&arena, "María José", "Pérez", "COL")
        #expect(arena.foldedPerson(a) == arena.foldedPerson(b))
        #expect(arena.foldedPerson(a) != arena.foldedPerson(c), "a namesake in another delegation is another person")
        let (k1, folded1) = key("María-José", "Pérez ", "mex")
        let (k2, folded2) = key("MARIA JOSE", "PEREZ", "MEX")
        #expect(k1 == k2 && folded1 == folded2 && folded1 == arena.foldedPerson(a))
        #expect(String(decoding: folded1, as: UTF8.self) == "maria jose perez\u{1F}MEX")
    }

    @Test("an address is the same address in any case of its ASCII letters, and only then")
    func addresses() {
        var arena = TextArena()
        let bytes = Array("Ana.Perez@Example.org".utf8)
        let i = bytes.withUnsafeBufferPointer { arena.append($0, 0..<$0.count, tag: 0x0102_0304) }
        #expect(arena.tag(i, count: 1) == 0x0102_0304)
        for (other, same) in [("ana.perez@example.org", true), ("ana.perez@example.orh", false), ("ana.perez@example.or", false)] {
            let o = Array(other.utf8)
            #expect(o.withUnsafeBufferPointer { arena.sameAddress(i, $0, 0..<$0.count) } == same, "\(other)")
        }
    }
}
