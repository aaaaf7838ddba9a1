import CivilTime
import Diagnostics
import Planner
import Registrations

/// What one run of `cartagena feeds` is asked to do: every option as a value.
public struct PublishRequest: Sendable {
    /// The programme, loaded, and the loader's findings (warnings and notes).
    public var programme: Programme
    public var loadDiagnostics: [Diagnostic]
    /// The folder to publish: public feeds, and personal and delegation feeds under unguessable names.
    public var out: String
    /// The private folder of the mail-merge index (`--private`); nil: ``PublishPaths/defaultPrivate(for:)``.
    public var privateFolder: String?
    /// The ledger file, or nil for none (every SEQUENCE stays 0).
    public var ledgerPath: String?
    /// The registration list, for personal and delegation feeds; nil: public feeds only.
    public var registrations: RegistrationSource?
    /// The secret file (required with ``registrations``).
    public var secretFile: String?
    /// The feeds' language (`--lang`): one of the programme's languages; nil: English when the
    /// programme has it, else its first language.
    public var language: String?
    /// Where `out` will be published, for the URLs in the index.
    public var baseURL: String?
    /// DTSTAMP of every event (`SOURCE_DATE_EPOCH`, else the programme's `updated`).
    public var stamp: Instant
    /// The time of this run: LAST-MODIFIED of what changed.
    public var now: Instant
    /// Print what would change and write nothing.
    public var dryRun = false
    /// Publish although the programme checks found errors (`--force`).
    public var force = false
    /// No list of files written.
    public var quiet = false
    /// Also list the personal and delegation feeds' (secret) addresses.
    public var verbose = false
    /// Drop cancelled sessions that have left the programme from the ledger and the feeds.
    public var pruneCancelled = false
    /// Seconds to wait for another run into the same folder or with the same ledger (`--wait`).
    public var wait: Double = 5
    /// The output goes to a log that a CI system keeps (`CI` is set): secret addresses are never
    /// printed, even with ``verbose``.
    public var keptLog = false

    public init(programme: Programme, loadDiagnostics: [Diagnostic] = [], out: String, language: String?,
                stamp: Instant, now: Instant) {
        self.programme = programme
        self.loadDiagnostics = loadDiagnostics
        self.out = out
        self.language = language
        self.stamp = stamp
        self.now = now
    }
}

/// A registration list and how to read it: the reading (files, threads) stays with the caller.
public struct RegistrationSource: Sendable {
    /// The list's path, as given (named in messages).
    public var path: String
    /// Reads everyone on the list with their sessions, and the list's findings (line = row).
    public var read: @Sendable () throws -> (FeedPeople, [Diagnostic])

    public init(path: String, read: @escaping @Sendable () throws -> (FeedPeople, [Diagnostic])) {
        self.path = path
        self.read = read
    }

    /// A list already read as participants (tests, small lists).
    public init(path: String, read: @escaping @Sendable () throws -> ([Participant], [Diagnostic])) {
        self.path = path
        self.read = {
            let (list, findings) = try read()
            return (FeedPeople(list), findings)
        }
    }
}

/// Where a run's messages go. Standard output may fail (a closed pipe): ``out`` throws, and the
/// run ends with an error instead of going on silently.
public struct PublishConsole: Sendable {
    /// Standard output.
    public var out: @Sendable (String) throws -> Void
    /// Findings, on standard error.
    public var report: @Sendable ([Diagnostic]) -> Void
    /// Other lines on standard error (`error: ...`, `note: ...`).
    public var err: @Sendable (String) -> Void
    /// Personal feeds written so far, of a total (a progress line on a terminal).
    public var progress: @Sendable (_ done: Int, _ total: Int) -> Void
    /// The end of a phase, for `CARTAGENA_TIMINGS`.
    public var mark: @Sendable (String) -> Void

    public init(out: @escaping @Sendable (String) throws -> Void, report: @escaping @Sendable ([Diagnostic]) -> Void,
                err: @escaping @Sendable (String) -> Void, progress: @escaping @Sendable (Int, Int) -> Void = { _, _ in },
                mark: @escaping @Sendable (String) -> Void = { _ in }) {
        self.out = out
        self.report = report
        self.err = err
        self.progress = progress
        self.mark = mark
    }
}

/// How a run ended; the raw value is the exit code.
public enum PublishStatus: Int32, Sendable {
    /// Written (or, for a dry run, reported).
    case done = 0
    /// Nothing written: the programme checks or the feeds' validation found errors.
    case refused = 1
    /// Nothing written (or, when standard output failed, written but not all reported): input
    /// that cannot be read, or an output that cannot be written.
    case failed = 2
    /// An option that does not fit the programme (`--lang de`, `--private` inside `--out`).
    case usage = 64
}

/// What a run did.
public struct PublishResult: Sendable {
    public var status: PublishStatus
    /// Public feeds written.
    public var publicFeeds = 0
    /// Personal feeds written (people on the list, less those left out).
    public var personalFeeds = 0
    public var delegationFeeds = 0
    /// Registrants without a personal feed because of an error that would make it wrong.
    public var leftOut = 0
    /// The private folder the index went to, when there was one.
    public var privateFolder: String?

    public init(status: PublishStatus) { self.status = status }
}
