import Diagnostics
import Foundation

/// A column the checks know. The raw values are the names used with `--columns`.
public enum RegistrationColumn: String, Sendable, CaseIterable, Comparable {
    case participantID = "id"
    case registrationID = "registration-id"
    case givenName = "given-name"
    case familyName = "family-name"
    case email
    case delegation
    case role
    case language
    case activities
    case sessions
    case arrival
    case departure

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }

    /// The case's position in ``allCases`` (declaration order).
    var ordinal: Int {
        switch self {
        case .participantID: 0
        case .registrationID: 1
        case .givenName: 2
        case .familyName: 3
        case .email: 4
        case .delegation: 5
        case .role: 6
        case .language: 7
        case .activities: 8
        case .sessions: 9
        case .arrival: 10
        case .departure: 11
        }
    }

    /// Header names recognised for the column, as people and registration systems write them
    /// (Indico, Eventbrite, Cvent, Google Forms, Microsoft Forms; English, Spanish, Portuguese,
    /// French). They are compared by ``HeaderKey``, so case, accents, separators, plurals and a
    /// trailing `code`/`id` need not be listed.
    static let aliases: [RegistrationColumn: [String]] = [
        .participantID: ["id", "participant id", "person id", "participante", "id persona", "id del participante", "identifiant",
                         "participant", "registrant id", "contact id", "user id", "identificador"],
        .registrationID: ["registration id", "registration number", "id de registro", "registro", "numero de registro",
                          "inscripcion", "inscricao", "inscription", "reg id", "attendee #", "ticket #", "ticket id",
                          "confirmation number", "registration confirmation number", "numero de inscripcion", "numero de inscricao",
                          "numero d inscription", "response id", "submission id", "confirmation", "confirmacion", "confirmacao",
                          "attendee id", "numero de confirmation"],
        .givenName: ["given name", "given names", "first name", "first names", "forename", "nombre", "nombres", "nome", "primeiro nome",
                     "prenom", "prenoms", "attendee first name", "nombre de pila", "nome proprio"],
        .familyName: ["family name", "family names", "last name", "last names", "surname", "surnames", "apellido", "apellidos",
                      "sobrenome", "apelido", "apelidos", "nom de famille", "nom", "attendee last name", "ultimo nome"],
        .email: ["email", "e mail", "mail", "email address", "e mail address", "correo", "correo electronico",
                 "direccion de correo electronico", "direccion de correo", "correo e", "email de contacto", "courriel",
                 "adresse electronique", "adresse e mail", "adresse email", "adresse courriel", "endereco de email",
                 "endereco de e mail", "e mail do participante", "attendee email", "email do participante"],
        .delegation: ["delegation", "delegacion", "delegacao", "delegation code", "codigo de delegacion", "code de delegation"],
        .role: ["role", "rol", "funcion", "cargo", "funcao", "fonction", "papel", "attendee type", "registrant type",
                "tipo de participante", "type de participant"],
        .language: ["language", "idioma", "lengua", "langue", "lingua", "preferred language", "idioma preferido", "langue preferee"],
        .activities: ["activities", "actividades", "atividades", "activites", "activity", "actividad", "atividade", "activite"],
        .sessions: ["sessions", "sesiones", "sessoes", "seances", "session", "sesion", "sessao", "seance", "session id"],
        .arrival: ["arrival", "arrival date", "llegada", "fecha de llegada", "chegada", "data de chegada", "arrivee", "date d arrivee"],
        .departure: ["departure", "departure date", "salida", "fecha de salida", "partida", "data de partida", "depart", "date de depart"],
    ]

    /// Headers taken for a column only when no header of ``aliases`` is there (lower rank wins):
    /// the country or affiliation a registration system asks for stands for the delegation.
    static let fallbacks: [RegistrationColumn: [[String]]] = [
        .delegation: [["country", "pais", "pays", "country code", "country of residence", "nationality", "nacionalidad", "nacionalidade", "nationalite"],
                      ["affiliation", "afiliacion", "afiliacao", "organisation", "organization", "organizacion", "organizacao",
                       "institution", "institucion", "instituicao", "company", "company name", "empresa", "entreprise"]],
        .role: [["registration type", "tipo de registro", "tipo de inscripcion", "tipo de inscricao", "type d inscription", "position"]],
        .sessions: [["ticket type", "tipo de entrada", "tipo de ingresso", "type de billet"]],
    ]

    /// Every known header key: the column and its rank (0: an alias; 1, 2: fallbacks).
    static let keyTable: [String: (column: RegistrationColumn, rank: Int)] = {
        var out: [String: (column: RegistrationColumn, rank: Int)] = [:]
        for column in allCases {
            for name in aliases[column] ?? [] {
                let k = HeaderKey.key(name).key
                if out[k] == nil { out[k] = (column, 0) }
            }
        }
        for column in allCases {
            for (n, names) in (fallbacks[column] ?? []).enumerated() {
                for name in names {
                    let k = HeaderKey.key(name).key
                    if out[k] == nil { out[k] = (column, n + 1) }
                }
            }
        }
        return out
    }()

    /// How messages name the column when it is missing.
    var label: String {
        switch self {
        case .participantID: return "id"
        case .registrationID: return "registration id"
        case .givenName: return "given name"
        case .familyName: return "family name"
        case .email: return "e-mail"
        default: return rawValue
        }
    }

    /// The folded form of a header name: how headers and aliases are compared.
    static func fold(_ header: String) -> String {
        NameFolder.folded(header.filter { $0 != "(" && $0 != ")" && $0 != "'" && $0 != "’" && $0 != "." && $0 != "º" })
    }
}

