public import CatalogCore
import Foundation
import GRDB
import GRDBSQLite
/// The imports ledger: each file claimed, staged in batches, diffed against the stored

/// A staged import's end: held for a person, applied in checkpointed batches, archived, or
/// refused with its reason.
extension ImportLedger {
    public func hold(_ id: ImportID, reason: String, at path: String) throws {
        try blockingWrite { db in
            try db.execute(
                sql: "UPDATE imports SET state = \(ImportState.held.sql), held_reason = ?, archived_path = ?, updated_at = ? WHERE id = ?",
                arguments: [reason, path, nowSeconds, id.rawValue]
            )
        }
    }

    public func applyStaged(_ id: ImportID, policy: RegenerationPolicy) throws -> DiffSummary {
        while try applyNextBatch(id, policy: policy, limit: 5_000) {}
        return try blockingWrite { db in
            try db.execute(sql: "DELETE FROM import_rows WHERE import_id = ?", arguments: [id.rawValue])
            try db.execute(sql: "UPDATE imports SET state = \(ImportState.applied.sql), updated_at = ? WHERE id = ?", arguments: [nowSeconds, id.rawValue])
            let row = try Row.fetchOne(db, sql: "SELECT added, changed, removed, unchanged FROM imports WHERE id = ?", arguments: [id.rawValue])
            return row.flatMap(Self.summary) ?? DiffSummary()
        }
    }

