import Foundation

/// Counts the dates of `EXDATE` and `RDATE` lines in raw iCalendar text, without libical: one
/// pass over the bytes, so that a text with a million of them is refused in milliseconds.
enum DateValueCount {
    /// The issue for the line holding the first date beyond `limit`, or nil when there are at
    /// most `limit`. A line counts one date plus one per comma after its first `:`, its folded
    /// continuation lines included.
    static func excess(in text: String, limit: Int) -> ICalendarIssue? {
        var text = text
        return text.withUTF8 { b -> ICalendarIssue? in
            guard let base = b.baseAddress else { return nil }
            let n = b.count
            var count = 0, line = 1, i = 0
            var inDates = false, inValue = false
            var property = ""
            while i < n {
                // `i` is at the start of a physical line.
                let first = b[i]
                if first == 0x20 || first == 0x09 {
                    // A continuation of the previous content line: its value goes on.
                } else {
                    inDates = false
                    inValue = false
                    if let name = Self.dateProperty(b, at: i) {
                        inDates = true
                        property = name
                        count += 1
                        if count > limit { return Self.issue(property, line: line, limit: limit) }
                    }
                }
                let end = memchr(base + i, 0x0A, n - i).map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base } ?? n
                if inDates {
                    var j = i
                    while j < end {
                        let c = b[j]
                        if c == UInt8(ascii: ":") { inValue = true } else if c == UInt8(ascii: ","), inValue {
                            count += 1
                            if count > limit { return Self.issue(property, line: line, limit: limit) }
                        }
                        j += 1
                    }
                }
                i = end + 1
                line += 1
            }
            return nil
        }
    }

    /// `EXDATE` or `RDATE` when the line at `i` starts with that name (any case) and `:` or `;`.
    private static func dateProperty(_ b: UnsafeBufferPointer<UInt8>, at i: Int) -> String? {
        for name in ["EXDATE", "RDATE"] {
            let u = Array(name.utf8)
            guard i + u.count < b.count else { continue }
            var same = true
            for k in 0..<u.count where b[i + k] & 0xDF != u[k] { same = false; break }
            if same, b[i + u.count] == UInt8(ascii: ":") || b[i + u.count] == UInt8(ascii: ";") { return name }
        }
        return nil
    }

    private static func issue(_ property: String, line: Int, limit: Int) -> ICalendarIssue {
        ICalendarIssue(kind: .tooLarge, component: "VEVENT", property: property, line: line,
                       message: "more than \(limit) EXDATE and RDATE dates in the calendar; no rule is expanded past \(limit) steps, so the rest cannot matter: remove the dates that lie outside the programme's days, or split the calendar")
    }
}
