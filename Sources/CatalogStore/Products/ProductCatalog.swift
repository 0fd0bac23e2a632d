public import CatalogCore
import Foundation
import GRDB

/// Products as imported, for people: listings, one product's detail with its history, stock
/// and outbox states.
public struct ProductCatalog: StoreRepository {
    let database: CatalogDatabase

    public func products(limit: Int, offset: Int = 0, includeRemoved: Bool = false) async throws -> [ProductSummary] {
        try await read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.sku, p.source, d.doc, p.removed_at, p.updated_at FROM products p JOIN product_docs d ON d.hash = p.hash
                    \(includeRemoved ? "" : "WHERE p.removed_at IS NULL") ORDER BY p.sku LIMIT ? OFFSET ?
                    """,
                arguments: [limit, offset]
            ).map { row in
                let product = try? Product.decode(canonicalJSON: Data((row["doc"] as String).utf8))
                return ProductSummary(
                    sku: row["sku"], source: row["source"], family: product?.family,
                    name: product?.attributes["name"].flatMap(Self.anyText),
                    removed: row["removed_at"] != nil, updatedAt: Date(timeIntervalSince1970: row["updated_at"])
                )
            }
        }
    }

    public func productDetail(_ sku: SKU) async throws -> ProductDetail? {
        try await read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT p.source, d.doc, p.removed_at FROM products p JOIN product_docs d ON d.hash = p.hash WHERE p.sku = ?", arguments: [sku.rawValue]) else {
                return nil
            }
            let product = try Product.decode(canonicalJSON: Data((row["doc"] as String).utf8))
            let copy = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(GenerationRecord.copySelection) FROM generations g
                    WHERE g.id IN (SELECT MAX(id) FROM generations WHERE sku = ? GROUP BY locale) ORDER BY g.locale
                    """,
                arguments: [sku.rawValue]
            ).compactMap(GenerationRecord.copy(from:))
            let history = try Row.fetchAll(
                db,
                sql: """
                    SELECT h.change, h.import_id, i.file_name, h.fields, h.regenerate, h.at FROM product_history h
                    LEFT JOIN imports i ON i.id = h.import_id WHERE h.sku = ? ORDER BY h.id
                    """,
                arguments: [sku.rawValue]
            ).map { row in
                ProductHistoryEntry(
                    change: row["change"], importID: row["import_id"], fileName: row["file_name"],
                    fields: (row["fields"] as String?).flatMap { try? JSONDecoder().decode([String: FieldChange].self, from: Data($0.utf8)) },
                    regenerate: row["regenerate"], at: Date(timeIntervalSince1970: row["at"])
                )
            }
            let outbox = try Row.fetchAll(
                db,
                sql: """
                    SELECT locale, target, state, attempts, last_error FROM outbox
                    WHERE id IN (SELECT MAX(id) FROM outbox WHERE sku = ? GROUP BY locale, target) ORDER BY locale, target
                    """,
                arguments: [sku.rawValue]
            ).map { OutboxStateEntry(locale: $0["locale"], target: $0["target"], state: $0["state"], attempts: $0["attempts"], lastError: $0["last_error"]) }
            let stock = try Row.fetchOne(db, sql: "SELECT quantity, discontinued, velocity FROM stock_totals WHERE sku = ?", arguments: [sku.rawValue])
                .map { StockSummary(quantity: $0["quantity"], discontinued: $0["discontinued"], velocity: $0["velocity"]) }
            return ProductDetail(product: product, source: row["source"], removed: row["removed_at"] != nil, copy: copy, history: history, outbox: outbox, stock: stock)
        }
    }

    /// Every live product's content hash: what two databases must agree on to hold the same
    /// catalog (crash tests compare a killed-and-restarted import with an uninterrupted one).
    public func liveProductHashes() async throws -> [String: String] {
        try await read { db in
            var hashes: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sku, hash FROM products WHERE removed_at IS NULL") {
                hashes[row["sku"]] = ContentHash(bytes: Array(row["hash"] as Data))?.hex
            }
            return hashes
        }
    }

    /// How many history rows of each kind: an import applied twice would double them.
    public func historyCounts() async throws -> [String: Int] {
        try await read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT change, COUNT(*) AS n FROM product_history GROUP BY change") {
                counts[row["change"]] = row["n"]
            }
            return counts
        }
    }

    private static func anyText(_ value: AttributeValue) -> String? {
        if case .localizedText(let texts) = value {
            return texts.text(preferring: LocaleCode("en")!) ?? texts.sorted { $0.key < $1.key }.first?.value
        }
        return value.displayText(in: LocaleCode("en")!)
    }
}
