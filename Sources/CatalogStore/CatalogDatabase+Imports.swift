public import CatalogCore
import Foundation
import GRDB

/// Work priorities, lower first: a person's request beats a bulk import.
public enum JobPriority: Int, Sendable, Codable {
    case manual = 0
    case inventory = 1
    case pimDelta = 2
    case pimSnapshot = 3
}

extension CatalogDatabase: ProductStore {
    public func claim(_ file: ImportFile) throws -> ImportClaim {
        try write { db in
            // A file seen before a crash keeps its row: the import resumes instead of starting anew.
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, state, added, changed, removed, unchanged FROM imports
                    WHERE path = ? AND sha256 = ? AND state IN ('claimed', 'parsing', 'applied')
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [file.path, file.sha256]
            ) {
                let id = ImportID(row["id"])
                guard row["state"] as String == ImportState.applied.rawValue else {
                    return ImportClaim(id: id, appliedSummary: nil)
                }
                let summary = DiffSummary(added: row["added"], changed: row["changed"], removed: row["removed"], unchanged: row["unchanged"])
                return ImportClaim(id: id, appliedSummary: summary)
            }
            try db.execute(
                sql: """
                    INSERT INTO imports (file_name, path, sha256, size, source, mode, state, claimed_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, 'claimed', ?, ?)
                    """,
                arguments: [file.name, file.path, file.sha256, file.size, file.source, file.mode.rawValue, nowSeconds, nowSeconds]
            )
            return ImportClaim(id: ImportID(db.lastInsertedRowID), appliedSummary: nil)
        }
    }

    public func markParsing(_ id: ImportID) throws {
        try setImportState(id, .parsing)
    }

    public func apply(_ products: [Product], to id: ImportID) throws -> DiffSummary {
        // Canonical JSON and hashes are computed before the write lock is taken.
        var incoming: [SKU: (doc: String, hash: ContentHash)] = [:]
        incoming.reserveCapacity(products.count)
        for product in products {
            let json = product.canonicalJSON()
            incoming[product.sku] = (String(decoding: json, as: UTF8.self), ContentHash(of: json))
        }
        return try write { db in
            guard let importRow = try Row.fetchOne(db, sql: "SELECT source, mode, state FROM imports WHERE id = ?", arguments: [id.rawValue]) else {
                throw CatalogError(.notFound, "import \(id) does not exist")
            }
            let source: String = importRow["source"]
            let mode = ImportMode(rawValue: importRow["mode"]) ?? .delta
            let stored = try storedHashes(db, source: source)
            let changes = ProductDiff.changes(stored: stored, incoming: incoming.mapValues(\.hash), mode: mode)
            let now = nowSeconds
            let priority = mode == .snapshot ? JobPriority.pimSnapshot : .pimDelta

            let upsert = try db.cachedStatement(sql: """
                INSERT INTO products (sku, source, hash, doc, import_id, created_at, updated_at, removed_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, NULL)
                ON CONFLICT(sku) DO UPDATE SET source = excluded.source, hash = excluded.hash, doc = excluded.doc,
                    import_id = excluded.import_id, updated_at = excluded.updated_at, removed_at = NULL
                """)
            let remove = try db.cachedStatement(sql: "UPDATE products SET removed_at = ?, updated_at = ?, import_id = ? WHERE sku = ?")
            let history = try db.cachedStatement(sql: "INSERT INTO product_history (sku, import_id, change, hash, doc, at) VALUES (?, ?, ?, ?, ?, ?)")
            let enqueue = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO generation_jobs (sku, reason, priority, state, created_at, updated_at)
                VALUES (?, ?, ?, 'queued', ?, ?)
                """)

            for change in changes {
                let sku = change.sku.rawValue
                switch change.kind {
                case .unchanged:
                    continue
                case .added, .changed:
                    let (doc, hash) = incoming[change.sku]!
                    let hashData = Data(hash.bytes)
                    try upsert.execute(arguments: [sku, source, hashData, doc, id.rawValue, now, now])
                    try history.execute(arguments: [sku, id.rawValue, change.kind.rawValue, hashData, doc, now])
                    try enqueue.execute(arguments: [sku, "pim-\(change.kind.rawValue)", priority.rawValue, now, now])
                case .removed:
                    try remove.execute(arguments: [now, now, id.rawValue, sku])
                    try history.execute(arguments: [sku, id.rawValue, change.kind.rawValue, nil, nil, now])
                }
            }
            let summary = DiffSummary(changes)
            try db.execute(
                sql: "UPDATE imports SET state = 'applied', added = ?, changed = ?, removed = ?, unchanged = ?, updated_at = ? WHERE id = ?",
                arguments: [summary.added, summary.changed, summary.removed, summary.unchanged, now, id.rawValue]
            )
            return summary
        }
    }

    public func archive(_ id: ImportID, at path: String) throws {
        try write { db in
            try db.execute(
                sql: "UPDATE imports SET state = 'archived', archived_path = ?, updated_at = ? WHERE id = ?",
                arguments: [path, nowSeconds, id.rawValue]
            )
        }
    }

    public func quarantine(_ id: ImportID, error: CatalogError, at path: String) throws {
        let errorJSON = String(decoding: try JSONEncoder().encode(error), as: UTF8.self)
        try write { db in
            try db.execute(
                sql: "UPDATE imports SET state = 'quarantined', error = ?, archived_path = ?, updated_at = ? WHERE id = ?",
                arguments: [errorJSON, path, nowSeconds, id.rawValue]
            )
        }
    }

    private func setImportState(_ id: ImportID, _ state: ImportState) throws {
        try write { db in
            try db.execute(sql: "UPDATE imports SET state = ?, updated_at = ? WHERE id = ?", arguments: [state.rawValue, nowSeconds, id.rawValue])
        }
    }

    private func storedHashes(_ db: Database, source: String) throws -> [SKU: ContentHash] {
        var result: [SKU: ContentHash] = [:]
        let rows = try Row.fetchCursor(db, sql: "SELECT sku, hash FROM products WHERE source = ? AND removed_at IS NULL", arguments: [source])
        while let row = try rows.next() {
            guard let sku = SKU(row["sku"]), let hash = ContentHash(bytes: Array(row["hash"] as Data)) else { continue }
            result[sku] = hash
        }
        return result
    }
}
