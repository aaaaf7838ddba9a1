/// Who a row is, for the checks across rows: the folded given and family name within the
/// delegation. The 64-bit hash of these bytes is the key of the flat tables; a match of two keys
/// is confirmed on the folded bytes themselves (``TextArena``) before a row is called a duplicate
/// or another person's address.
package enum PersonKey {
    /// Feeds the person's folded bytes to `sink`: folded given name, folded family name (a space
    /// between when both hold letters), 0x1F, the delegation code in upper case.
    /// - Returns: whether the name holds any letter.
    @inline(__always) @discardableResult
    package static func fold<Sink: ByteSink>(_ p: UnsafeBufferPointer<UInt8>, given: Range<Int>, family: Range<Int>, delegation: Range<Int>,
                                     into sink: inout Sink) -> Bool {
        let namedGiven = NameFolder.fold(p, given, into: &sink, separated: false)
        let namedFamily = NameFolder.fold(p, family, into: &sink, separated: namedGiven)
        sink.add(0x1F)
        for i in delegation { let b = p[i]; sink.add(b >= 97 && b <= 122 ? b & ~0x20 : b) }
        return namedGiven || namedFamily
    }

    /// The folded bytes (for confirming a match of keys).
    package static func folded(_ p: UnsafeBufferPointer<UInt8>, given: Range<Int>, family: Range<Int>, delegation: Range<Int>) -> [UInt8] {
        var c = ByteCollector()
        fold(p, given: given, family: family, delegation: delegation, into: &c)
        return c.bytes
    }
}

/// Texts as written, one after the other in one array (no `String` per row, no index): the names
/// of each person's first row and the first row of each address, so that equal 64-bit keys are
/// confirmed on the text. An entry is found by its offset (kept in the key table's slot): each
/// text with a one-byte length before it (cut at 255 bytes), then an optional 32-bit tag. About
/// 20 bytes a person and 27 an address.
package struct TextArena {
    private(set) var bytes: [UInt8] = []
    /// The offset returned once the arena holds 4 GiB: texts are no longer kept, and a match of
    /// keys is taken as it is.
    package static let full = UInt32.max

    /// - Parameters: expected, bytesEach: the room reserved (address space; pages are used as filled).
    package init(expected: Int = 0, bytesEach: Int = 24) {
        bytes.reserveCapacity(expected * bytesEach)
    }

    /// The offset the next ``append(_:_:tag:)`` returns.
    package var nextOffset: UInt32 { bytes.count < Int(UInt32.max) - 4096 ? UInt32(bytes.count) : Self.full }

    /// Stores the bytes of `first`, `second` and `third` of `p` (the ranges that are given) as one
    /// entry, then `tag` when given. (Fixed arguments, not a variadic list: this runs once per
    /// person and per address, and a variadic list is an array allocated per call.)
    /// - Returns: the entry's offset, or ``full``.
    @discardableResult
    package mutating func append(_ p: UnsafeBufferPointer<UInt8>, _ first: Range<Int>, _ second: Range<Int>? = nil, _ third: Range<Int>? = nil,
                                 tag: UInt32? = nil) -> UInt32 {
        guard bytes.count < Int(UInt32.max) - 4096 else { return Self.full }
        let offset = UInt32(bytes.count)
        @inline(__always) func add(_ r: Range<Int>) {
            let r = r.lowerBound..<min(r.upperBound, r.lowerBound + 255)
            bytes.append(UInt8(r.count))
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: p[r]))
        }
        add(first)
        if let second { add(second) }
        if let third { add(third) }
        if let tag {
            let t = tag  // little-endian, as `tag(_:count:)` reads it
            bytes.append(UInt8(truncatingIfNeeded: t))
            bytes.append(UInt8(truncatingIfNeeded: t >> 8))
            bytes.append(UInt8(truncatingIfNeeded: t >> 16))
            bytes.append(UInt8(truncatingIfNeeded: t >> 24))
        }
        return offset
    }

    /// The `count` texts of the entry at `offset`, as ranges of ``bytes``.
    package func ranges(_ offset: UInt32, count: Int) -> [Range<Int>] {
        var out: [Range<Int>] = []
        var k = Int(offset)
        for _ in 0..<count {
            let n = Int(bytes[k])
            out.append((k + 1)..<(k + 1 + n))
            k += 1 + n
        }
        return out
    }

    /// The tag stored after the `count` texts of the entry at `offset`.
    package func tag(_ offset: UInt32, count: Int) -> UInt32 {
        let k = ranges(offset, count: count).last!.upperBound
        return UInt32(bytes[k]) | UInt32(bytes[k + 1]) << 8 | UInt32(bytes[k + 2]) << 16 | UInt32(bytes[k + 3]) << 24
    }
}

extension TextArena {
    /// The folded person of a name entry (given, family, delegation).
    package func foldedPerson(_ offset: UInt32) -> [UInt8] {
        let r = ranges(offset, count: 3)
        return bytes.withUnsafeBufferPointer { PersonKey.folded($0, given: r[0], family: r[1], delegation: r[2]) }
    }

    /// Whether the person of the entry at `offset` is the one of `p`'s ranges (folded, cut as stored).
    package func samePerson(_ offset: UInt32, _ p: UnsafeBufferPointer<UInt8>, given: Range<Int>, family: Range<Int>, delegation: Range<Int>) -> Bool {
        if offset == Self.full { return true }
        func cut(_ r: Range<Int>) -> Range<Int> { r.lowerBound..<min(r.upperBound, r.lowerBound + 255) }
        return foldedPerson(offset) == PersonKey.folded(p, given: cut(given), family: cut(family), delegation: cut(delegation))
    }

    /// Whether the address of the entry at `offset` is `p[r]`, ASCII letters in any case.
    package func sameAddress(_ offset: UInt32, _ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        if offset == Self.full { return true }
        let stored = ranges(offset, count: 1)[0]
        let r = r.lowerBound..<min(r.upperBound, r.lowerBound + 255)
        guard stored.count == r.count else { return false }
        func lower(_ b: UInt8) -> UInt8 { b >= 65 && b <= 90 ? b | 0x20 : b }
        for (a, b) in zip(stored, r) where lower(bytes[a]) != lower(p[b]) { return false }
        return true
    }
}
