import Checks
import Diagnostics
import Foundation
import Planner
import Registrations
import Synchronization

/// Where reading a list reports its progress: bytes read and rows so far, then the total.
public protocol ListProgress: AnyObject {
    func update(bytes: Int, count: Int)
    func finish(count: Int)
}

/// Reads registration lists from files, CSV or Excel workbooks (by content), in 1 MiB chunks:
/// the I/O of `registrations check`, `check --registrations`, `feeds --registrations` and
/// `agenda --participant`, which all read a list through here into one ``RegistrationChecker``.
public enum RegistrationFiles {
    /// Bytes read per call; memory stays flat however large the list is.
    public static let chunkSize = 1 << 20

    /// Streams the file at `path` through a ``RegistrationChecker``.
    ///
    /// A large list (``parallelMinimum`` bytes or more) is read on two cores: after the first
    /// chunk it is cut at line breaks into regions of 2 MiB (``RegionPool``), analysed on their own
    /// (``RegistrationPart``) by another thread a few regions ahead, and by this one when it would
    /// otherwise wait; the checks across rows take them in row order, so the report is the same,
    /// and only a few regions' rows are held at once. A line break is a record boundary while no
    /// quote has been seen: from the first region that holds one, the list is read here in order.
    /// - Parameters:
    ///   - progress: where to report rows read, or `nil`.
    ///   - delegations: the programme's delegation list, read after the list's first bytes (so
    ///     that a list that cannot be opened is reported first), or `nil` to skip `unknown-delegation`.
    /// - Throws: ``DiagnosticError`` when the file or the delegation list cannot be read, or the
    ///   list is not readable CSV (encoding, header); the CLI exits with 2.
    public static func check(path: String, programme: Programme, options: RegistrationOptions, sheet: String? = nil,
                             progress: (any ListProgress)? = nil,
                             delegations: () throws(DiagnosticError) -> DelegationList?) throws(DiagnosticError) -> RegistrationChecker.Result {
        let file = try ListFile(path: path)
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var n = try file.read(into: &buffer, at: 0)
        let delegationList = try delegations()
        switch ListFormat.sniff(buffer[..<n]) {
        case .csv: break
        case .xlsx: return try workbook(path: path, programme: programme, delegations: delegationList, options: options, sheet: sheet, progress: progress)
        case .ole2:
            var all: [UInt8] = []
            var offset = 0
            while true {  // the directory can be anywhere: look through the file for the stream name
                let got = try file.read(into: &buffer, at: offset)
                if got == 0 || all.count > 256 << 20 { break }
                all += buffer[..<got]
                offset += got
            }
            throw ListFormat.unreadable(.ole2(encrypted: ListFormat.holdsEncryptedPackage(all)), file: options.file)!
        }
        var options = options
        options.expectedRows = expectedRows(firstChunk: buffer[..<n], fileSize: file.size)  // size the key tables once
        var checker = RegistrationChecker(programme: programme, delegations: delegationList, options: options)
        try checker.feed(buffer[..<n])
        var offset = n
        func hasQuote(_ n: Int) -> Bool { buffer.withUnsafeBytes { memchr($0.baseAddress!, 0x22, n) != nil } }
        // Regions read on two cores while no quote is seen (a line break then ends a record).
        if n > 0, !hasQuote(n), file.size >= parallelMinimum, ProcessInfo.processInfo.activeProcessorCount > 1,
           let pool = try RegionPool.start(checker: checker, file: file, from: offset) {
            defer { pool.stop() }  // the worker is stopped and joined however this ends
            var i = 0
            regions: while i < pool.count {
                switch pool.next(i) {
                case .mine:
                    // In order: fed here, analysed and checked across rows at once.
                    let end = pool.bounds[i + 1]
                    while offset < end {
                        n = try file.read(into: &buffer, at: offset, upTo: end - offset)
                        if n == 0 { break }
                        let quoted = hasQuote(n)
                        try checker.feed(buffer[..<n])
                        offset += n
                        if quoted { break regions }  // the next regions may not start at a record: read on here
                    }
                case .analyse(let j):
                    pool.put(j, pool.analyse(j))
                    continue regions
                case .done(.part(let part, let error)):
                    try checker.append(part, error: error)
                    offset = pool.bounds[i + 1]
                case .done(.quoted):
                    break regions  // read from its start on, here
                }
                i += 1
                pool.applied(i)
                progress?.update(bytes: offset, count: checker.rowsRead)
            }
        }
        while true {
            n = try file.read(into: &buffer, at: offset)
            if n == 0 { break }
            try checker.feed(buffer[..<n])
            offset += n
            progress?.update(bytes: offset, count: checker.rowsRead)
        }
        let result = try checker.finish()
        progress?.finish(count: result.report.rows)
        return result
    }

