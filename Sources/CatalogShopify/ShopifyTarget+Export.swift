public import CatalogCore
import Foundation

/// What the manual queue's Shopify CSV needs from the shop: each SKU's `ShopVariant`.
extension ShopifyTarget {
    /// SKUs per search: Shopify's search syntax joins them with `OR`.
    static let skusPerSearch = 50

    /// The variants with these SKUs, by SKU; a SKU the shop does not have is absent. A SKU
    /// on more than one variant keeps the first.
    public func variants(forSKUs skus: [SKU]) async throws -> [SKU: ShopVariant] {
        var found: [SKU: ShopVariant] = [:]
        let unique = Array(Set(skus)).sorted { $0.rawValue < $1.rawValue }
        for start in stride(from: 0, to: unique.count, by: Self.skusPerSearch) {
            let chunk = unique[start..<min(start + Self.skusPerSearch, unique.count)]
            let wanted = Set(chunk.map(\.rawValue))
            let query = chunk.map { "sku:\(Self.quoted($0.rawValue))" }.joined(separator: " OR ")
            var after: String?
            repeat {
                var variables: [String: Any] = ["query": query]
                if let after { variables["after"] = after }
                let page = try await client.execute(ShopifyAPI.variantsBySKU, operation: "VariantsBySKU", variables: variables, as: VariantsBySKU.self).productVariants
                // The search matches words, not whole values: keep exact SKUs only.
                for variant in page.nodes {
                    guard let text = variant.sku, wanted.contains(text), let sku = SKU(text), found[sku] == nil else { continue }
                    found[sku] = ShopVariant(handle: variant.product.handle, options: variant.selectedOptions.map { ShopVariant.Option(name: $0.name, value: $0.value) })
                }
                after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : nil
            } while after != nil
        }
        return found
    }
}
