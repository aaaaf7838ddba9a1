import Registrations
import CivilTime
import Diagnostics
import Planner

/// Checks a registration list against a programme while it streams in, chunk by chunk.
///
/// It keeps compact keys (64-bit hashes of folded names, e-mails and registrations, with the
/// first row of each), counts per session and per delegation and activity, never the rows
/// themselves, so memory stays flat as the file grows. Feed it the bytes and call ``finish()``:
///
/// ```swift
/// var checker = RegistrationChecker(programme: p, delegations: list, options: .init(file: "list.csv"))
/// try checker.feed(chunk)          // as many times as needed
/// let result = try checker.finish()
/// print(result.report.text(colour: false))
/// ```
///
/// Row semantics: a row with a session registers for that session only (an activity on the row
/// must be the session's own, else `session-activity-mismatch`); a row with an activity and no
/// session registers for the whole activity; the rows of one person merge, and only the same
/// person twice for one session or one whole activity is a `duplicate`.
///
/// Codes: `missing-field`, `invalid-email`, `duplicate`, `duplicate-email`, `conflicting-id`,
/// `session-activity-mismatch`, `unknown-delegation`,
/// `unknown-activity`, `unknown-session`, `overlapping-sessions` (warning), `over-capacity`,
/// `over-quota`, `formula-injection`, `dates-outside` (warning), `invalid-date`, and the reader's
/// `csv-field-count`, `csv-unbalanced-quote`; `csv-encoding`, `csv-missing-column` and
/// `csv-duplicate-column` are thrown, because the list cannot be read.
public struct RegistrationChecker {
    /// What ``finish()`` returns.
    public struct Result: Sendable {
        public var report: RegistrationReport
        /// Empty unless ``RegistrationOptions/collectParticipants``; in order of first row.
        public var participants: [Participant]
        /// Empty unless ``RegistrationOptions/collectFeedPeople``; in order of first row.
        public var feedPeople: FeedPeople
        /// `nil` unless ``RegistrationOptions/collectRegistrants``; in order of first row.
        public var registrants: Registrants?
    }

    let options: RegistrationOptions
    let index: ProgrammeIndex
    let programmeFile: String
    let delegationsFile: String?
    var reader: CSVReader
    var columns: ColumnMap?
    var findings: [Diagnostic] = []
    var dataRows = 0

    // Compact state: hashes and rows, never records.
    var firstRowOfPerson = KeyTable<PersonEntry>(filler: PersonEntry(row: 0, text: 0))
    var firstRowOfRegistration = KeyTable<Int32>(filler: 0)
    var ownerOfEmail = KeyTable<EmailOwner>(filler: EmailOwner(row: 0, text: 0))
    /// The names of each person's first row, and each address's first row with the offset of its
    /// owner's entry in `personTexts` (the tag): equal keys are confirmed on these texts.
    var personTexts = TextArena()
    var emailTexts = TextArena()
    /// The first row of each participant id, with 32 bits of its person and e-mail keys (`conflicting-id`).
    var ownerOfID = KeyTable<IDOwner>(filler: IDOwner(row: 0, person: 0, hasEmail: false))
    /// Person and session keys already given a seat (the rows of one person merge).
    var seated = KeyTable<Void>(filler: ())
    /// Whether the last row applied reuses the id of a different person (it is then kept out of
    /// the participants: no feed merges two people).
    var lastRowConflicts = false
    var seatCount: [Int32]
    var firstRowOverCapacity: [Int32]
    var delegationNumbers = ByteLookup([])
    /// Registrants per delegation and activity, at `delegation * activities + activity`.
    var quota: [QuotaCount] = []
    var countedForQuota = KeyTable<Void>(filler: ())
    var sessionsOfPerson: [UInt64: [(session: Int32, row: Int32)]] = [:]
    var participants: [Participant] = []
    var participantNumber: [String: Int] = [:]
    var feedPeople: FeedPeople
    /// The people as ``Registrants`` (``RegistrationOptions/collectRegistrants``).
    var registrantCollector = RegistrantCollector(expected: 0)
    /// The last row that listed each session (deduplicating a participant's sessions).
    var sessionStamp: [Int32] = []

