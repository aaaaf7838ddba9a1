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

    /// Header names recognised for the column, in their folded form (lower case, no accents,
    /// `_`, `-` and spaces as one space, parentheses dropped). English, Spanish, Portuguese, French.
    static let aliases: [RegistrationColumn: [String]] = [
        .participantID: ["id", "participant id", "person id", "id participante", "participante id",
                         "id persona", "id del participante", "identifiant"],
        .registrationID: ["registration id", "registration", "registration number", "id registro", "id de registro",
                          "registro", "numero de registro", "inscripcion", "id inscripcion", "id de inscripcion", "inscricao",
                          "id inscricao", "inscription"],
        .givenName: ["given name", "given names", "first name", "forename", "nombre", "nombres", "nome", "primeiro nome",
                     "prenom", "prenoms"],
        .familyName: ["family name", "last name", "surname", "apellido", "apellidos", "apellido s", "sobrenome", "apelido",
                      "nom de famille", "nom"],
        .email: ["email", "e mail", "mail", "email address", "e mail address", "correo", "correo electronico",
                 "correo e", "email de contacto", "courriel", "adresse electronique", "endereco de email"],
        .delegation: ["delegation", "delegacion", "delegacao", "delegation code", "codigo de delegacion", "codigo delegacion"],
        .role: ["role", "rol", "funcion", "cargo", "funcao", "fonction"],
        .language: ["language", "idioma", "lengua", "langue", "lingua"],
        .activities: ["activities", "actividades", "atividades", "activites", "activity", "actividad", "atividade", "activite"],
        .sessions: ["sessions", "sesiones", "sessoes", "seances", "session", "sesion", "sessao", "seance"],
        .arrival: ["arrival", "arrival date", "llegada", "fecha de llegada", "chegada", "data de chegada", "arrivee", "date d arrivee"],
        .departure: ["departure", "departure date", "salida", "fecha de salida", "partida", "data de partida", "depart", "date de depart"],
    ]

    /// Singular names of the list columns: a file that uses them has one row per registration.
    static let singular: Set<String> = ["activity", "actividad", "atividade", "activite", "session", "sesion", "sessao", "seance"]

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
        let folded = header.map(RegistrationColumn.fold)
        var errors: [Diagnostic] = []
        var firstSeen: [String: Int] = [:]
        for (i, f) in folded.enumerated() where !f.isEmpty {
            if let j = firstSeen[f] {
                errors.append(.error("csv-duplicate-column", "column \(i + 1) repeats the header \(quoted: header[i]) of column \(j + 1); rename or remove one",
                                     at: SourceLocation(file: file, line: 1, column: i + 1)))
            } else {
                firstSeen[f] = i
            }
        }
        var byAlias: [String: RegistrationColumn] = [:]
        for (column, names) in RegistrationColumn.aliases where overrides[column] == nil {
            for n in names { byAlias[n] = column }
        }
        for (column, name) in overrides { byAlias[RegistrationColumn.fold(name)] = column }
        for (i, f) in folded.enumerated() {
            guard let column = byAlias[f] else { continue }
            if let j = index[column] {
                if firstSeen[f] == i {
                    errors.append(.error("csv-duplicate-column", "columns \(j + 1) (\(quoted: header[j])) and \(i + 1) (\(quoted: header[i])) both hold the \(column.label); keep one, or name one with --columns",
                                         at: SourceLocation(file: file, line: 1, column: i + 1)))
                }
                continue
            }
            index[column] = i
            if RegistrationColumn.singular.contains(f) { perRegistration = true }
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
