import GRDB

extension CatalogMigrations {
    /// Review desk (issue 9): who edited a proposal and when; the edit is a generation of
    /// its own and the model's proposal stays reachable. A generation is now also keyed by
    /// its content: the same product run through the same generator again with a different
    /// result (a model is not deterministic; a proposal held for review) is a new row, so
    /// the copy that was published stays what it was.
    static func v06ReviewDesk(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v6-review-desk") { db in
            try db.execute(sql: """
                CREATE TABLE generations_v6 (
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
                    handle TEXT,
                    UNIQUE (sku, locale, generator, generator_version, product_hash, content_hash)
                );
                INSERT INTO generations_v6 (id, sku, locale, generator, generator_version, product_hash, content_hash, title, body_html, meta_title, meta_description, created_at, handle)
                    SELECT id, sku, locale, generator, generator_version, product_hash, content_hash, title, body_html, meta_title, meta_description, created_at, handle FROM generations;
                DROP TABLE generations;
                ALTER TABLE generations_v6 RENAME TO generations;
                CREATE INDEX generations_by_sku ON generations(sku, locale, id);
                CREATE INDEX generations_by_handle ON generations(locale, handle);
                ALTER TABLE review_queue ADD COLUMN edited_by TEXT;
                ALTER TABLE review_queue ADD COLUMN edited_at REAL;
                ALTER TABLE review_queue ADD COLUMN proposed_generation_id INTEGER REFERENCES generations(id);
                """)
        }
    }
}
