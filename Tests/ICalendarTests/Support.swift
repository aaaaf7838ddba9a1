import CivilTime
import Foundation
@testable import ICalendar

/// A wall time from `YYYY-MM-DDTHH:MM`.
func wall(_ s: String) -> LocalDateTime { LocalDateTime(iso: s)! }
/// An instant from `YYYY-MM-DDTHH:MM:SSZ`.
func instant(_ s: String) -> Instant { Instant(iso: s)! }
/// A date from `YYYY-MM-DD`.
func day(_ s: String) -> LocalDate { LocalDate(iso: s)! }

/// (zone, venue wall time, the instant it is): the process's venues on their first mornings and
/// Geneva either side of the end of CEST, checked by hand (research notes) and against `zdump`.
let venueInstants: [(String, String, String)] = [
        ("America/Mexico_City", "2024-04-04T09:00", "2024-04-04T15:00:00Z"),
        ("America/Sao_Paulo", "2024-05-16T09:00", "2024-05-16T12:00:00Z"),
        ("America/Bogota", "2024-06-19T09:00", "2024-06-19T14:00:00Z"),
        ("Europe/Zurich", "2024-10-25T10:00", "2024-10-25T08:00:00Z"),
        ("Europe/Zurich", "2024-10-28T10:00", "2024-10-28T09:00:00Z"),
        ("America/Santiago", "2024-12-11T09:00", "2024-12-11T12:00:00Z"),
    ]

/// Wraps content lines in a VCALENDAR with CRLF line ends.
func calendarText(method: String? = "PUBLISH", _ lines: [String]) -> String {
    var all = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN"]
    if let method { all.append("METHOD:\(method)") }
    all += lines + ["END:VCALENDAR"]
    return all.joined(separator: "\r\n") + "\r\n"
}

/// The UTC offsets `zdump -v` reports for a zone in some years, as (first instant, offset) steps.
struct ZdumpTable {
    var steps: [(Instant, Int)]

    /// Runs zdump; nil when it is not installed.
    init?(zone: String, years: ClosedRange<Int>) throws {
        guard let path = ["/usr/sbin/zdump", "/usr/bin/zdump"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { return nil }
        let p = Process()
        p.executableURL = URL(fileURLWithPath: path)
        p.arguments = ["-v", "-c", "\(years.lowerBound),\(years.upperBound + 1)", zone]
        let pipe = Pipe()
        p.standardOutput = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        steps = []
        // "America/Santiago  Sat Apr  6 02:59:59 2024 UT = Fri Apr  5 23:59:59 2024 -03 isdst=1 gmtoff=-10800"
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let w = line.split(separator: " ")
            guard w.count > 8, w[6] == "UT", let off = w.last, off.hasPrefix("gmtoff="),
                  let offset = Int(off.dropFirst(7)), let m = months.firstIndex(of: String(w[2])),
                  let d = Int(w[3]), let y = Int(w[5]), let date = LocalDate(year: y, month: m + 1, day: d) else { continue }
            let hms = w[4].split(separator: ":").compactMap { Int($0) }
            guard hms.count == 3, let t = LocalDateTime(date: date, hour: hms[0], minute: hms[1], second: hms[2])
            else { continue }
            steps.append((Instant(secondsSince1970: t.secondsAsIfUTC), offset))
        }
    }

    /// The offset in force at `i` by zdump.
    func offset(at i: Instant) -> Int? { steps.last { $0.0 <= i }?.1 }
}

/// A component's text without its final CRLF, to pass as one of `calendarText`'s lines.
func chomp(_ text: String) -> String {
    text.hasSuffix("\r\n") ? String(text.utf8.dropLast(2))! : text
}
