import Agenda
import Foundation
import Testing

@Suite("the desk's second pass over a registration list")
struct DeskColumnsFileTests {
    @Test("title, job title and organisation are read in chunks of any size, keyed by id else e-mail", arguments: [3, 1 << 20])
    func read(chunkSize: Int) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("desk-\(UUID().uuidString).csv")
        defer { try? FileManager.default.removeItem(at: file) }
        try "id,email,title,job title,organisation\nP1,ana@example.org,Dr,Minister,UNEP\n,Bo@Example.org,,Adviser,\n"
            .write(to: file, atomically: true, encoding: .utf8)
        let columns = try DeskColumns.read(file.path, chunkSize: chunkSize)
        #expect(columns.extras["P1"] == DeskColumns.Extra(title: "Dr", jobTitle: "Minister", organisation: "UNEP"))
        #expect(columns.extras["bo@example.org"]?.jobTitle == "Adviser")
        #expect(columns.extras.count == 2)
    }

    @Test("a list that cannot be opened is named")
    func missing() {
        #expect(throws: AgendaFileError("cannot read '/nonexistent/list.csv': no such file or no permission")) {
            try DeskColumns.read("/nonexistent/list.csv", chunkSize: 1024)
        }
    }
}
