import Diagnostics
import Feeds
import Foundation
import Planner
import Registrations
import SystemPackage

/// The finding codes of a registration list that make a person's feed wrong: they are left out.
let wrongFeedCodes: Set<String> = ["invalid-email", "unknown-delegation", "unknown-session", "unknown-activity"]

/// Who on a registration list gets a personal feed: everyone except a person with no e-mail or
/// on a row with an error in ``wrongFeedCodes`` (an unknown delegation, session or activity, an
/// address that is not one): their feed would miss sessions or name a delegation that does not
/// exist, and their delegation's feed would be wrong with it.
/// - Parameter participants: the list, in list order; those left out are removed in place
///   (100,000 people are not copied).
/// - Returns: how many were left out.
public func leaveOut(_ participants: inout [Participant], findings: [Diagnostic]) -> Int {
    var badRows = Set<Int>()
    for d in findings where d.severity == .error && wrongFeedCodes.contains(d.code) {
        if let line = d.location?.line { badRows.insert(line) }
    }
    let before = participants.count
    participants.removeAll { p in
        p.email.trimmingCharacters(in: .whitespaces).isEmpty || p.rows.contains(where: badRows.contains)
    }
    return before - participants.count
}

/// ``leaveOut(_:findings:)`` on the compact list: the people kept, by number, in list order.
public func keptPeople(_ people: FeedPeople, findings: [Diagnostic]) -> [Int32] {
    var badRows = Set<Int>()
    for d in findings where d.severity == .error && wrongFeedCodes.contains(d.code) {
        if let line = d.location?.line { badRows.insert(line) }
    }
    var kept: [Int32] = []
    kept.reserveCapacity(people.count)
    for i in 0..<people.count {
        // No e-mail: empty once trimmed of white space (as `trimmingCharacters(in: .whitespaces)`).
        if people.email(i).unicodeScalars.allSatisfy(CharacterSet.whitespaces.contains) { continue }
        if !badRows.isEmpty, people.rows(i).contains(where: badRows.contains) { continue }
        kept.append(Int32(i))
    }
    return kept
}

/// A personal feed's line in the index, before it is written: who (number in the list), how
/// many events, and where the file's token is in the run's tokens (12 bytes a row, 100,000 times).
struct IndexRow: Sendable {
    var person: Int32
    var events: Int32
    var slot: Int32
}

/// A file-name token (32 ASCII characters) kept inline: no allocation, 100,000 times.
typealias TokenBytes = SIMD32<UInt8>

extension TokenBytes {
    init(token: String) {
        self.init(repeating: 0)
        for (k, b) in token.utf8.prefix(32).enumerated() { self[k] = b }
    }

    var text: String {
        var n = 0
        while n < 32, self[n] != 0 { n += 1 }
        return String(unsafeUninitializedCapacity: n) { buffer in
            for k in 0..<n { buffer[k] = self[k] }
            return n
        }
    }
}

