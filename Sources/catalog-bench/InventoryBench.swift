import CatalogCore
import CatalogInventory
import CatalogStore
import Foundation

/// `catalog-bench inventory [ROWS]`: an inventory feed of ROWS lines (JSON, two warehouses per
/// SKU) read and diffed against stored stock: the first poll into an empty table, then the
/// same feed with 1% of quantities changed (target: ≤ 1 s for 100,000 rows).
enum InventoryBench {
    static func feed(rows: Int, variant: Int) -> Data {
        var text = "{\"items\": ["
        text.reserveCapacity(rows * 70)
        for index in 0..<rows {
            let sku = index / 2
            let quantity = (sku * 7 + index % 2) % 50 + (variant == 1 && sku % 100 == 0 ? 1 : 0)
            text += "\(index == 0 ? "" : ","){\"sku\":\"SKU-\(sku)\",\"quantity\":\(quantity),\"location\":\"WH\(index % 2)\"}"
        }
        text += "]}"
        return Data(text.utf8)
    }

    static func run(rows: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("inventory-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try CatalogDatabase(path: directory.appendingPathComponent("catalog.sqlite").path)
        let mapping = InventoryFieldMapping(items: "items")
        print("catalog-bench inventory: \(rows) feed lines (\(rows / 2) SKUs x 2 warehouses)")
        for (label, variant) in [("first poll", 0), ("1% changed", 1), ("unchanged", 1)] {
            let data = feed(rows: rows, variant: variant)
            let start = ContinuousClock.now
            let levels = try InventoryFeed.parseJSON(data, mapping: mapping).levels
            let parsed = ContinuousClock.now
            let changes = try await database.stock.applyStock(levels, source: "erp")
            let end = ContinuousClock.now
            if label == "1% changed" { Figures.record("inventory", "\(rows)-line feed diffed against stored stock", (end - start).seconds, unit: "s", atMost: 1) }
            print(String(format: "  %@ %6.3f s (parse %.3f s, diff + write %.3f s), %d SKUs changed (target <= 1 s)",
                         label.padding(toLength: 12, withPad: " ", startingAt: 0) as NSString, (end - start).seconds,
                         (parsed - start).seconds, (end - parsed).seconds, changes.count))
        }
    }
}
