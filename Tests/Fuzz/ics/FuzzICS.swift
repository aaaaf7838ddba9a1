// libFuzzer target: the .ics reader of the ICalendar module (our raw scan, then libical's parser,
// then reading the tree into values), and bounded recurrence expansion of every event read.
//
// Any input must either parse or throw an `ICalendarError` with at least one issue; a crash,
// a hang or unbounded memory is a bug. Built and run by Tests/Fuzz/run.sh.
import CivilTime
import ICalendar

/// Ten years after 2024-01-01, the horizon `check --against` uses at most.
private let horizon = Instant(secondsSince1970: 1_704_067_200 + 10 * 366 * 86_400)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzICS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Outside calendars are decoded leniently (U+FFFD for bad bytes) before parsing.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    do {
        let calendar = try ICalendarReader.parse(text)
        for event in calendar.events.prefix(20) {
            _ = ICalendarReader.occurrences(of: event, until: horizon, limit: 500)
        }
    } catch let error as ICalendarError {
        precondition(!error.issues.isEmpty, "an ICalendarError with no issue")
    } catch {
        preconditionFailure("parse threw something other than ICalendarError: \(type(of: error))")
    }
    return 0
}