extension Publisher {
    /// Waits for the registration list, then writes every personal feed into `people/`, every
    /// delegation feed into `delegations/` (both replaced whole) and the index into `index`.
    func writePersonal(_ source: RegistrationSource, reading: Background<(FeedPeople, [Diagnostic])>, personal: PersonalFeeds,
                       output: StagedOutput, index: StagedOutput) throws -> (people: Int, delegationFiles: [FeedFile], leftOut: Int) {
        var (people, findings) = try reading.take()
        console.mark("registrations read (waited)")
        let errors = findings.errorCount, warnings = findings.warningCount
        if errors + warnings > 0 {
            console.report([.warning("registration-findings",
                                     "the registration list has \(errors) error\(errors == 1 ? "" : "s") and \(warnings) warning\(warnings == 1 ? "" : "s"); "
                                     + "see 'cartagena registrations check \(source.path)'")])
        }
        let kept = keptPeople(people, findings: findings)
        findings = []
        let leftOut = people.count - kept.count
        if leftOut > 0 {
            console.report([.warning("registrants-left-out",
                                     "\(leftOut) registrant\(leftOut == 1 ? "" : "s") got no personal feed, and count in no delegation feed, because of an error "
                                     + "that would make the feed wrong (no e-mail, unknown delegation, session or activity); "
                                     + "'cartagena registrations check \(source.path)' lists them")])
        }
        let list = people
        people = FeedPeople(sessionIDs: [], activityIDs: [], activitySessions: [])
        let map = personal.map(list)
        // `people/` and `delegations/` are replaced whole, each in one atomic swap: a feed of someone
        // no longer on the list goes with the old folder.
        try output.replaceWhole("people")
        try output.replaceWhole("delegations")
        let peopleWriter = try output.folderWriter("people")
        let delegationWriter = try output.folderWriter("delegations")
        // The index is streamed into the private folder by the delegation thread below.
        let csv = try index.stream("index.csv", mode: [.ownerReadWrite])
        let json = try index.stream("index.json", mode: [.ownerReadWrite])
        let indexFiles = UncheckedBox((csv, json))
        let progress = console.progress
        // Each feed's token (an HMAC each), once, on every core: the writers name the files with
        // them and the index lists them (each thread computed its own before: 6% of a run).
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let tokens = try inParts(kept.count, parts: cores) { range, _ in
            range.map { TokenBytes(token: personal.token(participant: list.id(Int(kept[$0])))) }
        }.reduce(into: [TokenBytes]()) { all, part in
            all.reserveCapacity(kept.count)
            all += part
        }
        // One thread more than there are cores builds and writes the personal feeds (a part of the
        // list each), and one more writes the delegation feeds and the private index: creating a
        // file takes the folder's lock, so writers leave time the others fill. The index is sorted
        // by participant and needs each feed's event count: its thread computes them again (a
        // merge each) rather than wait for the people threads.
        let peopleTasks = kept.count >= 2_000 ? ProcessInfo.processInfo.activeProcessorCount + 1 : 1
        let tasks = peopleTasks + 1
        let built = try inParts(tasks, parts: tasks) { _, task -> [FeedFile] in
            var selected: [Int] = []
            if task == tasks - 1 {
                var sets = PersonalFeeds.DelegationSets(entries: personal.catalogue.entries.count)
                var rows: [IndexRow] = []
                rows.reserveCapacity(kept.count)
                for (k, i) in kept.enumerated() {
                    personal.entryIndices(Int(i), of: list, map, into: &selected)
                    sets.add(list.delegation(Int(i)), selected)
                    rows.append(IndexRow(person: i, events: Int32(selected.count), slot: Int32(k)))
                }
                var buffer: [UInt8] = []
                var files: [FeedFile] = []
                for code in sets.codes {
                    let selected = sets.indices(code)
                    let path = personal.delegationFeed(code, indices: selected, into: &buffer)
                    try delegationWriter.write(String(path.dropFirst("delegations/".count)), buffer)
                    files.append(FeedFile(path: path, text: "", eventCount: selected.count, isPublic: false))
                }
                let ids = rows.map { list.id(Int($0.person)) }
                var order = Array(rows.indices)
                order.sort { ids[$0] < ids[$1] }
                try writeIndex(order.lazy.map { rows[$0] }, count: rows.count, tokens: tokens, people: list, personal: personal,
                               csv: indexFiles.value.0, json: indexFiles.value.1)
                return files
            }
            let range = (task * kept.count / peopleTasks)..<((task + 1) * kept.count / peopleTasks)
            var buffer: [UInt8] = []
            for k in range {
                let i = Int(kept[k])
                personal.entryIndices(i, of: list, map, into: &selected)
                personal.write(indices: selected, into: &buffer)
                try peopleWriter.write(tokens[k].text + ".ics", buffer)
                if task == 0 { progress((k + 1) * kept.count / max(range.count, 1), kept.count) }
            }
            return []
        }
        console.mark("personal feeds written")
        return (kept.count, built[tasks - 1], leftOut)
    }
}

/// Hands non-Sendable values to the one thread that uses them (the index files).
struct UncheckedBox<T>: @unchecked Sendable {
    let value: T
    init(_ value: T) { self.value = value }
}

/// `index.csv` and `index.json` (mode 0600), a row at a time, sorted by participant.
private func writeIndex(_ rows: some Sequence<IndexRow>, count: Int, tokens: [TokenBytes], people: FeedPeople, personal: PersonalFeeds,
                        csv: StagedOutput.StreamedFile, json: StagedOutput.StreamedFile) throws {
    try csv.write(FeedIndex.csvHeader)
    try json.write(FeedIndex.jsonOpening(empty: count == 0))
    var line = ""
    for (n, r) in rows.enumerated() {
        let p = Int(r.person)
        let path = "people/\(tokens[Int(r.slot)].text).ics"
        let urls = personal.urls(path)
        let row = FeedIndex.Row(participant: people.id(p), email: people.email(p), delegation: people.delegation(p), file: path,
                                https: urls.https, webcal: urls.webcal, events: Int(r.events))
        line.removeAll(keepingCapacity: true)
        FeedIndex.appendCSV(row, to: &line)
        try csv.write(line)
        line.removeAll(keepingCapacity: true)
        FeedIndex.appendJSON(row, last: n == count - 1, to: &line)
        try json.write(line)
    }
    try json.write(FeedIndex.jsonClosing(empty: count == 0))
    try csv.finish()
    try json.finish()
}
