public import CatalogCore
import Foundation
import GRDB

extension CatalogDatabase {
    /// Applies one poll of an inventory source as a delta, in one transaction: SKUs the feed
    /// lists replace this source's lines for them; SKUs it does not list are left alone. Returns
    /// the SKUs whose total stock (over every source and location) changed.
    public func applyStock(_ levels: [StockLevel], source: String) throws -> [StockChange] {
        // This source's new quantity per SKU, and its lines.
        var fed: [String: Int64] = [:]
        var lines: [String: [StockLevel]] = [:]
        fed.reserveCapacity(levels.count)
        for level in levels {
            fed[level.sku.rawValue, default: 0] += level.quantity
            lines[level.sku.rawValue, default: []].append(level)
        }
        return try write { db in
            let now = nowSeconds
            var previous: [String: Int64] = [:]
            previous.reserveCapacity(fed.count)
            let rows = try Row.fetchCursor(db, sql: "SELECT sku, SUM(quantity) FROM stock WHERE source = ? GROUP BY sku", arguments: [source])
            while let row = try rows.next() { previous[row[0]] = row[1] }
            let changedSKUs = fed.filter { previous[$0.key] != $0.value }.keys.sorted()
            guard !changedSKUs.isEmpty else { return [] }

            let deleteLines = try db.cachedStatement(sql: "DELETE FROM stock WHERE source = ? AND sku = ?")
            let insertLine = try db.cachedStatement(sql: "INSERT OR REPLACE INTO stock (source, sku, location, quantity, updated_at) VALUES (?, ?, ?, ?, ?)")
            let readTotal = try db.cachedStatement(sql: "SELECT quantity FROM stock_totals WHERE sku = ?")
            let writeTotal = try db.cachedStatement(sql: "INSERT OR REPLACE INTO stock_totals (sku, quantity, updated_at) VALUES (?, ?, ?)")
            let history = try db.cachedStatement(sql: "INSERT INTO stock_history (sku, old, new, at) VALUES (?, ?, ?, ?)")
            var changes: [StockChange] = []
            changes.reserveCapacity(changedSKUs.count)
            for sku in changedSKUs {
                let new = fed[sku] ?? 0
                let oldTotal = try Int64.fetchOne(readTotal, arguments: [sku])
                let newTotal = (oldTotal ?? 0) - (previous[sku] ?? 0) + new
                try deleteLines.execute(arguments: [source, sku])
                for line in lines[sku] ?? [] {
                    try insertLine.execute(arguments: [source, sku, line.location, line.quantity, (line.updatedAt?.timeIntervalSince1970) ?? now])
                }
                guard newTotal != oldTotal else { continue }
                try writeTotal.execute(arguments: [sku, newTotal, now])
                try history.execute(arguments: [sku, oldTotal, newTotal, now])
                if let parsed = SKU(sku) { changes.append(StockChange(sku: parsed, old: oldTotal, new: newTotal)) }
            }
            return changes
        }
    }

    /// The SKU's total stock over every source and location, or nil if no feed listed it.
    public func stock(of sku: SKU) throws -> Int64? {
        try read { db in try Int64.fetchOne(db, sql: "SELECT quantity FROM stock_totals WHERE sku = ?", arguments: [sku.rawValue]) }
    }

    /// Units sold per day over the last `days`: the decreases of the total, per day. Restocks
    /// do not count against it.
    public func velocity(of sku: SKU, days: Double = 7) throws -> Double {
        try read { db in
            let since = nowSeconds - days * 86_400
            let sold = try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(old - new), 0) FROM stock_history
                WHERE sku = ? AND at >= ? AND old IS NOT NULL AND new < old
                """, arguments: [sku.rawValue, since]) ?? 0
            return Double(sold) / days
        }
    }
}
