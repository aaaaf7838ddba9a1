import ArgumentParser
import Feeds

/// The `cartagena` command: feeds, agendas and checks for a multi-city programme.
@main
struct Cartagena: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cartagena",
        abstract: "Plan the logistics of a multi-city intergovernmental process: feeds, agendas, checks.",
        discussion: """
            With no --plan, commands use the embedded Cartagena+40 programme (Calendars/cartagena40.yaml).

            Exit codes: 0 success; 1 findings with errors (or warnings with --strict); \
            2 unreadable or invalid input; 64 command-line usage error.
            """,
        version: CartagenaVersion.current,
        subcommands: [Feeds.self, Check.self, RegistrationsCommand.self, AgendaCommand.self, Participants.self, Badges.self, SignIn.self, Secret.self]
    )
}