/// Which field of a record holds which column, resolved from the header row.
public struct ColumnMap: Sendable, Equatable {
    /// Field index (0-based) of each known column present.
    public private(set) var index: [RegistrationColumn: Int] = [:]
    /// The header names as written in the file.
    public private(set) var headers: [String] = []
    /// True when the file has one row per registration (a registration id column, or singular
    /// `session`/`activity` headers): a person on several rows is then not a duplicate.
    public private(set) var perRegistration = false
    /// ``index`` as an array by case position (-1: absent): the per-row lookups of a million-row
    /// list, without hashing a `String` enum each time.
    private var positions: [Int] = []

    /// Parses `--columns`: `given-name=Vorname,email=Mail` (column names as in ``RegistrationColumn``).
    /// - Throws: ``DiagnosticError`` (`invalid-columns`) naming the part that is wrong.
    public static func parseOverrides(_ text: String) throws(DiagnosticError) -> [RegistrationColumn: String] {
        var out: [RegistrationColumn: String] = [:]
        for part in text.split(separator: ",") {
            let kv = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            let names = RegistrationColumn.allCases.map(\.rawValue).sorted().joined(separator: ", ")
            guard kv.count == 2, !kv[1].isEmpty else {
                throw DiagnosticError(.error("invalid-columns", "\(quoted: part) in --columns is not COLUMN=Header; columns: \(names)"))
            }
            guard let column = RegistrationColumn(rawValue: kv[0].lowercased()) else {
                throw DiagnosticError(.error("invalid-columns", "unknown column \(quoted: kv[0]) in --columns; columns: \(names)"))
            }
            out[column] = kv[1]
        }
        return out
    }

