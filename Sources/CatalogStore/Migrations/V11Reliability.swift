import GRDB

extension CatalogMigrations {
    /// Reliability (issue 10): each stock change a poll records is kept, in the same
    /// transaction, until the copy change it triggers is queued, so a kill between the two
    /// cannot lose the reaction (the file or response is not re-read as a change); and an
    /// outbox row that waits for a sibling's push is marked so that push can wake it; a
    /// finished job looks for newer jobs of its SKU by index.
    static func v11Reliability(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v11-reliability") { db in
            try db.execute(sql: """
                CREATE TABLE stock_reactions (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    source TEXT NOT NULL,
                    sku TEXT NOT NULL,
                    old INTEGER,
                    new INTEGER NOT NULL,
                    was_discontinued INTEGER NOT NULL,
                    discontinued INTEGER NOT NULL
                );
                ALTER TABLE outbox ADD COLUMN waits_for_sibling INTEGER NOT NULL DEFAULT 0;
                CREATE INDEX generation_jobs_by_sku ON generation_jobs(sku, id);
                """)
        }
    }
}
