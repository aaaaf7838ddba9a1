import Checks
import Agenda
import Foundation
import ICalendar
import Planner
import Registrations
import TestSupport
import Testing

/// The embedded programme, its delegation list and the sample registrations, as the desk reads them.
func sampleDesk() throws -> DeskBuilder {
    let root = repositoryRoot()
    let programme = try ProgrammeLoader(zones: SystemZones()).load(
        text: String(contentsOf: root.appendingPathComponent("Calendars/cartagena40.yaml"), encoding: .utf8),
        path: "Calendars/cartagena40.yaml").programme
    let delegations = try DelegationList.load(
        text: String(contentsOf: root.appendingPathComponent("Calendars/delegations.yaml"), encoding: .utf8),
        path: "Calendars/delegations.yaml")
    let bytes = [UInt8](try Data(contentsOf: root.appendingPathComponent("Calendars/sample-registrations.csv")))
    var checker = RegistrationChecker(programme: programme, delegations: delegations,
                                      options: RegistrationOptions(file: "sample.csv", collectParticipants: true))
    try checker.feed(bytes)
    let participants = try checker.finish().participants
    var reader = CSVReader(file: "sample.csv")
    var columns = DeskColumns()
    try reader.feed(bytes) { columns.add($0) }
    try reader.finish { columns.add($0) }
    return DeskBuilder(programme: programme, zones: SystemZones(), delegations: delegations,
                       people: participants.map { DeskPerson($0, extra: columns.extra(for: $0)) })
}

