@testable import Checks
import Diagnostics
import Foundation
import Planner
@testable import Registrations
import Testing
@testable import Workbooks

/// Reading a list file large enough to be read on two cores, and sizing its key tables.
@Suite("large list files")
struct LargeListTests {
    @Test("the key tables are sized from the rows seen, never from the file size alone")
    func expectedRows() {
        // One line without a line break (500 MB of it, say): no estimate, the tables grow.
        let oneLine = [UInt8](repeating: UInt8(ascii: "a"), count: 1 << 20)
        #expect(RegistrationFiles.expectedRows(firstChunk: oneLine[...], fileSize: 500 << 20) == 0)
        // A few long lines: the same.
        var few = oneLine
        for k in stride(from: 1 << 16, to: 1 << 20, by: 1 << 16) { few[k] = 10 }
        #expect(RegistrationFiles.expectedRows(firstChunk: few[...], fileSize: 500 << 20) == 0)
        // Rows of 128 bytes: the count follows their length, not the file size alone.
        func rows(of length: Int) -> [UInt8] {
            var bytes: [UInt8] = []
            while bytes.count < 1 << 20 { bytes += [UInt8](repeating: 0x61, count: length - 1) + [10] }
            return Array(bytes[..<(1 << 20)])
        }
        let short = RegistrationFiles.expectedRows(firstChunk: rows(of: 128)[...], fileSize: 128 << 20)
        let long = RegistrationFiles.expectedRows(firstChunk: rows(of: 256)[...], fileSize: 128 << 20)
        #expect(short >= 1 << 20 && short <= (1 << 20) * 9 / 8)
        #expect(long >= 1 << 19 && long <= (1 << 19) * 9 / 8)
        // Blank lines count as rows of 64 bytes at the most.
        let blank = [UInt8](repeating: 10, count: 1 << 20)
        #expect(RegistrationFiles.expectedRows(firstChunk: blank[...], fileSize: 64 << 20) <= (1 << 20) * 9 / 8)
        // The whole file read at once: nothing to estimate.
        #expect(RegistrationFiles.expectedRows(firstChunk: rows(of: 128)[...], fileSize: 1 << 20) == 0)
    }

    /// A list of `RegistrationFiles.parallelMinimum` bytes and more, from the rows of `checks.csv`
    /// (each id made unique, so names, addresses and ids repeat across copies), with `extra`
    /// inserted as a row near `at` (a share of the rows).
    func bigList(extra: [UInt8] = [], at share: Double = 0.5) throws -> [UInt8] {
        let fixture = try fixtureBytes("checks.csv")
        let headerEnd = try #require(fixture.firstIndex(of: 10)) + 1
        let lines = fixture[headerEnd...].split(separator: 10, omittingEmptySubsequences: false).filter { !$0.isEmpty }
        var out = Array(fixture[..<headerEnd])
        let target = RegistrationFiles.parallelMinimum + (RegistrationFiles.parallelMinimum / 8)
        var i = 0
        var inserted = extra.isEmpty
        while out.count < target {
            let line = lines[i % lines.count]
            let comma = try #require(line.firstIndex(of: UInt8(ascii: ",")))
            out += Array("R\(i)".utf8) + line[comma...] + [10]
            if !inserted, Double(out.count) >= Double(target) * share {
                out += extra
                inserted = true
            }
            i += 1
        }
        return out
    }

    /// The file's report read by `RegistrationFiles` (in regions on two cores) and the bytes fed
    /// to one checker in one go.
    func both(_ bytes: [UInt8], encoding: TextEncoding? = nil) throws -> (files: Result<RegistrationChecker.Result, DiagnosticError>,
                                            whole: Result<RegistrationChecker.Result, DiagnosticError>) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("large-list-\(UUID().uuidString).csv")
        try Data(bytes).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let (programme, list) = try miniProgramme()
        let files = Result { () throws(DiagnosticError) -> RegistrationChecker.Result in
            try RegistrationFiles.check(path: url.path, programme: programme, options: RegistrationOptions(file: "big.csv", encoding: encoding),
                                        delegations: { list })
        }
        let whole = Result { () throws(DiagnosticError) -> RegistrationChecker.Result in
            do { return try check(bytes, file: "big.csv", encoding: encoding) } catch let e as DiagnosticError { throw e } catch { fatalError("\(error)") }
        }
        return (files, whole)
    }

    @Test("a large list read in regions on two cores gives the one-go report", arguments: [
        ("no quote", [] as [UInt8], 0.5),
        ("a quoted field with a line break halfway", Array("Q1,\"Ana\nMaría\",Pérez,am@example.org,MEX,delegate,,c1-opening,,,\n".utf8), 0.5),
        ("a quoted field near the end", Array("Q2,\"Ana\",Pérez,aq@example.org,MEX,delegate,,c1-opening,,,\n".utf8), 0.9),
    ])
    func regions(_ name: String, extra: [UInt8], at share: Double) throws {
        let bytes = try bigList(extra: extra, at: share)
        #expect(bytes.count >= RegistrationFiles.parallelMinimum && bytes.count - RegistrationFiles.chunkSize > RegionPool.regionSize)  // two regions at least
        let (files, whole) = try both(bytes)
        let a = try files.get(), b = try whole.get()
        #expect(a.report.rows == b.report.rows)
        #expect(a.report.findings.count == b.report.findings.count)
        #expect(a.report.findings == b.report.findings, "\(name)")
        #expect(a.report.json == b.report.json)
    }

    @Test("an encoding error late in a large list is the error of the one-go read")
    func regionError() throws {
        let bytes = try bigList(extra: Array("P99,Ana,P".utf8) + [0xC3, 0x28] + Array("z,a@example.org,MEX,delegate,,c1-opening,,,\n".utf8), at: 0.8)
        let (files, whole) = try both(bytes, encoding: .utf8)
        guard case .failure(let a) = files, case .failure(let b) = whole else {
            Issue.record("no error")
            return
        }
        #expect(a.diagnostics == b.diagnostics)
        #expect((a.diagnostics.first?.location?.line ?? 0) > 1000)
    }
}
