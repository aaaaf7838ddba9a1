internal import Diagnostics
import CivilTime

/// Checks on the raw text for what libical accepts silently.
enum RawChecks {
    /// Properties whose values are DATE or DATE-TIME (lists allowed).
    static let timeProperties: Set<String> = [
        "DTSTART", "DTEND", "DUE", "RECURRENCE-ID", "EXDATE", "RDATE", "DTSTAMP", "CREATED",
        "LAST-MODIFIED", "COMPLETED",
    ]

    /// Impossible dates and times (libical normalises `20241332T250000` to 2025-02-02T01:00)
    /// and TZIDs that name neither a VTIMEZONE of the text nor a known zone (libical makes them floating).
    /// - Parameter isKnownZone: asked once per distinct unknown TZID.
    static func check(_ scan: RawScan, isKnownZone: (String) -> Bool) -> [ICalendarIssue] {
        var issues: [ICalendarIssue] = []
        var defined: Set<String> = []
        for root in scan.roots {
            root.walk { c in
                if c.name == "VTIMEZONE", let id = c.value(of: "TZID") { defined.insert(id) }
            }
        }
        var zoneVerdicts: [String: Bool] = [:]
        for root in scan.roots {
            root.walk { c in
                let uid = c.value(of: "UID")
                for p in c.properties {
                    if timeProperties.contains(p.name), p.param("VALUE") != "PERIOD" {
                        for item in p.value.split(separator: ",") {
                            let first = item.split(separator: "/").first.map(String.init) ?? ""
                            if let problem = impossibleTime(first) {
                                issues.append(ICalendarIssue(kind: .invalidValue, component: c.name, property: p.name,
                                    uid: uid, line: p.line, message: "\(quoted: first) is not a real date-time: \(problem); "
                                        + "write YYYYMMDD or YYYYMMDDTHHMMSS with a real date and time"))
                            }
                        }
                    }
                    if let tzid = p.param("TZID"), c.name != "VTIMEZONE", !defined.contains(tzid) {
                        let known = zoneVerdicts[tzid] ?? isKnownZone(tzid)
                        zoneVerdicts[tzid] = known
                        if !known {
                            issues.append(ICalendarIssue(kind: .unknownTimezone, component: c.name, property: p.name,
                                uid: uid, line: p.line, message: "TZID \(quoted: tzid) has no VTIMEZONE in the calendar and is "
                                    + "not a known time zone; add its VTIMEZONE or use an IANA name such as 'Europe/Zurich'"))
                        }
                    }
                }
            }
        }
        return issues
    }

    /// Why a digit-shaped DATE or DATE-TIME is impossible, or nil when it is fine or not digit-shaped
    /// (libical reports malformed values itself).
    static func impossibleTime(_ raw: String) -> String? {
        var s = Substring(raw)
        if s.hasSuffix("Z") { s = s.dropLast() }
        let b = Array(s.utf8)
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r {
                guard b[i] >= 0x30, b[i] <= 0x39 else { return nil }
                v = v * 10 + Int(b[i] - 0x30)
            }
            return v
        }
        guard b.count == 8 || (b.count == 15 && b[8] == UInt8(ascii: "T")),
              let y = num(0..<4), let m = num(4..<6), let d = num(6..<8) else { return nil }
        guard (1...12).contains(m) else { return "month \(m) does not exist" }
        guard d >= 1, d <= LocalDate.daysIn(month: m, year: y) else { return "day \(d) does not exist in month \(m)" }
        guard b.count == 15 else { return nil }
        guard let h = num(9..<11), let mi = num(11..<13), let se = num(13..<15) else { return nil }
        guard h <= 23 else { return "hour \(h) does not exist" }
        guard mi <= 59 else { return "minute \(mi) does not exist" }
        guard se <= 60 else { return "second \(se) does not exist" }
        return nil
    }

    /// Whether ``impossibleTime(_:)`` finds fault with an ASCII value, on its bytes.
    ///
    /// For ``QuickScan``, which calls it only on ASCII bytes, where it agrees with
    /// `impossibleTime(String(decoding: bytes, as: UTF8.self)) != nil`.
    static func isImpossibleTime(_ v: UnsafeBufferPointer<UInt8>) -> Bool {
        var count = v.count
        if count > 0, v[count - 1] == UInt8(ascii: "Z") { count -= 1 }
        guard count == 8 || (count == 15 && v[8] == UInt8(ascii: "T")) else { return false }
        func num(_ r: Range<Int>) -> Int? {
            var n = 0
            for i in r {
                guard v[i] >= 0x30, v[i] <= 0x39 else { return nil }
                n = n * 10 + Int(v[i] - 0x30)
            }
            return n
        }
        guard let y = num(0..<4), let m = num(4..<6), let d = num(6..<8) else { return false }
        guard (1...12).contains(m), d >= 1, d <= LocalDate.daysIn(month: m, year: y) else { return true }
        guard count == 15, let h = num(9..<11), let mi = num(11..<13), let se = num(13..<15) else { return false }
        return h > 23 || mi > 59 || se > 60
    }
}
