import GRDB

extension CatalogMigrations {
    /// A run's trace in one row (issue 24): about fifty steps per SKU were fifty rows, most of
    /// a bulk run's writes. New runs keep their steps as a JSON array on the run; the provider
    /// calls /metrics reports are counted per hour, route and outcome as runs commit.
    static func v13CompactTrace(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v13-compact-trace") { db in
            try db.execute(sql: """
                ALTER TABLE pipeline_runs ADD COLUMN steps TEXT;
                CREATE TABLE provider_call_hours (
                    hour INTEGER NOT NULL,
                    route TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    calls INTEGER NOT NULL,
                    PRIMARY KEY (hour, route, outcome)
                ) WITHOUT ROWID;
                INSERT INTO provider_call_hours (hour, route, outcome, calls)
                    SELECT CAST(r.at / 3600 AS INTEGER), s.provider || '/' || COALESCE(s.model, '?'), s.outcome, COUNT(*)
                    FROM pipeline_steps s JOIN pipeline_runs r ON r.id = s.run_id
                    WHERE s.provider IS NOT NULL
                    GROUP BY 1, 2, 3;
                """)
        }
    }
}
