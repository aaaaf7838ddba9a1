import ArgumentParser

extension Cartagena {
    /// `cartagena secret ...`: the secret that names personal feeds.
    struct Secret: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the secret that keeps personal feed names unguessable.",
            subcommands: []
        )
    }
}
