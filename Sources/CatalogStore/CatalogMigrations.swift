import GRDB

/// Schema migrations. Append-only: a migration that has landed is never edited, because
/// deployed databases have already run it.
enum CatalogMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-foundation") { db in
            try db.execute(sql: """
                CREATE TABLE imports (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    file_name TEXT NOT NULL,
                    path TEXT NOT NULL,
                    fingerprint TEXT NOT NULL,
                    size INTEGER NOT NULL,
                    source TEXT NOT NULL,
                    mode TEXT NOT NULL,
                    effective_mode TEXT,
                    state TEXT NOT NULL,
                    added INTEGER, changed INTEGER, removed INTEGER, unchanged INTEGER,
                    notes TEXT,
                    error TEXT,
                    held_reason TEXT,
                    applied_through INTEGER NOT NULL DEFAULT 0,
                    archived_path TEXT,
                    claimed_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX imports_by_state ON imports(state);
                CREATE INDEX imports_by_path ON imports(path, fingerprint);

                -- A file's records between parsing and applying: the diff, one row per SKU.
                CREATE TABLE import_rows (
                    id INTEGER PRIMARY KEY,
                    import_id INTEGER NOT NULL,
                    sku TEXT NOT NULL,
                    change TEXT NOT NULL,
                    hash BLOB,
                    row_fingerprint INTEGER,
                    line INTEGER,
                    UNIQUE (import_id, sku)
                );
                CREATE INDEX import_rows_by_import ON import_rows(import_id);

                -- Product documents (canonical JSON), stored once per content hash. Products,
                -- staged rows and history refer to them by hash, so applying an import moves
                -- hashes, never documents, and every historical version stays readable.
                CREATE TABLE product_docs (
                    id INTEGER PRIMARY KEY,
                    hash BLOB NOT NULL UNIQUE,
                    doc TEXT NOT NULL
                );

                CREATE TABLE products (
                    sku TEXT PRIMARY KEY NOT NULL,
                    source TEXT NOT NULL,
                    hash BLOB NOT NULL,
                    row_fingerprint INTEGER,
                    import_id INTEGER,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL,
                    removed_at REAL
                );
                CREATE INDEX products_by_source ON products(source, removed_at);

                CREATE TABLE product_history (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    import_id INTEGER,
                    change TEXT NOT NULL,
                    hash BLOB,
                    fields TEXT,
                    regenerate INTEGER NOT NULL DEFAULT 0,
                    at REAL NOT NULL
                );
                CREATE INDEX product_history_by_sku ON product_history(sku, id);

                CREATE TABLE generation_jobs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    priority INTEGER NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    lease_until REAL,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE UNIQUE INDEX generation_jobs_one_queued ON generation_jobs(sku) WHERE state = 'queued';
                CREATE INDEX generation_jobs_by_state ON generation_jobs(state, priority, id);

                CREATE TABLE generations (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    generator TEXT NOT NULL,
                    generator_version TEXT NOT NULL,
                    product_hash BLOB NOT NULL,
                    content_hash BLOB NOT NULL,
                    title TEXT NOT NULL,
                    body_html TEXT NOT NULL,
                    meta_title TEXT NOT NULL,
                    meta_description TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    UNIQUE (sku, locale, generator, generator_version, product_hash)
                );
                CREATE INDEX generations_by_sku ON generations(sku, locale, id);

                CREATE TABLE outbox (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    idempotency_key TEXT NOT NULL UNIQUE,
                    generation_id INTEGER NOT NULL REFERENCES generations(id),
                    sku TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    target TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt_at REAL NOT NULL,
                    lease_until REAL,
                    last_error TEXT,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE INDEX outbox_by_state ON outbox(state, next_attempt_at, id);
                CREATE INDEX outbox_by_item ON outbox(sku, locale, target);

                CREATE TABLE manual_queue (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    outbox_id INTEGER NOT NULL UNIQUE REFERENCES outbox(id),
                    sku TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    target TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    exported_at REAL
                );
                CREATE INDEX manual_queue_by_state ON manual_queue(state, sku, locale);

                CREATE TABLE audit_events (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    actor TEXT NOT NULL,
                    action TEXT NOT NULL,
                    subject TEXT,
                    detail TEXT
                );
                """)
        }
        // The agent pipeline (issue 5): each run's steps, the cost ledger, the review queue,
        // incidents, deferred translations, handles and the generator registry.
        migrator.registerMigration("v2-pipeline") { db in
            try db.execute(sql: """
                CREATE TABLE pipeline_runs (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    job_id INTEGER,
                    sku TEXT NOT NULL,
                    product_hash BLOB,
                    route TEXT NOT NULL,
                    summary TEXT NOT NULL,
                    cost_usd REAL NOT NULL,
                    at REAL NOT NULL
                );
                CREATE INDEX pipeline_runs_by_sku ON pipeline_runs(sku, id);

                CREATE TABLE pipeline_steps (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id INTEGER NOT NULL REFERENCES pipeline_runs(id),
                    seq INTEGER NOT NULL,
                    agent TEXT NOT NULL,
                    locale TEXT,
                    action TEXT NOT NULL,
                    outcome TEXT NOT NULL,
                    detail TEXT,
                    provider TEXT,
                    model TEXT,
                    input_tokens INTEGER NOT NULL DEFAULT 0,
                    output_tokens INTEGER NOT NULL DEFAULT 0,
                    cost_usd REAL NOT NULL DEFAULT 0
                );
                CREATE INDEX pipeline_steps_by_run ON pipeline_steps(run_id, seq);

                CREATE TABLE cost_ledger (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    run_id INTEGER REFERENCES pipeline_runs(id),
                    at REAL NOT NULL,
                    day TEXT NOT NULL,
                    month TEXT NOT NULL,
                    sku TEXT NOT NULL,
                    agent TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    model TEXT NOT NULL,
                    input_tokens INTEGER NOT NULL,
                    output_tokens INTEGER NOT NULL,
                    cost_usd REAL NOT NULL
                );
                CREATE INDEX cost_ledger_by_day ON cost_ledger(day);
                CREATE INDEX cost_ledger_by_month ON cost_ledger(month);

                CREATE TABLE review_queue (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    why TEXT NOT NULL,
                    scores TEXT NOT NULL,
                    suggested_edits TEXT NOT NULL,
                    generation_id INTEGER REFERENCES generations(id),
                    state TEXT NOT NULL,
                    assigned_to TEXT,
                    created_at REAL NOT NULL,
                    decided_at REAL,
                    decided_by TEXT,
                    note TEXT
                );
                CREATE INDEX review_queue_by_state ON review_queue(state, reason, locale);
                CREATE INDEX review_queue_by_item ON review_queue(sku, locale, state);

                CREATE TABLE incidents (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    at REAL NOT NULL,
                    sku TEXT NOT NULL,
                    locale TEXT,
                    kind TEXT NOT NULL,
                    detail TEXT NOT NULL
                );

                CREATE TABLE translation_queue (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    state TEXT NOT NULL,
                    attempts INTEGER NOT NULL DEFAULT 0,
                    not_before REAL NOT NULL,
                    created_at REAL NOT NULL,
                    updated_at REAL NOT NULL
                );
                CREATE UNIQUE INDEX translation_queue_one_open ON translation_queue(sku, locale) WHERE state = 'queued';

                ALTER TABLE generations ADD COLUMN handle TEXT;
                CREATE INDEX generations_by_handle ON generations(locale, handle);

                CREATE TABLE generators (
                    name TEXT NOT NULL,
                    version TEXT NOT NULL,
                    provider TEXT NOT NULL,
                    model TEXT NOT NULL,
                    prompt_version TEXT NOT NULL,
                    state TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    promoted_at REAL,
                    PRIMARY KEY (name, version)
                );
                """)
        }
        // Publishing (issue 6): what a target adjusted while publishing (a url_key made
        // unique), the hash of the copy each row carries (its generation row is updated in
        // place when the same product is regenerated) for the drift check's "last pushed", and
        // what drift polling learned from each shop.
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
        // Inventory (issue 8): stock per source, SKU and location; the total per SKU the
        // triggers compare; and every change of a total, for velocity.
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
        // One fair queue (issue 8): outbox rows carry their job's priority, so a sell-out is
        // pushed ahead of a bulk import; jobs carry the source that asked for them, so sources
        // take turns within a priority; a SKU's total remembers whether a feed discontinued it
        // and how fast it sells (units/day over the rolling window), for the planner.
        migrator.registerMigration("v5-fair-queue") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN priority INTEGER NOT NULL DEFAULT 2;
                CREATE INDEX outbox_by_priority ON outbox(state, priority, id);
                ALTER TABLE generation_jobs ADD COLUMN source TEXT NOT NULL DEFAULT '';
                ALTER TABLE stock_totals ADD COLUMN discontinued INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE stock_totals ADD COLUMN velocity REAL NOT NULL DEFAULT 0;
                """)
        }
        // Review desk (issue 9): who edited a proposal and when; the edit is a generation of
        // its own and the model's proposal stays reachable. A generation is now also keyed by
        // its content: the same product run through the same generator again with a different
        // result (a model is not deterministic; a proposal held for review) is a new row, so
        // the copy that was published stays what it was.
        migrator.registerMigration("v6-review-desk") { db in
            try db.execute(sql: """
                CREATE TABLE generations_v6 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    sku TEXT NOT NULL,
                    locale TEXT NOT NULL,
                    generator TEXT NOT NULL,
                    generator_version TEXT NOT NULL,
                    product_hash BLOB NOT NULL,
                    content_hash BLOB NOT NULL,
                    title TEXT NOT NULL,
                    body_html TEXT NOT NULL,
                    meta_title TEXT NOT NULL,
                    meta_description TEXT NOT NULL,
                    created_at REAL NOT NULL,
                    handle TEXT,
                    UNIQUE (sku, locale, generator, generator_version, product_hash, content_hash)
                );
                INSERT INTO generations_v6 (id, sku, locale, generator, generator_version, product_hash, content_hash, title, body_html, meta_title, meta_description, created_at, handle)
                    SELECT id, sku, locale, generator, generator_version, product_hash, content_hash, title, body_html, meta_title, meta_description, created_at, handle FROM generations;
                DROP TABLE generations;
                ALTER TABLE generations_v6 RENAME TO generations;
                CREATE INDEX generations_by_sku ON generations(sku, locale, id);
                CREATE INDEX generations_by_handle ON generations(locale, handle);
                ALTER TABLE review_queue ADD COLUMN edited_by TEXT;
                ALTER TABLE review_queue ADD COLUMN edited_at REAL;
                ALTER TABLE review_queue ADD COLUMN proposed_generation_id INTEGER REFERENCES generations(id);
                """)
        }
        // A/B experiments (issue 9): which SKUs compare which two generators, and the
        // conversions analytics exports report per day, SKU and variant (a re-imported day
        // replaces itself).
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
        // Quality drift (issue 9): the evaluator's confidence for every locale a run finished,
        // by the generator that wrote it.
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
        // Experiment variants (issue 9): an outbox row is the product's own copy or an
        // experiment's variant B, each superseded and compared only within its slot.
        migrator.registerMigration("v9-copy-slots") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN slot TEXT NOT NULL DEFAULT 'main';
                """)
        }
        // CMS conflicts in the review queue (issue 9): the shop's edited copy is kept beside
        // catalogd's, and a person's choice of catalogd's copy overwrites the shop.
        migrator.registerMigration("v10-conflict-review") { db in
            try db.execute(sql: """
                ALTER TABLE outbox ADD COLUMN overwrite INTEGER NOT NULL DEFAULT 0;
                ALTER TABLE review_queue ADD COLUMN shop_generation_id INTEGER REFERENCES generations(id);
                ALTER TABLE review_queue ADD COLUMN target TEXT;
                """)
        }
        // Reliability (issue 10): each stock change a poll records is kept, in the same
        // transaction, until the copy change it triggers is queued, so a kill between the two
        // cannot lose the reaction (the file or response is not re-read as a change); and an
        // outbox row that waits for a sibling's push is marked so that push can wake it; a
        // finished job looks for newer jobs of its SKU by index.
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
        // Claims at any queue length (issue 24): a claim reads the queue through indexes only.
        // Within a priority and source, jobs go oldest first; a bulk snapshot's jobs (all the
        // same age) go bestsellers first (`turn_key`: minus the SKU's units sold per day), then
        // by SKU, so the copy a bulk run writes lands in the SKU-keyed indexes in order instead
        // of at random pages. The triggers keep the key true as jobs are queued or raised and as
        // velocities change, whichever code path does it. Expired leases, due translations and
        // the day's spending are found by index too.
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
        // A run's trace in one row (issue 24): about fifty steps per SKU were fifty rows, most of
        // a bulk run's writes. New runs keep their steps as a JSON array on the run; the provider
        // calls /metrics reports are counted per hour, route and outcome as runs commit.
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
        // The PIM's attribute schema (issue 25): types and labels from Akeneo's attribute and
        // option exports, merged into one document the writers load when it changes.
        migrator.registerMigration("v14-attribute-schema") { db in
            try db.execute(sql: """
                CREATE TABLE attribute_schema (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    document TEXT NOT NULL,
                    updated_at REAL NOT NULL
                );
                """)
        }
        return migrator
    }
}
