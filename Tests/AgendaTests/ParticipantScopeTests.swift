import Agenda
import Planner
import Registrations
import Testing

@Suite("a participant's agenda scope")
struct ParticipantScopeTests {
    private let people = [
        Participant(id: "P001", givenName: "Ana", familyName: "Pérez", email: "ana@example.org", delegation: "CHL",
                    sessions: [SessionID("s2"), SessionID("s1")]),
        Participant(id: "bo@example.org", givenName: "", familyName: "", email: "bo@example.org", delegation: "COL"),
    ]

    @Test("found by id in any case, named by given and family names, else by the id")
    func found() {
        #expect(AgendaScope.participant("p001", among: people) == .participant(name: "Ana Pérez", sessions: [SessionID("s1"), SessionID("s2")]))
        #expect(AgendaScope.participant("BO@example.org", among: people) == .participant(name: "BO@example.org", sessions: []))
        #expect(AgendaScope.participant("P002", among: people) == nil)
    }
}
