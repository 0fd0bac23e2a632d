import GRDB

extension CatalogMigrations {
    /// One fair queue (issue 8): outbox rows carry their job's priority, so a sell-out is
    /// pushed ahead of a bulk import; jobs carry the source that asked for them, so sources
    /// take turns within a priority; a SKU's total remembers whether a feed discontinued it
    /// and how fast it sells (units/day over the rolling window), for the planner.
    static func v05FairQueue(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v5-fair-queue") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 2;
                CREATE INDEX outbox_by_priority ON outbox(state, priority, id);
                ALTER TABLE generation_jobs ADD COLUMN source TEXT NOT NULL DEFAULT '';
                ALTER TABLE stock_totals ADD COLUMN discontinued INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE stock_totals ADD COLUMN velocity REAL NOT NULL DEFAULT 0;
                """)
        }
    }
}
