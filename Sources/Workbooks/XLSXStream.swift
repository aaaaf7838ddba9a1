import Foundation
import Registrations
#if canImport(FoundationXML)
import FoundationXML
#endif
internal import ZIPFoundation

/// Feeds a workbook part to `XMLParser` as it is inflated, so that neither the compressed nor
/// the inflated part is ever whole in memory: a thread inflates the ZIP entry into a queue of at
/// most a few 64 KiB pieces, and the parser reads them through an `InputStream`.
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

    /// Stops the producer (the parser gave up).
    func cancel() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        lock.unlock()
    }
}

/// How far the parser has read into a sheet, for progress lines (read on the parsing thread).
public final class SheetProgress: @unchecked Sendable {
    /// Inflated bytes of the sheet's XML handed to the parser so far.
    public internal(set) var read = 0
    /// The sheet's XML size, inflated, as the ZIP directory gives it.
    public internal(set) var total = 0
    /// The share read, 0...1.
    public var fraction: Double { total > 0 ? min(1, Double(read) / Double(total)) : 0 }
}

/// An `InputStream` over an ``EntryQueue``.
final class EntryInputStream: InputStream {
    private let queue: EntryQueue
    var counter: SheetProgress?
    private var current = Data()
    private var offset = 0
    private var ended = false

    init(_ queue: EntryQueue) {
        self.queue = queue
        super.init(data: Data())
    }

    override func open() {}
    override func close() {}
    override var hasBytesAvailable: Bool { !ended }
    override var streamStatus: Stream.Status { ended ? .atEnd : .open }

    override func read(_ buffer: UnsafeMutablePointer<UInt8>, maxLength len: Int) -> Int {
        while offset >= current.count {
            guard let next = queue.take() else { ended = true; return 0 }
            current = next
            offset = 0
        }
        let n = min(len, current.count - offset)
        current.withUnsafeBytes { p in
            UnsafeMutableRawPointer(buffer).copyMemory(from: p.baseAddress! + offset, byteCount: n)
        }
        offset += n
        counter?.read += n
        return n
    }
}

extension XLSXReader {
    /// Parses the ZIP entry at `path` with `delegate`, streaming.
    /// - Returns: the parser's result and error; the inflating error, if inflating failed.
    static func parse(_ archive: Archive, entry: Entry, delegate: any XMLParserDelegate,
                      progress: SheetProgress? = nil) -> (ok: Bool, parserError: (any Error)?, zipError: (any Error)?) {
        let queue = EntryQueue()
        let finished = DispatchSemaphore(value: 0)
        let box = ArchiveBox(archive: archive, entry: entry)
        let thread = Thread {
            do {
                _ = try box.archive.extract(box.entry, bufferSize: 1 << 16, skipCRC32: false) { data in try queue.put(data) }
                queue.finish(nil)
            } catch {
                queue.finish(error)
            }
            finished.signal()
        }
        thread.start()
        let stream = EntryInputStream(queue)
        stream.counter = progress
        let parser = XMLParser(stream: stream)
        parser.delegate = delegate
        parser.shouldResolveExternalEntities = false
        let ok = parser.parse()
        queue.cancel()
        finished.wait()
        return (ok, parser.parserError, queue.failure)
    }

    /// The archive and entry handed to the inflating thread (used by that thread only until it ends).
    struct ArchiveBox: @unchecked Sendable {
        let archive: Archive
        let entry: Entry
    }
}
