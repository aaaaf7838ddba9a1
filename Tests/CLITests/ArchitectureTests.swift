import Foundation
import TestSupport
import Testing

@Suite("module boundaries")
struct ArchitectureTests {
    /// Every Swift file under `Sources/`, with its path relative to the repository.
    private func sources() throws -> [(path: String, text: String)] {
        let root = repositoryRoot().appendingPathComponent("Sources")
        var out: [(String, String)] = []
        let e = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)
        while let url = e?.nextObject() as? URL {
            guard url.pathExtension == "swift" else { continue }
            out.append((String(url.path.dropFirst(root.path.count + 1)), try String(contentsOf: url, encoding: .utf8)))
        }
        return out
    }

    @Test("only the ICalendar module imports libical or holds its pointers")
    func libicalStaysInOneModule() throws {
        let files = try sources()
        #expect(files.count > 30)
        for f in files where !f.path.hasPrefix("ICalendar/") {
            #expect(!f.text.contains("import CLibical"), "\(f.path) imports libical")
            #expect(!f.text.contains("OpaquePointer"), "\(f.path) holds an OpaquePointer")
        }
        #expect(files.contains { $0.path.hasPrefix("ICalendar/") && $0.text.contains("internal import CLibical") })
    }

    @Test("the domain model has no C and no I/O")
    func plannerIsPure() throws {
        for f in try sources() where f.path.hasPrefix("Planner/") {
            for forbidden in ["import ICalendar", "FileManager", "FileHandle", "Data(contentsOf", "String(contentsOf", "Date()", "ProcessInfo"] {
                #expect(!f.text.contains(forbidden), "\(f.path) uses \(forbidden)")
            }
        }
    }

    @Test("glibc extras go through the C shim, never dlsym; the publisher has no command-line code")
    func systemCallsWrappedOnce() throws {
        let files = try sources()
        for f in files {
            #expect(!f.text.contains("dlsym"), "\(f.path) looks a symbol up with dlsym")
        }
        let shim = try String(contentsOf: repositoryRoot().appendingPathComponent("Sources/CSystemShim/include/CSystemShim.h"), encoding: .utf8)
        #expect(shim.contains("static inline int cs_rename_exchange") && shim.contains("static inline int cs_malloc_trim"))
        for f in files where f.path.hasPrefix("Publishing/") {
            #expect(!f.text.contains("import ArgumentParser"), "\(f.path)")
        }
        #expect(!files.contains { $0.path.hasPrefix("cartagena/") && ($0.text.contains("renameat") || $0.text.contains("func commit(")) })
    }

    @Test("the checks are one module: Planner declares no check, and the list reader no check across lists and programme")
    func checksModule() throws {
        let files = try sources()
        #expect(files.contains { $0.path.hasPrefix("Checks/") && $0.text.contains("public enum ProgrammeChecks") })
        #expect(files.contains { $0.path.hasPrefix("Checks/") && $0.text.contains("public struct Registrants") })
        for f in files where f.path.hasPrefix("Planner/") || f.path.hasPrefix("Registrations/") {
            for forbidden in ["enum ProgrammeChecks", "struct Registrants", "struct CheckReport", "import Checks"] {
                #expect(!f.text.contains(forbidden), "\(f.path) declares or uses \(forbidden)")
            }
        }
    }

    @Test("the command-line target stays thin: at most 1200 lines (its work lives in the libraries, tested in-process)")
    func thinCommandLine() throws {
        let lines = try sources().filter { $0.path.hasPrefix("cartagena/") }.map { $0.text.split(separator: "\n", omittingEmptySubsequences: false).count - 1 }
        #expect(lines.reduce(0, +) <= 1200)
    }
}
