// libFuzzer target: the feeds' ledger readers (Sources/Feeds/Ledger*.swift but Ledger.swift,
// compiled into this binary by Tests/Fuzz/run.sh; the rest of Feeds needs
// swift-crypto, which the fuzz build does not instrument).
//
// Any input must either read or throw a located `DiagnosticError`; what is read must hold only
// values in range (0 ≤ sequence ≤ 2^31−1), bump without overflow, and read back equal after
// being written. A crash, a hang or running out of memory is a bug. Built and run by Tests/Fuzz/run.sh.
import Diagnostics
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzLedger(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeBufferPointer(start: data, count: size)
    // The CLI refuses a ledger that is not UTF-8 before reading it.
    guard let text = String(validating: bytes, as: UTF8.self) else { return 0 }
    // The scan reads a ledger only as the located reader reads it (which locates every error).
    if let scanned = Ledger.scan(text) {
        precondition((try? Ledger.readLocated(text, file: "fuzz.ledger.json")) == scanned, "the scan and the located reader disagree")
    }
    do {
        let ledger = try Ledger.read(text, file: "fuzz.ledger.json")
        for e in ledger.entries.values {
            precondition(e.sequence >= 0 && e.sequence <= Ledger.maximumSequence, "sequence out of range: \(e.sequence)")
            precondition(e.bumped >= e.sequence && e.bumped <= Ledger.maximumSequence)
        }
        let written = String(decoding: ledger.encoded(), as: UTF8.self)
        let again = try Ledger.read(written, file: "written.ledger.json")
        precondition(again == ledger, "a ledger does not read back equal after being written")
    } catch {
        precondition(!error.diagnostics.isEmpty, "a DiagnosticError with no diagnostics")
        for d in error.diagnostics {
            precondition(!d.message.isEmpty, "an empty message for \(d.code)")
            precondition(d.location != nil, "an unlocated ledger error: \(d.message)")
        }
    }
    return 0
}
