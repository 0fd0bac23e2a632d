public import CatalogCore
import Foundation
import GRDB

/// A/B experiments: which SKUs compare which two generators, the conversions analytics
/// exports report, and the verdicts.
public struct ExperimentLedger: StoreRepository {
    let database: CatalogDatabase

    /// Starts an experiment on `skus` (each in at most one running experiment).
    public func createExperiment(name: String, skus: [SKU], variantA: GeneratorIdentity, variantB: GeneratorIdentity, actor: String) async throws -> Experiment {
        try await write { db in
            guard !skus.isEmpty else { throw CatalogError(.notFound, "an experiment needs at least one SKU") }
            guard variantA != variantB else { throw CatalogError(.configInvalidValue, "variant A and B are the same generator (\(variantA))") }
            let busy = try String.fetchAll(db, sql: """
                SELECT s.sku FROM experiment_skus s JOIN experiments e ON e.id = s.experiment_id
                WHERE e.state = \(ExperimentState.running.sql) AND s.sku IN (\(databaseQuestionMarks(count: skus.count)))
                """, arguments: StatementArguments(skus.map(\.rawValue)))
            guard busy.isEmpty else {
                throw CatalogError(.configInvalidValue, "already in a running experiment: \(busy.prefix(5).joined(separator: ", "))\(busy.count > 5 ? "…" : "")")
            }
            let now = nowSeconds
            try db.execute(sql: """
                INSERT INTO experiments (name, variant_a, variant_b, state, created_by, created_at) VALUES (?, ?, ?, \(ExperimentState.running.sql), ?, ?)
                """, arguments: [name, variantA.description, variantB.description, actor, now])
            let id = db.lastInsertedRowID
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO experiment_skus (experiment_id, sku) VALUES (?, ?)")
            // Each SKU is generated again, now with variant B beside its own copy.
            let queue = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at) VALUES (?, 'ab:variant-b', ?, 'ab', \(JobState.queued.sql), ?, ?)
                """)
            for sku in skus {
                try insert.execute(arguments: [id, sku.rawValue])
                try queue.execute(arguments: [sku.rawValue, JobPriority.pimDelta.rawValue, now, now])
            }
            try CatalogDatabase.audit(db, at: now, actor: actor, action: "ab.create", subject: "\(id)", detail: "\(name): \(variantA) vs \(variantB), \(skus.count) SKU(s)")
            return try Self.experiment(db, id: id)!
        }
    }

    /// The generators of the running experiment `sku` is in, if any.
    public func experimentVariants(for sku: SKU) async throws -> ExperimentVariants? {
        try await read { db in try Self.runningExperiments(db, skus: [sku.rawValue])[sku.rawValue] }
    }

    /// The running experiment's generators for each of `skus` that is in one: one query for a
    /// claimed batch of jobs.
    static func runningExperiments(_ db: Database, skus: [String]) throws -> [String: ExperimentVariants] {
        guard !skus.isEmpty else { return [:] }
        var found: [String: ExperimentVariants] = [:]
        for row in try Row.fetchAll(db, sql: """
            SELECT s.sku, e.variant_a, e.variant_b FROM experiments e JOIN experiment_skus s ON s.experiment_id = e.id
            WHERE e.state = \(ExperimentState.running.sql) AND s.sku IN (\(databaseQuestionMarks(count: skus.count)))
            """, arguments: StatementArguments(skus)) {
            if let variants = ExperimentRecord.variants(row) { found[row["sku"]] = variants }
        }
        return found
    }

    public func all() async throws -> [Experiment] {
        try await read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM experiments ORDER BY id DESC").compactMap { try Self.experiment(db, id: $0) }
        }
    }

    public func experiment(id: Int64) async throws -> Experiment? {
        try await read { db in try Self.experiment(db, id: id) }
    }

    static func experiment(_ db: Database, id: Int64) throws -> Experiment? {
        guard let record = try ExperimentRecord.fetchOne(db, sql: "SELECT * FROM experiments WHERE id = ?", arguments: [id]), record.variants != nil else { return nil }
        let skus = try String.fetchAll(db, sql: "SELECT sku FROM experiment_skus WHERE experiment_id = ? ORDER BY sku", arguments: [id])
        return record.experiment(skus: skus)
    }

    /// The experiment's traffic per variant label: its SKUs, from the day it started to the
    /// day it stopped.
    public func experimentTotals(id: Int64) async throws -> [String: ConversionRow] {
        try await read { db in
            guard let experiment = try Self.experiment(db, id: id) else { throw CatalogError(.notFound, "no experiment #\(id)") }
            let from = CatalogDatabase.utcDay(experiment.createdAt)
            let to = experiment.stoppedAt.map(CatalogDatabase.utcDay) ?? "9999-12-31"
            var totals: [String: ConversionRow] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT c.variant, SUM(c.views) AS views, SUM(c.add_to_carts) AS carts, SUM(c.purchases) AS purchases, SUM(c.revenue) AS revenue
                FROM conversions c JOIN experiment_skus s ON s.sku = c.sku AND s.experiment_id = ?
                WHERE c.day >= ? AND c.day <= ? GROUP BY c.variant
                """, arguments: [id, from, to]) {
                let variant: String = row["variant"]
                totals[variant] = ConversionRow(day: from, sku: "*", variant: variant, views: row["views"], addToCarts: row["carts"], purchases: row["purchases"], revenue: row["revenue"])
            }
            return totals
        }
    }

    /// Stores an analytics export: each (day, SKU, variant) replaces what the same source said
    /// for it before, so importing the same day twice changes nothing. Returns rows written.
    public func importConversions(_ rows: [ConversionRow], source: String, actor: String) async throws -> Int {
        try await write { db in
            let now = nowSeconds
            let upsert = try db.cachedStatement(sql: """
                INSERT OR REPLACE INTO conversions (day, sku, variant, source, views, add_to_carts, purchases, revenue, imported_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for row in rows {
                try upsert.execute(arguments: [row.day, row.sku, row.variant, source, row.views, row.addToCarts, row.purchases, row.revenue, now])
            }
            let days = Set(rows.map(\.day)).sorted()
            try CatalogDatabase.audit(db, at: now, actor: actor, action: "ab.import", subject: source, detail: "\(rows.count) row(s), \(days.first ?? "-")…\(days.last ?? "-")")
            return rows.count
        }
    }

    /// Stops a running experiment (its numbers stay), or promotes a running or stopped one's
    /// `winner` (A or B).
    public func finishExperiment(id: Int64, state: String, winner: String?, actor: String) async throws {
        try await write { db in
            guard let current = try String.fetchOne(db, sql: "SELECT state FROM experiments WHERE id = ?", arguments: [id]) else {
                throw CatalogError(.notFound, "no experiment #\(id)")
            }
            let allowed = state == "stopped" ? current == "running" : ["running", "stopped"].contains(current)
            guard allowed else { throw CatalogError(.notFound, "experiment #\(id) is \(current); it cannot be \(state)") }
            let now = nowSeconds
            try db.execute(
                sql: "UPDATE experiments SET state = ?, winner = ?, stopped_at = COALESCE(stopped_at, ?) WHERE id = ?",
                arguments: [state, winner, now, id]
            )
            try CatalogDatabase.audit(db, at: now, actor: actor, action: "ab.\(state == "promoted" ? "promote" : "stop")", subject: "\(id)", detail: winner)
        }
    }

    /// Whether `generator` has won an experiment: the registry promotes only winners.
    public func hasWonExperiment(_ generator: GeneratorIdentity) async throws -> Bool {
        try await read { db in
            try Int.fetchOne(db, sql: """
                SELECT COUNT(*) FROM experiments WHERE state = \(ExperimentState.promoted.sql)
                AND ((winner = 'B' AND variant_b = ?) OR (winner = 'A' AND variant_a = ?))
                """, arguments: [generator.description, generator.description]) ?? 0 > 0
        }
    }

    /// The newest copy `generator` wrote for each locale of `skus`, queued for `target` at
    /// manual priority: how a winning variant becomes the published copy.
    public func publishGeneratorCopy(_ generator: GeneratorIdentity, skus: [String], target: String) async throws -> Int {
        try await write { db in
            var queued = 0
            for sku in skus {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT \(GenerationRecord.copySelection), g.handle, g.product_hash FROM generations g
                    WHERE g.id IN (SELECT MAX(id) FROM generations WHERE sku = ? AND generator = ? AND generator_version = ? GROUP BY locale)
                    """, arguments: [sku, generator.name, generator.version])
                for row in rows {
                    guard let copy = GenerationRecord.copy(from: row), let hash = ContentHash(bytes: Array(row["product_hash"] as Data)) else { continue }
                    try database.generationQueue.publish(db, [(copy, row["handle"])], productHash: hash, target: target, priority: .manual)
                    queued += 1
                }
            }
            return queued
        }
    }

    /// Live products in `category` (an experiment's `--category`).
    public func skus(inCategory category: String) async throws -> [SKU] {
        try await read { db in
            try String.fetchAll(db, sql: """
                SELECT DISTINCT p.sku FROM products p JOIN product_docs d ON d.hash = p.hash, json_each(d.doc, '$.categories') c
                WHERE p.removed_at IS NULL AND c.value = ? ORDER BY p.sku
                """, arguments: [category]).compactMap(SKU.init)
        }
    }
}
