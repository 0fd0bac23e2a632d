import GRDB

extension CatalogMigrations {
    /// The PIM's attribute schema (issue 25): types and labels from Akeneo's attribute and
    /// option exports, merged into one document the writers load when it changes.
    static func v14AttributeSchema(_ migrator: inout DatabaseMigrator) {
        migrator.registerMigration("v14-attribute-schema") { db in
            try db.execute(sql: """
                CREATE TABLE attribute_schema (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    document TEXT NOT NULL,
                    updated_at REAL NOT NULL
                );
                """)
        }
    }
}
