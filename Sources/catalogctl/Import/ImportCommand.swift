import ArgumentParser
import CatalogCore
import CatalogIngest
import Foundation
import Logging

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import one export file now, through the same path as the watched inbox.",
        discussion: "The file itself is left where it is; a copy is archived in processed/ (or quarantine/ with an .error.json sidecar). Exits 65 when the file is quarantined, 75 when it could not be recorded and should be retried."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "An Akeneo CSV product export.")
    var file: String

    private struct Report: Encodable {
        let file: String
        let state: String
        let summary: DiffSummary?
        let error: CatalogError?
        let archivedAt: String?
    }

    func run() throws {
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ValidationError("cannot read \(file)")
        }
        let environment = try options.environment()
        var logger = Logger(label: "catalogctl")
        logger.logLevel = .critical  // the report below says everything; keep stdout/stderr clean
        let outcome = environment.makeImporter(logger: logger).importFile(at: url, disposition: .copy)
        let report: Report
        switch outcome {
        case .applied(let summary, let archivedAt):
            report = Report(file: file, state: "applied", summary: summary, error: nil, archivedAt: archivedAt)
        case .quarantined(let error, let movedTo):
            report = Report(file: file, state: "quarantined", summary: nil, error: error, archivedAt: movedTo)
        case .deferred(let error):
            report = Report(file: file, state: "deferred", summary: nil, error: error, archivedAt: nil)
        }
        try environment.database.recordAudit(actor: operatorName, action: "import", subject: url.path, detail: report.state)
        try options.emit(report) {
            if let summary = report.summary {
                print("imported \(file): \(summary)")
            } else if let error = report.error {
                print("\(report.state) \(file): \(error)")
            }
        }
        switch outcome {
        case .applied: return
        case .quarantined: throw ExitCode(65)
        case .deferred: throw ExitCode(75)
        }
    }
}
