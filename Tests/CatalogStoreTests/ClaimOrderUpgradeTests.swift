import CatalogCore
@testable import CatalogStore
import CatalogTestSupport
import Foundation
import GRDB
import Testing

/// A database written before issue 24 (through v11) keeps its work when v12 and v13 run: a
/// queued snapshot keeps bestsellers first, the day's spending and the provider calls of the
/// last day are carried into their new tables, and old traces read as before.
@Suite struct ClaimOrderUpgradeTests {
    @Test func aDatabaseFromBeforeIssue24UpgradesWithItsQueueSpendingAndTraces() async throws {
        let directory = TemporaryDirectory()
        let path = directory.path("catalog.sqlite").path
        let clock = FixedClock()
        let now = clock.now().timeIntervalSince1970
        let day = CatalogDatabase.utcDay(now)
        do {
            let queue = try DatabaseQueue(path: path)
            try CatalogMigrations.migrator.migrate(queue, upTo: "v11-reliability")
            try await queue.write { db in
                for (sku, priority, source) in [("S-1", 3, "bulk"), ("S-2", 3, "bulk"), ("D-1", 2, "feed")] {
                    try db.execute(sql: """
                        INSERT INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at) VALUES (?, 'pim-added', ?, ?, 'queued', 0, 0)
                        """, arguments: [sku, priority, source])
                }
                try db.execute(sql: "INSERT INTO stock_totals (sku, quantity, updated_at, velocity) VALUES ('S-2', 4, 0, 3.5)")
                try db.execute(sql: "INSERT INTO pipeline_runs (job_id, sku, route, summary, cost_usd, at) VALUES (NULL, 'S-1', 'm', 'old run', 0.25, ?)", arguments: [now - 60])
                let run = db.lastInsertedRowID
                try db.execute(sql: """
                    INSERT INTO pipeline_steps (run_id, seq, agent, locale, action, outcome, provider, model, input_tokens, output_tokens, cost_usd)
                    VALUES (?, 0, 'executor', 'en', 'generate', 'ok', 'anthropic', 'claude', 10, 20, 0.25)
                    """, arguments: [run])
                try db.execute(sql: """
                    INSERT INTO cost_ledger (run_id, at, day, month, sku, agent, provider, model, input_tokens, output_tokens, cost_usd)
                    VALUES (?, ?, ?, ?, 'S-1', 'executor', 'anthropic', 'claude', 10, 20, 0.25)
                    """, arguments: [run, now - 60, day, String(day.prefix(7))])
            }
        }

        let database = try CatalogDatabase(path: path, clock: clock)
        await #expect(try database.generationQueue.claimGenerationJobs(limit: 3).map(\.sku.rawValue) == ["D-1", "S-2", "S-1"], "the delta first, then the bestseller")
        await #expect(try database.copyLedger.costTotals() == CostTotals(today: 0.25, month: 0.25))
        let calls = try await database.copyLedger.providerCallOutcomes()
        #expect(calls.map(\.route) == ["anthropic/claude"] && calls.map(\.count) == [1])
        let runs = try await database.copyLedger.pipelineRuns(for: SKU("S-1")!)
        #expect(runs.map(\.summary) == ["old run"] && runs.first?.steps.map(\.model) == ["claude"])
    }
}
