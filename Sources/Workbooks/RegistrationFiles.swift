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
    /// A large list (``parallelMinimum`` bytes or more) is read on two cores: the rows after the
    /// first line break past the middle are analysed on another thread (``RegistrationPart``)
    /// while this one reads the first half; the checks across rows then take them in row order,
    /// so the report is the same. That boundary is a record boundary when the first half holds no
    /// quote; when it holds one, the second half is read here after the first, as a whole.
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
        options.expectedRows = file.size / 160  // rows are about 150 bytes: size the key tables once
        var checker = RegistrationChecker(programme: programme, delegations: delegationList, options: options)
        var offset = 0
        try checker.feed(buffer[..<n])
        offset = n
        let worker = n > 0 && file.size >= parallelMinimum && ProcessInfo.processInfo.activeProcessorCount > 1
            ? try PartWorker.start(checker: checker, file: file, from: offset) : nil
        defer { worker?.cancel() }  // when this thread stops early (an error)
        let end = worker?.start ?? file.size
        func hasQuote(_ n: Int) -> Bool { buffer.withUnsafeBytes { memchr($0.baseAddress!, 0x22, n) != nil } }
        var quoted = hasQuote(n)
        while offset < end {
            n = try file.read(into: &buffer, at: offset, upTo: end - offset)
            if n == 0 { break }
            if worker != nil, !quoted { quoted = hasQuote(n) }
            try checker.feed(buffer[..<n])
            offset += n
            let (rows, bytes) = worker?.done ?? (0, 0)
            progress?.update(bytes: offset + bytes, count: checker.rowsRead + rows)
        }
        if let worker {
            if quoted {
                worker.cancel()
                _ = worker.wait()
                while true {
                    n = try file.read(into: &buffer, at: offset)
                    if n == 0 { break }
                    try checker.feed(buffer[..<n])
                    offset += n
                    progress?.update(bytes: offset, count: checker.rowsRead)
                }
            } else {
                let (part, error) = worker.wait()  // its rows are freed with `part`, at the end of this block
                try checker.append(part, error: error)
            }
        }
        let result = try checker.finish()
        progress?.finish(count: result.report.rows)
        return result
    }

    /// Checks the sheet of an Excel workbook: its rows, as CSV text, go through the same checker.
    static func workbook(path: String, programme: Programme, delegations: DelegationList?, options: RegistrationOptions,
                         sheet: String?, progress: (any ListProgress)?) throws(DiagnosticError) -> RegistrationChecker.Result {
        let reader = try XLSXReader(path: path, sheet: sheet, file: options.file)
        var options = options
        options.delimiter = .comma
        options.encoding = .utf8
        var checker = RegistrationChecker(programme: programme, delegations: delegations, options: options)
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        try reader.csv { chunk throws(DiagnosticError) in
            try checker.feed(chunk)
            progress?.update(bytes: Int(reader.progress.fraction * Double(size)), count: checker.rowsRead)  // the share of the sheet read
        }
        var result = try checker.finish()
        result.report.sheet = reader.sheetName
        progress?.finish(count: result.report.rows)
        return result
    }

    /// Lists smaller than this are read on one core.
    /// Lists smaller than this are read on one core.
    static let parallelMinimum = 8 << 20
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

/// The thread that analyses the second half of a list (see ``RegistrationFiles/check(path:programme:options:sheet:progress:delegations:)``).
///
/// `@unchecked Sendable`: `part` and `error` are written by the worker thread only, before it
/// signals `finished`, and read by the starting thread only after `wait()`; the counters and the
/// cancel flag are atomics.
final class PartWorker: @unchecked Sendable {
    /// The record boundary where the part starts.
    let start: Int
    private let file: ListFile
    private var part: RegistrationPart?
    private var error: DiagnosticError?
    private let finished = DispatchSemaphore(value: 0)
    private let cancelled = Atomic<Bool>(false)
    private let rows = Atomic<Int>(0)
    private let bytes = Atomic<Int>(0)

    private init(start: Int, file: ListFile, part: RegistrationPart) {
        self.start = start
        self.file = file
        self.part = part
    }

    /// Finds the first line break after the middle of the file (not before `from`) and starts a
    /// thread on the rows after it; `nil` when there is none within 1 MiB or the header is not
    /// read yet.
    static func start(checker: RegistrationChecker, file: ListFile, from: Int) throws(DiagnosticError) -> PartWorker? {
        guard let part = checker.part() else { return nil }
        var probe = [UInt8](repeating: 0, count: 1 << 20)
        let middle = max(from, file.size / 2)
        let n = try file.read(into: &probe, at: middle)
        guard let lf = probe[..<n].firstIndex(of: 10), middle + lf + 1 < file.size else { return nil }
        let worker = PartWorker(start: middle + lf + 1, file: file, part: part)
        let thread = Thread { worker.run() }
        thread.stackSize = 1 << 22
        thread.start()
        return worker
    }

    private func run() {
        defer { finished.signal() }
        var buffer = [UInt8](repeating: 0, count: RegistrationFiles.chunkSize)
        var offset = start
        do {
            while !cancelled.load(ordering: .relaxed) {
                let n = try file.read(into: &buffer, at: offset)
                if n == 0 { break }
                try part!.feed(buffer[..<n])
                offset += n
                rows.store(part!.rowsRead, ordering: .relaxed)
                bytes.store(offset - start, ordering: .relaxed)
            }
            try part!.finish()
        } catch {
            self.error = error
        }
    }

    /// Rows and bytes analysed so far.
    var done: (rows: Int, bytes: Int) { (rows.load(ordering: .relaxed), bytes.load(ordering: .relaxed)) }

    /// Asks the thread to stop after its current chunk.
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    /// Waits for the thread; the part and the error that stopped it, if any. The part is handed
    /// over (this object no longer holds its rows).
    func wait() -> (RegistrationPart, DiagnosticError?) {
        finished.wait()
        defer { part = nil }
        return (part!, error)
    }
}

