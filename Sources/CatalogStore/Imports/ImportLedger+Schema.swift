public import CatalogCore
import Foundation
import GRDB
import GRDBSQLite
/// The imports ledger: each file claimed, staged in batches, diffed against the stored

extension ImportLedger {
    /// Merges `schema` into the stored one: a later export adds and replaces labels, never
    /// removes them. Merging the same export twice changes nothing, so an import resumed after
    /// a crash may merge again. A change queues every live product's copy to be written again
    /// with the new labels (at snapshot priority, behind deltas and stock changes), in the same
    /// transaction: products imported just before their schema get its labels too.
    public func mergeAttributeSchema(_ schema: AttributeSchema) throws {
        try blockingWrite { db in
            let stored = try Self.attributeSchema(db)?.schema ?? .empty
            let merged = stored.merging(schema)
            guard merged != stored else { return }
            let now = nowSeconds
            try db.execute(
                sql: """
                    INSERT OR IGNORE INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at)
                    SELECT sku, 'attribute-schema', ?, 'attribute-schema', \(JobState.queued.sql), ?, ? FROM products WHERE removed_at IS NULL ORDER BY sku
                    """,
                arguments: [JobPriority.pimSnapshot.rawValue, now, now]
            )
            let document = String(decoding: try JSONEncoder().encode(merged), as: UTF8.self)
            try db.execute(
                sql: """
                    INSERT INTO attribute_schema (id, document, updated_at) VALUES (1, ?, ?)
                    ON CONFLICT (id) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at
                    """,
                arguments: [document, now]
            )
        }
    }

    /// When the schema last changed; nil before any was imported. A cheap look, for workers
    /// that reload the schema only when it changed.
    public func attributeSchemaVersion() async throws -> Double? {
        try await read { db in try Double.fetchOne(db, sql: "SELECT updated_at FROM attribute_schema WHERE id = 1") }
    }

    /// The stored schema and when it last changed.
    public func attributeSchema() async throws -> (schema: AttributeSchema, version: Double)? {
        try await read { db in try Self.attributeSchema(db) }
    }

    static func attributeSchema(_ db: Database) throws -> (schema: AttributeSchema, version: Double)? {
        guard let row = try Row.fetchOne(db, sql: "SELECT document, updated_at FROM attribute_schema WHERE id = 1") else { return nil }
        let schema = try JSONDecoder().decode(AttributeSchema.self, from: Data((row["document"] as String).utf8))
        return (schema, row["updated_at"])
    }
}
