public import CatalogCore
public import Foundation

/// Drift polling through a product search on `updated_at` at the global scope. Magento keeps no
/// record of deleted products, so deletions surface as "not found" when catalogd pushes.
extension MagentoTarget: DriftPollingTarget {
    public func changes(since cursor: String?, now: Date) async throws -> (changes: [ShopProductChange], cursor: String) {
        let next = Self.timestamp(now)
        guard let cursor else { return ([], next) }
        let filter = SearchFilter(field: "updated_at", value: cursor, condition: "gteq", sortField: "updated_at")
        let changes = try await searchProducts(filter, scope: MagentoAPI.globalScope).compactMap { product -> ShopProductChange? in
            guard let sku = product["sku"]?.string else { return nil }
            let at = product["updated_at"]?.string.flatMap(Self.date) ?? now
            return ShopProductChange(productRef: sku, skus: SKU(sku).map { [$0] } ?? [], at: at, deleted: false, primaryCopy: Self.shopCopy(product))
        }
        return (changes, next)
    }

    /// Magento's `updated_at` form (UTC): `2026-11-29 13:15:12`.
    static func timestamp(_ date: Date) -> String {
        formatter().string(from: date)
    }

    static func date(_ text: String) -> Date? {
        formatter().date(from: text)
    }

    private static func formatter() -> DateFormatter {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
        return formatter
    }
}
