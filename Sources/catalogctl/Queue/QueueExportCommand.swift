public import ArgumentParser
public import CatalogPublishing
import CatalogConfiguration
import CatalogConnections
import Foundation

extension ManualQueueExport.Format: ExpressibleByArgument {}

struct QueueExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the manual queue as CSVs the shop's importer accepts.",
        discussion: """
            shopify-csv: Shopify's product CSV, primary locale only, for "Overwrite products with matching handles". With a Shopify shop configured, each SKU's real handle and option values are read from the shop, so rows update its products; a SKU the shop does not have goes into a second file, FILE-new-products.csv, that creates it as a draft with the SKU. Without the shop (--offline, or it cannot be reached), handles are derived from the SKU and the report says so.
            magento-csv: Magento's product import CSV, each SKU's default scope first, then its store views; SKUs Magento does not have go into FILE-new-products.csv with the attribute set, type and website a new product needs, disabled, price to fill in.
            Exported entries are marked exported; they stay listed until newer copy supersedes them.
            """
    )

    @OptionGroup var options: GlobalOptions

    @Option(help: "shopify-csv or magento-csv.")
    var format: ManualQueueExport.Format

    @Option(help: "Output file (default: STATE/manual-queue/FORMAT-TIMESTAMP.csv).")
    var out: String?

    @Flag(name: .customLong("open-only"), help: "Export only entries not exported before.")
    var openOnly = false

    @Flag(help: "Do not ask the Shopify shop for handles: derive them from the SKUs.")
    var offline = false

    private struct Report: Encodable {
        let file: String
        let format: String
        let rows: Int
        let skipped: Int
        let newProductsFile: String?
        let newProducts: Int
        let derivedHandles: Int
        let shop: String
    }

    func run() async throws {
        var environment = try options.environment()
        let entries = try await environment.database.manualQueue.entries(includeExported: !openOnly)
        var exportOptions = environment.configuration.exportOptions
        var shop = "not asked"
        if format == .shopifyCSV, !offline, environment.configuration.publishing.shopify != nil {
            // The shop's token is a secret: read it now, as the daemon would.
            if let withSecrets = try? options.environment(secrets: .read) { environment = withSecrets }
            do {
                let skus = entries.filter { $0.copy.locale == exportOptions.primaryLocale }.map(\.copy.sku)
                exportOptions.shopifyVariants = try await ShopLookup.shopifyVariants(configuration: environment.configuration, skus: skus)
                shop = exportOptions.shopifyVariants == nil ? "no access token readable here" : "asked"
            } catch {
                shop = "unreachable: \(error)"
            }
        }
        let result = ManualQueueExport.render(entries, format: format, options: exportOptions)
        let destination = out.map { URL(fileURLWithPath: $0) } ?? environment.configuration.manualQueueDirectory
            .appendingPathComponent("\(format.rawValue)-\(Int(Date().timeIntervalSince1970)).csv")
        try Data(result.csv.utf8).write(to: destination, options: .atomic)
        var newFile: URL?
        if let created = result.newProducts {
            let named = destination.deletingLastPathComponent().appendingPathComponent(destination.deletingPathExtension().lastPathComponent + "-new-products.csv")
            try Data(created.utf8).write(to: named, options: .atomic)
            newFile = named
        }
        try await environment.database.manualQueue.markExported(result.exportedIDs)
        try await environment.database.recordAudit(actor: operatorName, action: "queue.export", subject: destination.path, detail: "\(format.rawValue), \(result.exportedIDs.count) rows")
        let report = Report(
            file: destination.path, format: format.rawValue, rows: result.exportedIDs.count - result.newSKUs.count, skipped: result.skipped,
            newProductsFile: newFile?.path, newProducts: result.newSKUs.count, derivedHandles: result.derivedHandles, shop: shop
        )
        try options.emit(report) {
            print("wrote \(report.rows) row(s) to \(report.file)")
            if let newFile {
                let todo = format == .shopifyCSV ? "drafts with their SKU; publish them after setting a price" : "disabled products; fill in price (the importer requires it for a new product) and enable them"
                print("wrote \(report.newProducts) product(s) the shop does not have to \(newFile.path): imported, they are created as \(todo)")
            }
            if report.derivedHandles > 0 {
                print("\(report.derivedHandles) row(s) use a handle derived from the SKU (the shop was \(shop)): Shopify updates a product only if its handle is that one, and creates a new product otherwise")
            }
            if report.skipped > 0 {
                print("skipped \(report.skipped) entr(ies): Shopify's product CSV carries the primary locale only, and one description per product")
            }
        }
    }
}
