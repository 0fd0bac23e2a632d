import ArgumentParser

struct ProductsListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List products by SKU.")

    @OptionGroup var options: GlobalOptions

    @Option(help: "How many products to show.")
    var limit = 100

    @Option(help: "How many products to skip.")
    var offset = 0

    @Flag(name: .customLong("include-removed"), help: "Also list products removed by a snapshot import.")
    var includeRemoved = false

    func validate() throws {
        guard limit > 0, offset >= 0 else { throw ValidationError("--limit must be positive and --offset not negative") }
    }

    func run() async throws {
        let products = try await options.environment().database.catalog.products(limit: limit, offset: offset, includeRemoved: includeRemoved)
        try options.emit(products) {
            for product in products {
                let removed = product.removed ? "  (removed)" : ""
                print("\(product.sku)\t\(product.family ?? "-")\t\(product.name ?? "-")\(removed)")
            }
            if products.isEmpty { print("no products") }
        }
    }
}
