import ArgumentParser
import CatalogCore
import CatalogIngest
import Foundation
import Logging

struct ImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import one export file now, through the same path as the watched inbox.",
        discussion: "The file itself is left where it is; a copy is archived in processed/ (or quarantine/ with an .error.json sidecar). Exits 65 when the file is quarantined, 75 when it could not be recorded and should be retried."
    )

    @OptionGroup var options: GlobalOptions

    @Argument(help: "An export: Akeneo CSV or JSONL, BMEcat, or a Google Merchant feed (optionally .gz).")
    var file: String

    @Option(help: "Read the file with the settings of the watched folder of this source (default: the first).")
    var source: String?

    private struct Report: Encodable {
        let file: String
        let state: String
        let summary: DiffSummary?
        let error: CatalogError?
        let archivedAt: String?
    }

    func run() async throws {
        let url = URL(fileURLWithPath: file)
        guard FileManager.default.isReadableFile(atPath: url.path) else {
            throw ValidationError("cannot read \(file)")
        }
        let environment = try options.environment()
        var logger = Logger(label: "catalogctl")
        logger.logLevel = .critical  // the report below says everything; keep stdout/stderr clean
        let folders = environment.configuration.watches
        guard let folder = source.map({ name in folders.first { $0.source == name } }) ?? folders.first else {
            throw ValidationError("no watched folder has source '\(source ?? "")'; sources: \(folders.map(\.source).joined(separator: ", "))")
        }
        let outcome = environment.makeImporter(for: folder, logger: logger).importFile(at: url, disposition: .copy)
        let report: Report
        switch outcome {
        case .applied(let summary, let archivedAt):
            report = Report(file: file, state: "applied", summary: summary, error: nil, archivedAt: archivedAt)
        case .held(let summary, let reason, let movedTo):
            report = Report(file: file, state: "held", summary: summary, error: CatalogError(.massDeletionHeld, reason), archivedAt: movedTo)
        case .quarantined(let error, let movedTo):
            report = Report(file: file, state: "quarantined", summary: nil, error: error, archivedAt: movedTo)
        case .deferred(let error):
            report = Report(file: file, state: "deferred", summary: nil, error: error, archivedAt: nil)
        }
        try await environment.database.recordAudit(actor: operatorName, action: "import", subject: url.path, detail: report.state)
        try options.emit(report) {
            if report.state == "held", let summary = report.summary, let error = report.error {
                print("held \(file): \(summary); \(error.message)")
            } else if let summary = report.summary {
                print("imported \(file): \(summary)")
            } else if let error = report.error {
                print("\(report.state) \(file): \(error)")
            }
        }
        switch outcome {
        case .applied: return
        case .held: throw ExitCode(3)
        case .quarantined: throw ExitCode(65)
        case .deferred: throw ExitCode(75)
        }
    }
}
