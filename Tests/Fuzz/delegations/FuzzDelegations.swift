// libFuzzer target: the delegation list (`delegations.yaml`), read through the programme's
// defended YAML reader (YAMLDocument: prescan, Yams, node budget) and the strict list loader.
//
// Any input must either load or throw located `DiagnosticError`s with a message; a crash, a hang
// (libFuzzer's -timeout) or running out of memory (-rss_limit_mb) is a bug. Built and run by
// Tests/Fuzz/run.sh.
import Diagnostics
import Registrations

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDelegations(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // The CLI reads the file as UTF-8 text and refuses invalid bytes before the loader.
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    do {
        let list = try DelegationList.load(text: text, path: "delegations.yaml")
        _ = list.codes.count
    } catch {
        precondition(!error.diagnostics.isEmpty, "a DiagnosticError with no diagnostics")
        for d in error.diagnostics {
            precondition(!d.message.isEmpty, "an empty message for \(d.code)")
            precondition(d.location != nil, "an unlocated \(d.code): \(d.message)")
        }
    }
    return 0
}
