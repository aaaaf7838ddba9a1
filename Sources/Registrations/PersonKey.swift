/// Who a row is, for the checks across rows: the folded given and family name within the
/// delegation. The 64-bit hash of these bytes is the key of the flat tables; a match of two keys
/// is confirmed on the folded bytes themselves (``TextArena``) before a row is called a duplicate
/// or another person's address.
enum PersonKey {
    /// Feeds the person's folded bytes to `sink`: folded given name, folded family name (a space
    /// between when both hold letters), 0x1F, the delegation code in upper case.
    /// - Returns: whether the name holds any letter.
    @inline(__always) @discardableResult
    static func fold<Sink: ByteSink>(_ p: UnsafeBufferPointer<UInt8>, given: Range<Int>, family: Range<Int>, delegation: Range<Int>,
                                     into sink: inout Sink) -> Bool {
        let namedGiven = NameFolder.fold(p, given, into: &sink, separated: false)
        let namedFamily = NameFolder.fold(p, family, into: &sink, separated: namedGiven)
        sink.add(0x1F)
        for i in delegation { let b = p[i]; sink.add(b >= 97 && b <= 122 ? b & ~0x20 : b) }
        return namedGiven || namedFamily
    }

    /// The folded bytes (for confirming a match of keys).
    static func folded(_ p: UnsafeBufferPointer<UInt8>, given: Range<Int>, family: Range<Int>, delegation: Range<Int>) -> [UInt8] {
        var c = ByteCollector()
        fold(p, given: given, family: family, delegation: delegation, into: &c)
        return c.bytes
    }
}

/// Texts as written, one after the other in one array (no `String` per row): the names of each
/// person's first row and the first row of each address, so that equal 64-bit keys are confirmed
/// on the text. About 30 bytes a person and 35 an address (the texts, their lengths, 8 bytes of
/// bookkeeping); entries end within the first 4 GiB of text.
struct TextArena {
    private(set) var bytes: [UInt8] = []
    /// Entry `i` ends at `ends[i]`.
    private var ends: [UInt32] = []
    /// A number kept with each entry (an address's owner: the entry of the owner's name).
    private(set) var tags: [UInt32] = []

    /// The number of entries.
    var count: Int { ends.count }

    init(expected: Int = 0) {
        bytes.reserveCapacity(expected * 24)
        ends.reserveCapacity(expected)
        tags.reserveCapacity(expected)
    }

    /// Stores the bytes of `ranges` of `p` as one entry, each range preceded by its length (two
    /// bytes; a longer range is cut at 65,535 bytes).
    /// - Returns: the entry's number.
    @discardableResult
    mutating func append(_ p: UnsafeBufferPointer<UInt8>, _ ranges: Range<Int>..., tag: UInt32 = 0) -> UInt32 {
        for r in ranges {
            let r = r.lowerBound..<min(r.upperBound, r.lowerBound + 0xFFFF)
            bytes.append(UInt8(r.count & 0xFF))
            bytes.append(UInt8(r.count >> 8))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[r]))
        }
        ends.append(UInt32(truncatingIfNeeded: bytes.count))
        tags.append(tag)
        return UInt32(ends.count - 1)
    }

    /// The ranges of entry `i` in ``bytes``, in the order they were stored.
    func ranges(_ i: UInt32) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var k = i == 0 ? 0 : Int(ends[Int(i) - 1])
        let end = Int(ends[Int(i)])
        while k < end {
            let n = Int(bytes[k]) | Int(bytes[k + 1]) << 8
            out.append((k + 2)..<(k + 2 + n))
            k += 2 + n
        }
        return out
    }
}

extension TextArena {
    /// The folded person of a name entry (given, family, delegation).
    func foldedPerson(_ i: UInt32) -> [UInt8] {
        let r = ranges(i)
        return bytes.withUnsafeBufferPointer { PersonKey.folded($0, given: r[0], family: r[1], delegation: r[2]) }
    }

    /// Whether the first text of entry `i` equals `p[r]` with ASCII letters in any case (an address).
    func sameAddress(_ i: UInt32, _ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        let stored = ranges(i)[0]
        guard stored.count == r.count || r.count > 0xFFFF else { return false }
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
        for (a, b) in zip(stored, r) where lower(bytes[a]) != lower(p[b]) { return false }
        return true
    }
}
