import GRDB

extension CatalogMigrations {
    /// CMS conflicts in the review queue (issue 9): the shop's edited copy is kept beside
    /// catalogd's, and a person's choice of catalogd's copy overwrites the shop.
    static func v10ConflictReview(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v10-conflict-review") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN overwrite INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE review_queue ADD COLUMN shop_generation_id INTEGER REFERENCES generations(id);
                ALTER TABLE review_queue ADD COLUMN target TEXT;
                """)
        }
    }
}
