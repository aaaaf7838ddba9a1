/// Folds the rendered `text` agenda to a width, after the template has laid it out.
///
/// Mustache cannot measure or wrap, so the text template writes each logical line whole and
/// marks, with ``marker``, the column its continuation lines go back to (the title column after
/// the times). A line without a marker continues under its own indentation. ANSI colour codes
/// take no width; a style open at a break is closed at the end of the line and opened again on
/// the next one. Trailing spaces are removed from every line.
enum TextWrapper {
    /// The wrap-column marker: U+001F (unit separator), which ``TextCleaning`` removes from
    /// programme data, so only a template can place it.
    static let marker = "\u{1F}"

    /// Folds every line of `text` to `width` columns (counting characters).
    static func wrap(_ text: String, width: Int) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false)
            .map { wrapLine(Substring($0), width: max(width, 20)) }
            .joined(separator: "\n")
    }

    private enum Piece {
        case esc(String)
        case char(Character)
    }

    private enum Token {
        case space
        case word([Piece], width: Int)
    }

    private static let reset = "\u{1B}[0m"

    static func wrapLine(_ line: Substring, width: Int) -> String {
        // Split into escape sequences and visible characters; find the marker's column.
        var pieces: [Piece] = []
        var hang: Int?
        var column = 0
        var i = line.startIndex
        while i < line.endIndex {
            let c = line[i]
            if c == "\u{1B}", line.index(after: i) < line.endIndex, line[line.index(after: i)] == "[" {
                var j = line.index(i, offsetBy: 2)
                while j < line.endIndex, !(line[j].asciiValue.map { (0x40...0x7E).contains($0) } ?? false) { j = line.index(after: j) }
                let end = j < line.endIndex ? line.index(after: j) : j
                pieces.append(.esc(String(line[i..<end])))
                i = end
                continue
            }
            if c == "\u{1F}" {
                if hang == nil { hang = column }
            } else {
                pieces.append(.char(c))
                column += 1
            }
            i = line.index(after: i)
        }
        let lead = pieces.prefix { if case .char(" ") = $0 { true } else if case .esc = $0 { true } else { false } }
            .count { if case .char = $0 { true } else { false } }
        if column <= width { return trimTrailing(render(pieces)) }

        var indent = hang ?? lead
        if indent > width / 2 { indent = min(lead, width / 2) }

        // Group into words and spaces; escape codes stick to the word that follows them.
        var tokens: [Token] = []
        var word: [Piece] = []
        var wordWidth = 0
        for piece in pieces {
            if case .char(" ") = piece {
                if wordWidth > 0 { tokens.append(.word(word, width: wordWidth)); word = []; wordWidth = 0 }
                tokens.append(.space)
            } else {
                word.append(piece)
                if case .char = piece { wordWidth += 1 }
            }
        }
        if !word.isEmpty { tokens.append(.word(word, width: wordWidth)) }

        var out = ""
        var active: [String] = []
        var x = 0
        var spaces = 0
        var lineHasWord = false
        func newLine() {
            if !active.isEmpty { out += reset }
            out = trimTrailing(out)
            out += "\n" + String(repeating: " ", count: indent) + active.joined()
            x = indent
            spaces = 0
            lineHasWord = false
        }
        func emit(_ piece: Piece) {
            switch piece {
            case .esc(let code):
                out += code
                if code == reset { active = [] } else { active.append(code) }
            case .char(let c):
                out.append(c)
                x += 1
            }
        }
        for token in tokens {
            switch token {
            case .space:
                spaces += 1
            case .word(let parts, let w):
                if lineHasWord && x + spaces + w > width { newLine() }
                out += String(repeating: " ", count: spaces)
                x += spaces
                spaces = 0
                for part in parts {
                    // A word longer than the line is cut where the line ends.
                    if case .char = part, x >= width, x > indent { newLine() }
                    emit(part)
                    lineHasWord = true
                }
            }
        }
        return trimTrailing(out)
    }

    private static func render(_ pieces: [Piece]) -> String {
        var s = ""
        for p in pieces {
            switch p {
            case .esc(let code): s += code
            case .char(let c): s.append(c)
            }
        }
        return s
    }

    private static func trimTrailing(_ s: String) -> String {
        var s = s
        while s.last == " " { s.removeLast() }
        return s
    }
}
