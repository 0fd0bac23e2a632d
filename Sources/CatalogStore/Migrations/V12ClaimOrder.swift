import GRDB

extension CatalogMigrations {
    /// Claims at any queue length (issue 24): a claim reads the queue through indexes only.
    /// Within a priority and source, jobs go oldest first; a bulk snapshot's jobs (all the
    /// same age) go bestsellers first (`turn_key`: minus the SKU's units sold per day), then
    /// by SKU, so the copy a bulk run writes lands in the SKU-keyed indexes in order instead
    /// of at random pages. The triggers keep the key true as jobs are queued or raised and as
    /// velocities change, whichever code path does it. Expired leases, due translations and
    /// the day's spending are found by index too.
    static func v12ClaimOrder(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v12-claim-order") { db in
            try db.execute(sql: """
                ALTER TABLE generation_jobs ADD COLUMN turn_key REAL NOT NULL DEFAULT 0;
                UPDATE generation_jobs SET turn_key = -COALESCE((SELECT velocity FROM stock_totals s WHERE s.sku = generation_jobs.sku), 0)
                WHERE state = 'queued' AND priority = 3;
                CREATE INDEX generation_jobs_claim_order ON generation_jobs(priority, source, id) WHERE state = 'queued' AND priority < 3;
                CREATE INDEX generation_jobs_snapshot_claim_order ON generation_jobs(source, turn_key, sku) WHERE state = 'queued' AND priority = 3;
                CREATE INDEX generation_jobs_leases ON generation_jobs(lease_until) WHERE state = 'running';

                CREATE TRIGGER generation_jobs_snapshot_turn AFTER INSERT ON generation_jobs
                WHEN NEW.priority = 3 AND EXISTS (SELECT 1 FROM stock_totals WHERE sku = NEW.sku AND velocity <> 0)
                BEGIN
                    UPDATE generation_jobs SET turn_key = -(SELECT velocity FROM stock_totals WHERE sku = NEW.sku) WHERE id = NEW.id;
                END;
                CREATE TRIGGER generation_jobs_raised_turn AFTER UPDATE OF priority ON generation_jobs
                WHEN NEW.priority <> 3 AND NEW.turn_key <> 0
                BEGIN
                    UPDATE generation_jobs SET turn_key = 0 WHERE id = NEW.id;
                END;
                CREATE TRIGGER stock_totals_inserted_turn AFTER INSERT ON stock_totals
                BEGIN
                    UPDATE generation_jobs SET turn_key = -NEW.velocity
                    WHERE sku = NEW.sku AND state = 'queued' AND priority = 3 AND turn_key <> -NEW.velocity;
                END;
                CREATE TRIGGER stock_totals_updated_turn AFTER UPDATE OF velocity ON stock_totals
                BEGIN
                    UPDATE generation_jobs SET turn_key = -NEW.velocity
                    WHERE sku = NEW.sku AND state = 'queued' AND priority = 3 AND turn_key <> -NEW.velocity;
                END;

                CREATE INDEX translation_queue_due ON translation_queue(not_before) WHERE state = 'queued';
                CREATE INDEX outbox_claim_order ON outbox(priority, id) WHERE state = 'pending';
                CREATE INDEX outbox_leases ON outbox(lease_until) WHERE state = 'in_flight';

                CREATE TABLE cost_days (
                    day TEXT PRIMARY KEY,
                    cost_usd REAL NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO cost_days (day, cost_usd) SELECT day, SUM(cost_usd) FROM cost_ledger GROUP BY day;
                CREATE TRIGGER cost_ledger_day_total AFTER INSERT ON cost_ledger
                BEGIN
                    INSERT INTO cost_days (day, cost_usd) VALUES (NEW.day, NEW.cost_usd)
                    ON CONFLICT (day) DO UPDATE SET cost_usd = cost_usd + excluded.cost_usd;
                END;
                """)
        }
    }
}
