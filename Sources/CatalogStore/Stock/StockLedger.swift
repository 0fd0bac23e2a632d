public import CatalogCore
import Foundation
import GRDB

/// A recorded stock change waiting for the copy change it triggers.
public struct PendingStockReaction: Sendable, Hashable {
    public let id: Int64
    public let source: String
    public let change: StockChange
}

/// The stock ledger: levels per source and location, totals and velocity per SKU, and the
/// reactions each recorded change still owes.
public struct StockLedger: StoreRepository {
    let database: CatalogDatabase

    /// The clock the stage's times are stamped with.
    public var clock: any WallClock { database.clock }

    /// Applies one poll of an inventory source as a delta, in one transaction: SKUs the feed
    /// lists replace this source's lines for them; SKUs it does not list are left alone. Returns
    /// the SKUs whose total stock (over every source and location) or discontinued mark changed.
    /// Each change is also kept as a pending reaction (`pendingStockReactions`) until the copy
    /// change it triggers is queued.
    public func applyStock(_ levels: [StockLevel], source: String, velocityDays: Double = 7) async throws -> [StockChange] {
        // This source's new quantity per SKU, its lines, and whether it discontinues the SKU.
        var fed: [String: Int64] = [:]
        var lines: [String: [StockLevel]] = [:]
        var discontinued: Set<String> = []
        fed.reserveCapacity(levels.count)
        for level in levels {
            fed[level.sku.rawValue, default: 0] += level.quantity
            lines[level.sku.rawValue, default: []].append(level)
            if level.discontinued { discontinued.insert(level.sku.rawValue) }
        }
        return try await write { [fed, lines, discontinued] db in
            let now = nowSeconds
            var previous: [String: Int64] = [:]
            previous.reserveCapacity(fed.count)
            let rows = try Row.fetchCursor(db, sql: "SELECT sku, SUM(quantity) FROM stock WHERE source = ? GROUP BY sku", arguments: [source])
            while let row = try rows.next() { previous[row[0]] = row[1] }
            var wasDiscontinued: Set<String> = []
            let marked = try String.fetchCursor(db, sql: "SELECT sku FROM stock_totals WHERE discontinued = 1")
            while let sku = try marked.next() {
                if fed[sku] != nil { wasDiscontinued.insert(sku) }
            }
            let changedSKUs = fed.filter { previous[$0.key] != $0.value || discontinued.contains($0.key) != wasDiscontinued.contains($0.key) }.keys.sorted()
            guard !changedSKUs.isEmpty else { return [] }

            let deleteLines = try db.cachedStatement(sql: "DELETE FROM stock WHERE source = ? AND sku = ?")
            let insertLine = try db.cachedStatement(sql: "INSERT OR REPLACE INTO stock (source, sku, location, quantity, updated_at) VALUES (?, ?, ?, ?, ?)")
            let readTotal = try db.cachedStatement(sql: "SELECT quantity FROM stock_totals WHERE sku = ?")
            let writeTotal = try db.cachedStatement(sql: "INSERT OR REPLACE INTO stock_totals (sku, quantity, discontinued, velocity, updated_at) VALUES (?, ?, ?, ?, ?)")
            let history = try db.cachedStatement(sql: "INSERT INTO stock_history (sku, old, new, at) VALUES (?, ?, ?, ?)")
            let pending = try db.cachedStatement(sql: """
                INSERT INTO stock_reactions (source, sku, old, new, was_discontinued, discontinued) VALUES (?, ?, ?, ?, ?, ?)
                """)
            let sold = try db.cachedStatement(sql: """
                SELECT COALESCE(SUM(old - new), 0) FROM stock_history WHERE sku = ? AND at >= ? AND old IS NOT NULL AND new < old
                """)
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
                let was = wasDiscontinued.contains(sku), isNow = discontinued.contains(sku)
                guard newTotal != oldTotal || was != isNow else { continue }
                if newTotal != oldTotal { try history.execute(arguments: [sku, oldTotal, newTotal, now]) }
                // Units sold per day over the window, kept with the total for the queue's ordering.
                let velocity = Double(try Int64.fetchOne(sold, arguments: [sku, now - velocityDays * 86_400]) ?? 0) / velocityDays
                try writeTotal.execute(arguments: [sku, newTotal, isNow, velocity, now])
                try pending.execute(arguments: [source, sku, oldTotal, newTotal, was, isNow])
                if let parsed = SKU(sku) {
                    changes.append(StockChange(sku: parsed, old: oldTotal, new: newTotal, wasDiscontinued: was, discontinued: isNow))
                }
            }
            return changes
        }
    }

    /// Stock changes whose copy change is not queued yet, oldest first: what `applyStock`
    /// recorded and the daemon has not finished reacting to (it was killed in between, or the
    /// reaction failed and waits for another try).
    public func pendingStockReactions(limit: Int = 5_000) async throws -> [PendingStockReaction] {
        try await read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, source, sku, old, new, was_discontinued, discontinued FROM stock_reactions ORDER BY id LIMIT ?", arguments: [limit]
            ).compactMap { row in
                guard let sku = SKU(row["sku"]) else { return nil }
                return PendingStockReaction(
                    id: row["id"], source: row["source"],
                    change: StockChange(sku: sku, old: row["old"], new: row["new"], wasDiscontinued: row["was_discontinued"], discontinued: row["discontinued"])
                )
            }
        }
    }

    /// Forgets reactions whose copy change is queued.
    public func finishStockReactions(_ reactions: [PendingStockReaction]) async throws {
        guard !reactions.isEmpty else { return }
        try await write { db in
            try db.execute(
                sql: "DELETE FROM stock_reactions WHERE id IN (\(databaseQuestionMarks(count: reactions.count)))",
                arguments: StatementArguments(reactions.map(\.id))
            )
        }
    }

    /// What the feeds say about `sku` now, or nil if no feed listed it.
    public func stockState(of sku: SKU) async throws -> StockState? {
        try await read { db in try Self.stockState(db, sku: sku.rawValue) }
    }

    static func stockState(_ db: Database, sku: String) throws -> StockState? {
        guard let row = try Row.fetchOne(db, sql: "SELECT quantity, discontinued FROM stock_totals WHERE sku = ?", arguments: [sku]) else { return nil }
        let restocked = try Double.fetchOne(db, sql: """
            SELECT MAX(at) FROM stock_history WHERE sku = ? AND old IS NOT NULL AND old <= 0 AND new > 0
            """, arguments: [sku])
        return StockState(quantity: row[0], discontinued: row[1], restockedAt: restocked.map(Date.init(timeIntervalSince1970:)))
    }

    /// What the feeds say about each of `skus` now; a SKU no feed listed is absent.
    public func stockStates(of skus: some Collection<SKU> & Sendable) async throws -> [SKU: StockState] {
        try await read { db in
            var states: [SKU: StockState] = [:]
            for sku in skus {
                states[sku] = try Self.stockState(db, sku: sku.rawValue)
            }
            return states
        }
    }

    /// The SKU's total stock over every source and location, or nil if no feed listed it.
    public func quantity(of sku: SKU) async throws -> Int64? {
        try await read { db in try Int64.fetchOne(db, sql: "SELECT quantity FROM stock_totals WHERE sku = ?", arguments: [sku.rawValue]) }
    }

    /// Units sold per day over the last `days`: the decreases of the total, per day. Restocks
    /// do not count against it.
    public func velocity(of sku: SKU, days: Double = 7) async throws -> Double {
        try await read { db in
            let since = nowSeconds - days * 86_400
            let sold = try Int64.fetchOne(db, sql: """
                SELECT COALESCE(SUM(old - new), 0) FROM stock_history
                WHERE sku = ? AND at >= ? AND old IS NOT NULL AND new < old
                """, arguments: [sku.rawValue, since]) ?? 0
            return Double(sold) / days
        }
    }
}
