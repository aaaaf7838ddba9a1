import Checks
import Diagnostics
import Foundation
import Registrations

/// A sheet's rows checked on two cores: one thread scans the sheet's XML (another inflates it,
/// ``XLSXReader/scan(_:entry:with:progress:)``) into CSV chunks, the others analyse the chunks
/// and the checks across rows take them in order.
///
/// Every chunk of ``SheetToCSV`` ends at the end of a row, outside quotes (it writes rows whole):
/// each chunk after the first, which holds the header, is a ``RegistrationPart`` of its own,
/// analysed by a worker thread, or by the checking thread when the next chunk is not ready, and
/// taken by ``RegistrationChecker/append(_:error:)`` in row order, so the report is the same as
/// reading the chunks one after the other. At most ``depth`` chunks wait to be analysed and
/// ``ahead`` analysed ones to be checked: memory stays flat.
///
/// `@unchecked Sendable`: every mutable field is read and written under `lock`.
final class SheetPipeline: @unchecked Sendable {
    enum Outcome {
        case part(RegistrationPart, DiagnosticError?)
    }

    /// CSV bytes a chunk: half a CSV list's, as up to ``depth`` + ``ahead`` + 2 are held at once.
    static let chunkSize = 1 << 19
    static let depth = 8
    static let ahead = 10

    private let lock = NSCondition()
    /// Chunks scanned but not taken yet; chunk `k` is `raw[k - taken]`.
    private var raw: [[UInt8]] = []
    private var taken = 0
    private var results: [Int: Outcome] = [:]
    /// The next chunk to check, in order.
    private var next = 0
    private var scanned = false
    private var scanError: DiagnosticError?
    private var stopped = false
    private var template: RegistrationPart?
    private var threads = 0
    private let finished = DispatchSemaphore(value: 0)
    private let progress: SheetProgress
    /// The sheet's XML bytes scanned when the first chunk was complete.
    private var firstChunkXML = 0

    private init(progress: SheetProgress) { self.progress = progress }

    /// Thrown into the scanner when the checks stopped (an error): not reported.
    static let cancelled = DiagnosticError([])

    /// Checks the sheet `reader` reads with the checker `make` gives for the number of rows
    /// expected (from the first chunk, ``expectedRows(rows:xmlBytes:sheetBytes:compressedBytes:)``).
    static func check(_ reader: XLSXReader, chunkSize: Int, checker make: (_ expectedRows: Int) -> RegistrationChecker,
                      progress: (_ rows: Int) -> Void) throws(DiagnosticError) -> RegistrationChecker {
        let pipeline = SheetPipeline(progress: reader.progress)
        defer { pipeline.stop() }
        let box = ReaderBox(reader: reader)
        var checker: RegistrationChecker?
        pipeline.spawn {
            var failure: DiagnosticError?
            do throws(DiagnosticError) {
                try box.reader.csv(chunkSize: chunkSize) { chunk throws(DiagnosticError) in try pipeline.put(chunk) }
            } catch {
                failure = error
            }
            pipeline.endScan(failure)
        }
        while true {
            switch pipeline.step() {
            case .feed(let bytes):
                if checker == nil {
                    let rows = bytes.reduce(0) { $0 + ($1 == 10 ? 1 : 0) }  // the rows of the first chunk, once
                    checker = make(expectedRows(rows: rows, xmlBytes: pipeline.firstChunkXML, sheetBytes: reader.progress.total,
                                                compressedBytes: reader.sheetCompressedSize))
                }
                try checker!.feed(bytes)
                if pipeline.needsTemplate, let part = checker!.part() { pipeline.start(part) }
            case .analyse(let k, let bytes, let part):
                pipeline.store(k, Self.analyse(bytes, part))
                continue
            case .append(.part(let part, let error)):
                try checker!.append(part, error: error)
            case .end(let error):
                if let error { throw error }
                return checker ?? make(0)
            }
            pipeline.checked()
            progress(checker!.rowsRead)
        }
    }

