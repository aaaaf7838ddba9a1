import Dispatch
import Diagnostics
import Planner

extension ProgrammeChecks {
    /// The checks of the programme alone (rooms, opening hours, venues, chairs and speakers,
    /// statuses), running on another thread while the registration list and the calendars are
    /// read; ``finish(registrants:calendars:adding:)`` adds the rest. The report is the same as
    /// ``run(_:registrants:calendars:adding:)``'s.
    ///
    /// ```swift
    /// let started = ProgrammeChecks.start(programme)
    /// let list = ...                        // read the registrations meanwhile
    /// let report = started.finish(registrants: list, calendars: calendars, adding: findings)
    /// ```
    public static func start(_ programme: Programme) -> Started { Started(programme) }

    /// See ``start(_:)``.
    ///
    /// `@unchecked Sendable`: `checked` is written once by the worker before `done` is signalled,
    /// and taken by `finish` after waiting on it.
    public final class Started: @unchecked Sendable {
        private var checked: ProgrammeOnly?
        private let done = DispatchSemaphore(value: 0)

        init(_ programme: Programme) {
            DispatchQueue.global().async {
                self.checked = ProgrammeOnly(programme)
                self.done.signal()
            }
        }

        /// Waits for the checks of the programme alone and adds those of `registrants` and
        /// `calendars`, with `extra` findings from elsewhere (the loader, the list). Call it once.
        public func finish(registrants: Registrants?, calendars: [OutsideCalendar] = [], adding extra: [Diagnostic] = []) -> CheckReport {
            done.wait()
            done.signal()
            guard let only = checked else { preconditionFailure("ProgrammeChecks.Started.finish called twice") }
            checked = nil
            let report = only.report(registrants: registrants, calendars: calendars, adding: extra)
            // The table of 100,000 sessions is freed on another thread while the report is written.
            DispatchQueue.global().async { withExtendedLifetime(only) {} }
            return report
        }
    }
}
