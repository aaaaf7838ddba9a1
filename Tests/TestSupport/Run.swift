import Foundation

/// What a run of the built `cartagena` executable printed and how it ended.
public struct RunResult: Sendable {
    public var status: Int32
    public var stdout: String
    public var stderr: String
}

/// The built `cartagena` executable, next to the test bundle in the build products folder.
public func cartagenaExecutable() -> URL {
    var dir = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    // On Linux the test runner is `<products>/cartagenaPackageTests.xctest`; on macOS a bundle inside it.
    for _ in 0..<4 {
        let candidate = dir.appendingPathComponent("cartagena")
        if FileManager.default.isExecutableFile(atPath: candidate.path) { return candidate }
        dir.deleteLastPathComponent()
    }
    return repositoryRoot().appendingPathComponent(".build/debug/cartagena")
}

/// Runs `cartagena` with arguments, in `directory` (default: the repository root), with extra
/// environment variables, and no standard input.
public func runCartagena(_ arguments: [String], in directory: URL? = nil, environment: [String: String] = [:]) throws -> RunResult {
    var env = ProcessInfo.processInfo.environment
    env["NO_COLOR"] = "1"
    env.removeValue(forKey: "SOURCE_DATE_EPOCH")
    for (k, v) in environment { env[k] = v }
    return try runProcess(cartagenaExecutable(), arguments, in: directory ?? repositoryRoot(), environment: env)
}

/// Runs any program with no standard input and returns what it printed and how it ended.
/// - Parameters:
///   - environment: the whole environment, or `nil` for this process's own.
public func runProcess(_ executable: URL, _ arguments: [String], in directory: URL? = nil,
                       environment: [String: String]? = nil) throws -> RunResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    if let directory { process.currentDirectoryURL = directory }
    if let environment { process.environment = environment }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = FileHandle.nullDevice
    try process.run()
    // Read both pipes fully before waiting, so a large output cannot block the child.
    let group = DispatchGroup()
    nonisolated(unsafe) var errData = Data()
    group.enter()
    DispatchQueue.global().async {
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    process.waitUntilExit()
    return RunResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                     stderr: String(decoding: errData, as: UTF8.self))
}
