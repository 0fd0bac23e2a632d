public import CatalogCore
import Foundation
import GRDB
import GRDBSQLite

/// The imports ledger: each file claimed, staged in batches, diffed against the stored
/// products and applied in checkpointed batches (`ProductStore`), held, archived or
/// quarantined; and the attribute schema Akeneo's exports describe.
public struct ImportLedger: StoreRepository, ProductStore {
    let database: CatalogDatabase

    public func claim(_ file: ImportFile) throws -> ImportClaim {
        try blockingWrite { db in
            // A file seen before a crash keeps its row: the import resumes instead of starting anew.
            if let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, state, added, changed, removed, unchanged, effective_mode, held_reason FROM imports
                    WHERE path = ? AND fingerprint = ? AND state IN (\(ImportState.claimed.sql), \(ImportState.parsing.sql), \(ImportState.staged.sql), \(ImportState.held.sql), \(ImportState.applied.sql))
                    ORDER BY id DESC LIMIT 1
                    """,
                arguments: [file.path, file.fingerprint]
            ) {
                return ImportClaim(
                    id: ImportID(row["id"]), state: ImportState(rawValue: row["state"]) ?? .claimed, summary: Self.summary(row),
                    mode: (row["effective_mode"] as String?).flatMap(ImportMode.init), heldReason: row["held_reason"]
                )
            }
            try db.execute(
                sql: """
                    INSERT INTO imports (file_name, path, fingerprint, size, source, mode, state, claimed_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, \(ImportState.claimed.sql), ?, ?)
                    """,
                arguments: [file.name, file.path, file.fingerprint, file.size, file.source, file.mode.rawValue, nowSeconds, nowSeconds]
            )
            return ImportClaim(id: ImportID(db.lastInsertedRowID), state: .claimed, summary: nil)
        }
    }

    public func beginStaging(_ id: ImportID) throws {
        try blockingWrite { db in
            try db.execute(sql: "DELETE FROM import_rows WHERE import_id = ?", arguments: [id.rawValue])
            try db.execute(
                sql: "UPDATE imports SET state = \(ImportState.parsing.sql), applied_through = 0, updated_at = ? WHERE id = ?",
                arguments: [nowSeconds, id.rawValue]
            )
        }
    }

    @discardableResult
    public func stage(_ records: [ImportRecord], to id: ImportID) throws -> [RepeatedRecord] {
        // Canonical JSON and hashes are computed before the write lock is taken.
        let prepared: [(sku: String, hash: Data?, doc: [UInt8]?, fingerprint: Int64?, known: Bool, line: Int)] = records.map { record in
            switch record {
            case .product(let product, let line, let fingerprint):
                let json = product.canonicalJSON()
                return (product.sku.rawValue, Data(ContentHash(of: json).bytes), [UInt8](json), fingerprint?.rawValue, false, line)
            case .document(let document, let line, let fingerprint):
                return (document.sku.rawValue, Data(document.contentHash.bytes), document.json, fingerprint?.rawValue, false, line)
            case .unchanged(let sku, let line):
                return (sku.rawValue, nil, nil, nil, true, line)
            case .deletion(let sku, let line):
                return (sku.rawValue, nil, nil, nil, false, line)
            }
        }
        return try blockingWrite { db in
            var repeats: [RepeatedRecord] = []
            let staged = try db.cachedStatement(sql: "SELECT line FROM import_rows WHERE import_id = ? AND sku = ?")
            let lookup = try db.cachedStatement(sql: "SELECT hash, removed_at IS NOT NULL AS removed FROM products WHERE sku = ?")
            let insertDoc = try db.cachedStatement(sql: "INSERT INTO product_docs (hash, doc) VALUES (?, ?) ON CONFLICT (hash) DO NOTHING")
            let insert = try db.cachedStatement(sql: "INSERT INTO import_rows (import_id, sku, change, hash, row_fingerprint, line) VALUES (?, ?, ?, ?, ?, ?)")
            let replace = try db.cachedStatement(sql: """
                UPDATE import_rows SET change = ?, hash = ?, row_fingerprint = ?, line = ? WHERE import_id = ? AND sku = ?
                """)
            // Into an empty catalog (a first load) every product is new: no lookups. Staging
            // never changes `products`, so the answer holds for the whole import.
            let catalogIsEmpty = try !Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM products)")!
            /// Stages one row. A SKU listed twice breaks the (import, SKU) uniqueness: then the
            /// later record wins, and the importer hears of it. Checking only on that failure
            /// spares every other row a lookup.
            func stageRow(_ sku: String, _ change: ChangeKind, _ hash: Data?, _ fingerprint: Int64?, _ line: Int) throws {
                do {
                    try Self.insertStagedRow(insert, import: id.rawValue, sku: sku, change: change, hash: hash, fingerprint: fingerprint, line: line, in: db)
                } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                    if let first = try Int.fetchOne(staged, arguments: [id.rawValue, sku]), let repeated = SKU(sku) {
                        repeats.append(RepeatedRecord(sku: repeated, firstLine: first, line: line))
                    }
                    try replace.execute(arguments: [change.rawValue, hash, fingerprint, line, id.rawValue, sku])
                }
            }
            for row in prepared {
                // A record whose fingerprint matched was read as unchanged without building it.
                if row.known {
                    try stageRow(row.sku, .unchanged, nil, nil, row.line)
                    continue
                }
                let stored = catalogIsEmpty ? nil : try Row.fetchOne(lookup, arguments: [row.sku])
                let isLive = stored.map { !($0["removed"] as Bool) } ?? false
                let change: ChangeKind
                if let hash = row.hash {
                    change = !isLive ? .added : (stored?["hash"] as Data? == hash ? .unchanged : .changed)
                } else {
                    guard isLive else {
                        // Deleting what is not there changes nothing, but a repeat is still one.
                        if let first = try Int.fetchOne(staged, arguments: [id.rawValue, row.sku]), let repeated = SKU(row.sku) {
                            repeats.append(RepeatedRecord(sku: repeated, firstLine: first, line: row.line))
                        }
                        continue
                    }
                    change = .removed
                }
                // Only new content is written: a re-import of unchanged products writes SKUs only.
                if change == .added || change == .changed, let hash = row.hash, let doc = row.doc {
                    try Self.insertDocument(insertDoc, hash: hash, json: doc, in: db)
                }
                try stageRow(row.sku, change, change == .unchanged ? nil : row.hash, row.fingerprint, row.line)
            }
            return repeats
        }
    }

    /// Runs `INSERT INTO product_docs (hash, doc) …` with the document's bytes bound as TEXT
    /// in place: a `String` of them would cost an allocation, a UTF-8 check and SQLite's
    /// length scan and copy, per product, on the import's busiest thread. Canonical JSON is
    /// valid UTF-8 by construction.
    static func insertDocument(_ statement: Statement, hash: Data, json: [UInt8], in db: Database) throws {
        try step(statement, in: db) { handle in
            hash.withUnsafeBytes { hash in
                json.withUnsafeBytes { json in
                    // SQLITE_STATIC (a nil destructor): both buffers outlive the step.
                    sqlite3_bind_blob(handle, 1, hash.baseAddress, Int32(hash.count), nil)
                    sqlite3_bind_text(handle, 2, json.baseAddress.map { $0.assumingMemoryBound(to: CChar.self) }, Int32(json.count), nil)
                    return sqlite3_step(handle)
                }
            }
        }
    }

    /// Runs `INSERT INTO import_rows (import_id, sku, change, hash, row_fingerprint, line) …`
    /// with its values bound directly: GRDB's arguments array boxes six values per row, and
    /// a first import stages a row per product on the thread that bounds its speed.
    static func insertStagedRow(_ statement: Statement, import id: Int64, sku: String, change: ChangeKind, hash: Data?, fingerprint: Int64?, line: Int, in db: Database) throws {
        try step(statement, in: db) { handle in
            sqlite3_bind_int64(handle, 1, id)
            sqlite3_bind_int64(handle, 6, Int64(line))
            if let fingerprint { sqlite3_bind_int64(handle, 5, fingerprint) } else { sqlite3_bind_null(handle, 5) }
            var sku = sku
            return sku.withUTF8 { sku in
                change.rawValue.utf8CString.withUnsafeBufferPointer { change in
                    // SQLITE_STATIC: every buffer outlives the step.
                    if let base = sku.baseAddress {
                        sqlite3_bind_text(handle, 2, UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self), Int32(sku.count), nil)
                    } else {
                        sqlite3_bind_text(handle, 2, "", 0, unsafeBitCast(-1, to: sqlite3_destructor_type.self))  // SQLITE_TRANSIENT
                    }
                    sqlite3_bind_text(handle, 3, change.baseAddress, Int32(change.count - 1), nil)
                    guard let hash else {
                        sqlite3_bind_null(handle, 4)
                        return sqlite3_step(handle)
                    }
                    return hash.withUnsafeBytes { hash in
                        sqlite3_bind_blob(handle, 4, hash.baseAddress, Int32(hash.count), nil)
                        return sqlite3_step(handle)
                    }
                }
            }
        }
    }

    /// Resets `statement`, lets `bindAndStep` bind its values and step it once, and turns a
    /// failure into GRDB's `DatabaseError` with SQLite's extended code and message.
    private static func step(_ statement: Statement, in db: Database, _ bindAndStep: (OpaquePointer) -> Int32) throws {
        let handle = statement.sqliteStatement
        sqlite3_reset(handle)
        let code = bindAndStep(handle)
        sqlite3_clear_bindings(handle)
        sqlite3_reset(handle)
        guard code == SQLITE_DONE else {
            throw DatabaseError(resultCode: ResultCode(rawValue: sqlite3_extended_errcode(db.sqliteConnection)), message: String(cString: sqlite3_errmsg(db.sqliteConnection)), sql: statement.sql)
        }
    }

    public func rowFingerprints(source: String) throws -> RowFingerprintIndex {
        try blockingRead { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT sku, row_fingerprint FROM products WHERE source = ? AND removed_at IS NULL AND row_fingerprint IS NOT NULL", arguments: [source])
            var index = RowFingerprintIndex.Builder()
            while let row = try rows.next() {
                if let sku = SKU(row["sku"]) { index.add(sku, RowFingerprint(rawValue: row["row_fingerprint"])) }
            }
            return index.build()
        }
    }

    public func finishStaging(_ id: ImportID, mode: ImportMode, notes: ImportNotes) throws -> DiffSummary {
        let notesJSON = String(decoding: try JSONEncoder().encode(notes), as: UTF8.self)
        return try blockingWrite { db in
            let source = try String.fetchOne(db, sql: "SELECT source FROM imports WHERE id = ?", arguments: [id.rawValue]) ?? ""
            if mode == .snapshot {
                try db.execute(
                    sql: """
                        INSERT INTO import_rows (import_id, sku, change)
                        SELECT ?, p.sku, 'removed' FROM products p
                        WHERE p.source = ? AND p.removed_at IS NULL
                          AND NOT EXISTS (SELECT 1 FROM import_rows r WHERE r.import_id = ? AND r.sku = p.sku)
                        """,
                    arguments: [id.rawValue, source, id.rawValue]
                )
            }
            var summary = DiffSummary()
            for row in try Row.fetchAll(db, sql: "SELECT change, COUNT(*) AS n FROM import_rows WHERE import_id = ? GROUP BY change", arguments: [id.rawValue]) {
                if let kind = ChangeKind(rawValue: row["change"]) { summary.count(kind, by: row["n"]) }
            }
            try db.execute(
                sql: """
                    UPDATE imports SET state = \(ImportState.staged.sql), effective_mode = ?, added = ?, changed = ?, removed = ?, unchanged = ?,
                        notes = ?, updated_at = ? WHERE id = ?
                    """,
                arguments: [mode.rawValue, summary.added, summary.changed, summary.removed, summary.unchanged, notesJSON, nowSeconds, id.rawValue]
            )
            return summary
        }
    }

    public func liveProductCount(source: String) throws -> Int {
        try blockingRead { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM products WHERE source = ? AND removed_at IS NULL", arguments: [source]) ?? 0
        }
    }
}
