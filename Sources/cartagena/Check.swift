import ArgumentParser
import Diagnostics
import Foundation
import Planner

extension Cartagena {
    /// `cartagena check`: validate a programme and report its findings.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a programme for errors and scheduling conflicts."
        )

        @OptionGroup var planOptions: PlanOptions

        @Option(name: .long, help: "Output format: text or json.")
        var format: ReportFormat = .text

        @Flag(name: .long, help: "Treat warnings as errors (exit 1).")
        var strict = false

        func run() throws {
            let loaded = try Input.programme(planOptions)
            let findings = loaded.diagnostics.sortedForOutput()
            switch format {
            case .json: Terminal.out(DiagnosticRenderer.json(findings))
            case .text:
                Terminal.out(DiagnosticRenderer.text(findings, colour: Terminal.colour(for: 1)))
                Terminal.out("\(loaded.programme.file): \(DiagnosticRenderer.summary(findings))\n")
            }
            if findings.hasErrors || (strict && findings.warningCount > 0) { throw ExitCode(1) }
        }
    }
}
