import Checks
import Diagnostics
import Foundation
import Planner
import Registrations
import Testing
@testable import Workbooks

/// The sheet pipeline (the sheet scanned on one thread, its CSV chunks analysed as parts on two
/// cores) against the CSV text of the same sheet fed to one checker in one go.
@Suite("Excel workbooks: checked on two cores")
struct XLSXPipelineTests {
    /// The checker's result for `path` through ``SheetPipeline`` in chunks of `chunkSize`.
    func pipelined(_ path: String, file: String, chunkSize: Int, participants: Bool = false) throws -> Result<RegistrationChecker.Result, DiagnosticError> {
        let (programme, list) = try miniProgramme()
        return Result { () throws(DiagnosticError) in
            let reader = try XLSXReader(path: path, sheet: nil, file: file)
            let options = RegistrationOptions(file: file, delimiter: .comma, encoding: .utf8, collectParticipants: participants)
            var checker = try SheetPipeline.check(reader, chunkSize: chunkSize, checker: { rows in
                var options = options
                options.expectedRows = rows
                return RegistrationChecker(programme: programme, delegations: list, options: options)
            }, progress: { _ in })
            return try checker.finish()
        }
    }

    /// The sheet's CSV text fed in one go.
    func whole(_ path: String, file: String, participants: Bool = false) throws -> Result<RegistrationChecker.Result, DiagnosticError> {
        var bytes: [UInt8] = []
        do {
            try XLSXReader(path: path, sheet: nil, file: file).csv { bytes += $0 }
        } catch {
            return .failure(error)
        }
        return Result { () throws(DiagnosticError) in
            do { return try check(bytes, file: file, delimiter: .comma, encoding: .utf8, participants: participants) } catch let e as DiagnosticError { throw e } catch { fatalError("\(error)") }
        }
    }

    /// A workbook of the rows of `checks.csv` repeated (ids made unique, so that names and
    /// addresses repeat across chunks), with cells that need quoting: commas, quotes, line breaks.
    func bigWorkbook() throws -> URL {
        let lines = String(decoding: try fixtureBytes("checks.csv"), as: UTF8.self).split(separator: "\n")
        var rows = [lines[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)]
        for i in 0..<3000 {
            var cells = lines[1 + i % (lines.count - 1)].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            cells[0] = "R\(i)"
            if i % 97 == 5 { cells[1] = "Ana\nMaría, \"la\"" }
            if i % 131 == 7 { cells[10] = "=1+1" }
            rows.append(cells)
            if i % 500 == 250 { rows.append([]) }  // an empty row: a blank line
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-\(UUID().uuidString).xlsx")
        try XLSXWriter.write(sheetName: "Big", rows: rows).write(to: url)
        return url
    }

    @Test("a sheet of 3,000 rows in chunks of any size: the report of its CSV text read in one go")
    func big() throws {
        let url = try bigWorkbook()
        defer { try? FileManager.default.removeItem(at: url) }
        let expected = try whole(url.path, file: "big.xlsx").get()
        #expect(expected.report.findings.count > 100)
        for size in [1, 700, 4096, 1 << 19] {
            let result = try pipelined(url.path, file: "big.xlsx", chunkSize: size).get()
            #expect(result.report.rows == expected.report.rows)
            #expect(result.report.findings == expected.report.findings, "chunks of \(size)")
            #expect(result.report.json == expected.report.json)
        }
    }

    @Test("every workbook fixture, participants collected or not: the one-go report", arguments: XLSXScannerTests.workbooks)
    func fixtures(name: String) throws {
        let path = try fixturePath(name)
        for participants in [false, true] {
            let expected = try whole(path, file: name, participants: participants).get()
            for size in [1, 64, 1 << 19] {
                let result = try pipelined(path, file: name, chunkSize: size, participants: participants).get()
                #expect(result.report.findings == expected.report.findings, "\(name) in chunks of \(size)")
                #expect(result.participants.map(\.sessions) == expected.participants.map(\.sessions))
            }
        }
    }

    @Test("a damaged sheet: the error of the one-go read, after the rows before it")
    func damaged() throws {
        let path = try fixturePath("exports/damaged-sheet.xlsx")
        guard case .failure(let expected) = try whole(path, file: "d.xlsx") else {
            Issue.record("read")
            return
        }
        #expect(expected.diagnostics.first?.code == "xlsx-invalid")
        for size in [1, 64, 1 << 19] {
            guard case .failure(let error) = try pipelined(path, file: "d.xlsx", chunkSize: size) else {
                Issue.record("read in chunks of \(size)")
                continue
            }
            #expect(error.diagnostics == expected.diagnostics)
        }
    }

    @Test("the key tables are sized from the first chunk's rows, the sheet's size at most 16 times the compressed size")
    func expectedRows() {
        // 1,000 rows in 500 KB of XML, a sheet of 50 MB: about 100,000 rows.
        let rows = SheetPipeline.expectedRows(rows: 1000, xmlBytes: 500_000, sheetBytes: 50_000_000, compressedBytes: 7_000_000)
        #expect(rows >= 100_000 && rows <= 110_000)
        // A directory that claims 4 GB for 1 MB compressed: sized for 16 MB.
        let bomb = SheetPipeline.expectedRows(rows: 1000, xmlBytes: 500_000, sheetBytes: 4 << 30, compressedBytes: 1 << 20)
        #expect(bomb <= (16 << 20) / 500 * 17 / 16)
        // Rows of a few bytes count as 64; few rows, or the whole sheet in the first chunk: none.
        #expect(SheetPipeline.expectedRows(rows: 1000, xmlBytes: 11_000, sheetBytes: 64_000_000, compressedBytes: 8_000_000) <= 1_000_000 * 17 / 16)
        #expect(SheetPipeline.expectedRows(rows: 10, xmlBytes: 5000, sheetBytes: 50_000_000, compressedBytes: 7_000_000) == 0)
        #expect(SheetPipeline.expectedRows(rows: 1000, xmlBytes: 500_000, sheetBytes: 500_000, compressedBytes: 70_000) == 0)
    }
}
