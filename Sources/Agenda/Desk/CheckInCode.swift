internal import Crypto

/// The check-in code of a participant, printed as a QR code on their badge.
///
/// It is derived from the participant id with HMAC-SHA256 keyed by the same secret file as the
/// personal feeds, under its own label (`check-in:`), so a code is neither a feed name nor a
/// name or an e-mail address, and cannot be made without the secret: base32 (RFC 4648, upper
/// case, no padding) of the first 20 bytes of HMAC-SHA256(secret, "check-in:" + id), 32
/// characters, which QR codes hold in their compact alphanumeric mode.
public struct CheckInCodes: Sendable {
    private let secret: [UInt8]

    /// - Parameter secret: the bytes of the secret file (as `cartagena secret new` makes).
    public init(secret: [UInt8]) { self.secret = secret }

    /// The code of one participant id.
    public func code(participant id: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Array(("check-in:" + id).utf8), using: SymmetricKey(data: secret))
        return Self.base32(Array(mac.prefix(20)))
    }

    static func base32(_ bytes: [UInt8]) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
        var out = "", buffer = 0, bits = 0
        for byte in bytes {
            buffer = (buffer << 8) | Int(byte)
            bits += 8
            while bits >= 5 {
                out.append(alphabet[(buffer >> (bits - 5)) & 31])
                bits -= 5
            }
        }
        if bits > 0 { out.append(alphabet[(buffer << (5 - bits)) & 31]) }
        return out
    }
}
