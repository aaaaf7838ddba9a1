import Foundation
import Planner
import Registrations

/// A person's part in a delegation, in the order a list of participants gives them.
public enum DeskRole: String, Sendable, Hashable, CaseIterable, Comparable {
    case head, alternate, delegate, adviser, observer
    case civilSociety = "civil-society"
    case press, staff

    /// Reads the role column as written, in English, Spanish, Portuguese or French, ignoring case
    /// and accents (`Jefa de delegación`, `suplente`, `conseillère`); anything else is a delegate.
    public init(text: String?) {
        let t = DeskCollation.fold((text ?? "").replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " "))
        func has(_ words: [String]) -> Bool { words.contains { t == $0 || t.hasPrefix($0 + " ") || t.hasSuffix(" " + $0) } }
        if has(["head of delegation", "head", "jefe de delegacion", "jefa de delegacion", "chefe de delegacao",
                "chef de delegation", "cheffe de delegation"]) {
            self = .head
        } else if has(["alternate", "alternate head of delegation", "suplente", "alterno", "alterna", "suppleant", "suppleante"]) {
            self = .alternate
        } else if has(["adviser", "advisor", "asesor", "asesora", "assessor", "assessora", "conseiller", "conseillere"]) {
            self = .adviser
        } else if has(["observer", "observador", "observadora", "observateur", "observatrice"]) {
            self = .observer
        } else if has(["civil society", "sociedad civil", "sociedade civil", "societe civile"]) {
            self = .civilSociety
        } else if has(["press", "media", "prensa", "imprensa", "presse"]) {
            self = .press
        } else if has(["staff", "secretariat", "secretaria", "secretariado", "secretariado tecnico", "personal", "personnel"]) {
            self = .staff
        } else {
            self = .delegate
        }
    }

    /// Head first, then alternates, delegates and advisers; the others after.
    public static func < (a: Self, b: Self) -> Bool { a.rank < b.rank }

    var rank: Int { Self.allCases.firstIndex(of: self)! }
}

/// One person on the desk's documents: what a list of participants, a badge and a sign-in
/// sheet print, and nothing else (no e-mail, no phone).
public struct DeskPerson: Sendable, Hashable {
    /// The registration list's participant id (see ``Participant/id``): the check-in code is made from it.
    public var id: String
    /// `Sr.`, `Ms.`, `H.E.`: as written.
    public var title: String?
    public var givenName: String
    public var familyName: String
    public var jobTitle: String?
    public var organisation: String?
    /// The delegation code as registered (`MEX`, `UNHCR`, `CSO-001`).
    public var delegation: String
    public var role: DeskRole
    public var activities: [ActivityID]
    public var sessions: [SessionID]

    public init(id: String, title: String? = nil, givenName: String, familyName: String, jobTitle: String? = nil,
                organisation: String? = nil, delegation: String, role: DeskRole, activities: [ActivityID] = [],
                sessions: [SessionID] = []) {
        self.id = id
        self.title = title
        self.givenName = givenName
        self.familyName = familyName
        self.jobTitle = jobTitle
        self.organisation = organisation
        self.delegation = delegation
        self.role = role
        self.activities = activities
        self.sessions = sessions
    }

    /// A registrant with the extra columns found for them (see ``DeskColumns``).
    public init(_ participant: Participant, extra: DeskColumns.Extra = .init()) {
        func clean(_ s: String?) -> String? {
            guard let t = s?.trimmingCharacters(in: .whitespacesAndNewlines), !t.isEmpty else { return nil }
            return t
        }
        self.init(id: participant.id, title: clean(extra.title),
                  givenName: participant.givenName.trimmingCharacters(in: .whitespaces),
                  familyName: participant.familyName.trimmingCharacters(in: .whitespaces),
                  jobTitle: clean(extra.jobTitle), organisation: clean(extra.organisation),
                  delegation: participant.delegation, role: DeskRole(text: participant.role),
                  activities: participant.activities, sessions: participant.sessions)
    }

    /// `Sr. Juan Pablo Campbell`, `Ms. Keisha Étienne`: the name as written, accents kept.
    public var fullName: String {
        [title, givenName, familyName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " ")
    }
}

/// The columns a registration list may carry for the desk beyond those the checks read:
/// `title`, `job title`, `organisation` (and their Spanish, Portuguese and French names).
///
/// Fed the records of the same list as the ``RegistrationChecker`` (``CSVReader``), it keeps
/// these three fields per participant, keyed as ``Participant/id`` is: the `id` column when
/// filled, else the e-mail in lower case.
public struct DeskColumns: Sendable {
    /// The extra fields of one participant.
    public struct Extra: Sendable, Hashable {
        public var title: String?
        public var jobTitle: String?
        public var organisation: String?
        public init(title: String? = nil, jobTitle: String? = nil, organisation: String? = nil) {
            self.title = title
            self.jobTitle = jobTitle
            self.organisation = organisation
        }
    }

    static let titleNames: Set<String> = ["title", "honorific", "tratamiento", "titulo", "titre", "civilite", "forma de tratamiento"]
    static let jobNames: Set<String> = ["job title", "position", "job", "puesto", "cargo oficial", "funcion oficial", "titre du poste", "poste"]
    static let organisationNames: Set<String> = ["organisation", "organization", "institution", "organizacion", "institucion", "organizacao",
                                                  "instituicao", "organisme"]
    static let idNames: Set<String> = ["id", "participant id", "person id", "id participante", "participante id", "id persona",
                                       "id del participante", "identifiant"]
    static let emailNames: Set<String> = ["email", "e mail", "mail", "email address", "e mail address", "correo", "correo electronico",
                                          "courriel", "adresse electronique", "endereco de email"]

    private var columns: (id: Int?, email: Int?, title: Int?, job: Int?, organisation: Int?)?
    /// Participant key to their extra fields.
    public private(set) var extras: [String: Extra] = [:]

    public init() {}

    /// Takes one record; the first is the header.
    public mutating func add(_ record: CSVRecord) {
        guard let c = columns else {
            var found: (id: Int?, email: Int?, title: Int?, job: Int?, organisation: Int?) = (nil, nil, nil, nil, nil)
            for i in 0..<record.count {
                let name = DeskCollation.fold(record.string(i)).replacingOccurrences(of: "-", with: " ").replacingOccurrences(of: "_", with: " ")
                if found.id == nil, Self.idNames.contains(name) { found.id = i }
                if found.email == nil, Self.emailNames.contains(name) { found.email = i }
                if found.title == nil, Self.titleNames.contains(name) { found.title = i }
                if found.job == nil, Self.jobNames.contains(name) { found.job = i }
                if found.organisation == nil, Self.organisationNames.contains(name) { found.organisation = i }
            }
            columns = found
            return
        }
        func field(_ i: Int?) -> String? {
            guard let i, i < record.count else { return nil }
            let s = record.string(i).trimmingCharacters(in: .whitespacesAndNewlines)
            return s.isEmpty ? nil : s
        }
        guard c.title != nil || c.job != nil || c.organisation != nil else { return }
        guard let key = field(c.id) ?? field(c.email)?.lowercased() else { return }
        let extra = Extra(title: field(c.title), jobTitle: field(c.job), organisation: field(c.organisation))
        if extra != Extra(), extras[key] == nil { extras[key] = extra }
    }

    /// The fields of a participant (empty when the list has none for them).
    public func extra(for participant: Participant) -> Extra { extras[participant.id] ?? Extra() }
}
