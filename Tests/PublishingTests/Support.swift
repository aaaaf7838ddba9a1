import CivilTime
import Diagnostics
import Foundation
import ICalendar
import Planner
import Publishing
import Registrations
import SystemPackage
import TestSupport
import Testing

/// Everything a run printed, by stream.
final class Recorder: @unchecked Sendable {
    private let lock = NSLock()
    private var outText = "", errText = "", found: [Diagnostic] = []
    /// When set, standard output fails with this error (a closed pipe).
    var outFailure: Errno?

    var out: String { lock.withLock { outText } }
    var err: String { lock.withLock { errText } }
    var diagnostics: [Diagnostic] { lock.withLock { found } }

    var console: PublishConsole {
        PublishConsole(
            out: { text in
                if let e = self.outFailure { throw e }
                self.lock.withLock { self.outText += text }
            },
            report: { d in self.lock.withLock { self.found += d } },
            err: { text in self.lock.withLock { self.errText += text } })
    }
}

/// A folder with the mini programme, its registrations and a secret, written as `secret new` does.
struct Workspace {
    let dir: URL
    var out: String { dir.appendingPathComponent("out").path }
    var privateFolder: String { dir.appendingPathComponent("out.private").path }
    var secret: String { dir.appendingPathComponent("feeds.secret").path }
    var ledger: String { dir.appendingPathComponent("mini.ledger.json").path }
    var planPath: String { dir.appendingPathComponent("mini.yaml").path }

    init(_ label: String) throws {
        dir = try temporaryDirectory(label)
        let mini = try #require(Bundle.module.url(forResource: "Fixtures/mini", withExtension: "yaml"))
        try FileManager.default.copyItem(at: mini, to: dir.appendingPathComponent("mini.yaml"))
        try Data("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff\n".utf8).write(to: URL(fileURLWithPath: secret))
        chmod(secret, 0o600)
    }

    /// The mini programme, with `edit` applied to its text.
    func programme(_ edit: (String) -> String = { $0 }) throws -> ProgrammeLoader.Result {
        let text = edit(try String(contentsOfFile: planPath, encoding: .utf8))
        return try ProgrammeLoader(zones: SystemZones()).load(text: text, path: planPath)
    }

    /// The three people of the mini list (rows 2, 3, 4), with their findings.
    static func people(_ programme: Programme) -> [Participant] {
        let rounds = programme.activities.first { $0.id.rawValue == "rounds" }!
        let ministerial = programme.activities.first { $0.id.rawValue == "ministerial" }!
        let r1 = rounds.sessions[0].id, m1 = ministerial.sessions[0].id
        return [
            Participant(id: "P1", givenName: "Lucía", familyName: "Fernández", email: "lucia.fernandez@example.org", delegation: "CHL",
                        activities: [rounds.id, ministerial.id], sessions: [r1, m1], rows: [2]),
            Participant(id: "P2", givenName: "João", familyName: "Silva", email: "joao.silva@example.org", delegation: "BRA",
                        activities: [rounds.id], sessions: rounds.sessions.map(\.id), rows: [3]),
            Participant(id: "P3", givenName: "Marie-Claire", familyName: "Désir", email: "mc.desir@example.org", delegation: "HTI",
                        activities: [ministerial.id], sessions: [m1], rows: [4]),
        ]
    }

    /// A request for the mini programme into `out/`, with the people when `personal`.
    func request(_ loaded: ProgrammeLoader.Result, personal: Bool = true, findings: [Diagnostic] = [],
                 people: [Participant]? = nil) -> PublishRequest {
        var r = PublishRequest(programme: loaded.programme, loadDiagnostics: loaded.diagnostics, out: out, language: "en",
                               stamp: Instant(secondsSince1970: 1_730_000_000), now: Instant(secondsSince1970: 1_730_000_000))
        r.ledgerPath = ledger
        if personal {
            let list = people ?? Self.people(loaded.programme)
            r.registrations = RegistrationSource(path: dir.appendingPathComponent("list.csv").path) { (list, findings) }
            r.secretFile = secret
            r.baseURL = "https://example.org/c40"
        }
        return r
    }
}

/// Every file below `path` (relative path → bytes), hidden ones included.
func tree(_ path: String) -> [String: Data] {
    let dir = URL(fileURLWithPath: path)
    var out: [String: Data] = [:]
    let e = FileManager.default.enumerator(at: dir, includingPropertiesForKeys: nil)
    while let url = e?.nextObject() as? URL {
        guard !url.hasDirectoryPath, let data = try? Data(contentsOf: url) else { continue }
        out[String(url.path.dropFirst(dir.path.count + 1))] = data
    }
    return out
}

/// Permission bits of a path.
func mode(_ path: String) -> Int {
    var st = stat()
    return stat(path, &st) == 0 ? Int(st.st_mode & 0o777) : -1
}

extension SystemCalls {
    /// The kernel's calls, except those `change` replaces.
    static func live(_ change: (inout SystemCalls) -> Void) -> SystemCalls {
        var calls = SystemCalls.live
        change(&calls)
        return calls
    }
}
