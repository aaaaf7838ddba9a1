/// An open-addressing hash table from 64-bit keys (already hashes) to small values: the
/// million-entry tables of the registration checks (first row of a person, owner of an e-mail).
///
/// Each slot holds its key and value side by side, so a look-up costs one cache miss; linear
/// probing; the table doubles at 70% full (sized for its expected keys at that load: a million-row
/// list holds three such tables, so the load is memory). Key 0 marks an empty slot, so a key of 0 is stored as 1
/// (the keys are hashes: this only merges two keys that were already one in 2^63).
struct KeyTable<Value> {
    private struct Slot {
        var key: UInt64
        var value: Value
    }

    /// Key 0: empty.
    private var slots: [Slot]
    /// The number of slots: any size (a key's first slot is the high half of `key × size`), so
    /// that a table sized for its expected keys is not rounded up to the next power of two.
    private var size: Int
    private let empty: Slot
    private(set) var count = 0

    /// - Parameters:
    ///   - capacity: the number of keys expected; the table grows past it as needed.
    ///   - filler: any value, for the empty slots.
    init(capacity: Int = 0, filler: Value) {
        size = max(16, capacity * 10 / 7)
        empty = Slot(key: 0, value: filler)
        slots = Array(repeating: empty, count: size)
    }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    /// The first slot of `key` (already ``stored(_:)``) in a table of `size` slots: the key
    /// multiplied by 2^64/φ (so that keys differing in their low bits only spread too), scaled to
    /// the size by its high half.
    @inline(__always) private static func home(_ key: UInt64, _ size: Int) -> Int {
        let mixed = key &* 0x9E37_79B9_7F4A_7C15
        return Int(truncatingIfNeeded: mixed.multipliedFullWidth(by: UInt64(truncatingIfNeeded: size)).high)
    }

    /// Reads the slot where a look-up of `key` starts, so that it is in the cache a few rows
    /// later (a prefetch); the result means nothing.
    @inline(__always) func touch(_ key: UInt64) -> UInt64 {
        slots.withUnsafeBufferPointer { $0[Self.home(Self.stored(key), size)].key }
    }

    /// The value stored under `key`.
    @inline(__always) func find(_ key: UInt64) -> Value? {
        let key = Self.stored(key)
        let size = size
        return slots.withUnsafeBufferPointer { s in
            var k = Self.home(key, size)
            while s[k].key != 0 {
                if s[k].key == key { return s[k].value }
                k += 1
                if k == size { k = 0 }
            }
            return nil
        }
    }

    /// The value already stored under `key`; or stores `value` under it and returns `nil`.
    @inline(__always) mutating func insertIfAbsent(_ key: UInt64, _ value: Value) -> Value? {
        let key = Self.stored(key)
        let size = size
        let found: Value? = slots.withUnsafeMutableBufferPointer { s in
            var k = Self.home(key, size)
            while s[k].key != 0 {
                if s[k].key == key { return s[k].value }
                k += 1
                if k == size { k = 0 }
            }
            s[k] = Slot(key: key, value: value)
            return nil
        }
        if found != nil { return found }
        count += 1
        if count * 10 > size * 7 { grow() }
        return nil
    }

    private mutating func grow() {
        let old = slots
        size *= 2
        slots = Array(repeating: empty, count: size)
        let size = size
        slots.withUnsafeMutableBufferPointer { s in
            for slot in old where slot.key != 0 {
                var k = Self.home(slot.key, size)
                while s[k].key != 0 {
                    k += 1
                    if k == size { k = 0 }
                }
                s[k] = slot
            }
        }
    }
}
