import Planner
import Registrations

extension RegistrationChecker {
    /// ``collect(_:_:_:identity:personKey:sessions:activities:)`` into ``FeedPeople``: the same id
    /// and merging, without the values feeds never read (names, role, language, seats).
    mutating func collectFeed(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>, _ columns: ColumnMap, identity: String?,
                              sessions: [Int32], activities: [Int32]) {
        func field(_ c: RegistrationColumn) -> String { columns[c].map { RowAnalyser.text(p, ByteText.trimmed(p, record.range($0))) } ?? "" }
        let email = field(.email)
        let written = field(.delegation)
        let delegation = index.delegationLookup?.canonical(written) ?? written
        var id: String
        if let identity { id = identity } else if !email.isEmpty { id = email.lowercased() } else {
            id = "name:" + NameFolder.folded(field(.givenName) + " " + field(.familyName)) + "/" + delegation.uppercased()
        }
        if identity == nil, !columns.perRegistration, participantNumber[id] != nil { id = "row-\(record.row)" }
        let n: Int
        if let existing = participantNumber[id] { n = existing } else {
            n = feedPeople.add(id: id, email: email, delegation: delegation)
            participantNumber[id] = n
        }
        feedPeople.add(person: n, row: record.row, sessions: sessions, activities: activities)
    }
}
