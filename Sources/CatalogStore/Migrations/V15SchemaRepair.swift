import GRDB

extension CatalogMigrations {
    /// Three migrations were edited after they first landed (v3 gained the drift tables, v11 an
    /// index, v12 a different claim order), so a database that ran an earlier text of them
    /// lacks what today's code reads. This brings every such database to today's shape; on a
    /// database that ran today's texts it only rebuilds one small partial index.
    static func v15SchemaRepair(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v15-schema-repair") { db in
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS shop_products (
                    target TEXT NOT NULL,
                    sku TEXT NOT NULL,
                    product_ref TEXT NOT NULL,
                    updated_at REAL NOT NULL,
                    edited_at REAL,
                    deleted_at REAL,
                    PRIMARY KEY (target, sku)
                );
                CREATE INDEX IF NOT EXISTS shop_products_by_ref ON shop_products(target, product_ref);
                CREATE TABLE IF NOT EXISTS drift_cursors (
                    target TEXT PRIMARY KEY,
                    cursor TEXT NOT NULL,
                    polled_at REAL NOT NULL
                );
                CREATE INDEX IF NOT EXISTS generation_jobs_by_sku ON generation_jobs(sku, id);
                DROP INDEX IF EXISTS generation_jobs_claim_order;
                CREATE INDEX generation_jobs_claim_order ON generation_jobs(priority, source, id) WHERE state = 'queued' AND priority < 3;
                CREATE INDEX IF NOT EXISTS generation_jobs_snapshot_claim_order ON generation_jobs(source, turn_key, sku) WHERE state = 'queued' AND priority = 3;
                """)
        }
    }
}
