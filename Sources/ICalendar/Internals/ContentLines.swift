/// One unfolded content line of the input, with the physical line it starts on.
struct ContentLine {
    /// 1-based physical line of the first (unfolded) piece.
    var line: Int
    /// The whole unfolded text.
    var text: String
    /// The property name, uppercased (`DTSTART`, `BEGIN`).
    var name: String
    /// Parameters, names uppercased, values with surrounding quotes removed.
    var params: [(name: String, value: String)]
    /// The raw value after the first unquoted `:`.
    var value: String

    func param(_ name: String) -> String? { params.first { $0.name == name }?.value }
}

/// A component as written in the text, with line numbers, before libical sees it.
struct RawComponent {
    var name: String
    var beginLine: Int
    var properties: [ContentLine] = []
    var children: [RawComponent] = []

    /// The `n`-th direct child named `name` (0-based).
    func child(_ name: String, ordinal: Int) -> RawComponent? {
        var seen = 0
        for c in children where c.name == name {
            if seen == ordinal { return c }
            seen += 1
        }
        return nil
    }

    /// The first line of a property, by name.
    func line(of property: String) -> Int? { properties.first { $0.name == property }?.line }

    /// The raw value of the first property with that name.
    func value(of property: String) -> String? { properties.first { $0.name == property }?.value }

    /// Calls `body` on this component and every descendant, depth first, in text order.
    func walk(_ body: (RawComponent) -> Void) {
        body(self)
        for c in children { c.walk(body) }
    }
}

/// The text split into content lines and a component tree, plus structural problems.
struct RawScan {
    var lines: [ContentLine] = []
    var roots: [RawComponent] = []
    var issues: [ICalendarIssue] = []
    var isBlank = true

    /// Splits on LF (dropping a CR before it), unfolds lines that start with a space or tab
    /// (joining bytes, so a fold inside a UTF-8 sequence is healed), and builds the tree.
    init(_ text: String) {
        var pending: [UInt8] = []
        var pendingLine = 0
        var physical = 0
        func flush() {
            guard pendingLine > 0 else { return }
            let s = String(decoding: pending, as: UTF8.self)
            if !s.isEmpty { lines.append(RawScan.contentLine(s, line: pendingLine)) }
            pending.removeAll(keepingCapacity: true)
            pendingLine = 0
        }
        var utf8 = Array(text.utf8)
        if utf8.last != 0x0A { utf8.append(0x0A) }
        var start = 0
        for i in utf8.indices where utf8[i] == 0x0A {
            physical += 1
            var end = i
            if end > start, utf8[end - 1] == 0x0D { end -= 1 }
            let piece = utf8[start..<end]
            start = i + 1
            if piece.contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D }) { isBlank = false }
            if let first = piece.first, first == 0x20 || first == 0x09, pendingLine > 0 {
                pending.append(contentsOf: piece.dropFirst())
            } else {
                flush()
                pending.append(contentsOf: piece)
                pendingLine = physical
            }
        }
        flush()
        buildTree()
    }

    /// Splits one content line into name, parameters and value, honouring double quotes.
    static func contentLine(_ s: String, line: Int) -> ContentLine {
        var name = "", params: [(String, String)] = [], value = ""
        var field = "", paramName: String?, quoted = false, inName = true
        var idx = s.unicodeScalars.startIndex
        let scalars = s.unicodeScalars
        func endField() {
            if inName { name = field.uppercased(); inName = false } else if let n = paramName {
                params.append((n, field)); paramName = nil
            } else if !field.isEmpty { params.append((field.uppercased(), "")) }
            field = ""
        }
        while idx < scalars.endIndex {
            let c = scalars[idx]
            if quoted {
                if c == "\"" { quoted = false } else { field.unicodeScalars.append(c) }
            } else if c == "\"" {
                quoted = true
            } else if c == ";" {
                endField()
            } else if c == "=", !inName, paramName == nil {
                paramName = field.uppercased(); field = ""
            } else if c == ",", paramName != nil {
                field.unicodeScalars.append(c)
            } else if c == ":" {
                endField()
                value = String(scalars[scalars.index(after: idx)...])
                return ContentLine(line: line, text: s, name: name, params: params.map { (name: $0.0, value: $0.1) }, value: value)
            } else {
                field.unicodeScalars.append(c)
            }
            idx = scalars.index(after: idx)
        }
        endField()
        return ContentLine(line: line, text: s, name: name, params: params.map { (name: $0.0, value: $0.1) }, value: value)
    }

    private mutating func buildTree() {
        var stack: [RawComponent] = []
        for l in lines {
            switch l.name {
            case "BEGIN":
                // No component nests in one of its own name: an open one lacks its END.
                let name = l.value.uppercased()
                if let open = stack.lastIndex(where: { $0.name == name }) {
                    while stack.count > open { close(&stack, missingEndBefore: l.line) }
                }
                stack.append(RawComponent(name: name, beginLine: l.line))
            case "END":
                let name = l.value.uppercased()
                guard let depth = stack.lastIndex(where: { $0.name == name }) else {
                    issues.append(ICalendarIssue(kind: .parse, component: name, line: l.line, message:
                        "'END:\(name)' has no matching 'BEGIN:\(name)'; remove it or add the BEGIN line"))
                    continue
                }
                while stack.count > depth + 1 { close(&stack, missingEndBefore: l.line) }
                let done = stack.removeLast()
                if stack.isEmpty { roots.append(done) } else { stack[stack.count - 1].children.append(done) }
            default:
                if stack.isEmpty {
                    if roots.isEmpty, issues.isEmpty {
                        issues.append(ICalendarIssue(kind: .parse, component: "VCALENDAR", line: l.line, message:
                            "this is not iCalendar text: it must start with 'BEGIN:VCALENDAR'"))
                    }
                } else {
                    stack[stack.count - 1].properties.append(l)
                }
            }
        }
        while !stack.isEmpty { close(&stack, missingEndBefore: nil) }
        if isBlank {
            issues = [ICalendarIssue(kind: .parse, component: "VCALENDAR", line: nil, message:
                "the calendar is empty; give iCalendar text starting with 'BEGIN:VCALENDAR'")]
        } else if let first = roots.first, first.name != "VCALENDAR", !issues.contains(where: { $0.kind == .parse }) {
            issues.insert(ICalendarIssue(kind: .parse, component: first.name, line: first.beginLine, message:
                "this is not iCalendar text: it must start with 'BEGIN:VCALENDAR', not 'BEGIN:\(first.name)'"), at: 0)
        }
    }

    private mutating func close(_ stack: inout [RawComponent], missingEndBefore line: Int?) {
        let open = stack.removeLast()
        let uid = open.value(of: "UID")
        let place = line.map { "before line \($0)" } ?? "before the end of the text"
        issues.append(ICalendarIssue(kind: .missingEnd, component: open.name, uid: uid, line: open.beginLine, message:
            "'BEGIN:\(open.name)' on line \(open.beginLine) has no 'END:\(open.name)'; add it \(place)"))
        if stack.isEmpty { roots.append(open) } else { stack[stack.count - 1].children.append(open) }
    }
}
