import GRDB

extension CatalogMigrations {
    /// Experiment variants (issue 9): an outbox row is the product's own copy or an
    /// experiment's variant B, each superseded and compared only within its slot.
    static func v09CopySlots(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v9-copy-slots") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN slot TEXT NOT NULL DEFAULT 'main';
                """)
        }
    }
}