    /// Applies the next batch of staged changes and moves the checkpoint past it, in one
    /// transaction. Added and removed products are applied set-wise in SQL; changed ones are
    /// compared field by field. Returns false when nothing was left.
    public func applyNextBatch(_ id: ImportID, policy: RegenerationPolicy, limit: Int) throws -> Bool {
        try blockingWrite { db in
            guard let importRow = try Row.fetchOne(db, sql: "SELECT source, effective_mode, applied_through FROM imports WHERE id = ?", arguments: [id.rawValue]) else {
                throw CatalogError(.notFound, "import \(id) does not exist")
            }
            let from: Int64 = importRow["applied_through"]
            guard let to = try Int64.fetchOne(
                db,
                sql: "SELECT MAX(id) FROM (SELECT id FROM import_rows WHERE import_id = ? AND id > ? ORDER BY id LIMIT ?)",
                arguments: [id.rawValue, from, limit]
            ) else { return false }
            let source: String = importRow["source"]
            let priority = (importRow["effective_mode"] as String?) == ImportMode.delta.rawValue ? JobPriority.pimDelta : .pimSnapshot
            let now = nowSeconds
            let batch = "FROM import_rows WHERE import_id = \(id.rawValue) AND id > \(from) AND id <= \(to)"

            try db.execute(sql: """
                INSERT INTO products (sku, source, hash, row_fingerprint, import_id, created_at, updated_at, removed_at)
                SELECT sku, ?, hash, row_fingerprint, ?, ?, ?, NULL \(batch) AND change = 'added'
                ON CONFLICT(sku) DO UPDATE SET source = excluded.source, hash = excluded.hash, row_fingerprint = excluded.row_fingerprint,
                    import_id = excluded.import_id, updated_at = excluded.updated_at, removed_at = NULL
                """, arguments: [source, id.rawValue, now, now])
            // Unchanged content read from different bytes (a reordered export, a first import
            // after an upgrade): remember the new fingerprint so the next run takes the fast path.
            try db.execute(sql: """
                UPDATE products SET row_fingerprint = r.row_fingerprint
                FROM (SELECT sku, row_fingerprint \(batch) AND change = 'unchanged' AND row_fingerprint IS NOT NULL) AS r
                WHERE products.sku = r.sku AND products.row_fingerprint IS NOT r.row_fingerprint
                """)
            try db.execute(sql: """
                INSERT INTO product_history (sku, import_id, change, hash, fields, regenerate, at)
                SELECT sku, ?, change, hash, NULL, change = 'added', ? \(batch) AND change IN ('added', 'removed')
                """, arguments: [id.rawValue, now])
            try db.execute(sql: """
                INSERT OR IGNORE INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at)
                SELECT sku, 'pim-added', ?, ?, \(JobState.queued.sql), ?, ? \(batch) AND change = 'added'
                """, arguments: [priority.rawValue, source, now, now])
            try db.execute(sql: """
                UPDATE products SET removed_at = ?, updated_at = ?, import_id = ?
                WHERE sku IN (SELECT sku \(batch) AND change = 'removed')
                """, arguments: [now, now, id.rawValue])

            // Changed products are compared document by document, a page at a time, so a batch
            // whose every product changed holds a thousand pairs of documents, not all of them.
            let update = try db.cachedStatement(sql: "UPDATE products SET source = ?, hash = ?, row_fingerprint = ?, import_id = ?, updated_at = ?, removed_at = NULL WHERE sku = ?")
            let history = try db.cachedStatement(sql: "INSERT INTO product_history (sku, import_id, change, hash, fields, regenerate, at) VALUES (?, ?, 'changed', ?, ?, ?, ?)")
            let enqueue = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at)
                VALUES (?, 'pim-changed', ?, ?, \(JobState.queued.sql), ?, ?)
                """)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var pageStart = from
            while true {
                let changed = try Row.fetchAll(db, sql: """
                    SELECT r.id, r.sku, r.hash, r.row_fingerprint, new.doc AS new_doc, old.doc AS old_doc
                    FROM import_rows r JOIN product_docs new ON new.hash = r.hash
                    LEFT JOIN products p ON p.sku = r.sku LEFT JOIN product_docs old ON old.hash = p.hash
                    WHERE r.import_id = ? AND r.id > ? AND r.id <= ? AND r.change = 'changed'
                    ORDER BY r.id LIMIT 1000
                    """, arguments: [id.rawValue, pageStart, to])
                guard let last = changed.last else { break }
                pageStart = last["id"]
                for row in changed {
                    let sku: String = row["sku"]
                    let old = row["old_doc"] as String?
                    let fields = try old.map { try FieldChange.between(old: Array($0.utf8), new: Array((row["new_doc"] as String).utf8)) } ?? [:]
                    let regenerate = old == nil || policy.needsRegeneration(changedFields: Array(fields.keys))
                    try update.execute(arguments: [source, row["hash"], row["row_fingerprint"], id.rawValue, now, sku])
                    try history.execute(arguments: [sku, id.rawValue, row["hash"], String(decoding: try encoder.encode(fields), as: UTF8.self), regenerate, now])
                    if regenerate { try enqueue.execute(arguments: [sku, priority.rawValue, source, now, now]) }
                }
            }
            try db.execute(sql: "UPDATE imports SET applied_through = ?, updated_at = ? WHERE id = ?", arguments: [to, now, id.rawValue])
            return true
        }
    }

    public func archive(_ id: ImportID, at path: String) throws {
        try blockingWrite { db in
            try db.execute(
                sql: "UPDATE imports SET state = \(ImportState.archived.sql), archived_path = ?, updated_at = ? WHERE id = ?",
                arguments: [path, nowSeconds, id.rawValue]
            )
        }
    }

    public func quarantine(_ id: ImportID, error: CatalogError, at path: String) throws {
        try finishUnapplied(id, state: .quarantined, error: error, path: path)
    }

    /// A held import a person refused: nothing is applied, the reason is kept.
    public func reject(_ id: ImportID, reason: CatalogError, at path: String) throws {
        try finishUnapplied(id, state: .rejected, error: reason, path: path)
    }

    private func finishUnapplied(_ id: ImportID, state: ImportState, error: CatalogError, path: String) throws {
        let errorJSON = String(decoding: try JSONEncoder().encode(error), as: UTF8.self)
        try blockingWrite { db in
            // Documents only this refused file brought in are dropped with it.
            try db.execute(sql: """
                DELETE FROM product_docs WHERE hash IN (SELECT hash FROM import_rows WHERE import_id = ? AND hash IS NOT NULL)
                  AND NOT EXISTS (SELECT 1 FROM products p WHERE p.hash = product_docs.hash)
                  AND NOT EXISTS (SELECT 1 FROM product_history h WHERE h.hash = product_docs.hash)
                  AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.hash = product_docs.hash AND r.import_id <> ?)
                """, arguments: [id.rawValue, id.rawValue])
            try db.execute(sql: "DELETE FROM import_rows WHERE import_id = ?", arguments: [id.rawValue])
            try db.execute(
                sql: "UPDATE imports SET state = ?, error = ?, archived_path = ?, updated_at = ? WHERE id = ?",
                arguments: [state.rawValue, errorJSON, path, nowSeconds, id.rawValue]
            )
        }
    }

    static func summary(_ row: Row) -> DiffSummary? {
        guard let added = row["added"] as Int? else { return nil }
        return DiffSummary(added: added, changed: row["changed"], removed: row["removed"], unchanged: row["unchanged"])
    }
}
