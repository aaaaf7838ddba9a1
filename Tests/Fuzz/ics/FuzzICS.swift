// libFuzzer target: the .ics reader of the ICalendar module (the quick byte scan and libical's
// parser event by event, or our full raw scan then libical's parser on the whole text), and
// bounded recurrence expansion of every event read.
//
// Any input must either parse or throw an `ICalendarError` with at least one issue; a crash,
// a hang or unbounded memory is a bug. Both reading paths must also agree: `parse` (which takes
// the quick path when it can) and `parseLocated` (the full scan, always) must give the same
// events and issues, or throw the same issues. Built and run by Tests/Fuzz/run.sh (the modules
// are debug builds, compiled for testing, hence `@testable`).
import CivilTime
@testable import ICalendar

/// Ten years after 2024-01-01, the horizon `check --against` uses at most.
private let horizon = Instant(secondsSince1970: 1_704_067_200 + 10 * 366 * 86_400)

/// What one read gives, comparable.
private enum Outcome: Equatable {
    case read([ParsedEvent], [String], [String: String], [ICalendarIssue])
    case thrown([ICalendarIssue])
}

private func outcome(_ body: () throws -> ParsedCalendar) -> Outcome {
    do {
        let c = try body()
        return .read(c.events, c.timezoneIDs, c.properties, c.issues)
    } catch let error as ICalendarError {
        precondition(!error.issues.isEmpty, "an ICalendarError with no issue")
        return .thrown(error.issues)
    } catch {
        preconditionFailure("parse threw something other than ICalendarError: \(type(of: error))")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzICS(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    // Outside calendars are decoded leniently (U+FFFD for bad bytes) before parsing.
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let parsed = outcome { try ICalendarReader.parse(text) }
    precondition(parsed == outcome { try ICalendarReader.parseLocated(text) },
                 "the quick and the located reading paths disagree")
    if case .read(let events, _, _, _) = parsed {
        // One at a time, each call has its own budget of searches that find nothing (about 1 s
        // each under AddressSanitizer): two such calls, then the batch with its shared budget.
        for event in events.prefix(2) {
            _ = ICalendarReader.occurrences(of: event, until: horizon, limit: 500)
        }
        // Bounded by iterations: never more occurrences than steps, one at most for a rule left unexpanded.
        for x in ICalendarReader.expansions(of: events.prefix(20), until: horizon, limit: 500) {
            precondition(x.occurrences.count <= 500, "more occurrences than iterations")
            precondition(x.cut != .unboundedSearch || x.occurrences.count <= 1, "an unexpanded rule gave occurrences")
        }
    }
    return 0
}
