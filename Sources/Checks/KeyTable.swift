/// An open-addressing hash table from 64-bit keys (already hashes) to small values: the
/// million-entry tables of the registration checks (first row of a person, owner of an e-mail).
///
/// Each slot holds its key and value side by side, so a look-up costs one cache miss; linear
/// probing; the table doubles at half full. Key 0 marks an empty slot, so a key of 0 is stored as 1
/// (the keys are hashes: this only merges two keys that were already one in 2^63).
struct KeyTable<Value> {
    private struct Slot {
        var key: UInt64
        var value: Value
    }

    /// Key 0: empty.
    private var slots: [Slot]
    private var mask: Int
    private let empty: Slot
    private(set) var count = 0

    /// - Parameters:
    ///   - capacity: the number of keys expected; the table grows past it as needed.
    ///   - filler: any value, for the empty slots.
    init(capacity: Int = 0, filler: Value) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        empty = Slot(key: 0, value: filler)
        slots = Array(repeating: empty, count: size)
        mask = size - 1
    }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 { key == 0 ? 1 : key }

    /// Reads the slot where a look-up of `key` starts, so that it is in the cache a few rows
    /// later (a prefetch); the result means nothing.
    @inline(__always) func touch(_ key: UInt64) -> UInt64 {
        slots[Int(truncatingIfNeeded: Self.stored(key)) & mask].key
    }

    /// The value stored under `key`.
    @inline(__always) func find(_ key: UInt64) -> Value? {
        let key = Self.stored(key)
        var k = Int(truncatingIfNeeded: key) & mask
        while slots[k].key != 0 {
            if slots[k].key == key { return slots[k].value }
            k = (k + 1) & mask
        }
        return nil
    }

    /// The value already stored under `key`; or stores `value` under it and returns `nil`.
    @inline(__always) mutating func insertIfAbsent(_ key: UInt64, _ value: Value) -> Value? {
        let key = Self.stored(key)
        var k = Int(truncatingIfNeeded: key) & mask
        while slots[k].key != 0 {
            if slots[k].key == key { return slots[k].value }
            k = (k + 1) & mask
        }
        slots[k] = Slot(key: key, value: value)
        count += 1
        if count * 2 > slots.count { grow() }
        return nil
    }

    private mutating func grow() {
        let old = slots
        slots = Array(repeating: empty, count: old.count * 2)
        mask = slots.count - 1
        for slot in old where slot.key != 0 {
            var k = Int(truncatingIfNeeded: slot.key) & mask
            while slots[k].key != 0 { k = (k + 1) & mask }
            slots[k] = slot
        }
    }
}
