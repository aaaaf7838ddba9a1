import Diagnostics
@testable import Registrations
import Testing

/// The seats a whole-activity registration takes: the sessions that overlap no other session of
/// the activity. The sweep must agree with the definition (every pair compared) on any intervals.
@Suite("seat sessions of an activity")
struct SeatSessionsTests {
    /// The definition, pair by pair.
    func pairwise(_ own: [Int], _ starts: [Int64], _ ends: [Int64]) -> [Int32] {
        own.filter { s in !own.contains { o in o != s && starts[o] < ends[s] && starts[s] < ends[o] } }.map { Int32($0) }
    }

    @Test("the sweep gives what comparing every pair gives", arguments: 0..<200)
    func agreesWithDefinition(seed: Int) {
        var rng = SplitMix(seed: UInt64(seed))
        let n = Int(rng.next() % 12)
        let zeroLength = seed % 5 == 0
        var starts: [Int64] = [], ends: [Int64] = []
        for _ in 0..<n {
            let start = Int64(rng.next() % 20)
            let length = Int64(rng.next() % 6) + (zeroLength ? 0 : 1)
            starts.append(start)
            ends.append(start + length)
        }
        let own = Array((0..<n).shuffled(using: &rng))
        #expect(ProgrammeIndex.sessionsOverlappingNoOther(own, starts: starts, ends: ends) == pairwise(own, starts, ends))
    }

    @Test("touching sessions do not overlap; a session inside a long one does")
    func examples() {
        // 0: 9-10, 1: 10-11 (touches 0), 2: 12-18, 3: 13-14 (inside 2), 4: 20-21
        let starts: [Int64] = [9, 10, 12, 13, 20], ends: [Int64] = [10, 11, 18, 14, 21]
        #expect(ProgrammeIndex.sessionsOverlappingNoOther([0, 1, 2, 3, 4], starts: starts, ends: ends) == [0, 1, 4])
    }
}

/// A small deterministic generator, so a failure can be replayed from its seed.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
