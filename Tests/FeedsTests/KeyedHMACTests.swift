import Crypto
@testable import Feeds
import Testing

@Suite("feed tokens")
struct KeyedHMACTests {
    @Test("the precomputed HMAC-SHA256 equals swift-crypto's, for short, block-sized and long keys and messages",
          arguments: [0, 1, 16, 32, 63, 64, 65, 200])
    func sameAsCrypto(keyLength: Int) {
        let key = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let keyed = KeyedHMAC(key: key)
        for message in ["", "participant:P0000001", "delegation:CHL", "participant:" + String(repeating: "é", count: 100), "x\u{0}y"] {
            let expected = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))
            #expect(Array(keyed.authenticationCode(message)) == Array(expected), "\(keyLength) \(message.prefix(20))")
        }
    }
}
