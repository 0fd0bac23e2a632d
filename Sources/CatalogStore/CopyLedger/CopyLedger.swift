public import CatalogCore
import Foundation
import GRDB

/// A generator in the registry: provider + model + prompt version, with its state.
public struct RegisteredGenerator: Hashable, Sendable, Codable {
    public let name: String
    public let version: String
    public let provider: String
    public let model: String
    public let promptVersion: String
    /// `active` (leads the route), `candidate`, or `retired` (was active; rollback returns to it).
    public let state: String
    public let promotedAt: Double?
    /// Copy it has written so far.
    public let generations: Int

    public var identity: GeneratorIdentity { GeneratorIdentity(name: name, version: version) }
}

public enum CostGrouping: String, Sendable, CaseIterable { case day, model, sku }

/// The copy ledger's generators and what they cost: the registry and its promotions, quality
/// per generator, spending, and the traces of recent runs.
public struct CopyLedger: StoreRepository {
    let database: CatalogDatabase

    /// Records the generators the configuration can use. The first one becomes active when no
    /// generator is; known ones keep their state.
    public func registerGenerators(_ generators: [(identity: GeneratorIdentity, provider: String, model: String)]) async throws {
        try await write { db in
            let now = nowSeconds
            for generator in generators {
                try db.execute(sql: """
                    INSERT INTO generators (name, version, provider, model, prompt_version, state, created_at)
                    VALUES (?, ?, ?, ?, ?, \(GeneratorState.candidate.sql), ?) ON CONFLICT (name, version) DO NOTHING
                    """, arguments: [generator.identity.name, generator.identity.version, generator.provider, generator.model,
                                     generator.identity.version.split(separator: ".").first.map(String.init) ?? generator.identity.version, now])
            }
            if try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM generators WHERE state = \(GeneratorState.active.sql)") == 0, let first = generators.first {
                try db.execute(sql: "UPDATE generators SET state = \(GeneratorState.active.sql), promoted_at = ? WHERE name = ? AND version = ?",
                               arguments: [now, first.identity.name, first.identity.version])
            }
        }
    }

    public func generators() async throws -> [RegisteredGenerator] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT g.*, (SELECT COUNT(*) FROM generations c WHERE c.generator = g.name AND c.generator_version = g.version) AS generations
                FROM generators g ORDER BY g.state = \(GeneratorState.active.sql) DESC, g.created_at, g.name, g.version
                """).map { GeneratorRecord(row: $0).registered(generations: $0["generations"]) }
        }
    }

    public func activeGenerator() async throws -> GeneratorIdentity? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM generators WHERE state = \(GeneratorState.active.sql)").map { GeneratorRecord(row: $0).identity }
        }
    }

    /// Makes `identity` the active generator; the one it replaces is retired, to roll back to.
    public func promoteGenerator(_ identity: GeneratorIdentity) async throws {
        try await write { db in
            guard try Row.fetchOne(db, sql: "SELECT 1 FROM generators WHERE name = ? AND version = ?", arguments: [identity.name, identity.version]) != nil else {
                throw CatalogError(.notFound, "no generator \(identity) in the registry; `catalogctl generators list` shows them")
            }
            try db.execute(sql: "UPDATE generators SET state = \(GeneratorState.retired.sql) WHERE state = \(GeneratorState.active.sql) AND NOT (name = ? AND version = ?)", arguments: [identity.name, identity.version])
            try db.execute(sql: "UPDATE generators SET state = \(GeneratorState.active.sql), promoted_at = ? WHERE name = ? AND version = ?", arguments: [nowSeconds, identity.name, identity.version])
        }
    }

    /// Returns to the generator that was active before the current one; returns it.
    @discardableResult
    public func rollbackGenerator() async throws -> GeneratorIdentity {
        try await write { db in
            guard let previous = try Row.fetchOne(db, sql: "SELECT name, version FROM generators WHERE state = \(GeneratorState.retired.sql) ORDER BY promoted_at DESC LIMIT 1") else {
                throw CatalogError(.notFound, "no earlier generator to roll back to")
            }
            let identity = GeneratorIdentity(name: previous["name"], version: previous["version"])
            try db.execute(sql: "UPDATE generators SET state = \(GeneratorState.candidate.sql) WHERE state = \(GeneratorState.active.sql)")
            try db.execute(sql: "UPDATE generators SET state = \(GeneratorState.active.sql), promoted_at = ? WHERE name = ? AND version = ?", arguments: [nowSeconds, identity.name, identity.version])
            return identity
        }
    }

    public func costTotals() async throws -> CostTotals {
        let day = CatalogDatabase.utcDay(nowSeconds)
        // Read for every SKU a worker runs: from the per-day totals the ledger's trigger keeps,
        // so it costs the same with ten ledger rows or ten million.
        return try await read { db in
            let today = try Double.fetchOne(db, sql: "SELECT COALESCE(SUM(cost_usd), 0) FROM cost_days WHERE day = ?", arguments: [day]) ?? 0
            let month = try Double.fetchOne(db, sql: "SELECT COALESCE(SUM(cost_usd), 0) FROM cost_days WHERE day BETWEEN ? AND ?", arguments: [day.prefix(7) + "-01", day.prefix(7) + "-31"]) ?? 0
            return CostTotals(today: today, month: month)
        }
    }

    /// The claims whose handle another SKU's copy already has in that locale.
    public func handlesTaken(_ claims: [HandleClaim]) async throws -> Set<HandleClaim> {
        guard !claims.isEmpty else { return [] }
        return try await read { db in
            try Set(claims.filter(GenerationRecord.handleTaken(db)))
        }
    }

    public func costs(by grouping: CostGrouping, limit: Int = 50) async throws -> [CostLine] {
        let key = switch grouping {
        case .day: "day"
        case .model: "provider || '/' || model"
        case .sku: "sku"
        }
        let order = grouping == .day ? "key DESC" : "cost DESC, key"
        return try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(key) AS key, COUNT(*) AS calls, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cost_usd) AS cost
                FROM cost_ledger GROUP BY key ORDER BY \(order) LIMIT ?
                """, arguments: [limit]).map {
                CostLine(key: $0["key"], calls: $0["calls"], inputTokens: $0["input"], outputTokens: $0["output"], costUSD: $0["cost"])
            }
        }
    }

    /// The latest `limit` pipeline runs for `sku`, newest first, with their steps.
    public func pipelineRuns(for sku: SKU, limit: Int = 3) async throws -> [RecordedRun] {
        try await read { db in
            let runs = try Row.fetchAll(db, sql: "SELECT id, at, route, summary, cost_usd, steps FROM pipeline_runs WHERE sku = ? ORDER BY id DESC LIMIT ?", arguments: [sku.rawValue, limit])
            return try runs.map { run in
                // Runs recorded before the trace moved onto the run keep a row per step.
                let steps = try (run["steps"] as String?).map { try JSONDecoder().decode([PipelineStep].self, from: Data($0.utf8)) }
                    ?? Row.fetchAll(db, sql: "SELECT * FROM pipeline_steps WHERE run_id = ? ORDER BY seq", arguments: [run["id"] as Int64]).map { row in
                        var step = PipelineStep(
                            agent: row["agent"], action: row["action"], outcome: row["outcome"],
                            detail: (row["detail"] as String?).flatMap { try? JSONDecoder().decode([String: String].self, from: Data($0.utf8)) } ?? [:],
                            provider: row["provider"], model: row["model"], inputTokens: row["input_tokens"], outputTokens: row["output_tokens"], costUSD: row["cost_usd"]
                        )
                        step.locale = row["locale"]
                        return step
                    }
                return RecordedRun(id: run["id"], at: run["at"], route: run["route"], summary: run["summary"], costUSD: run["cost_usd"], steps: steps)
            }
        }
    }

    /// The evaluator's last confidence per locale that ended publishable or in review, by the
    /// generator of that locale's copy.
    static func recordQuality(_ db: Database, _ outcome: PipelineOutcome, at now: Double) throws {
        let insert = try db.cachedStatement(sql: "INSERT INTO quality_samples (at, generator, locale, confidence) VALUES (?, ?, ?, ?)")
        for entry in outcome.results {
            let copy: GeneratedCopy
            switch entry.result {
            case .publish(let published, _): copy = published
            case .review(let request): copy = request.copy
            default: continue
            }
            let locale: LocaleCode = entry.locale
            let evaluation = outcome.trace.steps.last { (step: PipelineStep) -> Bool in
                step.agent == "evaluator" && step.action == "evaluate" && step.locale == locale.identifier
            }
            guard let text = evaluation?.detail["confidence"], let confidence = Double(text) else { continue }
            try insert.execute(arguments: [now, copy.generator.description, entry.locale.identifier, confidence])
        }
    }

    /// Every generator with samples or review decisions in the last two weeks.
    public func generatorQuality() async throws -> [GeneratorQuality] {
        try await read { db in
            let now = nowSeconds
            let days7 = 7 * 86_400.0
            func scores(_ from: Double, _ to: Double) throws -> [String: (Double, Int)] {
                var result: [String: (Double, Int)] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT generator, AVG(confidence) AS mean, COUNT(*) AS n FROM quality_samples WHERE at > ? AND at <= ? GROUP BY generator
                    """, arguments: [from, to]) {
                    result[row["generator"]] = (row["mean"], row["n"])
                }
                return result
            }
            func decisions(_ from: Double, _ to: Double) throws -> [String: (Int, Int)] {
                var result: [String: (Int, Int)] = [:]
                for row in try Row.fetchAll(db, sql: """
                    SELECT g.generator || '@' || g.generator_version AS generator,
                           SUM(r.state = \(ReviewState.approved.sql)) AS approved, COUNT(*) AS decided
                    FROM review_queue r JOIN generations g ON g.id = COALESCE(r.proposed_generation_id, r.generation_id)
                    WHERE r.state IN (\(ReviewState.approved.sql), \(ReviewState.rejected.sql)) AND r.decided_at > ? AND r.decided_at <= ?
                    GROUP BY 1
                    """, arguments: [from, to]) {
                    result[row["generator"]] = (row["approved"], row["decided"])
                }
                return result
            }
            let thisScores = try scores(now - days7, now), lastScores = try scores(now - 2 * days7, now - days7)
            let thisDecisions = try decisions(now - days7, now), lastDecisions = try decisions(now - 2 * days7, now - days7)
            let generators = Set(thisScores.keys).union(lastScores.keys).union(thisDecisions.keys).union(lastDecisions.keys)
            func week(_ scores: [String: (Double, Int)], _ decisions: [String: (Int, Int)], _ generator: String) -> GeneratorQuality.Week {
                GeneratorQuality.Week(
                    meanConfidence: scores[generator]?.0, samples: scores[generator]?.1 ?? 0,
                    approved: decisions[generator]?.0 ?? 0, decided: decisions[generator]?.1 ?? 0
                )
            }
            return generators.sorted().map {
                GeneratorQuality(generator: $0, thisWeek: week(thisScores, thisDecisions, $0), lastWeek: week(lastScores, lastDecisions, $0))
            }
        }
    }

    /// Provider calls of the last `window` seconds by route (provider/model) and outcome, from
    /// the per-hour counts runs record as they commit (so the window starts on the hour):
    /// what /metrics reports as provider calls and failures.
    public func providerCallOutcomes(window: Double = 86_400) async throws -> [(route: String, outcome: String, count: Int)] {
        try await read { db in
            let since = Int((nowSeconds - window) / 3600)
            return try Row.fetchAll(db, sql: """
                SELECT route, outcome, SUM(calls) AS n FROM provider_call_hours WHERE hour >= ? GROUP BY 1, 2
                """, arguments: [since]).map { ($0["route"], $0["outcome"], $0["n"]) }
        }
    }
}
