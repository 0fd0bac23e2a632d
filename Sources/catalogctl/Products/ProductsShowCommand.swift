import ArgumentParser
import CatalogCore

struct ProductsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one product: attributes, generated copy per locale, publishing state and history.")

    @OptionGroup var options: GlobalOptions

    @Argument(help: "The product's SKU.")
    var sku: String

    func run() throws {
        guard let parsed = SKU(sku) else { throw ValidationError("SKU must not be empty") }
        guard let detail = try options.environment().database.productDetail(parsed) else {
            throw CleanExit.message("no product with SKU '\(sku)'")
        }
        try options.emit(detail) {
            let product = detail.product
            print("SKU:        \(product.sku)\(detail.removed ? "  (removed)" : "")")
            print("source:     \(detail.source)")
            print("family:     \(product.family ?? "-")")
            print("enabled:    \(product.enabled ? "yes" : "no")")
            print("categories: \(product.categories.isEmpty ? "-" : product.categories.joined(separator: ", "))")
            print("hash:       \(product.contentHash)")
            print("attributes:")
            for code in product.attributes.keys.sorted() {
                print("  \(code): \(describe(product.attributes[code]!))")
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
        }
    }

    private func describe(_ value: AttributeValue) -> String {
        switch value {
        case .localizedText(let texts):
            return texts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " | ")
        default:
            return value.displayText(in: LocaleCode("en")!) ?? ""
        }
    }
}
