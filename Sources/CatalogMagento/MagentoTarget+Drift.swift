public import CatalogCore
public import Foundation

/// Drift polling through a product search on `updated_at` at the global scope. Magento keeps no
/// record of deleted products, so deletions surface as "not found" when catalogd pushes.
extension MagentoTarget: DriftPollingTarget {
    static let driftPageSize = 100

    public func changes(since cursor: String?, now: Date) async throws -> (changes: [ShopProductChange], cursor: String) {
        let next = Self.timestamp(now)
        guard let cursor else { return ([], next) }
        var changes: [ShopProductChange] = []
        var page = 1
        while true {
            let query = Self.searchQuery(field: "updated_at", value: cursor, condition: "gteq", pageSize: Self.driftPageSize)
                + "&searchCriteria%5BcurrentPage%5D=\(page)&searchCriteria%5BsortOrders%5D%5B0%5D%5Bfield%5D=updated_at&searchCriteria%5BsortOrders%5D%5B0%5D%5Bdirection%5D=ASC"
            let answer = try await client.send("GET", "\(MagentoAPI.Route.products)?\(query)", store: MagentoAPI.globalScope)
            let items = answer["items"]?.objects ?? []
            for product in items {
                guard let sku = product["sku"]?.string else { continue }
                let at = product["updated_at"]?.string.flatMap(Self.date) ?? now
                changes.append(ShopProductChange(productRef: sku, skus: SKU(sku).map { [$0] } ?? [], at: at, deleted: false, primaryCopy: Self.shopCopy(product)))
            }
            let total = answer["total_count"]?.int ?? 0
            guard items.count == Self.driftPageSize, page * Self.driftPageSize < total else { break }
            page += 1
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
