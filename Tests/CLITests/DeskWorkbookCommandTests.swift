import Foundation
import TestSupport
import Testing

/// The Python of the consumer suite's environment (`make test` makes it, with openpyxl), else
/// `python3` on the PATH.
private let pythonCommand: [String] = {
    let venv = repositoryRoot().appendingPathComponent(".build/consumers-venv/bin/python").path
    return FileManager.default.isExecutableFile(atPath: venv) ? [venv] : ["/usr/bin/env", "python3"]
}()

/// Runs Python with a script and arguments; `nil` when there is no Python.
private func python(_ script: String, _ arguments: [String] = []) -> (status: Int32, stdout: String, stderr: String)? {
    guard let r = try? runProcess(URL(fileURLWithPath: pythonCommand[0]), Array(pythonCommand.dropFirst()) + ["-c", script] + arguments)
    else { return nil }
    return (r.status, r.stdout, r.stderr)
}

/// True when Python and openpyxl are there (`make test` installs them; else `pip install openpyxl`).
private let hasOpenpyxl = python("import openpyxl")?.status == 0

/// Reads the workbook with openpyxl and the CSV with Python's csv module.
private let readBoth = """
    import csv, json, sys
    import openpyxl
    wb = openpyxl.load_workbook(sys.argv[1])
    ws = wb.worksheets[0]
    rows = [["" if v is None else v for v in r] for r in ws.iter_rows(values_only=True)]
    with open(sys.argv[2], newline="", encoding="utf-8") as f:
        csv_rows = list(csv.reader(f))
    print(json.dumps({
        "sheets": wb.sheetnames, "freeze": ws.freeze_panes, "rows": rows, "csv": csv_rows,
        "headerBold": [c.font.b for c in ws[1]], "bodyBold": any(c.font.b for r in ws.iter_rows(min_row=2) for c in r),
        "types": sorted({c.data_type for r in ws.iter_rows() for c in r if c.value is not None}),
        "widths": [ws.column_dimensions[l].width for l in "ABCDEFGH"],
    }))
    """

@Suite("participants --format xlsx read by openpyxl")
struct DeskWorkbookCommandTests {
    @Test("openpyxl reads the csv's rows, a bold frozen header, text cells, widths; the same list gives the same bytes",
          .enabled(if: hasOpenpyxl, "python3 with openpyxl is not installed (make test installs it; or pip install openpyxl)"))
    func openpyxl() throws {
        let dir = try temporaryDirectory("desk-xlsx")
        let root = repositoryRoot()
        let list = root.appendingPathComponent("Calendars/sample-registrations.csv").path
        var books: [Data] = []
        for run in ["a", "b"] {
            let out = dir.appendingPathComponent(run).path
            for format in ["xlsx", "csv"] {
                let r = try runCartagena(["participants", "--registrations", list, "--lang", "es", "--format", format, "--out", out], in: root)
                #expect(r.status == 0, "\(r.stderr)")
            }
            books.append(try Data(contentsOf: dir.appendingPathComponent("\(run)/participants.es.xlsx")))
        }
        #expect(books[0] == books[1])
        let read = try #require(python(readBoth, [dir.appendingPathComponent("a/participants.es.xlsx").path,
                                                  dir.appendingPathComponent("a/participants.es.csv").path]))
        #expect(read.status == 0, "\(read.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(read.stdout.utf8)) as? [String: Any])
        let rows = try #require(json["rows"] as? [[String]])
        #expect(rows.count > 50 && rows == json["csv"] as? [[String]])
        #expect(rows.first?.first == "Delegación" && rows.contains { $0.contains("Ñancupil") })
        #expect(json["sheets"] as? [String] == ["Lista de participantes"])
        #expect(json["freeze"] as? String == "A2")
        #expect(json["headerBold"] as? [Bool] == Array(repeating: true, count: 8) && json["bodyBold"] as? Bool == false)
        #expect(json["types"] as? [String] == ["s"])
        #expect((json["widths"] as? [Double])?.allSatisfy { $0 >= 10 && $0 <= 62 } == true)
    }
}