    /// What the prefetching reads of the key tables gave (kept so that they are not optimised away).
    var prefetched: UInt64 = 0
    /// Reader problems and notes of parts taken with `append`, at the file's rows.
    var partProblems: [Diagnostic] = []
    /// The checks of one row; made once the header is read.
    var analyser: RowAnalyser?
    // Buffers reused from row to row.
    var batch = RowBatch()
    var touched: [Int32] = []
    /// Sessions of the current row registered on an earlier row too (per-registration shape).
    var repeated: [Int32] = []
    /// The last row that touched each activity (for the quota), so a row counts an activity once.
    var activityStamp: [Int32]

    /// The first row with an address, and its entry's offset in `emailTexts` (16 bytes a slot with the key).
    struct EmailOwner {
        var row: Int32
        var text: UInt32
    }
    /// A person's first row and the offset of their names in `personTexts`.
    struct PersonEntry {
        var row: Int32
        var text: UInt32
    }
    /// The first row of a participant id: the offset of its person's names in `personTexts`
    /// (``unknownPerson`` for a row without a name) and whether it had an address (8 bytes).
    struct IDOwner {
        private var rowAndEmail: UInt32
        var person: UInt32
        init(row: Int32, person: UInt32, hasEmail: Bool) {
            rowAndEmail = UInt32(row) | (hasEmail ? 0x8000_0000 : 0)
            self.person = person
        }
        var row: Int32 { Int32(rowAndEmail & 0x7FFF_FFFF) }
        var hasEmail: Bool { rowAndEmail & 0x8000_0000 != 0 }
    }
    static let unknownPerson = UInt32.max - 1
    struct QuotaCount {
        var count = 0
        var rows: [Int32] = []
        var headPerson: UInt64 = 0
        /// 0: no head of delegation yet.
        var headRow: Int32 = 0
    }

    /// - Parameters:
    ///   - programme: the programme the list registers for.
    ///   - delegations: the programme's delegation list; `nil` skips `unknown-delegation`.
    ///   - options: file name, delimiter, encoding, column names, whether to build participants.
    public init(programme: Programme, delegations: DelegationList?, options: RegistrationOptions) {
        self.options = options
        self.index = ProgrammeIndex(programme, delegations: delegations)
        self.programmeFile = programme.file
        self.delegationsFile = programme.delegationsFile.map { DelegationList.path($0, besides: programme.file) }
        self.reader = CSVReader(file: options.file, delimiter: options.delimiter, encoding: options.encoding)
        seatCount = Array(repeating: 0, count: index.sessions.count)
        firstRowOverCapacity = Array(repeating: 0, count: index.sessions.count)
        activityStamp = Array(repeating: 0, count: index.activities.count)
        feedPeople = FeedPeople(sessionIDs: options.collectFeedPeople ? index.sessions.map(\.id) : [],
                                activityIDs: options.collectFeedPeople ? index.activities.map(\.id) : [],
                                activitySessions: options.collectFeedPeople ? index.activities.map { $0.sessions.map { Int32($0) } } : [])
        let expected = options.expectedRows
        firstRowOfPerson = KeyTable(capacity: expected, filler: PersonEntry(row: 0, text: 0))
        ownerOfEmail = KeyTable(capacity: expected, filler: EmailOwner(row: 0, text: 0))
        personTexts = TextArena(expected: expected, bytesEach: 48)  // reserved, not touched: growing copies
        emailTexts = TextArena(expected: expected, bytesEach: 64)
        if options.collectRegistrants { registrantCollector = RegistrantCollector(expected: expected) }
    }

    /// Data rows read so far (the header not counted): for progress reports.
    public var rowsRead: Int { dataRows }

