public import CatalogCore
public import Foundation

/// Drift polling through `products(query: "updated_at:>=…")` and `deletionEvents`. The cursor
/// is the time of the previous poll; a poll asks from a minute before it, since Shopify's
/// search index lags writes by seconds, and repeats are harmless to the caller.
extension ShopifyTarget: DriftPollingTarget {
    static let indexLag: TimeInterval = 60

    public func changes(since cursor: String?, now: Date) async throws -> (changes: [ShopProductChange], cursor: String) {
        let formatter = ISO8601DateFormatter()
        let next = formatter.string(from: now)
        guard let cursor, let since = formatter.date(from: cursor) else { return ([], next) }
        let from = formatter.string(from: since.addingTimeInterval(-Self.indexLag))
        var changes: [ShopProductChange] = []
        var after: String?
        repeat {
            var variables: [String: Any] = ["query": "updated_at:>='\(from)'"]
            if let after { variables["after"] = after }
            let page = try await client.execute(ShopifyAPI.productsUpdatedSince, operation: "ProductsUpdatedSince", variables: variables, as: ProductsUpdatedSince.self).products
            for product in page.nodes {
                let copy = ShopCopy(title: product.title, bodyHTML: product.descriptionHtml, metaTitle: product.seo.title ?? "", metaDescription: product.seo.description ?? "")
                changes.append(ShopProductChange(
                    productRef: product.id, skus: product.variants.nodes.compactMap { $0.sku.flatMap(SKU.init) },
                    at: formatter.date(from: product.updatedAt) ?? now, deleted: false, primaryCopy: copy
                ))
            }
            after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : nil
        } while after != nil
        repeat {
            var variables: [String: Any] = ["query": "occurred_at:>='\(from)'"]
            if let after { variables["after"] = after }
            let page = try await client.execute(ShopifyAPI.productsDeletedSince, operation: "ProductsDeletedSince", variables: variables, as: ProductsDeletedSince.self).deletionEvents
            for event in page.nodes {
                changes.append(ShopProductChange(productRef: event.subjectId, skus: [], at: formatter.date(from: event.occurredAt) ?? now, deleted: true, primaryCopy: nil))
            }
            after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : nil
        } while after != nil
        return (changes, next)
    }
}