    /// Checks the sheet of an Excel workbook: its rows, as CSV text, go through the same checker
    /// (on two cores, ``SheetPipeline``).
    static func workbook(path: String, programme: Programme, delegations: DelegationList?, options: RegistrationOptions,
                         sheet: String?, progress: (any ListProgress)?) throws(DiagnosticError) -> RegistrationChecker.Result {
        let reader = try XLSXReader(path: path, sheet: sheet, file: options.file)
        var options = options
        options.delimiter = .comma
        options.encoding = .utf8
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var checker = try SheetPipeline.check(reader, chunkSize: SheetPipeline.chunkSize, checker: { rows in
            var options = options
            options.expectedRows = rows
            return RegistrationChecker(programme: programme, delegations: delegations, options: options)
        }, progress: { rows in
            progress?.update(bytes: Int(reader.progress.fraction * Double(size)), count: rows)  // the share of the sheet read
        })
        var result = try checker.finish()
        result.report.sheet = reader.sheetName
        progress?.finish(count: result.report.rows)
        return result
    }

    /// Lists smaller than this are read on one core.
    static let parallelMinimum = 8 << 20

    /// How many rows to size the key tables for, from the rows actually seen: the line breaks of
    /// the first chunk give the average row length, and the file size the count. Never from the
    /// size alone: a file of one huge line without a line break (hostile, or not a list) gets
    /// small tables that grow with the rows it really has, so memory stays flat until
    /// `csv-field-too-long` stops it. Rows are counted at 64 bytes at least (a registration
    /// row is rarely shorter), so a first chunk of short lines cannot ask for more than a list
    /// of real rows of that size would need.
    /// - Returns: 0 when the first chunk holds fewer than 16 line breaks or is the whole file
    ///   (small tables that grow).
    static func expectedRows(firstChunk: ArraySlice<UInt8>, fileSize: Int) -> Int {
        guard firstChunk.count < fileSize else { return 0 }  // read whole: the tables grow as needed
        var lines = 0, lastEnd = 0
        firstChunk.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            var k = 0
            while k < raw.count, let hit = memchr(base + k, 0x0A, raw.count - k) {
                k = base.distance(to: UnsafeRawPointer(hit)) + 1
                lines += 1
                lastEnd = k
            }
        }
        guard lines >= 16 else { return 0 }
        let rowBytes = max(lastEnd / lines, 64)
        return fileSize / rowBytes + fileSize / rowBytes / 16  // with a sixteenth to spare: rows vary
    }
}

/// A registration list opened for reading at any offset (`pread`), so that two threads can read
/// their halves.
final class ListFile: Sendable {
    let path: String
    let size: Int
    private let fd: Int32

    init(path: String) throws(DiagnosticError) {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it cannot be read (permissions?)" : "no such file"
            throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)': \(reason)"))
        }
        let end = lseek(fd, 0, SEEK_END)  // the size, without `stat` (ambiguous between C modules here)
        size = end > 0 ? Int(end) : 0
    }

    deinit { close(fd) }

    /// Reads up to `limit` bytes (at most the buffer's size) at `offset`.
    /// - Returns: the number of bytes read; 0 at the end of the file.
    func read(into buffer: inout [UInt8], at offset: Int, upTo limit: Int = .max) throws(DiagnosticError) -> Int {
        let count = min(buffer.count, limit)
        let n = buffer.withUnsafeMutableBytes { pread(fd, $0.baseAddress, count, off_t(offset)) }
        guard n >= 0 else {
            throw DiagnosticError(.error("unreadable-file", "cannot read '\(path)': \(String(cString: strerror(errno)))"))
        }
        return n
    }
}

/// The regions of a large list after its first chunk, analysed on two cores (see
/// ``RegistrationFiles/check(path:programme:options:sheet:progress:delegations:)``).
///
/// The list after the first chunk is cut into regions of about ``regionSize`` bytes, each
/// starting after a line break. The reading thread takes the regions in row order: one nobody has
/// claimed it reads and checks itself at once; one the worker thread has analysed
/// (``RegistrationPart``) it hands to the checks across rows; while the worker is still on the
/// next one, it analyses a later one itself. The worker stays at most ``ahead`` regions ahead of
/// the checks, so memory holds a few regions' rows, not half the list. A region in which a quote
/// appears ends this: a line break after it may be inside a quoted field, so the rest of the list
/// is read in order by the reading thread.
///
/// `@unchecked Sendable`: every mutable field is read and written under `lock`.
final class RegionPool: @unchecked Sendable {
    /// What analysing a region gave.
    enum Outcome: Sendable {
        case part(RegistrationPart, DiagnosticError?)
        /// The region holds a quote: not analysed.
        case quoted
    }
    /// What the reading thread does next for region `i`.
    enum Step {
        /// Read and check it now, in order.
        case mine
        /// Analyse region `j` (later than `i`) into a part while the worker is on `i`.
        case analyse(Int)
        /// Region `i` is analysed.
        case done(Outcome)
    }