    /// Reads the next chunk of the file.
    /// - Throws: ``DiagnosticError`` when the list cannot be read: invalid UTF-8 (`csv-encoding`),
    ///   a missing or repeated column in the header (`csv-missing-column`, `csv-duplicate-column`).
    public mutating func feed(_ chunk: some Sequence<UInt8>) throws(DiagnosticError) {
        var r = reader
        defer { reader = r }
        do {
            try CSVReader.withContiguous(chunk) { p in try r.feedInPlace(p) { try self.handle($0, $1) } }
        } catch let e as DiagnosticError { throw e } catch { throw DiagnosticError(.error("csv-read", "\(error)")) }
        flush()
    }

    /// Runs the checks across rows on the rows analysed since the last time, in row order.
    mutating func flush() {
        guard !batch.facts.isEmpty || batch.rows > 0 else { return }
        var b = RowBatch()
        swap(&b, &batch)
        apply(b)
        b.removeAll()
        swap(&b, &batch)
    }

    /// Ends the input and runs the checks that need every row (capacity, quota, overlaps across rows).
    public mutating func finish() throws(DiagnosticError) -> Result {
        var r = reader
        do {
            try r.finishInPlace { try self.handle($0, $1) }
        } catch let e as DiagnosticError { throw e } catch { throw DiagnosticError(.error("csv-read", "\(error)")) }
        reader = r
        flush()
        if columns == nil {
            throw DiagnosticError(.error("csv-missing-column", "the file is empty; a registration list needs a header row such as 'given name,family name,email,delegation,sessions'",
                                         at: SourceLocation(file: options.file, line: 1, column: 1)))
        }
        let headers = columns?.headers ?? []
        findings += (reader.problems + reader.notes + partProblems).map { $0.withHeader(headers) }
        finishCapacity()
        finishQuota()
        finishOverlaps()
        var report = RegistrationReport(file: options.file, rows: dataRows, findings: findings)
        report.columns = columns?.uses ?? []
        feedPeople.finish()
        return Result(report: report, participants: participants, feedPeople: feedPeople,
                      registrants: options.collectRegistrants ? registrantCollector.registrants(file: options.file) : nil)
    }

    // MARK: - Rows

    mutating func handle(_ record: CSVRecord, _ p: UnsafeBufferPointer<UInt8>) throws {
        guard let columns else {
            let map = try ColumnMap(header: (0..<record.count).map { record.string($0, in: p) }, overrides: options.columns, file: options.file)
            columns = map
            if map[.participantID] != nil {  // sized once: growing copies the table
                ownerOfID = KeyTable(capacity: options.expectedRows, filler: IDOwner(row: 0, person: 0, hasEmail: false))
            }
            analyser = RowAnalyser(index: index, columns: map, file: options.file, programmeFile: programmeFile, delegationsFile: delegationsFile)
            return
        }
        // The rows of a chunk are analysed, then checked across rows together (`flush`), except
        // when participants are collected: that needs the record, after the checks of its row.
        guard options.collectParticipants || options.collectFeedPeople else {
            analyser!.analyse(record, p, into: &self.batch)
            return
        }
        var batch = RowBatch()
        swap(&batch, &self.batch)
        let checked = analyser!.analyse(record, p, into: &batch)
        apply(batch)
        if checked, !lastRowConflicts, options.collectFeedPeople, batch.facts.last != nil {
            collectFeed(record, p, columns, identity: columns[.participantID].flatMap { f in
                            let r = ByteText.trimmed(p, record.range(f))
                            return r.isEmpty ? nil : RowAnalyser.text(p, r)
                        },
                        sessions: batch.sessions, activities: batch.activities)
        } else if checked, !lastRowConflicts, let fact = batch.facts.last {
            collect(record, p, columns, identity: columns[.participantID].flatMap { f in
                        let r = ByteText.trimmed(p, record.range(f))
                        return r.isEmpty ? nil : RowAnalyser.text(p, r)
                    },
                    personKey: fact.personKey, sessions: Array(batch.sessions), activities: Array(batch.activities))
        }
        batch.removeAll()  // applied: `flush` finds nothing left
        swap(&batch, &self.batch)
    }
}
