import ArgumentParser
import Foundation

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
                var generator = SystemRandomNumberGenerator()
                let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
                Terminal.out(bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined() + "\n")
            }
        }

        /// Reads a secret file: hex as written by `secret new`, else its raw bytes (at least 16).
        static func read(path: String) throws -> [UInt8] {
            guard let data = FileManager.default.contents(atPath: path) else {
                throw CLIError("cannot read the secret file '\(path)'; make one with 'cartagena secret new > \(path)'")
            }
            let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if text.count >= 32, text.count % 2 == 0, text.allSatisfy(\.isHexDigit) {
                var bytes: [UInt8] = []
                var index = text.startIndex
                while index < text.endIndex {
                    let next = text.index(index, offsetBy: 2)
                    bytes.append(UInt8(text[index..<next], radix: 16)!)
                    index = next
                }
                return bytes
            }
            guard data.count >= 16 else {
                throw CLIError("the secret in '\(path)' is too short (\(data.count) bytes); make a new one with 'cartagena secret new > \(path)'")
            }
            return [UInt8](data)
        }
    }
}