    static let regionSize = 2 << 20
    /// How many regions the worker may analyse ahead of the checks.
    static let ahead = 4

    /// Region `i` is `bounds[i]..<bounds[i + 1]`.
    let bounds: [Int]
    var count: Int { bounds.count - 1 }
    private let file: ListFile
    private let template: RegistrationPart
    private let lock = NSCondition()
    private var claimed = 0
    private var appliedCount = 0
    private var outcomes: [Int: Outcome] = [:]
    private var stopped = false
    private var quoteSeen = false
    private let finished = DispatchSemaphore(value: 0)

    private init(bounds: [Int], file: ListFile, template: RegistrationPart) {
        self.bounds = bounds
        self.file = file
        self.template = template
    }

    /// Cuts the list after `from` into regions and starts the worker thread; `nil` before the
    /// header is read, when participants are collected, or when there is a single region.
    static func start(checker: RegistrationChecker, file: ListFile, from: Int) throws(DiagnosticError) -> RegionPool? {
        guard let template = checker.part() else { return nil }
        var bounds = [from]
        var probe = [UInt8](repeating: 0, count: 64 << 10)
        var at = from + regionSize
        while at < file.size {
            let n = try file.read(into: &probe, at: at)
            if n == 0 { break }
            guard let lf = probe[..<n].firstIndex(of: 10) else {
                at += n  // a long line: the region extends past it
                continue
            }
            let boundary = at + lf + 1
            if boundary < file.size { bounds.append(boundary) }
            at = boundary + regionSize
        }
        bounds.append(file.size)
        guard bounds.count > 2 else { return nil }
        let pool = RegionPool(bounds: bounds, file: file, template: template)
        // Region 0 follows the first chunk: the reading thread's own.
        pool.claimed = 1
        let thread = Thread { pool.run() }
        thread.stackSize = 1 << 22
        thread.start()
        return pool
    }

    private func run() {
        defer { finished.signal() }
        while true {
            lock.lock()
            while !stopped, !quoteSeen, claimed < count, claimed > appliedCount + Self.ahead { lock.wait() }
            guard !stopped, !quoteSeen, claimed < count else {
                lock.unlock()
                return
            }
            let i = claimed
            claimed += 1
            lock.unlock()
            put(i, analyse(i))
        }
    }

    /// Analyses region `i` on its own.
    func analyse(_ i: Int) -> Outcome {
        var part = template
        var buffer = [UInt8](repeating: 0, count: RegistrationFiles.chunkSize)
        var offset = bounds[i]
        let end = bounds[i + 1]
        do {
            while offset < end {
                let n = try file.read(into: &buffer, at: offset, upTo: end - offset)
                if n == 0 { break }
                if buffer.withUnsafeBytes({ memchr($0.baseAddress!, 0x22, n) }) != nil { return .quoted }
                try part.feed(buffer[..<n])
                offset += n
            }
            try part.finish()
            return .part(part, nil)
        } catch {
            return .part(part, error)
        }
    }

    func put(_ i: Int, _ outcome: Outcome) {
        lock.lock()
        outcomes[i] = outcome
        if case .quoted = outcome { quoteSeen = true }
        lock.broadcast()
        lock.unlock()
    }

    /// What to do for region `i`, the next in row order (waits while the worker analyses it and
    /// there is nothing else to do).
    func next(_ i: Int) -> Step {
        if i == 0 { return .mine }  // reserved: it starts where the first chunk ended, inside a row
        lock.lock()
        defer { lock.unlock() }
        while true {
            if let outcome = outcomes.removeValue(forKey: i) { return .done(outcome) }
            if claimed == i {
                claimed += 1
                return .mine
            }
            if !quoteSeen, claimed < count, claimed <= i + Self.ahead {
                claimed += 1
                return .analyse(claimed - 1)
            }
            lock.wait()
        }
    }

    /// The regions before `i` are checked: the worker may go on.
    func applied(_ i: Int) {
        lock.lock()
        appliedCount = i
        lock.broadcast()
        lock.unlock()
    }

    /// Stops the worker after its current region and waits for it.
    func stop() {
        lock.lock()
        stopped = true
        lock.broadcast()
        lock.unlock()
        finished.wait()
    }
}
