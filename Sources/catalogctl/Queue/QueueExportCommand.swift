public import ArgumentParser
public import CatalogPublishing
import Foundation

extension ManualQueueExport.Format: ExpressibleByArgument {}

struct QueueExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the manual queue as a CSV the shop's importer accepts.",
        discussion: "shopify-csv: Shopify product CSV (Handle, Title, Body (HTML), SEO Title, SEO Description), primary locale only. magento-csv: Magento product import CSV, one row per store view. Exported entries are marked exported; they stay listed until newer copy supersedes them."
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "shopify-csv or magento-csv.")
    var format: ManualQueueExport.Format

    @Option(help: "Output file (default: STATE/manual-queue/FORMAT-TIMESTAMP.csv).")
    var out: String?

    @Flag(name: .customLong("open-only"), help: "Export only entries not exported before.")
    var openOnly = false

    private struct Report: Encodable {
        let file: String
        let format: String
        let rows: Int
        let skipped: Int
    }

    func run() throws {
        let environment = try options.environment()
        let entries = try environment.database.manualQueue(includeExported: !openOnly)
        let result = ManualQueueExport.render(entries, format: format, options: environment.configuration.exportOptions)
        let destination = out.map { URL(fileURLWithPath: $0) } ?? environment.configuration.manualQueueDirectory
            .appendingPathComponent("\(format.rawValue)-\(Int(Date().timeIntervalSince1970)).csv")
        try Data(result.csv.utf8).write(to: destination, options: .atomic)
        try environment.database.markExported(result.exportedIDs)
        try environment.database.recordAudit(actor: operatorName, action: "queue.export", subject: destination.path, detail: "\(format.rawValue), \(result.exportedIDs.count) rows")
        let report = Report(file: destination.path, format: format.rawValue, rows: result.exportedIDs.count, skipped: result.skipped)
        try options.emit(report) {
            print("wrote \(report.rows) row(s) to \(report.file)")
            if report.skipped > 0 {
                print("skipped \(report.skipped) entr(ies) in other locales: Shopify's product CSV carries the primary locale only")
            }
        }
    }
}
