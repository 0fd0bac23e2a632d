import GRDB

extension CatalogMigrations {
    /// A/B experiments (issue 9): which SKUs compare which two generators, and the
    /// conversions analytics exports report per day, SKU and variant (a re-imported day
    /// replaces itself).
    static func v07Experiments(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v7-experiments") { db in
            try db.execute(sql: """
                CREATE TABLE experiments (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    name TEXT NOT NULL,
                    variant_a TEXT NOT NULL,
                    variant_b TEXT NOT NULL,
                    state TEXT NOT NULL,
                    winner TEXT,
                    created_by TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    stopped_at REAL
                );
                CREATE TABLE experiment_skus (
                    experiment_id INTEGER NOT NULL REFERENCES experiments(id),
                    sku TEXT NOT NULL,
                    PRIMARY KEY (experiment_id, sku)
                ) WITHOUT ROWID;
                CREATE INDEX experiment_skus_by_sku ON experiment_skus(sku);
                CREATE TABLE conversions (
                    day TEXT NOT NULL,
                    sku TEXT NOT NULL,
                    variant TEXT NOT NULL,
                    source TEXT NOT NULL,
                    views INTEGER NOT NULL,
                    add_to_carts INTEGER NOT NULL,
                    purchases INTEGER NOT NULL,
                    revenue REAL NOT NULL,
                    imported_at REAL NOT NULL,
                    PRIMARY KEY (day, sku, variant, source)
                ) WITHOUT ROWID;
                CREATE INDEX conversions_by_sku ON conversions(sku, day);
                """)
        }
    }
}
