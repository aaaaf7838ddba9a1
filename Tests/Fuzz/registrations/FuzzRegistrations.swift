// libFuzzer target: the registrations reader: the streaming CSV reader fed in chunks whose size
// the input chooses, and the RegistrationChecker's row and whole-list checks on a small programme.
//
// Any input must either give a report or throw a located `DiagnosticError`; a crash, a hang or
// unbounded memory is a bug. Built and run by Tests/Fuzz/run.sh.
import Checks
import Diagnostics
import ICalendar
import Planner
import Registrations

private let programmeText = """
    programme:
      id: fuzz
      title: {en: "Fuzz"}
      organiser: {name: "Secretariat", email: s@example.org}
      updated: 2024-03-01T12:00:00Z
      quota: 2
    venues:
      - id: sre
        name: {en: SRE}
        city: Mexico City
        country: MEX
        timezone: America/Mexico_City
        rooms:
          - {id: plenary, capacity: 3}
          - {id: small, capacity: 1}
    activities:
      - id: c1
        kind: consultation
        title: {en: "First"}
        venue: sre
        start: 2024-04-04
        end: 2024-04-05
        status: confirmed
        sessions:
          - {id: c1-a, title: {en: A}, room: plenary, start: 2024-04-04T09:00, end: 2024-04-04T10:00}
          - {id: c1-b, title: {en: B}, room: small, start: 2024-04-04T09:30, end: 2024-04-04T11:00}
    """

private let programme = try! ProgrammeLoader(zones: SystemZones()).load(text: programmeText, path: "fuzz.yaml").programme
private let delegations = DelegationList([
    Delegation(code: DelegationCode("CHL"), kind: .state, name: Localized(["en": "Chile"])),
    Delegation(code: DelegationCode("MEX"), kind: .state, name: Localized(["en": "Mexico"])),
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzRegistrations(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    guard size > 0 else { return 0 }
    // The first byte chooses the chunk size (1...256 bytes), the delimiter and the encoding.
    let control = data[0]
    let bytes = UnsafeBufferPointer(start: data + 1, count: size - 1)
    let chunk = Int(control & 0x3F) * 4 + 1
    let delimiter: CSVDelimiter? = [nil, .comma, .semicolon, .tab][Int(control >> 6 & 1) * 2 + Int(control & 1)]
    let encoding: TextEncoding? = control & 0x80 != 0 ? .windows1252 : nil
    var checker = RegistrationChecker(programme: programme, delegations: delegations,
                                      options: RegistrationOptions(file: "fuzz.csv", delimiter: delimiter, encoding: encoding,
                                                                   collectParticipants: control & 2 != 0))
    do {
        var i = 0
        while i < bytes.count {
            try checker.feed(bytes[i..<min(bytes.count, i + chunk)])
            i += chunk
        }
        let result = try checker.finish()
        for f in result.report.findings { precondition(!f.message.isEmpty, "an empty message for \(f.code)") }
    } catch {
        precondition(!error.diagnostics.isEmpty, "a DiagnosticError with no diagnostics")
    }
    return 0
}
