// libFuzzer target: the programme loader, both forms (YAML through Yams, JSON through JSONReader),
// then the strict builder.
//
// Any input must either load or throw a located `DiagnosticError`; a crash, a hang (libFuzzer's
// -timeout) or running out of memory (-rss_limit_mb) is a bug. Built and run by Tests/Fuzz/run.sh.
import Diagnostics
import Foundation
import ICalendar
import Planner

private let loader = ProgrammeLoader(zones: SystemZones())

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzProgramme(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // The CLI decodes with the same rule (invalid UTF-8 is refused before the loader), so the
    // loader only ever sees valid Unicode text.
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    for path in ["fuzz.yaml", "fuzz.json"] {
        do {
            let result = try loader.load(text: text, path: path)
            _ = result.programme.activities.count
        } catch {
            // Every error must be located and worded, never empty.
            precondition(!error.diagnostics.isEmpty, "a DiagnosticError with no diagnostics")
            for d in error.diagnostics { precondition(!d.message.isEmpty, "an empty message for \(d.code)") }
        }
    }
    return 0
}
