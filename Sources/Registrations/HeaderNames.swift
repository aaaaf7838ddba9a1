import Foundation

/// How a header cell is compared with the names the checks know, whatever system wrote it.
///
/// A header becomes a key: lower case, accents removed, `_`, `-`, `.`, `/`, `:` and spaces as
/// one space, `#` and `nº` as the word `number`, a trailing `(s)` or plural dropped, a leading
/// `code of`/`id de`/`número de` and a trailing `code`/`id`/`number` dropped when other words
/// remain. So `Apellido(s)`, `APELLIDOS`, `family_names`, `session_code`, `reg_id`, `Attendee #`
/// and `Código de delegación` all meet their alias.
enum HeaderKey {
    /// The key of a header, and whether its last word was plural (`sessions`, `séance(s)`).
    /// With `dropParenthesised`, text in parentheses is dropped (`Nombre (como en el pasaporte)`).
    static func key(_ header: String, dropParenthesised: Bool = false) -> (key: String, plural: Bool) {
        var text = header.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil).lowercased()
        var plural = false
        for marker in ["(s)", "(es)"] where text.contains(marker) {
            plural = true
            text = text.replacingOccurrences(of: marker, with: "")
        }
        if dropParenthesised {
            var kept = "", depth = 0
            for ch in text {
                if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) } else if depth == 0 { kept.append(ch) }
            }
            text = kept
        }
        text = text.replacingOccurrences(of: "nº", with: " number ").replacingOccurrences(of: "n°", with: " number ")
            .replacingOccurrences(of: "#", with: " number ")
        // Apostrophes join (d'arrivée -> darrivee is not wanted: they separate, as in French).
        var words: [String] = []
        var word = ""
        for scalar in text.unicodeScalars {
            if CharacterSet.alphanumerics.contains(scalar) {
                word.unicodeScalars.append(scalar)
            } else if !word.isEmpty {
                words.append(word)
                word = ""
            }
        }
        if !word.isEmpty { words.append(word) }
        let leading: Set<String> = ["codigo", "code", "cod", "id", "numero", "number", "identifiant", "identificador"]
        let linking: Set<String> = ["de", "du", "da", "do", "of", "the", "d"]
        if words.count > 1, leading.contains(words[0]) {
            var rest = Array(words.dropFirst())
            while rest.count > 1, linking.contains(rest[0]) { rest.removeFirst() }
            if !rest.isEmpty, !linking.contains(rest[0]) { words = rest }
        }
        let trailing: Set<String> = ["code", "codigo", "id", "number", "numero", "no", "num", "nr", "identifiant"]
        while words.count > 1, trailing.contains(words[words.count - 1]) { words.removeLast() }
        if words.count > 1, words[words.count - 1] == "s" { words.removeLast(); plural = true }
        if var last = words.last {
            let (stem, wasPlural) = singular(last)
            last = stem
            plural = plural || wasPlural
            words[words.count - 1] = last
        }
        return (words.joined(separator: " "), plural)
    }

    /// A word's stem, the same for its singular and plural forms in English, Spanish, Portuguese
    /// and French (`activities`/`activity`, `sesiones`/`sesión`, `sessões`/`sessão`,
    /// `atividades`/`atividade`, `séances`/`séance`), and whether it was plural.
    static func singular(_ word: String) -> (String, Bool) {
        var w = word
        var plural = false
        if w.hasSuffix("ies"), w.count > 4 {
            w = String(w.dropLast(3)) + "y"
            plural = true
        } else if w.hasSuffix("oes"), w.count > 4 {
            w = String(w.dropLast(3)) + "ao"
            plural = true
        } else if w.hasSuffix("s"), !w.hasSuffix("ss"), !w.hasSuffix("us"), w.count > 3 {
            w.removeLast()
            plural = true
        }
        if w.hasSuffix("e"), w.count > 5 { w.removeLast() }
        return (w, plural)
    }
}
