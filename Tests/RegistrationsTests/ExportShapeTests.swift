import Checks
import Diagnostics
import Foundation
import Planner
import Registrations
import Testing

/// Headers as registration systems write them, read without `--columns`.
@Suite("exports of registration systems")
struct ExportShapeTests {
    /// Field -> header of a map.
    func taken(_ map: ColumnMap) -> [String: String] {
        var out: [String: String] = [:]
        for use in map.uses { if let c = use.column { out[c.rawValue] = use.header } }
        return out
    }

    func ignored(_ map: ColumnMap) -> [String] { map.uses.filter { $0.column == nil }.map(\.header) }

    @Test("the issue's per-registration headers: snake case, plurals, a trailing code or id")
    func snakeCase() throws {
        let map = try ColumnMap(header: ["reg_id", "given_names", "family_names", "email", "delegation_code", "activity_code", "session_code", "role"], file: "x.csv")
        #expect(taken(map) == ["registration-id": "reg_id", "given-name": "given_names", "family-name": "family_names", "email": "email",
                               "delegation": "delegation_code", "activities": "activity_code", "sessions": "session_code", "role": "role"])
        #expect(map.perRegistration)
    }

    @Test("case, accents, separators, parentheses, (s), plurals and leading 'code of' meet their alias", arguments: [
        ("FIRST-NAME", "given-name"), ("first.names", "given-name"), ("Prénom(s)", "given-name"), ("Nombre (como en el pasaporte)", "given-name"),
        ("Surname", "family-name"), ("surnames", "family-name"), ("Apellido(s)", "family-name"), ("Nom de famille", "family-name"),
        ("Email Address", "email"), ("E-mail", "email"), ("Dirección de correo electrónico", "email"), ("Endereço de e-mail", "email"),
        ("Adresse e-mail", "email"), ("Attendee #", "registration-id"), ("Confirmation Number", "registration-id"),
        ("Número de confirmação", "registration-id"), ("Código de delegación", "delegation"), ("Code de délégation", "delegation"),
        ("SESSION_ID", "sessions"), ("Sessões", "sessions"), ("Séance(s)", "sessions"), ("Actividades", "activities"),
        ("activity code", "activities"), ("Date d'arrivée", "arrival"), ("Fecha de salida", "departure"), ("Idioma preferido", "language"),
    ])
    func aliases(header: String, column: String) throws {
        let base: [(String, String)] = [("given-name", "given name"), ("family-name", "family name"), ("email", "email"),
                                        ("delegation", "delegation"), ("sessions", "sessions")]
        let slot = column == "activities" ? "sessions" : column
        var headers = base.map { $0.0 == slot ? header : $0.1 }
        if !base.contains(where: { $0.0 == slot }) { headers.append(header) }
        let map = try ColumnMap(header: headers, file: "x.csv")
        #expect(taken(map)[column] == header)
    }

    @Test("plural list columns are lists; singular ones make one row per registration")
    func shape() throws {
        let base = ["given name", "family name", "email", "delegation"]
        #expect(try !ColumnMap(header: base + ["Sesiones"], file: "x").perRegistration)
        #expect(try !ColumnMap(header: base + ["Séance(s)"], file: "x").perRegistration)
        #expect(try ColumnMap(header: base + ["Sesión"], file: "x").perRegistration)
        #expect(try ColumnMap(header: base + ["session_code"], file: "x").perRegistration)
    }

    @Test("a delegation column wins over a country, a country over an affiliation; the others are ignored")
    func fallbacks() throws {
        let base = ["First Name", "Last Name", "Email", "Sessions"]
        #expect(taken(try ColumnMap(header: base + ["Affiliation", "Country", "Delegation"], file: "x"))["delegation"] == "Delegation")
        let country = try ColumnMap(header: base + ["Affiliation", "Country"], file: "x")
        #expect(taken(country)["delegation"] == "Country" && ignored(country) == ["Affiliation"])
        #expect(taken(try ColumnMap(header: base + ["Organisation"], file: "x"))["delegation"] == "Organisation")
        // Two headers of the first rank for one column are still an error.
        #expect(throws: DiagnosticError.self) { try ColumnMap(header: base + ["Delegation", "Delegation code"], file: "x") }
        // Order # and Timestamp are nobody's field.
        let eventbrite = try ColumnMap(header: ["Order #", "Timestamp", "Attendee #"] + base + ["Delegation"], file: "x")
        #expect(ignored(eventbrite) == ["Order #", "Timestamp"] && taken(eventbrite)["registration-id"] == "Attendee #")
    }

    @Test("each export fixture is read without --columns", arguments: [
        ("indico.csv", TextEncoding?.none, ["id": "ID", "given-name": "First Name", "family-name": "Last Name", "email": "Email Address",
                                            "delegation": "Delegation", "role": "Position", "sessions": "Sessions"], 4),
        ("indico-fr-windows-1252.csv", .windows1252, ["id": "ID", "given-name": "Prénom", "family-name": "Nom", "email": "Adresse e-mail",
                                                      "delegation": "Délégation", "role": "Fonction", "sessions": "Séances"], 4),
        ("eventbrite.csv", nil, ["registration-id": "Attendee #", "given-name": "First Name", "family-name": "Last Name", "email": "Email",
                                 "delegation": "Delegation (country code)", "sessions": "Ticket Type"], 6),
        ("cvent-pt-semicolon.csv", nil, ["registration-id": "Número de confirmação", "given-name": "Nome", "family-name": "Sobrenome",
                                         "email": "Endereço de e-mail", "delegation": "Código da delegação", "role": "Cargo",
                                         "sessions": "Código da sessão"], 6),
        ("google-forms-es.csv", nil, ["given-name": "Nombre(s)", "family-name": "Apellido(s)", "email": "Dirección de correo electrónico",
                                      "delegation": "Delegación", "sessions": "Sesiones"], 4),
    ])
    func fixtures(name: String, encoding: TextEncoding?, expected: [String: String], rows: Int) throws {
        let result = try check(fixture: "exports/" + name, encoding: encoding, participants: true)
        var got: [String: String] = [:]
        for use in result.report.columns { if let c = use.column { got[c.rawValue] = use.header } }
        #expect(got == expected)
        #expect(result.report.rows == rows)
        #expect(summary(result) == [])
        #expect(result.participants.count == 4)
        #expect(Set(result.participants.flatMap(\.sessions)) == ["c1-opening", "c1-panel", "c1-closing", "c2-opening"])
    }

    @Test("the snake_case per-registration export is read without --columns (its findings are the row semantics' business)")
    func perRegistrationFixture() throws {
        let result = try check(fixture: "exports/registration-system.csv")
        #expect(result.report.columns.compactMap(\.column) == [.registrationID, .givenName, .familyName, .email, .delegation, .activities, .sessions, .role])
        #expect(result.report.rows == 6)
    }

    @Test("the text report says which header was taken for each field and which were ignored")
    func columnsText() throws {
        let text = try check(fixture: "exports/google-forms-es.csv").report.text(colour: false)
        #expect(text.hasPrefix("""
            columns read: given-name = 'Nombre(s)' (C), family-name = 'Apellido(s)' (D), email = 'Dirección de correo electrónico' (B), delegation = 'Delegación' (E), sessions = 'Sesiones' (F)
            columns ignored (checked for formulas only): 'Marca temporal' (A)

            """))
    }

    @Test("a saved mapping file is read; its errors are located")
    func mappingFile() throws {
        let map = try ColumnMap.load(text: "system: Test\ncolumns:\n  given-name: Vorname\n  email: \"E-Mail #\"\n", path: "m.yaml")
        #expect(map == [.givenName: "Vorname", .email: "E-Mail #"])
        do {
            _ = try ColumnMap.load(text: "columns:\n  given-name: Vorname\n  nickname: Spitzname\n", path: "m.yaml")
            Issue.record("an unknown column was accepted")
        } catch {
            #expect(error.diagnostics.map { "\($0.location!.line):\($0.location!.column) \($0.code)" } == ["3:3 invalid-columns"])
        }
        do {
            _ = try ColumnMap.load(text: "columns: [a\n", path: "m.yaml")
            Issue.record("bad YAML was accepted")
        } catch {
            #expect(error.diagnostics.first?.code == "yaml-syntax" && error.diagnostics.first?.location?.file == "m.yaml")
        }
    }

    @Test("every mapping file shipped in Calendars/exports maps known columns and reads its system's fixture")
    func shippedProfiles() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = root.appendingPathComponent("Calendars/exports")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".yaml") }.sorted()
        #expect(names == ["cvent.yaml", "eventbrite.yaml", "google-forms.yaml", "indico.yaml", "microsoft-forms.yaml"])
        for name in names {
            let map = try ColumnMap.load(text: try String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8), path: name)
            #expect(map[.email] != nil && map[.givenName] != nil, "\(name)")
        }
        let eventbrite = try ColumnMap.load(text: try String(contentsOf: folder.appendingPathComponent("eventbrite.yaml"), encoding: .utf8), path: "e")
        let result = try check(try fixtureBytes("exports/eventbrite.csv"), columns: eventbrite, participants: true)
        #expect(summary(result) == [] && result.participants.count == 4)
    }
}
