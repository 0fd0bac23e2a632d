public import CatalogCore
import Foundation
import GRDB

/// What recording one drift poll changed.
public struct DriftOutcome: Hashable, Sendable {
    /// SKUs deleted in the shop, with how many waiting pushes went to the manual queue.
    public var deleted: [SKU: Int] = [:]
    /// SKUs whose primary-locale copy in the shop is no longer what catalogd last pushed.
    public var edited: [SKU] = []
    public var seen = 0
}

/// Shop state: what drift polling learned about each SKU in each shop, and where each poll
/// left off.
public struct ShopState: StoreRepository {
    let database: CatalogDatabase

    /// The clock the stage's times are stamped with.
    public var clock: any WallClock { database.clock }

    public func driftCursor(target: String) async throws -> String? {
        try await read { db in try String.fetchOne(db, sql: "SELECT cursor FROM drift_cursors WHERE target = ?", arguments: [target]) }
    }

    /// Records a poll's changes and its next cursor in one transaction. A deleted product's
    /// waiting pushes go to the manual queue at once; an edit is noted (the push-time drift
    /// check and the conflict policy decide what happens to the next push).
    public func recordShopChanges(_ changes: [ShopProductChange], target: String, primaryLocale: LocaleCode, cursor: String) async throws -> DriftOutcome {
        try await write { db in
            let now = nowSeconds
            var outcome = DriftOutcome()
            let upsert = try db.cachedStatement(sql: """
                INSERT INTO shop_products (target, sku, product_ref, updated_at, deleted_at) VALUES (?, ?, ?, ?, NULL)
                ON CONFLICT (target, sku) DO UPDATE SET product_ref = excluded.product_ref, updated_at = excluded.updated_at, deleted_at = NULL
                """)
            let lastPushed = try db.cachedStatement(sql: """
                SELECT content_hash FROM outbox WHERE sku = ? AND locale = ? AND target = ? AND state = \(OutboxState.published.sql)
                ORDER BY updated_at DESC, id DESC LIMIT 1
                """)
            // The copy on its way right now is not a person's edit either.
            let inFlight = try db.cachedStatement(sql: """
                SELECT 1 FROM outbox WHERE sku = ? AND locale = ? AND target = ? AND state IN (\(OutboxState.pending.sql), \(OutboxState.inFlight.sql)) AND content_hash = ? LIMIT 1
                """)
            let markEdited = try db.cachedStatement(sql: "UPDATE shop_products SET edited_at = ? WHERE target = ? AND sku = ?")
            for change in changes {
                outcome.seen += 1
                guard !change.deleted else {
                    let skus = try String.fetchAll(db, sql: "SELECT sku FROM shop_products WHERE target = ? AND product_ref = ?", arguments: [target, change.productRef])
                    for sku in skus {
                        try db.execute(sql: "UPDATE shop_products SET deleted_at = ? WHERE target = ? AND sku = ?", arguments: [change.at.timeIntervalSince1970, target, sku])
                        let waiting = try Row.fetchAll(db, sql: "SELECT id, locale FROM outbox WHERE target = ? AND sku = ? AND state = \(OutboxState.pending.sql)", arguments: [target, sku])
                        for row in waiting {
                            let reason = "the product with SKU \(sku) was deleted in \(target) at \(ISO8601DateFormatter().string(from: change.at)); recreate it there and retry, or resolve this entry"
                            try Outbox.handToPerson(db, outboxID: row["id"], sku: sku, locale: row["locale"], target: target, reason: reason, at: now)
                        }
                        if let parsed = SKU(sku) { outcome.deleted[parsed] = waiting.count }
                    }
                    continue
                }
                for sku in change.skus {
                    try upsert.execute(arguments: [target, sku.rawValue, change.productRef, change.at.timeIntervalSince1970])
                    guard let copy = change.primaryCopy,
                          let pushed = try Data.fetchOne(lastPushed, arguments: [sku.rawValue, primaryLocale.identifier, target]),
                          Array(pushed) != copy.contentHash.bytes,
                          try Row.fetchOne(inFlight, arguments: [sku.rawValue, primaryLocale.identifier, target, Data(copy.contentHash.bytes)]) == nil
                    else { continue }
                    try markEdited.execute(arguments: [change.at.timeIntervalSince1970, target, sku.rawValue])
                    outcome.edited.append(sku)
                }
            }
            try db.execute(
                sql: "INSERT INTO drift_cursors (target, cursor, polled_at) VALUES (?, ?, ?) ON CONFLICT (target) DO UPDATE SET cursor = excluded.cursor, polled_at = excluded.polled_at",
                arguments: [target, cursor, now]
            )
            return outcome
        }
    }
}
