import ArgumentParser
import Foundation
import Publishing

extension Cartagena {
    /// `cartagena secret ...`: the secret that names personal feeds.
    struct Secret: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the secret that keeps personal feed names unguessable.",
            subcommands: [New.self]
        )

        /// `cartagena secret new`: print a new random secret.
        struct New: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Print a new random secret (32 bytes, hex) to standard output.",
                discussion: """
                    Keep it out of the published folder and out of version control:
                      cartagena secret new > feeds.secret && chmod 600 feeds.secret
                    Changing the secret changes every personal feed's address.
                    """
            )

            func run() throws {
                Terminal.out(FeedSecret.generate())
            }
        }
    }
}