@Suite("desk documents: list of participants, badges, sign-in sheets")
struct DeskTests {
    @Test("the list's order, checked by hand: states in Spanish collation (México between Jamaica and Nicaragua), then organisations, civil society, unknown codes")
    func spanishOrder() throws {
        let desk = try sampleDesk()
        let groups = DeskOrder.delegations(desk.people, delegations: desk.delegations, language: "es")
        #expect(groups.map(\.name) == [
            "Argentina", "Barbados", "Brasil", "Chile", "Colombia", "Costa Rica", "Ecuador", "Guatemala", "Guyana", "Haití",
            "Honduras", "Islas Vírgenes Británicas", "Jamaica", "México", "Nicaragua", "Panamá", "Perú", "Trinidad y Tabago",
            "Uruguay", "ACNUR", "OIM", "Organización de la sociedad civil 001", "Organización de la sociedad civil 012", "CHI",
        ])
        // Head first, then the alternate, delegates by family name (accents and case ignored), advisers.
        let mexico = try #require(groups.first { $0.code == "MEX" })
        #expect(mexico.members.map { "\($0.role.rawValue) \($0.givenName) \($0.familyName)" } == [
            "head Juan Pablo Campbell", "alternate João Pedro González Muñoz", "delegate Rocío Campbell",
            "delegate Marie-Claire Mahabir", "delegate Guadalupe Ortiz Nava", "delegate MARIA JOSE PEREZ",
            "delegate María-José Pérez", "adviser Rodrigo Campbell",
        ])
        // Ñ is a letter after N in Spanish: Ñancupil after Errázuriz, before Saavedra.
        let chile = try #require(groups.first { $0.code == "CHL" })
        #expect(chile.members.map(\.familyName) == [
            "Larraín", "Undurraga", "Peñaloza", "Aránguiz", "Errázuriz", "Ñancupil", "Saavedra", "Rodríguez",
        ])
    }

    @Test("in English the names sort differently: British Virgin Islands after Brazil, IOM before UNHCR")
    func englishOrder() throws {
        let desk = try sampleDesk()
        let names = DeskOrder.delegations(desk.people, delegations: desk.delegations, language: "en").map(\.name)
        #expect(Array(names.prefix(5)) == ["Argentina", "Barbados", "Brazil", "British Virgin Islands", "Chile"])
        #expect(Array(names[12...15]) == ["Jamaica", "Mexico", "Nicaragua", "Panama"])
        #expect(Array(names[19...20]) == ["IOM", "UNHCR"])
    }

    @Test("Spanish collation: ñ after n, accents and case ignored")
    func collation() {
        #expect(DeskCollation.key("Nuñez", language: "es") < DeskCollation.key("Ñancupil", language: "es"))
        #expect(DeskCollation.key("Ñancupil", language: "es") < DeskCollation.key("Ocampo", language: "es"))
        #expect(DeskCollation.key("Ñancupil", language: "en") < DeskCollation.key("Nuñez", language: "en"))
        #expect(DeskCollation.key("México", language: "es") == DeskCollation.key("MEXICO", language: "es"))
    }

    @Test("roles are read in four languages; anything else is a delegate")
    func roles() {
        #expect(DeskRole(text: "Jefa de Delegación") == .head)
        #expect(DeskRole(text: "chef de délégation") == .head)
        #expect(DeskRole(text: "Suplente") == .alternate)
        #expect(DeskRole(text: "conseillère") == .adviser)
        #expect(DeskRole(text: "Observadora") == .observer)
        #expect(DeskRole(text: "civil-society") == .civilSociety)
        #expect(DeskRole(text: "Prensa") == .press)
        #expect(DeskRole(text: "staff") == .staff)
        #expect(DeskRole(text: "delegate") == .delegate)
        #expect(DeskRole(text: nil) == .delegate)
    }

    @Test("a check-in code matches an HMAC-SHA256 computed by Python's hmac, and is not the feed token of the same id")
    func checkInCode() throws {
        let secret = (0..<32).map { UInt8([0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff][$0 % 16]) }
        let codes = CheckInCodes(secret: secret)
        // python3: base64.b32encode(hmac.new(secret, b"check-in:P001", hashlib.sha256).digest()[:20])
        #expect(codes.code(participant: "P001") == "BDSGQI3O5IJKWBN3S43F23WASQOLQ5RP")
        // The personal feed of P001 is named from "participant:P001": xr5efu6fjhxkcoifowvmdfywodpt2min.
        #expect(codes.code(participant: "P001").lowercased() != "xr5efu6fjhxkcoifowvmdfywodpt2min")
        #expect(CheckInCodes(secret: Array(secret.reversed())).code(participant: "P001") != codes.code(participant: "P001"))
    }

    @Test("a QR code from libqrencode: version 1 for a short text, finder patterns in three corners")
    func qrCode() throws {
        let qr = try #require(QRCode("HELLO"))
        #expect(qr.width == 21)
        #expect(qr.box == 29)
        // Top row of the top-left and top-right finder patterns: seven dark modules each.
        #expect(qr.path.hasPrefix("M4,4h7v1h-7z M"))
        #expect(qr.path.contains("M18,4h7v1h-7z"))
        #expect(qr.path.allSatisfy { "Mhvz0123456789, -".contains($0) })
        let long = try #require(QRCode(String(repeating: "A", count: 32)))
        #expect(long.width > 21)
    }

    @Test("badges: every participant once, in list order, sheets of the layout's size, codes from the secret")
    func badges() throws {
        let desk = try sampleDesk()
        let codes = CheckInCodes(secret: Array(repeating: 7, count: 32))
        let page = try desk.badges(DeskOptions(language: "es", layout: .card), codes: codes)
        let badges = page.sheets.flatMap(\.badges)
        #expect(badges.count == desk.people.count)
        #expect(page.sheets.dropLast().allSatisfy { $0.badges.count == 10 })
        #expect(badges.first.map { "\($0.givenName) \($0.familyName) \($0.delegation)" } == "Sofía Cárdenas Argentina")
        let ids = Set(desk.people.map { codes.code(participant: $0.id) })
        #expect(Set(badges.map(\.code)) == ids)
        let html = try templates().render(page)
        #expect(htmlProblems(html).isEmpty, "\(htmlProblems(html))")
        #expect(!html.contains("example.org"), "an e-mail address is on the badges")
        #expect(html.components(separatedBy: "<svg class=\"qr\"").count - 1 == badges.count)
    }

    @Test("long and accented names get a smaller length class; the names are printed as written")
    func badgeSizes() throws {
        let desk = try sampleDesk()
        var people = Array(desk.people.prefix(3))
        people[0].givenName = "María de los Ángeles Guadalupe"
        people[0].familyName = "Hernández-Pérez de la Concepción y Ñúñez"
        people[1].givenName = "Ana"
        let small = DeskBuilder(programme: desk.programme, zones: desk.zones, delegations: desk.delegations, people: people)
        let badges = try small.badges(DeskOptions(language: "es"), codes: CheckInCodes(secret: Array(repeating: 1, count: 32)))
            .sheets.flatMap(\.badges)
        let long = try #require(badges.first { $0.givenName.hasPrefix("María de los") })
        #expect(long.givenSize == "xl" && long.familySize == "xl")
        #expect(long.familyName == "Hernández-Pérez de la Concepción y Ñúñez")
        #expect(badges.first { $0.givenName == "Ana" }?.givenSize == "s")
    }

    @Test("sign-in sheets: one per session of the activity, registrants by delegation then family name, blank lines")
    func signIn() throws {
        let desk = try sampleDesk()
        let page = try desk.signIn(.activity(ActivityID("ministerial")), options: DeskOptions(language: "es", blankLines: 5))
        let sessions = try #require(desk.programme.activity(ActivityID("ministerial"))).sessions.filter { $0.status != .cancelled }
        #expect(page.sheets.count == sessions.count)
        let first = try #require(page.sheets.first)
        #expect(first.date == "miércoles, 11 de diciembre de 2024")
        #expect(first.time.hasPrefix("09:30–10:30"))
        #expect(first.rows.prefix(3).map(\.name) == ["Mr. Raphaël Gómez", "Sra. Nadège Araújo", "Sr. José Luis Dorléans"])
        #expect(first.blanks.map(\.number) == Array((first.rows.count + 1)...(first.rows.count + 5)))
        #expect(throws: (any Error).self) { try desk.signIn(.session(SessionID("no-such")), options: DeskOptions()) }
    }

    @Test("CSV export neutralises formulas (=, +, -, @) and keeps accents")
    func csv() throws {
        let desk = try sampleDesk()
        var people = desk.people
        people[0].jobTitle = "=HYPERLINK(\"http://x\")"
        people[1].organisation = "@SUM(A1)"
        people[2].title = "-1+2"
        people[3].givenName = "+Inês"
        let evil = DeskBuilder(programme: desk.programme, zones: desk.zones, delegations: desk.delegations, people: people)
        let csv = try evil.participantsCSV(DeskOptions(language: "es"))
        #expect(csv.contains("\"'=HYPERLINK(\"\"http://x\"\")\""))
        #expect(csv.contains(",'@SUM(A1)"))
        #expect(csv.contains(",'-1+2,"))
        #expect(csv.contains(",'+Inês,"))
        #expect(csv.contains("Ñancupil"))
        #expect(!csv.contains(",=") && !csv.contains(",@") && !csv.contains(",-1"))
    }

    @Test("the list renders in every format; HTML is well-formed and escapes names; headings in the language")
    func formats() throws {
        let desk = try sampleDesk()
        var people = desk.people
        people[0].familyName = "<script>alert(1)</script>"
        let evil = DeskBuilder(programme: desk.programme, zones: desk.zones, delegations: desk.delegations, people: people)
        let html = try templates().render(try evil.participants(DeskOptions(language: "es"), format: .html))
        #expect(htmlProblems(html).isEmpty, "\(htmlProblems(html))")
        #expect(!html.contains("<script>"))
        #expect(html.contains("Organizaciones intergubernamentales y sistema de las Naciones Unidas"))
        let md = try templates().render(try evil.participants(DeskOptions(language: "en", isFinal: true), format: .markdown))
        #expect(md.contains("\\<script\\>"))
        #expect(md.contains("**Final**"))
        let text = try templates().render(try desk.participants(DeskOptions(language: "fr", activity: ActivityID("ministerial")), format: .text))
        #expect(text.hasPrefix("Liste des participants: "))
        #expect(text.contains("États et territoires"))
        #expect(throws: (any Error).self) { try desk.participants(DeskOptions(activity: ActivityID("nope")), format: .text) }
    }
}

@Suite("desk templates are checked like the agendas'")
struct DeskTemplateCheckTests {
    @Test("the desk's text templates must say CONTENT_TYPE TEXT, its HTML ones must escape every value")
    func checks() throws {
        var files = try templateFiles()
        files["participants-text.mustache"] = "{{labels.listTitle}}\n"
        files["badges.mustache"] = "<p>{{{programme}}}</p>\n"
        let found = try #require(throws: (any Error).self) { try AgendaTemplates(files: files, directory: "t") }
        let text = "\(found)"
        #expect(text.contains("template-content-type"))
        #expect(text.contains("unescaped-variable"))
    }
}
