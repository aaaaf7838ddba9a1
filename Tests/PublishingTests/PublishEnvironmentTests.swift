import Publishing
import Testing

@Suite("what feeds takes from the environment")
struct PublishEnvironmentTests {
    @Test("SOURCE_DATE_EPOCH: seconds when set, nothing when unset or empty")
    func epoch() throws {
        #expect(try PublishEnvironment(["SOURCE_DATE_EPOCH": "1720000000"]).sourceDateEpoch == 1_720_000_000)
        #expect(try PublishEnvironment(["SOURCE_DATE_EPOCH": ""]).sourceDateEpoch == nil)
        #expect(try PublishEnvironment([:]).sourceDateEpoch == nil)
    }

    @Test("a SOURCE_DATE_EPOCH that is not whole seconds is refused, naming the value", arguments: ["-1", "1.5", "soon"])
    func badEpoch(_ raw: String) {
        do {
            _ = try PublishEnvironment(["SOURCE_DATE_EPOCH": raw])
            Issue.record("'\(raw)' was taken")
        } catch {
            #expect(error.description == "SOURCE_DATE_EPOCH is '\(raw)'; it must be a whole number of seconds since 1970 (or unset)")
        }
    }

    @Test("CI counts when set and not 0 or false", arguments: [("true", true), ("1", true), ("0", false), ("FALSE", false), ("", false)])
    func ci(_ value: String, _ expected: Bool) throws {
        #expect(try PublishEnvironment(["CI": value]).ci == expected)
        #expect(try PublishEnvironment([:]).ci == false)
    }
}
