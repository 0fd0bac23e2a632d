import GRDB

extension CatalogMigrations {
    /// The foundation (issue 1): imports and their staged rows, products with their field history,
    /// generation jobs and copy, the outbox and the manual queue, and the audit trail.
    static func v01Foundation(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: """
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    file_name TEXT NOT NULL,
                    path TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    effective_mode TEXT,
                    state TEXT NOT NULL,
                    added INTEGER, changed INTEGER, removed INTEGER, unchanged INTEGER,
                    notes TEXT,
                    error TEXT,
                    held_reason TEXT,
                    applied_through INTEGER NOT NULL DEFAULT 0,
                    archived_path TEXT,
                    claimed_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX imports_by_state ON imports(state);
                CREATE INDEX imports_by_path ON imports(path, fingerprint);

                -- A file's records between parsing and applying: the diff, one row per SKU.
                CREATE TABLE import_rows (
                    id INTEGER PRIMARY KEY,
                    import_id INTEGER NOT NULL,
                    sku TEXT NOT NULL,
                    change TEXT NOT NULL,
                    hash BLOB,
                    row_fingerprint INTEGER,
                    line INTEGER,
                    UNIQUE (import_id, sku)
                );
                CREATE INDEX import_rows_by_import ON import_rows(import_id);

                -- Product documents (canonical JSON), stored once per content hash. Products,
                -- staged rows and history refer to them by hash, so applying an import moves
                -- hashes, never documents, and every historical version stays readable.
                CREATE TABLE product_docs (
                    id INTEGER PRIMARY KEY,
                    hash BLOB NOT NULL UNIQUE,
                    doc TEXT NOT NULL
                );

                CREATE TABLE products (
                    sku TEXT PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    hash BLOB NOT NULL,
                    row_fingerprint INTEGER,
                    import_id INTEGER,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    removed_at REAL
                );
                CREATE INDEX products_by_source ON products(source, removed_at);

                CREATE TABLE product_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    import_id INTEGER,
                    change TEXT NOT NULL,
                    hash BLOB,
                    fields TEXT,
                    regenerate INTEGER NOT NULL DEFAULT 0,
                    at REAL NOT NULL
                );
                CREATE INDEX product_history_by_sku ON product_history(sku, id);

                CREATE TABLE generation_jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    lease_until REAL,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE UNIQUE INDEX generation_jobs_one_queued ON generation_jobs(sku) WHERE state = 'queued';
                CREATE INDEX generation_jobs_by_state ON generation_jobs(state, priority, id);

                CREATE TABLE generations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    generator TEXT NOT NULL,
                    generator_version TEXT NOT NULL,
                    product_hash BLOB NOT NULL,
                    content_hash BLOB NOT NULL,
                    title TEXT NOT NULL,
                    body_html TEXT NOT NULL,
                    meta_title TEXT NOT NULL,
                    meta_description TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    UNIQUE (sku, locale, generator, generator_version, product_hash)
                );
                CREATE INDEX generations_by_sku ON generations(sku, locale, id);

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    generation_id INTEGER NOT NULL REFERENCES generations(id),
                    sku TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    target TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    lease_until REAL,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX outbox_by_state ON outbox(state, next_attempt_at, id);
                CREATE INDEX outbox_by_item ON outbox(sku, locale, target);

                CREATE TABLE manual_queue (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox(id),
                    sku TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    target TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    exported_at REAL
                );
                CREATE INDEX manual_queue_by_state ON manual_queue(state, sku, locale);

                CREATE TABLE audit_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT,
                    detail TEXT
                );
                """)
        }
    }
}
