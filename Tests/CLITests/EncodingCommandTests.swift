import Foundation
import TestSupport
import Testing

/// A registration list saved by Excel as plain "CSV" on Windows (Windows-1252, `;`), given to the
/// commands that read lists without any option.
@Suite("Windows-1252 lists without --encoding")
struct EncodingCommandTests {
    static let fixtures = "Tests/RegistrationsTests/Fixtures/"

    @Test("registrations check and check --registrations read it, with one located warning; --encoding utf-8 refuses it")
    func readWithoutOptions() throws {
        let root = repositoryRoot()
        let list = Self.fixtures + "exports/excel-es-windows-1252.csv", plan = Self.fixtures + "mini.yaml"
        let warning = "\(list):1:3: warning: the file is not valid UTF-8 (byte 0xF3 in column 3 of this row), so it is read as Windows-1252"

        let r = try runCartagena(["registrations", "check", list, "--plan", plan], in: root)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("email = 'Correo electrónico' (C), delegation = 'Delegación' (D)"))
        #expect(r.stdout.contains("  " + warning))
        #expect(r.stdout.contains("3 rows, 0 errors, 1 warning (csv-windows-1252 1)"))
        #expect(try runCartagena(["registrations", "check", list, "--plan", plan, "--strict"], in: root).status == 1)

        let c = try runCartagena(["check", "--plan", plan, "--registrations", list], in: root)
        #expect(c.stdout.split(separator: "\n").contains { $0.hasPrefix(warning) }, "\(c.stdout)")
        #expect(c.stdout.contains("3 registrants"))

        let quiet = try runCartagena(["registrations", "check", list, "--plan", plan, "--encoding", "windows-1252"], in: root)
        #expect(quiet.status == 0 && !quiet.stdout.contains("csv-windows-1252"))

        let strict = try runCartagena(["registrations", "check", list, "--plan", plan, "--encoding", "utf-8"], in: root)
        #expect(strict.status == 2)
        #expect(strict.stderr.contains("\(list):1:3: error: byte 0xF3 at byte 14 of column 3 is not UTF-8"), "\(strict.stderr)")
    }
}
