import GRDB

extension CatalogMigrations {
    /// Publishing (issue 6): what a target adjusted while publishing (a url_key made
    /// unique), the hash of the copy each row carries (its generation row is updated in
    /// place when the same product is regenerated) for the drift check's "last pushed", and
    /// what drift polling learned from each shop.
    static func v03Publishing(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v3-publishing") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN note TEXT;
                ALTER TABLE outbox ADD COLUMN content_hash BLOB;
                CREATE INDEX outbox_published ON outbox(sku, locale, target, updated_at) WHERE state = 'published';

                -- What drift polling learned about each SKU in each shop.
                CREATE TABLE shop_products (
                    target TEXT NOT NULL,
                    sku TEXT NOT NULL,
                    product_ref TEXT NOT NULL,
                    updated_at REAL NOT NULL,
                    edited_at REAL,
                    deleted_at REAL,
                    PRIMARY KEY (target, sku)
                );
                CREATE INDEX shop_products_by_ref ON shop_products(target, product_ref);
                CREATE TABLE drift_cursors (
                    target TEXT PRIMARY KEY,
                    cursor TEXT NOT NULL,
                    polled_at REAL NOT NULL
                );
                """)
        }
    }
}
