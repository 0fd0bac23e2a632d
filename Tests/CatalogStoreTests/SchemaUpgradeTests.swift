import CatalogCore
@testable import CatalogStore
import CatalogTestSupport
import Foundation
import GRDB
import Testing

/// Every schema catalogd has shipped upgrades to today's: the fixtures in
/// `Tests/Fixtures/schema` were written by `scripts/schema-fixtures.py` from the migrations as
/// they read at each commit that changed them, with a few rows of every stage. Opening one runs
/// the migrations it lacks; its rows must come through unchanged, and its schema must then be
/// exactly a new database's, or today's queries would meet an index or table they expect absent.
@Suite struct SchemaUpgradeTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/schema")

    static var fixtureNames: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: fixtures.path)) ?? [])
            .filter { $0.hasSuffix(".sqlite") }.sorted()
    }

    @Test func everyEarlierMigrationHasAFixture() throws {
        let identifiers = CatalogMigrations.migrator.migrations
        let covered = Set(Self.fixtureNames.map { name in
            identifiers.first { name.hasPrefix($0 + "-") } ?? name
        })
        // The newest migration is today's schema; every one before it was shipped.
        #expect(Set(identifiers.dropLast()).subtracting(covered).isEmpty, "run scripts/schema-fixtures.py")
        #expect(Self.fixtureNames.count >= identifiers.count - 1)
    }

    @Test(arguments: fixtureNames)
    func anEarlierDatabaseUpgradesWithItsRows(fixture: String) async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("catalog.sqlite").path
        try FileManager.default.copyItem(atPath: Self.fixtures.appendingPathComponent(fixture).path, toPath: path)
        let before = try Self.rows(atPath: path)

        let database = try CatalogDatabase(path: path, clock: FixedClock())

        let after = try Self.rows(atPath: path)
        for (table, rows) in before where table != "grdb_migrations" {
            let upgraded = try #require(after[table], "\(fixture): table \(table) is gone")
            #expect(upgraded.count == rows.count, "\(fixture): \(table) had \(rows.count) rows, has \(upgraded.count)")
            for (old, new) in zip(rows, upgraded) {
                let kept = new.filter { old[$0.key] != nil }
                #expect(kept == old, "\(fixture): a row of \(table) changed")
            }
        }
        let fresh = try CatalogDatabase(path: directory.path("fresh.sqlite").path, clock: FixedClock())
        #expect(try Self.schema(atPath: path) == Self.schema(atPath: fresh.path))
        #expect(try database.integrityCheck() == "ok")

        let status = try await database.status()
        #expect(status.products == 2)
        #expect(status.removedProducts == 1)
        #expect(status.manualQueueOpen == 1)
        #expect(status.generationJobs["queued"] == 1)
        let claimed = try await database.generationQueue.claimQueuedJobs(limit: 10)
        #expect(claimed.map(\.job.sku.rawValue) == ["UPG-1"])
        #expect(try claimed.first?.decoded().product?.categories == ["kayaks"])
    }

    /// Every row of every table, as column → value text, in rowid order.
    static func rows(atPath path: String) throws -> [String: [[String: String]]] {
        try DatabaseQueue(path: path).read { db in
            var result: [String: [[String: String]]] = [:]
            for table in try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'") {
                let withoutRowID = try Bool.fetchOne(db, sql: "SELECT sql LIKE '%WITHOUT ROWID%' FROM sqlite_master WHERE name = ?", arguments: [table]) ?? false
                let order = withoutRowID ? "" : " ORDER BY rowid"
                result[table] = try Row.fetchAll(db, sql: "SELECT * FROM \(table)\(order)").map { row in
                    Dictionary(uniqueKeysWithValues: row.columnNames.map { ($0, (row[$0] as DatabaseValue).description) })
                }
            }
            return result
        }
    }

    /// Tables, indexes and triggers with their definitions, whitespace collapsed (a table created
    /// by the repair migration is indented differently from the one the original created).
    static func schema(atPath path: String) throws -> [String: String] {
        try DatabaseQueue(path: path).read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' AND sql IS NOT NULL")
            return Dictionary(uniqueKeysWithValues: rows.map { row -> (String, String) in
                let sql: String = row["sql"]
                let collapsed = sql.split(whereSeparator: \.isWhitespace).joined(separator: " ")
                    .replacingOccurrences(of: "( ", with: "(").replacingOccurrences(of: " )", with: ")")
                return ("\(row["type"] as String) \(row["name"] as String)", collapsed)
            })
        }
    }
}
