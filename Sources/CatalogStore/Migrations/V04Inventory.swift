import GRDB

extension CatalogMigrations {
    /// Inventory (issue 8): stock per source, SKU and location; the total per SKU the
    /// triggers compare; and every change of a total, for velocity.
    static func v04Inventory(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v4-inventory") { db in
            try db.execute(sql: """
                CREATE TABLE stock (
                    source TEXT NOT NULL,
                    sku TEXT NOT NULL,
                    location TEXT NOT NULL,
                    quantity INTEGER NOT NULL,
                    updated_at REAL NOT NULL,
                    PRIMARY KEY (source, sku, location)
                ) WITHOUT ROWID;
                CREATE TABLE stock_totals (
                    sku TEXT PRIMARY KEY,
                    quantity INTEGER NOT NULL,
                    updated_at REAL NOT NULL
                ) WITHOUT ROWID;
                CREATE TABLE stock_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    old INTEGER,
                    new INTEGER NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX stock_history_by_sku ON stock_history(sku, at);
                """)
        }
    }
}
