import Planner
import Registrations

/// The people of a list as ``Registrants`` are built while it is checked
/// (``RegistrationOptions/collectRegistrants``): the same people, ids and merging as
/// ``RegistrationChecker/collect(_:_:_:identity:personKey:sessions:activities:)`` gives
/// ``Participant`` values, kept as session numbers only (no names, no session ids, no sorted
/// sets). It is fed by the checks across rows (``RegistrationChecker/apply(_:rowOffset:)``) from
/// a row's facts, so a list read in regions on two cores collects the same people in row order.
struct RegistrantCollector {
    /// Person number by participant id (the ids of ``Participant/id``).
    var number: [String: Int32] = [:]
    /// The sessions of each person's first row: `sessions[offsets[p]..<offsets[p + 1]]`.
    var sessions: [Int32] = []
    var offsets: [Int32] = [0]
    /// The first row of each person.
    var rows: [Int32] = []
    /// Sessions of a person's later rows (the rows of one person merge), in row order.
    var later: [(person: Int32, session: Int32)] = []

    init(expected: Int) {
        number.reserveCapacity(expected)
        rows.reserveCapacity(expected)
        offsets.reserveCapacity(expected + 1)
    }

    /// The registrants, each with the sessions of all their rows (repeats are harmless: the
    /// registrant checks sort and deduplicate each person's sessions).
    func registrants(file: String) -> Registrants {
        guard !later.isEmpty else { return Registrants(file: file, sessions: sessions, offsets: offsets, rows: rows) }
        var counts = [Int32](repeating: 0, count: rows.count + 1)
        for p in 0..<rows.count { counts[p + 1] = offsets[p + 1] - offsets[p] }
        for (p, _) in later { counts[Int(p) + 1] += 1 }
        for p in 0..<rows.count { counts[p + 1] += counts[p] }
        var out = [Int32](repeating: 0, count: Int(counts[rows.count]))
        var next = counts
        for p in 0..<rows.count {
            for k in Int(offsets[p])..<Int(offsets[p + 1]) {
                out[Int(next[p])] = sessions[k]
                next[p] += 1
            }
        }
        for (p, s) in later {
            out[Int(next[Int(p)])] = s
            next[Int(p)] += 1
        }
        return Registrants(file: file, sessions: out, offsets: counts, rows: rows)
    }
}

extension RegistrationChecker {
    /// Adds a checked row to its registrant: the sessions it names and every session of each
    /// activity it names as a whole. The id is ``Participant/id``'s, from the same texts
    /// (trimmed fields, the delegation as the list of delegations spells it).
    mutating func collectRegistrant(_ p: UnsafeBufferPointer<UInt8>, row: Int32, given: Range<Int>, family: Range<Int>,
                                    email: Range<Int>, delegation: Range<Int>, identity: Range<Int>,
                                    sessions: ArraySlice<Int32>, activities: ArraySlice<Int32>) {
        var id: String
        if !identity.isEmpty {
            id = RowAnalyser.text(p, identity)
        } else if !email.isEmpty {
            id = RowAnalyser.text(p, email).lowercased()
        } else {
            id = "name:" + NameFolder.folded(RowAnalyser.text(p, given) + " " + RowAnalyser.text(p, family)) + "/"
                + RowAnalyser.text(p, delegation).uppercased()
        }
        if identity.isEmpty, !columns!.perRegistration, registrantCollector.number[id] != nil { id = "row-\(row)" }
        if let n = registrantCollector.number[id] {
            for s in sessions { registrantCollector.later.append((n, s)) }
            for a in activities {
                for s in index.activities[Int(a)].sessions { registrantCollector.later.append((n, Int32(s))) }
            }
            return
        }
        registrantCollector.number[id] = Int32(registrantCollector.rows.count)
        registrantCollector.sessions.append(contentsOf: sessions)
        for a in activities {
            for s in index.activities[Int(a)].sessions { registrantCollector.sessions.append(Int32(s)) }
        }
        registrantCollector.offsets.append(Int32(registrantCollector.sessions.count))
        registrantCollector.rows.append(row)
    }
}
