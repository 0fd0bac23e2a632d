import ArgumentParser
import CatalogCore
import CatalogStore
import Foundation

struct ProductsShowCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one product: attributes, generated copy per locale, publishing state and history.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The product's SKU.")
    var sku: String

    @Flag(help: "Also show the latest pipeline runs: every agent's decision, scores, provider, tokens and cost.")
    var trace = false

    @Option(help: "How many pipeline runs --trace shows, newest first.")
    var runs = 1

    /// The JSON shape with --trace: the product detail and its runs.
    struct Traced: Encodable {
        let product: ProductDetail
        let runs: [RecordedRun]
    }

    func run() async throws {
        guard let parsed = SKU(sku) else { throw ValidationError("SKU must not be empty") }
        let database = try options.environment().database
        guard let detail = try await database.catalog.productDetail(parsed) else {
            throw CleanExit.message("no product with SKU '\(sku)'")
        }
        let recorded = await trace ? try database.copyLedger.pipelineRuns(for: parsed, limit: max(1, runs)) : []
        if trace, options.json {
            return try options.emit(Traced(product: detail, runs: recorded)) {}
        }
        try options.emit(detail) {
            let product = detail.product
            print("SKU:        \(product.sku)\(detail.removed ? "  (removed)" : "")")
            print("source:     \(detail.source)")
            print("family:     \(product.family ?? "-")")
            print("enabled:    \(product.enabled ? "yes" : "no")")
            print("categories: \(product.categories.isEmpty ? "-" : product.categories.joined(separator: ", "))")
            print("hash:       \(product.contentHash)")
            if let stock = detail.stock {
                print("stock:      \(stock.quantity)\(stock.discontinued ? " (discontinued)" : ""), \(String(format: "%.1f", stock.velocity)) sold/day")
            }
            print("attributes:")
            for code in product.attributes.keys.sorted() {
                print("  \(code): \(product.attributes[code]!.summary)")
            }
            print("copy:")
            for copy in detail.copy {
                print("  [\(copy.locale)] \(copy.title)  (\(copy.generator))")
                print("    meta title:       \(copy.metaTitle)")
                print("    meta description: \(copy.metaDescription)")
                print("    body:             \(copy.bodyHTML.split(separator: "\n").joined(separator: " "))")
            }
            if detail.copy.isEmpty { print("  none yet") }
            print("publishing:")
            for entry in detail.outbox {
                print("  [\(entry.locale)] \(entry.target): \(entry.state)\(entry.lastError.map { " — \($0)" } ?? "")")
            }
            if detail.outbox.isEmpty { print("  nothing queued") }
            print("history:")
            for entry in detail.history {
                print("  \(entry.at.shortTimestamp)  \(entry.change)  import #\(entry.importID.map(String.init) ?? "-") \(entry.fileName ?? "")")
            }
            if trace { printTrace(recorded) }
        }
    }

    private func printTrace(_ runs: [RecordedRun]) {
        print("pipeline:")
        if runs.isEmpty { print("  no runs yet") }
        for run in runs {
            print("  run #\(run.id) at \(Date(timeIntervalSince1970: run.at).shortTimestamp): \(run.summary) via \(run.route), $\(String(format: "%.4f", run.costUSD))")
            for step in run.steps {
                var line = "    \(step.agent.padding(toLength: 11, withPad: " ", startingAt: 0)) \((step.locale ?? "").padding(toLength: 5, withPad: " ", startingAt: 0)) \(step.action) → \(step.outcome)"
                if let provider = step.provider { line += "  [\(provider)\(step.model.map { "/\($0)" } ?? "")]" }
                if step.inputTokens + step.outputTokens > 0 {
                    line += String(format: "  %d+%d tokens $%.4f", step.inputTokens, step.outputTokens, step.costUSD)
                }
                print(line)
                for (key, value) in step.detail.sorted(by: { $0.key < $1.key }) where !value.isEmpty {
                    print("        \(key): \(value)")
                }
            }
        }
    }
}