    /// How many rows to size the key tables for: the sheet's XML size over the XML bytes a row of
    /// the first chunk took (64 at least, with a sixteenth to spare), as for a CSV list
    /// (``RegistrationFiles/expectedRows(firstChunk:fileSize:)``). The XML size is what the ZIP
    /// directory says, which a damaged or hostile workbook may overstate: it is taken as at most
    /// 16 times the compressed size (a sheet of registrations compresses about 7 to 1); beyond,
    /// the tables grow with the rows really read.
    /// - Returns: 0 (small tables that grow) when the first chunk holds fewer than 16 rows or the
    ///   whole sheet.
    static func expectedRows(rows: Int, xmlBytes: Int, sheetBytes: Int, compressedBytes: Int) -> Int {
        guard rows >= 16, xmlBytes > 0, xmlBytes < sheetBytes else { return 0 }
        let size = min(sheetBytes, compressedBytes.multipliedReportingOverflow(by: 16).overflow ? .max : compressedBytes * 16)
        let rowBytes = max(xmlBytes / rows, 64)
        return size / rowBytes + size / rowBytes / 16
    }

    static func analyse(_ bytes: [UInt8], _ template: RegistrationPart) -> Outcome {
        var part = template
        do {
            try part.feed(bytes)
            try part.finish()
            return .part(part, nil)
        } catch {
            return .part(part, error)
        }
    }

    struct ReaderBox: @unchecked Sendable { let reader: XLSXReader }

    private func spawn(_ body: @escaping @Sendable () -> Void) {
        lock.lock()
        threads += 1
        lock.unlock()
        let thread = Thread { [finished] in
            body()
            finished.signal()
        }
        thread.stackSize = 1 << 22
        thread.start()
    }

    // MARK: - The scanning thread

    /// Adds a chunk; waits while ``depth`` wait. Throws ``cancelled`` once the checks stopped.
    func put(_ chunk: [UInt8]) throws(DiagnosticError) {
        lock.lock()
        defer { lock.unlock() }
        while raw.count >= Self.depth, !stopped { lock.wait() }
        if stopped { throw Self.cancelled }
        if taken == 0, raw.isEmpty { firstChunkXML = progress.read }
        raw.append(chunk)
        lock.broadcast()
    }

    func endScan(_ error: DiagnosticError?) {
        lock.lock()
        scanned = true
        scanError = error
        lock.broadcast()
        lock.unlock()
    }

    // MARK: - The worker

    private var needsTemplate: Bool {
        lock.lock()
        defer { lock.unlock() }
        return template == nil && !stopped
    }

    /// Starts the worker, which analyses chunks into parts from `part` on.
    private func start(_ part: RegistrationPart) {
        lock.lock()
        template = part
        lock.unlock()
        spawn { [self] in
            while let (k, bytes, part) = self.claim() {
                self.store(k, Self.analyse(bytes, part))
            }
        }
    }

    /// A chunk for the worker, at most ``ahead`` after the next to check; `nil` at the end.
    private func claim() -> (Int, [UInt8], RegistrationPart)? {
        lock.lock()
        defer { lock.unlock() }
        while !stopped, raw.isEmpty || taken > next + Self.ahead {
            if raw.isEmpty, scanned { return nil }
            lock.wait()
        }
        guard !stopped, let template else { return nil }
        taken += 1
        lock.broadcast()
        return (taken - 1, raw.removeFirst(), template)
    }

    private func store(_ k: Int, _ outcome: Outcome) {
        lock.lock()
        results[k] = outcome
        lock.broadcast()
        lock.unlock()
    }

    // MARK: - The checking thread

    enum Step {
        /// Check the next chunk at once (the header's, or while no worker runs, or when it is
        /// the first waiting).
        case feed([UInt8])
        /// Analyse chunk `k`, later than the next, while the worker is on the next.
        case analyse(Int, [UInt8], RegistrationPart)
        /// The next chunk, analysed.
        case append(Outcome)
        /// The end: the scan's error, if it failed.
        case end(DiagnosticError?)
    }

    private func step() -> Step {
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let outcome = results.removeValue(forKey: next) { return .append(outcome) }
            if taken == next, !raw.isEmpty {
                taken += 1
                lock.broadcast()
                return .feed(raw.removeFirst())
            }
            if let template, !raw.isEmpty, taken <= next + Self.ahead {
                taken += 1
                lock.broadcast()
                return .analyse(taken - 1, raw.removeFirst(), template)
            }
            if scanned, raw.isEmpty, taken == next { return .end(scanError) }
            lock.wait()
        }
    }

    /// The next chunk is checked.
    private func checked() {
        lock.lock()
        next += 1
        lock.broadcast()
        lock.unlock()
    }

    /// Stops the threads and waits for them.
    func stop() {
        lock.lock()
        stopped = true
        lock.broadcast()
        let n = threads
        lock.unlock()
        for _ in 0..<n { finished.wait() }
    }
}
