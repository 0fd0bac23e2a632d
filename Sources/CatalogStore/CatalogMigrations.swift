import GRDB

/// Schema migrations, one file each under `Migrations/`. Append-only: a migration that has
/// landed is never edited, because deployed databases have already run it. A change to the
/// schema is a new file at the end of this list, and `scripts/schema-fixtures.py` then writes
/// the fixture the upgrade test opens (`SchemaUpgradeTests`).
///
/// GRDB's `eraseDatabaseOnSchemaChange` is not used, in development builds either: the suite
/// and the crash harness run development builds, and an erased database would hide the very
/// edit the upgrade test is there to catch.
enum CatalogMigrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for register in all {
            register(&migrator)
        }
        return migrator
    }

    /// In order. The identifiers are what `grdb_migrations` records in deployed databases.
    static var all: [(inout DatabaseMigrator) -> Void] {
        [
            v01Foundation, v02Pipeline, v03Publishing, v04Inventory, v05FairQueue,
            v06ReviewDesk, v07Experiments, v08Quality, v09CopySlots, v10ConflictReview,
            v11Reliability, v12ClaimOrder, v13CompactTrace, v14AttributeSchema, v15SchemaRepair,
        ]
    }
}
