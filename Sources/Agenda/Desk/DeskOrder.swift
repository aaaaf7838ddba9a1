import Foundation
import Planner
import Registrations

/// Sorting keys that ignore case and accents, as alphabetical lists in these languages do.
///
/// `México` sorts as `mexico`, between Jamaica and Nicaragua. In Spanish `ñ` is a letter of its
/// own after `n` (`Nuñez` < `Ñancupil` < `Ocampo`); elsewhere it is `n`.
public enum DeskCollation {
    /// Lower case, accents and other marks removed, runs of white space as one space.
    public static func fold(_ s: String) -> String {
        s.folding(options: [.caseInsensitive, .diacriticInsensitive, .widthInsensitive], locale: nil)
            .split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// The key to sort names by in `language`.
    public static func key(_ s: String, language: String) -> String {
        guard language == "es" else { return fold(s) }
        // `~` sorts after every letter: `n~` comes after all of `n…`.
        let marked = s.replacingOccurrences(of: "ñ", with: "n~").replacingOccurrences(of: "Ñ", with: "n~")
        return fold(marked)
    }
}

/// The sections of a list of participants, in their order.
public enum DeskSection: Int, Sendable, Hashable, CaseIterable, Comparable {
    /// States and territories.
    case states
    /// Intergovernmental organisations and the United Nations system.
    case organisations
    /// Civil-society organisations.
    case civilSociety
    /// Delegation codes the delegation list does not have.
    case other

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    init(_ kind: DelegationKind?) {
        switch kind {
        case .state?, .territory?: self = .states
        case .organisation?: self = .organisations
        case .civilSociety?: self = .civilSociety
        case nil: self = .other
        }
    }
}

/// One delegation with its members in list order.
public struct DeskDelegation: Sendable, Hashable {
    public var code: String
    /// The delegation's name in the document's language (the code when the list has no name).
    public var name: String
    public var section: DeskSection
    public var members: [DeskPerson]
}

/// The order of UN lists of participants.
///
/// Sections first (states and territories, then organisations and the UN system, then civil
/// society, then unknown codes); within a section, delegations in the alphabetical order of
/// their names in the document's language (``DeskCollation``); within a delegation the head,
/// then alternates, delegates, advisers and the other roles, each by family then given name.
public enum DeskOrder {
    /// Groups and sorts people by delegation.
    /// - Parameters:
    ///   - people: in any order.
    ///   - delegations: names and kinds; codes not in it form ``DeskSection/other``, named by code.
    ///   - language: the document's language (`es`).
    public static func delegations(_ people: [DeskPerson], delegations: DelegationList, language: String) -> [DeskDelegation] {
        var known: [String: Delegation] = [:]
        for d in delegations.delegations { known[d.code.rawValue.uppercased()] = d }
        var groups: [String: [DeskPerson]] = [:]
        for p in people { groups[p.delegation.uppercased(), default: []].append(p) }
        var out: [DeskDelegation] = groups.map { code, members in
            let d = known[code]
            let name = d.map { $0.name.pick([language])?.text ?? code } ?? code
            return DeskDelegation(code: d?.code.rawValue ?? code, name: name, section: DeskSection(d?.kind),
                                  members: members.sorted { before($0, $1, language: language) })
        }
        out.sort { a, b in
            if a.section != b.section { return a.section < b.section }
            let ka = DeskCollation.key(a.name, language: language), kb = DeskCollation.key(b.name, language: language)
            if ka != kb { return ka < kb }
            return a.code < b.code
        }
        return out
    }

    /// Role, then family name, given name and id.
    static func before(_ a: DeskPerson, _ b: DeskPerson, language: String) -> Bool {
        if a.role != b.role { return a.role < b.role }
        let fa = DeskCollation.key(a.familyName, language: language), fb = DeskCollation.key(b.familyName, language: language)
        if fa != fb { return fa < fb }
        let ga = DeskCollation.key(a.givenName, language: language), gb = DeskCollation.key(b.givenName, language: language)
        if ga != gb { return ga < gb }
        return a.id < b.id
    }
}
