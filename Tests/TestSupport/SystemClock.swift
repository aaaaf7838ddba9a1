import Foundation

/// Converts venue wall-clock times (`YYYY-MM-DD HH:MM`) to Unix seconds with GNU `date` and
/// `TZ=<zone>`: glibc reading the system tz database, a source independent of libical.
/// - Returns: one value per input, or nil when `date` is unavailable.
public func glibcEpochSeconds(walls: [String], zone: String) throws -> [Int64]? {
    guard FileManager.default.isExecutableFile(atPath: "/bin/date") || FileManager.default.isExecutableFile(atPath: "/usr/bin/date")
    else { return nil }
    let process = Process()
    process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/bin/date") ? "/bin/date" : "/usr/bin/date")
    process.arguments = ["-f", "-", "+%s"]
    process.environment = ["TZ": zone, "LC_ALL": "C"]
    let input = Pipe(), output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data((walls.joined(separator: "\n") + "\n").utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    let values = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { Int64($0) }
    return values.count == walls.count ? values : nil
}
