/// The fixed words of the desk documents in one language (en, es, pt, fr; English otherwise).
public struct DeskLabels: Sendable, Hashable {
    public var listTitle: String
    public var provisional: String
    public var final: String
    public var states: String
    public var organisations: String
    public var civilSociety: String
    public var other: String
    public var name: String
    public var delegation: String
    public var jobTitle: String
    public var organisation: String
    public var role: String
    public var signature: String
    public var signInTitle: String
    public var walkIns: String
    public var room: String
    public var date: String
    public var time: String
    public var badges: String
    public var session: String
    public var noParticipants: String
    public var personalData: String
    /// Role names, singular.
    var roles: [DeskRole: String]

    public static func of(_ language: String) -> DeskLabels {
        switch language {
        case "es": return spanish
        case "pt": return portuguese
        case "fr": return french
        default: return english
        }
    }

    static let english = DeskLabels(
        listTitle: "List of participants", provisional: "Provisional", final: "Final",
        states: "States and territories", organisations: "Intergovernmental organisations and the United Nations system",
        civilSociety: "Civil society", other: "Other participants", name: "Name", delegation: "Delegation",
        jobTitle: "Job title", organisation: "Organisation", role: "Role", signature: "Signature",
        signInTitle: "Sign-in sheet", walkIns: "Not registered", room: "Room", date: "Date", time: "Time",
        badges: "Badges", session: "Session", noParticipants: "No registered participants.",
        personalData: "Contains personal data: for the meeting's secretariat only.",
        roles: [.head: "Head of delegation", .alternate: "Alternate", .delegate: "Delegate", .adviser: "Adviser",
                .observer: "Observer", .civilSociety: "Civil society", .press: "Press", .staff: "Staff"])

    static let spanish = DeskLabels(
        listTitle: "Lista de participantes", provisional: "Provisional", final: "Definitiva",
        states: "Estados y territorios", organisations: "Organizaciones intergubernamentales y sistema de las Naciones Unidas",
        civilSociety: "Sociedad civil", other: "Otros participantes", name: "Nombre", delegation: "Delegación",
        jobTitle: "Cargo", organisation: "Institución", role: "Función", signature: "Firma",
        signInTitle: "Hoja de firmas", walkIns: "Sin inscripción previa", room: "Sala", date: "Fecha", time: "Hora",
        badges: "Credenciales", session: "Sesión", noParticipants: "No hay participantes inscritos.",
        personalData: "Contiene datos personales: solo para la secretaría de la reunión.",
        roles: [.head: "Jefe/a de delegación", .alternate: "Suplente", .delegate: "Delegado/a", .adviser: "Asesor/a",
                .observer: "Observador/a", .civilSociety: "Sociedad civil", .press: "Prensa", .staff: "Secretaría"])

    static let portuguese = DeskLabels(
        listTitle: "Lista de participantes", provisional: "Provisória", final: "Definitiva",
        states: "Estados e territórios", organisations: "Organizações intergovernamentais e sistema das Nações Unidas",
        civilSociety: "Sociedade civil", other: "Outros participantes", name: "Nome", delegation: "Delegação",
        jobTitle: "Cargo", organisation: "Instituição", role: "Função", signature: "Assinatura",
        signInTitle: "Folha de assinaturas", walkIns: "Sem inscrição prévia", room: "Sala", date: "Data", time: "Hora",
        badges: "Crachás", session: "Sessão", noParticipants: "Nenhum participante inscrito.",
        personalData: "Contém dados pessoais: apenas para o secretariado da reunião.",
        roles: [.head: "Chefe de delegação", .alternate: "Suplente", .delegate: "Delegado/a", .adviser: "Assessor/a",
                .observer: "Observador/a", .civilSociety: "Sociedade civil", .press: "Imprensa", .staff: "Secretariado"])

    static let french = DeskLabels(
        listTitle: "Liste des participants", provisional: "Provisoire", final: "Définitive",
        states: "États et territoires", organisations: "Organisations intergouvernementales et système des Nations Unies",
        civilSociety: "Société civile", other: "Autres participants", name: "Nom", delegation: "Délégation",
        jobTitle: "Fonction", organisation: "Organisme", role: "Rôle", signature: "Signature",
        signInTitle: "Feuille d’émargement", walkIns: "Sans inscription préalable", room: "Salle", date: "Date", time: "Heure",
        badges: "Badges", session: "Séance", noParticipants: "Aucun participant inscrit.",
        personalData: "Contient des données personnelles : réservé au secrétariat de la réunion.",
        roles: [.head: "Chef de délégation", .alternate: "Suppléant(e)", .delegate: "Délégué(e)", .adviser: "Conseiller/ère",
                .observer: "Observateur/trice", .civilSociety: "Société civile", .press: "Presse", .staff: "Secrétariat"])

    func section(_ s: DeskSection) -> String {
        switch s {
        case .states: return states
        case .organisations: return organisations
        case .civilSociety: return civilSociety
        case .other: return other
        }
    }
}
