import Checks
import Diagnostics
import Foundation
import ICalendar
import Planner
import Registrations
import Testing

/// Loads a fixture's bytes.
func fixtureBytes(_ name: String) throws -> [UInt8] {
    let url = try #require(Bundle.module.url(forResource: "Fixtures/" + name, withExtension: nil))
    return [UInt8](try Data(contentsOf: url))
}

/// The test programme (tiny rooms and quotas) and its delegation list.
func miniProgramme() throws -> (Programme, DelegationList) {
    let text = String(decoding: try fixtureBytes("mini.yaml"), as: UTF8.self)
    let programme = try ProgrammeLoader(zones: SystemZones()).load(text: text, path: "Fixtures/mini.yaml").programme
    let list = try DelegationList.load(text: String(decoding: try fixtureBytes("delegations.yaml"), as: UTF8.self),
                                       path: "Fixtures/delegations.yaml")
    return (programme, list)
}

/// Checks bytes fed in chunks of `chunk` bytes.
func check(_ bytes: [UInt8], file: String = "list.csv", delimiter: CSVDelimiter? = nil, encoding: TextEncoding? = nil,
           columns: [RegistrationColumn: String] = [:], participants: Bool = false, chunk: Int = 1 << 20) throws -> RegistrationChecker.Result {
    let (programme, list) = try miniProgramme()
    var checker = RegistrationChecker(programme: programme, delegations: list,
                                      options: RegistrationOptions(file: file, delimiter: delimiter, encoding: encoding, columns: columns,
                                                                   collectParticipants: participants))
    var i = 0
    while i < bytes.count {
        try checker.feed(bytes[i..<min(bytes.count, i + chunk)])
        i += chunk
    }
    return try checker.finish()
}

func check(fixture name: String, delimiter: CSVDelimiter? = nil, encoding: TextEncoding? = nil, participants: Bool = false,
           chunk: Int = 1 << 20) throws -> RegistrationChecker.Result {
    try check(try fixtureBytes(name), file: name, delimiter: delimiter, encoding: encoding, participants: participants, chunk: chunk)
}

func check(text: String, participants: Bool = false) throws -> RegistrationChecker.Result {
    try check(Array(text.utf8), participants: participants)
}

/// (row, code, column) of each finding: what the tests compare.
func summary(_ r: RegistrationChecker.Result) -> [String] {
    r.report.findings.map { f in
        "\(f.row.map(String.init) ?? "-") \(f.code) \(f.column ?? "-")" + (f.relatedRows.isEmpty ? "" : " \(f.relatedRows)")
    }
}

/// A list finding's place and cell, as the tests read them.
extension Diagnostic {
    var row: Int? { location?.line }
    var columnNumber: Int? { location?.column }
    /// The header of the column at fault.
    var column: String? { cell?.header }
    var value: String? { cell?.value }
    var relatedRows: [Int] { cell?.relatedRows ?? [] }
}
