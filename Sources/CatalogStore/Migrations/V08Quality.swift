import GRDB

extension CatalogMigrations {
    /// Quality drift (issue 9): the evaluator's confidence for every locale a run finished,
    /// by the generator that wrote it.
    static func v08Quality(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v8-quality") { db in
            try db.execute(sql: """
                CREATE TABLE quality_samples (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    generator TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    confidence REAL NOT NULL
                );
                CREATE INDEX quality_samples_by_generator ON quality_samples(generator, at);
                """)
        }
    }
}
