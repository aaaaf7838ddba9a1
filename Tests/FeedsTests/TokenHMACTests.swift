import Crypto
@testable import Feeds
import Planner
import Testing

@Suite("feed tokens")
struct TokenHMACTests {
    @Test("the keyed HMAC copied per message equals swift-crypto's one-shot HMAC, for short, block-sized and long keys",
          arguments: [0, 1, 16, 32, 63, 64, 65, 200])
    func sameAsCrypto(keyLength: Int) {
        let key = (0..<keyLength).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
        let keyed = TokenHMAC(key: key)
        for message in ["", "participant:P0000001", "delegation:CHL", "participant:" + String(repeating: "é", count: 100), "x\u{0}y"] {
            let expected = HMAC<SHA256>.authenticationCode(for: Array(message.utf8), using: SymmetricKey(data: key))
            #expect(Array(keyed.authenticationCode(message)) == Array(expected), "\(keyLength) \(message.prefix(20))")
        }
        // Copies do not share state: the same message twice gives the same code.
        #expect(Array(keyed.authenticationCode("a")) == Array(keyed.authenticationCode("a")))
    }

    @Test("a token is the one published before (Python's hmac and base64 give the same)")
    func pinned() {
        let key = Array(0..<32).map { UInt8($0) }
        let code = TokenHMAC(key: key).authenticationCode("participant:P1")
        // python3: base64.b32encode(hmac.new(bytes(range(32)), b"participant:P1", hashlib.sha256).digest()[:20]).lower()
        #expect(base32(Array(code).prefix(20)) == "2wz7itkwnqo3qss2oxzgxcxqvcutjdwb")
    }
}