    /// Resolves the header row.
    /// - Parameters:
    ///   - header: the header fields as written.
    ///   - overrides: `--columns`: header names for columns, matched after folding.
    ///   - file: the path reported in locations.
    /// - Throws: ``DiagnosticError`` with `csv-duplicate-column` (a header repeated, or two headers
    ///   for one column) or `csv-missing-column` (a required column not found).
    public init(header: [String], overrides: [RegistrationColumn: String] = [:], file: String) throws(DiagnosticError) {
        headers = header
        let keys = header.map { HeaderKey.key($0) }
        let bare = header.map { HeaderKey.key($0, dropParenthesised: true).key }
        var errors: [Diagnostic] = []
        var firstSeen: [String: Int] = [:]
        for (i, f) in header.map(RegistrationColumn.fold).enumerated() where !f.isEmpty {
            if let j = firstSeen[f] {
                errors.append(.error("csv-duplicate-column", "column \(i + 1) repeats the header \(quoted: header[i]) of column \(j + 1); rename or remove one",
                                     at: SourceLocation(file: file, line: 1, column: i + 1)))
            } else {
                firstSeen[f] = i
            }
        }
        // The column each header stands for, and its rank (-1: named by --columns).
        var overrideKeys: [String: RegistrationColumn] = [:]
        for (column, name) in overrides { overrideKeys[HeaderKey.key(name).key] = column }
        var claim: [(column: RegistrationColumn, rank: Int)?] = Array(repeating: nil, count: header.count)
        for i in header.indices where !keys[i].key.isEmpty {
            let trimmed = header[i].trimmingCharacters(in: .whitespaces)
            if let column = overrides.first(where: { $0.value == trimmed })?.key ?? overrideKeys[keys[i].key] {
                claim[i] = (column, -1)
                continue
            }
            for key in [keys[i].key, bare[i]] {
                if let hit = RegistrationColumn.keyTable[key], overrides[hit.column] == nil {
                    claim[i] = hit
                    break
                }
            }
        }
        for column in RegistrationColumn.allCases {
            let candidates = header.indices.filter { claim[$0]?.column == column }
            guard let best = candidates.map({ claim[$0]!.rank }).min() else { continue }
            let top = candidates.filter { claim[$0]!.rank == best }
            let i = top[0]
            index[column] = i
            if best <= 0, top.count > 1, firstSeen[RegistrationColumn.fold(header[top[1]])] == top[1] {
                let j = top[1]
                errors.append(.error("csv-duplicate-column", "columns \(i + 1) (\(quoted: header[i])) and \(j + 1) (\(quoted: header[j])) both hold the \(column.label); keep one, or name one with --columns",
                                     at: SourceLocation(file: file, line: 1, column: j + 1)))
            }
            if column == .activities || column == .sessions, !keys[i].plural { perRegistration = true }
        }
        if index[.registrationID] != nil { perRegistration = true }
        var missing = [RegistrationColumn.givenName, .familyName, .email, .delegation].filter { index[$0] == nil }
        if index[.activities] == nil, index[.sessions] == nil { missing.append(.sessions) }
        for column in missing {
            let names = (overrides[column].map { [$0] } ?? RegistrationColumn.aliases[column]!.prefix(4).map { $0 })
                .map { "\(quoted: $0)" }.joined(separator: ", ")
            let alsoActivities = column == .sessions ? " (or an activities column: 'activities', 'actividades')" : ""
            errors.append(.error("csv-missing-column",
                                 "no \(column.label) column\(alsoActivities); name one \(names) or map it with --columns \(column.rawValue)=HEADER",
                                 at: SourceLocation(file: file, line: 1, column: 1)))
        }
        if !errors.isEmpty { throw DiagnosticError(errors) }
        positions = RegistrationColumn.allCases.map { index[$0] ?? -1 }
    }

    /// Every header in file order with the column it was taken for (`nil`: not read, checked
    /// for formulas only), for the report's "columns" part.
    public var uses: [ColumnUse] {
        var taken: [Int: RegistrationColumn] = [:]
        for (column, i) in index { taken[i] = column }
        return headers.indices.map { ColumnUse(number: $0 + 1, header: headers[$0], column: taken[$0]) }
    }

    /// The field index of a column, if present.
    public subscript(_ column: RegistrationColumn) -> Int? {
        let n = column.ordinal
        guard n < positions.count else { return index[column] }
        let i = positions[n]
        return i < 0 ? nil : i
    }

    /// The header of a column as written in the file.
    public func header(_ column: RegistrationColumn) -> String? { index[column].map { headers[$0] } }
}

/// One header of a list and the column it was taken for.
public struct ColumnUse: Sendable, Equatable {
    /// 1 = spreadsheet column A.
    public var number: Int
    /// As written in the file.
    public var header: String
    /// `nil`: the column is not read (only checked for formulas).
    public var column: RegistrationColumn?

    public init(number: Int, header: String, column: RegistrationColumn?) {
        self.number = number
        self.header = header
        self.column = column
    }

    /// The spreadsheet letters of ``number``: `A`, `Z`, `AA`.
    public var letters: String { CellReference.letters(number) }
}
