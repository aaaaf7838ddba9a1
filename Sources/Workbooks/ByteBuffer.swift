import Foundation

/// A growable run of bytes in memory of its own: an append is a capacity check and a copy
/// (appending to an `Array` cost a uniqueness check and a call a time, about a tenth of
/// scanning a sheet's cells). Copies of the value share the memory, which the last one frees:
/// keep a single copy that appends, as ``SheetToCSV`` does.
struct ByteBuffer {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var count = 0
    private var capacity: Int
    private let owner: Owner

    final class Owner {
        var base: UnsafeMutablePointer<UInt8>
        init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base }
        deinit { base.deallocate() }
    }

    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
        owner = Owner(base)
    }

    var isEmpty: Bool { count == 0 }
    /// The bytes, valid until the next change.
    var bytes: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }
    /// Bytes `from..<to`, valid until the next change.
    func bytes(_ from: Int, _ to: Int) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base + from, count: to - from) }
    var array: [UInt8] { Array(bytes) }

    @inline(__always) mutating func append(_ b: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = b
        count += 1
    }

    @inline(__always) mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let p = bytes.baseAddress, bytes.count > 0 else { return }
        if count + bytes.count > capacity { grow(count + bytes.count) }
        (base + count).update(from: p, count: bytes.count)
        count += bytes.count
    }

    mutating func append(_ bytes: [UInt8]) { bytes.withUnsafeBufferPointer { append($0) } }
    mutating func append(_ bytes: ArraySlice<UInt8>) { bytes.withUnsafeBufferPointer { append($0) } }
    mutating func append(_ text: String) {
        var text = text
        text.withUTF8 { append($0) }
    }

    mutating func removeAll() { count = 0 }
    /// Keeps the first `n` bytes.
    mutating func truncate(to n: Int) { count = n }

    @inline(never) private mutating func grow(_ needed: Int) {
        let grown = max(capacity * 2, needed)
        let b = UnsafeMutablePointer<UInt8>.allocate(capacity: grown)
        b.update(from: base, count: count)
        base.deallocate()
        base = b
        owner.base = b
        capacity = grown
    }
}
