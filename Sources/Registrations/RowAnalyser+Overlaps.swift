import CivilTime
import Diagnostics
import Planner

/// Sessions of one person that overlap in time: within a row, across rows, and the finding.
extension RowAnalyser {
    /// ``overlaps(in:_:into:)`` for the sessions of one row: sorts their ranks (small integers)
    /// rather than (session, row) pairs; the pairs go into ``rowPairs``.
    mutating func overlapsInRow(_ sessions: ArraySlice<Int32>) {
        rowPairs.removeAll(keepingCapacity: true)
        ranks.removeAll(keepingCapacity: true)
        let rank = index.rank, byRank = index.byRank, starts = index.starts, ends = index.ends
        for s in sessions {
            let r = rank[Int(s)]
            var j = ranks.count
            ranks.append(r)
            while j > 0, r < ranks[j - 1] {
                ranks[j] = ranks[j - 1]
                j -= 1
            }
            ranks[j] = r
        }
        var latest = Int(byRank[Int(ranks[0])])
        for r in ranks.dropFirst() {
            let s = Int(byRank[Int(r)])
            if s == latest { continue }
            if starts[s] < ends[latest] { rowPairs.append((Int32(s), Int32(latest))) }
            if ends[s] > ends[latest] { latest = s }
        }
    }

    /// The pairs (later, earlier) of sessions that overlap in time, by a sweep in (start, end,
    /// session, row) order, into `pairs` (emptied first). Sorts `list` in place.
    package static func overlaps(in list: inout [(session: Int32, row: Int32)], _ index: ProgrammeIndex,
                         into pairs: inout [((session: Int32, row: Int32), (session: Int32, row: Int32))]) {
        pairs.removeAll(keepingCapacity: true)
        guard list.count > 1 else { return }
        let rank = index.rank, starts = index.starts, ends = index.ends
        if list.count > 16 {
            list.sort { (rank[Int($0.session)], $0.row) < (rank[Int($1.session)], $1.row) }
        } else {
            // Insertion sort: a row lists a handful of sessions.
            for i in 1..<list.count {
                let item = list[i]
                let key = (rank[Int(item.session)], item.row)
                var j = i
                while j > 0, key < (rank[Int(list[j - 1].session)], list[j - 1].row) {
                    list[j] = list[j - 1]
                    j -= 1
                }
                list[j] = item
            }
        }
        var latest = list[0]
        for item in list.dropFirst() where item.session != latest.session {
            let s = Int(item.session), l = Int(latest.session)
            if starts[s] < ends[l] { pairs.append((item, latest)) }
            if ends[s] > ends[l] { latest = item }
        }
    }

    package func overlapFinding(_ row: Int, _ session: Int32, _ other: (session: Int32, row: Int32)) -> Diagnostic {
        let s = index.sessions[Int(session)], o = index.sessions[Int(other.session)]
        let also = other.row == Int32(row) ? "on the same row" : "on row \(other.row)"
        return Diagnostic.listFinding(file: file, row: row, column: columns.header(.sessions), columnNumber: columns[.sessions].map { $0 + 1 },
                                   code: "overlapping-sessions", severity: .warning,
                                   message: "session \(quoted: s.id) (\(s.localStart.date.iso) \(s.localStart.hhmm)–\(s.localEnd.hhmm)) overlaps session \(quoted: o.id) (\(o.localStart.date.iso) \(o.localStart.hhmm)–\(o.localEnd.hhmm)) of the same person \(also); keep one of them",
                                   value: s.id.rawValue, relatedRows: other.row == Int32(row) ? [] : [Int(other.row)])
    }
}
