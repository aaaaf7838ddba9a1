import Diagnostics
import Foundation
import SystemPackage

/// The secret that names personal and delegation feeds, read from the file that
/// `cartagena secret new` writes: 64 lower-case hexadecimal digits (32 bytes) and a line break.
public enum FeedSecret {
    /// The number of hexadecimal digits of a secret.
    public static let digits = 64

    /// A new random secret as `cartagena secret new` prints it (with the line break).
    public static func generate() -> String {
        var generator = SystemRandomNumberGenerator()
        let hex = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for _ in 0..<(digits / 2) {
            let b = UInt8.random(in: 0...255, using: &generator)
            out += [hex[Int(b >> 4)], hex[Int(b & 15)]]
        }
        return String(decoding: out, as: UTF8.self) + "\n"
    }

    /// Reads a secret file.
    /// - Returns: the secret's 32 bytes, and a `secret-readable` warning when group or others may
    ///   read the file.
    /// - Throws: ``DiagnosticError``: `unreadable-file` when it cannot be read, `invalid-secret`
    ///   at the line and column of the first thing that `secret new` would not have written.
    public static func read(path: String) throws(DiagnosticError) -> (secret: [UInt8], warnings: [Diagnostic]) {
        let make = "make a new one with 'cartagena secret new > \(path)'"
        var info = stat()
        guard let data = FileManager.default.contents(atPath: path), stat(path, &info) == 0 else {
            let why = FileManager.default.fileExists(atPath: path) ? "it cannot be read (permissions?)" : "no such file"
            throw DiagnosticError(.error("unreadable-file", "cannot read the secret file '\(path)': \(why); \(make)"))
        }
        let bytes = [UInt8](data)
        func invalid(_ what: String, line: Int = 1, column: Int) -> DiagnosticError {
            DiagnosticError(.error("invalid-secret", "\(what); a secret file holds exactly the \(digits) hexadecimal digits (0-9, a-f) "
                                   + "and the line break that 'cartagena secret new' writes; \(make)",
                                   at: SourceLocation(file: path, line: line, column: column)))
        }
        var secret: [UInt8] = []
        secret.reserveCapacity(digits / 2)
        var i = 0
        while i < bytes.count, i < digits {
            guard let v = hexValue(bytes[i]) else {
                if bytes[i] == 10 || bytes[i] == 13 {
                    throw invalid("the secret has \(i) hexadecimal digit\(i == 1 ? "" : "s"), not \(digits)", column: i + 1)
                }
                throw invalid("\(describe(bytes, at: i)) at column \(i + 1) is not a lower-case hexadecimal digit", column: i + 1)
            }
            if i % 2 == 0 { secret.append(v << 4) } else { secret[secret.count - 1] |= v }
            i += 1
        }
        if i < digits { throw invalid("the secret has \(i) hexadecimal digit\(i == 1 ? "" : "s"), not \(digits)", column: i + 1) }
        let rest = bytes[digits...]
        if !(rest.isEmpty || rest.elementsEqual([10])) {
            if rest.first == 10 { throw invalid("the file goes on after the secret's line", line: 2, column: 1) }
            throw invalid("\(describe(bytes, at: digits)) after the \(digits) digits", column: digits + 1)
        }
        var warnings: [Diagnostic] = []
        let mode = info.st_mode & 0o777
        if mode & 0o077 != 0 {
            warnings.append(.warning("secret-readable", "the secret file '\(path)' can be read by others (mode \(String(mode, radix: 8))); "
                                     + "whoever reads it can find every personal feed; run 'chmod 600 \(path)'"))
        }
        return (secret, warnings)
    }

    private static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case 0x30...0x39: b - 0x30
        case 0x61...0x66: b - 0x61 + 10
        default: nil
        }
    }

    /// `'g'`, or `byte 0xEF` for what is not printable ASCII (the secret itself is never quoted).
    private static func describe(_ bytes: [UInt8], at i: Int) -> String {
        let b = bytes[i]
        return b >= 0x21 && b < 0x7F ? "'\(Character(Unicode.Scalar(b)))'" : "byte 0x\(String(b, radix: 16, uppercase: true))"
    }
}
