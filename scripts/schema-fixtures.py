#!/usr/bin/env python3
"""Writes Tests/Fixtures/schema/*.sqlite: one database per schema catalogd has shipped.

Each fixture is built from the migrations as they read at the commit that last changed
them (git history), not from today's files, so the upgrade test opens what an older
catalogd really left on disk. A few rows of every stage are seeded so the test can check
they survive the upgrade. Run it from the repository root after a new migration lands;
existing fixtures never change.
"""
import os, re, sqlite3, subprocess, sys

LEGACY_FILE = "Sources/CatalogStore/CatalogMigrations.swift"
MIGRATIONS = "Sources/CatalogStore/Migrations"
OUT = "Tests/Fixtures/schema"
# v1-foundation as it read in the walking skeleton's first hour (three drafts, renamed and
# reshaped before any migration was appended to it). Every later text is covered.
DRAFTS = {"28068ae", "a5e4bac", "45c1347"}


def git(*args):
    return subprocess.check_output(["git", *args], stderr=subprocess.DEVNULL).decode()


def migrations_at(commit):
    """[(identifier, [sql, ...])] as registered at `commit`: in one file until the migrations
    were split, then one file each, in the order of their zero-padded names."""
    try:
        names = sorted(git("ls-tree", "--name-only", f"{commit}:{MIGRATIONS}").split())
        source = "".join(git("show", f"{commit}:{MIGRATIONS}/{name}") for name in names)
    except subprocess.CalledProcessError:
        source = git("show", f"{commit}:{LEGACY_FILE}")
    parts = re.split(r'migrator\.registerMigration\("([^"]+)"\)', source)
    result = []
    for i in range(1, len(parts), 2):
        body = parts[i + 1].split("return migrator")[0]
        result.append((parts[i], re.findall(r'"""\n(.*?)"""', body, re.S)))
    return result


def schema_states():
    """Every distinct migration list main has had, oldest first, with the commit that made it."""
    states, seen = [], set()
    for commit in git("log", "--reverse", "--format=%h", "--", LEGACY_FILE, MIGRATIONS).split():
        if commit in DRAFTS:
            continue
        try:
            migrations = migrations_at(commit)
        except subprocess.CalledProcessError:
            continue
        if not migrations:
            continue
        key = repr(migrations)
        if key not in seen:
            seen.add(key)
            states.append((commit, migrations))
    return states


# Rows of every stage. Columns a version lacks are left out; later columns take defaults.
H1, H2, C1, C2 = (bytes([n]) * 32 for n in (1, 2, 3, 4))
T = 1_790_000_000.0
DOC1 = '{"attributes":{},"categories":["kayaks"],"enabled":true,"family":"boats","sku":"UPG-1"}'
DOC2 = '{"attributes":{},"categories":["paddles"],"enabled":true,"family":"boats","sku":"UPG-2"}'
SEED = {
    "imports": [dict(id=1, file_name="akeneo.csv", path="/var/lib/catalogd/inbox/akeneo.csv", fingerprint="f1", size=120,
                     source="inbox", mode="delta", effective_mode="delta", state="archived", added=2, changed=0,
                     removed=0, unchanged=0, applied_through=2, claimed_at=T, updated_at=T, sha256="ab" * 32)],
    "product_docs": [dict(id=1, hash=H1, doc=DOC1), dict(id=2, hash=H2, doc=DOC2)],
    "products": [dict(sku="UPG-1", source="inbox", hash=H1, import_id=1, created_at=T, updated_at=T),
                 dict(sku="UPG-2", source="inbox", hash=H2, import_id=1, created_at=T, updated_at=T),
                 dict(sku="UPG-3", source="inbox", hash=H2, import_id=1, created_at=T, updated_at=T, removed_at=T + 60)],
    "product_history": [dict(id=1, sku="UPG-1", import_id=1, change="added", hash=H1, regenerate=1, at=T)],
    "generation_jobs": [dict(id=1, sku="UPG-1", reason="added", priority=3, state="queued", created_at=T, updated_at=T, source="inbox"),
                        dict(id=2, sku="UPG-2", reason="added", priority=3, state="done", attempts=1, created_at=T, updated_at=T, source="inbox")],
    "generations": [dict(id=1, sku="UPG-2", locale="en_US", generator="template", generator_version="1", product_hash=H2,
                         content_hash=C2, title="Paddle", body_html="<p>An aluminium paddle.</p>", meta_title="Paddle",
                         meta_description="An aluminium paddle, 220 cm.", created_at=T)],
    "outbox": [dict(id=1, idempotency_key="UPG-2/en_US/manual-queue/1", generation_id=1, sku="UPG-2", locale="en_US",
                    target="manual-queue", state="manual", attempts=1, next_attempt_at=T, created_at=T, updated_at=T)],
    "manual_queue": [dict(id=1, outbox_id=1, sku="UPG-2", locale="en_US", target="manual-queue",
                          reason="no shop is configured", state="open", created_at=T)],
    "review_queue": [dict(id=1, sku="UPG-2", locale="de_DE", reason="low_confidence", why="confidence 0.62",
                          scores="{}", suggested_edits="[]", generation_id=1, state="open", created_at=T)],
    "generators": [dict(name="template", version="1", provider="template", model="template", prompt_version="1",
                        state="active", created_at=T)],
    "stock": [dict(source="warehouse", sku="UPG-1", location="main", quantity=3, updated_at=T)],
    "stock_totals": [dict(sku="UPG-1", quantity=3, updated_at=T)],
    "experiments": [dict(id=1, name="paddle copy", variant_a="template@1", variant_b="template@2", state="running",
                         created_by="operator", created_at=T)],
    "audit_events": [dict(id=1, at=T, actor="operator", action="import.approve", subject="akeneo.csv")],
}


def seed(db):
    for table, rows in SEED.items():
        columns = {r[1]: r for r in db.execute(f"PRAGMA table_info({table})")}
        if not columns:
            continue
        for row in rows:
            missing = [c for c, info in columns.items() if info[3] and info[4] is None and not info[5] and c not in row]
            if missing:
                sys.exit(f"seed for {table} lacks NOT NULL columns {missing}")
            values = {k: v for k, v in row.items() if k in columns}
            db.execute(f"INSERT INTO {table} ({', '.join(values)}) VALUES ({', '.join('?' * len(values))})", list(values.values()))


def build(commit, migrations):
    last = migrations[-1][0]
    path = os.path.join(OUT, f"{last}-{commit}.sqlite")
    if os.path.exists(path):
        return path, False
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size = 1024")
    db.execute("CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY)")
    for identifier, statements in migrations:
        for sql in statements:
            db.executescript(sql)
        db.execute("INSERT INTO grdb_migrations VALUES (?)", (identifier,))
    seed(db)
    db.commit()
    db.execute("VACUUM")
    db.close()
    return path, True


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    for commit, migrations in schema_states():
        path, written = build(commit, migrations)
        print(("wrote " if written else "kept  ") + path)
