import Foundation
import Registrations
import Synchronization
internal import ZIPFoundation

/// Feeds a workbook part to ``XMLByteScanner`` as it is inflated, so that neither the compressed
/// nor the inflated part is ever whole in memory: a thread inflates the ZIP entry into a queue of
/// at most a few 64 KiB pieces, and the scanner takes them one by one.
final class EntryQueue: @unchecked Sendable {
    private let lock = NSCondition()
    private var pieces: [Data] = []
    private var done = false
    private var cancelled = false
    private(set) var failure: (any Error)?
    static let depth = 4

    struct Cancelled: Error {}

    /// Adds a piece; waits while the queue is full. Throws once the reader has stopped.
    func put(_ data: Data) throws {
        lock.lock()
        defer { lock.unlock() }
        while pieces.count >= Self.depth, !cancelled { lock.wait() }
        if cancelled { throw Cancelled() }
        pieces.append(data)
        lock.broadcast()
    }

    /// The end of the entry (with the error that ended it early, if any).
    func finish(_ error: (any Error)?) {
        lock.lock()
        done = true
        if let error, !(error is Cancelled) { failure = error }
        lock.broadcast()
        lock.unlock()
    }

    /// The next piece; `nil` at the end.
    func take() -> Data? {
        lock.lock()
        defer { lock.unlock() }
        while pieces.isEmpty, !done, !cancelled { lock.wait() }
        if pieces.isEmpty { return nil }
        let piece = pieces.removeFirst()
        lock.broadcast()
        return piece
    }

    /// Stops the producer (the scanner gave up).
    func cancel() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        lock.unlock()
    }
}

/// How far the scanner has read into a sheet, for progress lines (written by the scanning
/// thread, read by any).
public final class SheetProgress: @unchecked Sendable {
    private let bytesRead = Atomic<Int>(0)
    /// Inflated bytes of the sheet's XML handed to the scanner so far.
    public var read: Int { bytesRead.load(ordering: .relaxed) }
    func add(_ n: Int) { bytesRead.add(n, ordering: .relaxed) }
    /// The sheet's XML size, inflated, as the ZIP directory gives it.
    public internal(set) var total = 0
    /// The share read, 0...1.
    public var fraction: Double { total > 0 ? min(1, Double(read) / Double(total)) : 0 }
}

extension XLSXReader {
    /// Scans the ZIP entry with `scanner` as it is inflated: a thread inflates into the queue,
    /// this one scans each piece.
    /// - Returns: why the scan stopped early, if it did; the inflating error, if inflating failed.
    static func scan<H>(_ archive: Archive, entry: Entry, with scanner: inout XMLByteScanner<H>,
                        progress: SheetProgress? = nil) -> (failure: XMLScanFailure?, zipError: (any Error)?) {
        let queue = EntryQueue()
        let finished = DispatchSemaphore(value: 0)
        let box = ArchiveBox(archive: archive, entry: entry)
        let thread = Thread {
            do {
                // The checksum here rather than ZIPFoundation's (a byte at a time on Linux, where
                // it has no zlib module: a sixth of reading a large sheet).
                var crc: UInt32 = 0
                _ = try box.archive.extract(box.entry, bufferSize: 1 << 16, skipCRC32: true) { data in
                    crc = data.withUnsafeBytes { ZipCRC32.update(crc, $0) }
                    try queue.put(data)
                }
                guard crc == box.entry.checksum else { throw ZipCRC32.Mismatch() }
                queue.finish(nil)
            } catch {
                queue.finish(error)
            }
            finished.signal()
        }
        thread.start()
        let failure = run(&scanner) {
            let piece = queue.take()
            if let piece { progress?.add(piece.count) }
            return piece
        }
        queue.cancel()
        finished.wait()
        return (queue.failure == nil ? failure : nil, queue.failure)
    }

    /// Feeds `scanner` every piece `next` gives, then ends it.
    static func run<H>(_ scanner: inout XMLByteScanner<H>, pieces next: () -> Data?) -> XMLScanFailure? {
        var failure: XMLScanFailure?
        while failure == nil, let piece = next() {
            piece.withUnsafeBytes { p in
                do throws(XMLScanFailure) { try scanner.feed(p) } catch { failure = error }
            }
        }
        if failure == nil {
            do throws(XMLScanFailure) { try scanner.finish() } catch { failure = error }
        }
        return failure
    }

    /// The archive and entry handed to the inflating thread (used by that thread only until it ends).
    struct ArchiveBox: @unchecked Sendable {
        let archive: Archive
        let entry: Entry
    }
}

/// CRC-32 as ZIP uses it (reflected, polynomial 0xEDB88320), eight bytes a step ("slicing by 8").
enum ZipCRC32 {
    /// A part whose inflated bytes do not have the checksum its ZIP entry records.
    struct Mismatch: Error, CustomStringConvertible {
        var description: String { "its CRC-32 checksum does not match: the file is damaged" }
    }

    /// Eight tables of 256: table k gives the CRC of a byte followed by k zero bytes.
    static let table: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for i in 0..<256 {
            var c = UInt32(i)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[i] = c
        }
        for k in 1..<8 {
            for i in 0..<256 {
                let previous = t[(k - 1) * 256 + i]
                t[k * 256 + i] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()

    /// The CRC of the bytes so far (`crc`) extended by `bytes`.
    static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress else { return crc }
        let n = bytes.count
        var c = ~crc
        table.withUnsafeBufferPointer { t in
            var i = 0
            while i + 8 <= n {
                let one = UInt32(littleEndian: (base + i).loadUnaligned(as: UInt32.self)) ^ c
                let two = UInt32(littleEndian: (base + i + 4).loadUnaligned(as: UInt32.self))
                c = t[7 * 256 + Int(one & 0xFF)] ^ t[6 * 256 + Int((one >> 8) & 0xFF)]
                    ^ t[5 * 256 + Int((one >> 16) & 0xFF)] ^ t[4 * 256 + Int(one >> 24)]
                    ^ t[3 * 256 + Int(two & 0xFF)] ^ t[2 * 256 + Int((two >> 8) & 0xFF)]
                    ^ t[256 + Int((two >> 16) & 0xFF)] ^ t[Int(two >> 24)]
                i += 8
            }
            while i < n {
                c = t[Int((c ^ UInt32(base.load(fromByteOffset: i, as: UInt8.self))) & 0xFF)] ^ (c >> 8)
                i += 1
            }
        }
        return ~c
    }
}
