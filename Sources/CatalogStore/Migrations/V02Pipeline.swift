import GRDB

extension CatalogMigrations {
    /// The agent pipeline (issue 5): each run's steps, the cost ledger, the review queue,
    /// incidents, deferred translations, handles and the generator registry.
    static func v02Pipeline(_ migrator: inout DatabaseMigrator) {
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
    }
}
