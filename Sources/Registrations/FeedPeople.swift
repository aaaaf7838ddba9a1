import Planner

/// Everyone on a registration list in the few values a personal feed needs (id, e-mail,
/// delegation, sessions, activities registered for as a whole, rows), stored flat: about 100 bytes
/// a person where a ``Participant`` takes about 850 (at 100,000 people, 10 MB instead of 85).
///
/// Built by ``RegistrationChecker`` with ``RegistrationOptions/collectFeedPeople`` (the same
/// people, ids and merging as ``Participant``), or from participants with ``init(_:)``.
/// Sessions and activities are positions in ``sessionIDs`` and ``activityIDs``.
public struct FeedPeople: Sendable {
    /// The sessions and activities people can name; a person's lists are positions in these.
    public private(set) var sessionIDs: [SessionID]
    public private(set) var activityIDs: [ActivityID]
    /// The sessions of each activity (positions in ``sessionIDs``): a registration for the whole
    /// activity follows each of them. Empty when the people's session lists already hold them.
    public private(set) var activitySessions: [[Int32]]

    /// id, e-mail and delegation of every person, UTF-8, one after the other; 3 ends a person.
    private var text: [UInt8] = []
    private var textEnds: [Int32] = []
    /// One record per row taken, in row order: its person, its row, and where its sessions and
    /// whole activities end in `numbers`.
    private var recordPerson: [Int32] = []
    private var recordRow: [Int32] = []
    private var recordEnds: [Int32] = []
    private var numbers: [Int32] = []
    /// After ``finish()``: the records of each person, grouped (`personRecords[personStarts[i]..<personStarts[i + 1]]`).
    private var personStarts: [Int32] = []
    private var personRecords: [Int32] = []

    public init(sessionIDs: [SessionID], activityIDs: [ActivityID], activitySessions: [[Int32]]) {
        self.sessionIDs = sessionIDs
        self.activityIDs = activityIDs
        self.activitySessions = activitySessions
    }

    /// The same people as `participants` (tests and small lists).
    public init(_ participants: [Participant]) {
        var sessionNumber: [SessionID: Int32] = [:], activityNumber: [ActivityID: Int32] = [:]
        self.init(sessionIDs: [], activityIDs: [], activitySessions: [])
        for p in participants {
            let n = add(id: p.id, email: p.email, delegation: p.delegation)
            let sessions = p.sessions.map { s in
                if let k = sessionNumber[s] { return k }
                sessionNumber[s] = Int32(sessionIDs.count)
                sessionIDs.append(s)
                return Int32(sessionIDs.count - 1)
            }
            let whole = p.wholeActivities.map { a in
                if let k = activityNumber[a] { return k }
                activityNumber[a] = Int32(activityIDs.count)
                activityIDs.append(a)
                activitySessions.append([])
                return Int32(activityIDs.count - 1)
            }
            // A participant made without rows still needs a record for their sessions (row -1: none).
            for (k, row) in (p.rows.isEmpty ? [-1] : p.rows).enumerated() {
                add(person: n, row: row, sessions: k == 0 ? sessions : [], activities: k == 0 ? whole : [])
            }
        }
        finish()
    }

    /// People on the list.
    public var count: Int { textEnds.count / 3 }

    /// Adds a person; returns their number.
    public mutating func add(id: String, email: String, delegation: String) -> Int {
        for s in [id, email, delegation] {
            text += s.utf8
            textEnds.append(Int32(text.count))
        }
        return count - 1
    }

    /// Adds a row of person `person`: the sessions it names and the activities it registers for as a whole.
    public mutating func add(person: Int, row: Int, sessions: some Collection<Int32>, activities: some Collection<Int32>) {
        recordPerson.append(Int32(person))
        recordRow.append(Int32(truncatingIfNeeded: row))
        numbers += sessions
        recordEnds.append(Int32(numbers.count))
        numbers += activities
        recordEnds.append(Int32(numbers.count))
    }

    /// Groups the rows by person; call once after the last ``add(person:row:sessions:activities:)``.
    public mutating func finish() {
        var starts = [Int32](repeating: 0, count: count + 1)
        for p in recordPerson { starts[Int(p) + 1] += 1 }
        for i in 0..<count { starts[i + 1] += starts[i] }
        var next = starts
        var records = [Int32](repeating: 0, count: recordPerson.count)
        for (r, p) in recordPerson.enumerated() {
            records[Int(next[Int(p)])] = Int32(r)
            next[Int(p)] += 1
        }
        personStarts = starts
        personRecords = records
        recordPerson = []
    }

    private func string(_ i: Int) -> String {
        let start = i == 0 ? 0 : Int(textEnds[i - 1])
        return text.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[start..<Int(textEnds[i])]), as: UTF8.self) }
    }

    /// The person's id (see ``Participant/id``).
    public func id(_ person: Int) -> String { string(3 * person) }
    public func email(_ person: Int) -> String { string(3 * person + 1) }
    /// The delegation code (canonical when the programme has a delegation list).
    public func delegation(_ person: Int) -> String { string(3 * person + 2) }

    private func records(_ person: Int) -> ArraySlice<Int32> { personRecords[Int(personStarts[person])..<Int(personStarts[person + 1])] }

    /// The spreadsheet rows of the person, in row order.
    public func rows(_ person: Int) -> [Int] { records(person).map { Int(recordRow[Int($0)]) }.filter { $0 >= 0 } }

    /// Calls `body` with each session the person's rows name (positions in ``sessionIDs``; a
    /// session can come more than once), then ``forEachWholeActivity(_:_:)`` gives the rest.
    public func forEachSession(_ person: Int, _ body: (Int32) -> Void) {
        for r in records(person) {
            let start = r == 0 ? 0 : Int(recordEnds[2 * Int(r) - 1])
            for k in start..<Int(recordEnds[2 * Int(r)]) { body(numbers[k]) }
        }
    }

    /// Calls `body` with each activity the person registered for as a whole (positions in
    /// ``activityIDs``; one can come more than once).
    public func forEachWholeActivity(_ person: Int, _ body: (Int32) -> Void) {
        for r in records(person) {
            for k in Int(recordEnds[2 * Int(r)])..<Int(recordEnds[2 * Int(r) + 1]) { body(numbers[k]) }
        }
    }
}
