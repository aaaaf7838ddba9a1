import Testing
@testable import ICalendar

@Suite("ICalendarValidator: libical's restriction check, component by component")
struct ValidatorTests {
    static let good = ["BEGIN:VEVENT", "UID:good", "DTSTAMP:20240101T000000Z", "DTSTART:20240404T150000Z",
                       "SUMMARY:Good", "ORGANIZER;CN=Sec:mailto:sec@example.org", "END:VEVENT"]

    @Test("METHOD:PUBLISH: a missing ORGANIZER and an ATTENDEE are both reported, with UID and line")
    func publish() throws {
        let text = calendarText(Self.good + [
            "BEGIN:VEVENT", "UID:no-organizer", "DTSTAMP:20240101T000000Z", "DTSTART:20240404T150000Z",
            "SUMMARY:Missing organizer", "END:VEVENT",
            "BEGIN:VEVENT", "UID:with-attendee", "DTSTAMP:20240101T000000Z", "DTSTART:20240404T150000Z",
            "SUMMARY:Attendee", "ORGANIZER:mailto:sec@example.org", "ATTENDEE:mailto:someone@example.org", "END:VEVENT",
        ])
        let issues = ICalendarValidator.validate(text)
        #expect(issues.allSatisfy { $0.kind == .restriction })
        #expect(issues.allSatisfy { $0.component == "VEVENT" })
        let first = try #require(issues.first { $0.uid == "no-organizer" })
        #expect(first.property == "ORGANIZER")
        #expect(first.line == 12, "the BEGIN:VEVENT line of the event without ORGANIZER")
        #expect(first.message.contains("add ORGANIZER"))
        let second = try #require(issues.first { $0.uid == "with-attendee" })
        #expect(second.property == "ATTENDEE")
        #expect(second.line == 24, "the ATTENDEE line")
        #expect(second.message.contains("remove ATTENDEE"))
        #expect(issues.count == 2, "\(issues)")
        #expect(!issues.contains { $0.uid == "good" })
    }

    @Test("without METHOD, components are not held to iTIP rules")
    func noMethod() {
        let text = calendarText(method: nil, ["BEGIN:VEVENT", "UID:x", "DTSTAMP:20240101T000000Z",
                                              "DTSTART:20240404T150000Z", "ATTENDEE:mailto:a@example.org", "END:VEVENT"])
        #expect(ICalendarValidator.validate(text) == [])
    }

    @Test("parse errors and raw-text problems are issues too")
    func otherProblems() {
        let text = calendarText(Self.good + ["BEGIN:VEVENT", "UID:bad", "DTSTAMP:20240101T000000Z",
                                             "DTSTART:20241332T250000", "SUMMARY:s", "ORGANIZER:mailto:a@b.org",
                                             "FOO BAR", "END:VEVENT"])
        let issues = ICalendarValidator.validate(text)
        #expect(issues.contains { $0.kind == .invalidValue && $0.line == 15 && $0.uid == "bad" })
        #expect(issues.contains { $0.kind == .parse && $0.line == 18 && $0.uid == "bad" })
    }

    @Test("an empty text is one issue")
    func empty() {
        #expect(ICalendarValidator.validate("").map(\.kind) == [.parse])
    }
}
