import Agenda
import ArgumentParser
import Diagnostics
import Foundation
import Publishing

/// Finds and reads the agenda templates: `--templates DIR`, else `Templates/` in the working
/// folder, else next to the checkout the executable was built in (as ``EmbeddedData`` does).
enum AgendaTemplateFiles {
    static let folder = "Templates"

    /// Reads every `.mustache` file of the folder (not its subfolders) and checks the set.
    /// Problems are printed as located findings and end the command with exit code 2.
    static func load(_ option: String?) throws -> AgendaTemplates {
        try Input.orExit {
            let set = try AgendaTemplates.load(directory: try option ?? defaultDirectory(), reason: StagedOutput.reason)
            Terminal.report(set.diagnostics)
            return set
        }
    }

    static func defaultDirectory() throws -> String {
        guard let marker = EmbeddedData.locate("\(folder)/html.mustache") else {
            throw CLIError("cannot find the agenda templates '\(folder)/'; run from the repository folder or pass --templates DIR")
        }
        return URL(fileURLWithPath: marker).deletingLastPathComponent().path
    }
}

/// Writes one agenda file atomically.
enum AgendaOutput {
    /// Writes `text` to `path`, or into `path` under `defaultName` when `path` is a folder (or
    /// ends with `/`). The file is written next to its final place and renamed into it.
    /// - Parameter personal: a delegate's agenda is created readable by its owner only (0600).
    static func writeOne(_ text: String, to path: String, defaultName: String, personal: Bool) throws {
        var isDir: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDir)
        let target = URL(fileURLWithPath: path)
        let (root, name) = (exists && isDir.boolValue) || path.hasSuffix("/")
            ? (target.path, defaultName)
            : (target.deletingLastPathComponent().path, target.lastPathComponent)
        try Input.orExit {
            let output = try StagedOutput(root: root)
            try output.write(name, text, mode: personal ? StagedOutput.ownerOnly : nil)
            try output.commit()
        }
        Terminal.out("wrote \(URL(fileURLWithPath: root).appendingPathComponent(name).path)\n")
    }
}

extension Terminal {
    /// The width to fold text to: `COLUMNS` when set, else the terminal's, else 80.
    static func width() -> Int {
        if let raw = ProcessInfo.processInfo.environment["COLUMNS"], let n = Int(raw), n > 0 { return n }
        guard isatty(1) == 1 else { return 80 }
        var size = winsize()
        if ioctl(1, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
