import Foundation

/// Entity and line-end decoding of character data and attribute values.
enum XMLText {
    /// Appends `raw` decoded (`&amp;` `&lt;` `&gt;` `&quot;` `&apos;`, `&#N;`, `&#xH;`; CR LF and
    /// lone CR as LF; in attributes, tab and line ends as spaces) to `out`.
    /// - Returns: what is wrong with an entity, or `nil`.
    static func decode(_ raw: UnsafeBufferPointer<UInt8>, attribute: Bool, into out: inout [UInt8]) -> String? {
        var i = 0
        let n = raw.count
        while i < n {
            let b = raw[i]
            switch b {
            case 13:
                out.append(attribute ? 32 : 10)
                if i + 1 < n, raw[i + 1] == 10 { i += 1 }
                i += 1
            case 9, 10:
                out.append(attribute ? 32 : b)
                i += 1
            case 38:  // &
                var j = i + 1
                while j < n, raw[j] != 59, j - i < 12 { j += 1 }
                guard j < n, raw[j] == 59 else { return "an '&' that starts no entity (write it as &amp;)" }
                let name = UnsafeBufferPointer(rebasing: raw[(i + 1)..<j])
                if let c = named(name) {
                    out.append(c)
                } else if name.first == 35 {  // #
                    guard let v = number(UnsafeBufferPointer(rebasing: name.dropFirst())), let scalar = Unicode.Scalar(v),
                          v == 9 || v == 10 || v == 13 || (v >= 0x20 && v != 0xFFFE && v != 0xFFFF) else {
                        return "a character reference '&\(String(decoding: name, as: UTF8.self));' that is no XML character"
                    }
                    out.append(contentsOf: String(scalar).utf8)
                } else {
                    return "an unknown entity '&\(String(decoding: name, as: UTF8.self));'"
                }
                i = j + 1
            default:
                out.append(b)
                i += 1
            }
        }
        return nil
    }

    private static func named(_ n: UnsafeBufferPointer<UInt8>) -> UInt8? {
        switch n.count {
        case 2 where n[1] == 116 && n[0] == 108: return 60  // lt
        case 2 where n[1] == 116 && n[0] == 103: return 62  // gt
        case 3 where n[0] == 97 && n[1] == 109 && n[2] == 112: return 38  // amp
        case 4 where n.elementsEqual("quot".utf8): return 34
        case 4 where n.elementsEqual("apos".utf8): return 39
        default: return nil
        }
    }

    private static func number(_ d: UnsafeBufferPointer<UInt8>) -> UInt32? {
        guard !d.isEmpty else { return nil }
        var v: UInt32 = 0
        if d[0] == 120 {  // x
            guard d.count > 1, d.count <= 7 else { return nil }
            for c in d.dropFirst() {
                let h: UInt8
                switch c {
                case 48...57: h = c - 48
                case 65...70: h = c - 55
                case 97...102: h = c - 87
                default: return nil
                }
                v = v * 16 + UInt32(h)
            }
        } else {
            guard d.count <= 8 else { return nil }
            for c in d {
                guard c >= 48, c <= 57 else { return nil }
                v = v * 10 + UInt32(c - 48)
            }
        }
        return v
    }
}
