/// What a command-line value names in a programme, for shell completion and for messages that
/// list the choices.
public enum ProgrammeIDKind: String, Sendable, CaseIterable {
    /// A language of the programme's `languages:` (`--lang`).
    case language
    /// A venue id (`--venue`).
    case venue
    /// An activity id (`--activity`).
    case activity
    /// A session id (`--session`).
    case session
}

extension Programme {
    /// The values of `kind` that a command line may give, in programme order (languages in the
    /// programme's order of preference), each once: what `--venue` and the like complete to.
    public func ids(of kind: ProgrammeIDKind) -> [String] {
        var seen = Set<String>()
        let all: [String]
        switch kind {
        case .language: all = languages
        case .venue: all = venues.map(\.id.rawValue)
        case .activity: all = activities.map(\.id.rawValue)
        case .session: all = activities.flatMap { $0.sessions.map(\.id.rawValue) }
        }
        return all.filter { seen.insert($0).inserted }
    }
}
