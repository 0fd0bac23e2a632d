public import CatalogCore
import Foundation
import GRDB

/// Spending in the cost ledger for the current UTC day and month.
public struct CostTotals: Hashable, Sendable {
    public var today: Double
    public var month: Double
}

/// One row of `catalogctl costs`.
public struct CostLine: Hashable, Sendable, Codable {
    public let key: String
    public let calls: Int
    public let inputTokens: Int
    public let outputTokens: Int
    public let costUSD: Double
}

/// A recorded pipeline run with its steps, for `catalogctl products show SKU --trace`.
public struct RecordedRun: Hashable, Sendable, Codable {
    public let id: Int64
    public let at: Double
    public let route: String
    public let summary: String
    public let costUSD: Double
    public let steps: [PipelineStep]
}

public struct ReviewItem: Hashable, Sendable, Codable {
    public let id: Int64
    public let sku: String
    public let locale: String
    public let reason: String
    public let why: String
    public let scores: [String: Double]
    public let suggestedEdits: [String]
    public let state: String
    public let title: String?
    public let createdAt: Double
}

/// A provider call as /metrics counts it: the route (provider/model) and how it ended.
private struct ProviderCall: Hashable {
    let route: String
    let outcome: String
}

extension CatalogDatabase {
    /// Records a pipeline run in one transaction with the job's completion: publishable copy
    /// goes to `generations` and the outbox, review items keep their proposed copy, deferred
    /// translations are queued for `retryAfter` seconds later, and every step, ledger row and
    /// incident is kept. A crash before the commit leaves the job to be claimed again.
    public func completePipelineRun(
        _ job: GenerationJob, outcome: PipelineOutcome, productHash: ContentHash, target: String,
        stamp: AvailabilityStamp? = nil, variantB: [GeneratedCopy] = [], retryTranslationsAfter retryAfter: Double = translationRetrySeconds
    ) throws {
        let steps = Self.json(outcome.trace.steps)
        try write { db in
            try recordRun(db, job, outcome: outcome, steps: steps, productHash: productHash, target: target, stamp: stamp, variantB: variantB, retryAfter: retryAfter)
        }
    }

    /// Finishes a worker's batch of jobs in one transaction: each as `completePipelineRun`,
    /// `skipGeneration` or `failGeneration` would alone. One commit for many SKUs is what lets
    /// the workers keep the cores busy instead of waiting on the writer, and the transaction
    /// runs on the database's writer thread, not on the caller's. What can be worked out
    /// before the transaction was, when the worker made each `FinishedJob`.
    public func finishJobs(_ finished: [FinishedJob], target: String, stamp: AvailabilityStamp? = nil, maxAttempts: Int = 5) async throws {
        guard !finished.isEmpty else { return }
        try await write { db in
            for entry in finished {
                switch entry.result {
                case .ran(let outcome, let variantB):
                    guard let prepared = entry.prepared else { continue }
                    try self.recordRun(
                        db, entry.job, outcome: outcome, steps: prepared.steps, productHash: prepared.productHash, target: target,
                        stamp: stamp, variantB: variantB, retryAfter: Self.translationRetrySeconds
                    )
                case .productRemoved:
                    try Self.settle(db, entry.job, as: "skipped", error: "product removed", at: self.nowSeconds)
                case .failed(let error):
                    try Self.fail(db, entry.job, error: error, maxAttempts: maxAttempts, at: self.nowSeconds)
                }
            }
        }
    }

    /// `steps`: the outcome's trace as `json(_:)` writes it, encoded before the transaction.
    func recordRun(
        _ db: Database, _ job: GenerationJob, outcome: PipelineOutcome, steps: String, productHash: ContentHash, target: String,
        stamp: AvailabilityStamp?, variantB: [GeneratedCopy], retryAfter: Double
    ) throws {
        let now = nowSeconds
        let day = Self.utcDay(now)
        // A newer job for the SKU writes the copy and the queues; this run's cost still counts.
        let stale = try Self.isStale(db, job)
        if !stale {
            // A sell-out while the job ran raised it: its copy goes out at that priority.
            let priority = min(job.priority, try Self.currentPriority(db, job))
            try publish(db, outcome.results.compactMap { entry in
                if case .publish(let copy, let handle) = entry.result { (copy, handle) } else { nil }
            }, productHash: productHash, target: target, priority: priority, stamp: stamp)
            // An experiment's variant B: the same product written by the challenger.
            try publish(db, variantB.map { ($0, nil) }, productHash: productHash, target: target, priority: priority, stamp: stamp, slot: .variantB)
            let reviews = outcome.results.compactMap { entry -> ReviewRequest? in
                if case .review(let request) = entry.result { request } else { nil }
            }
            // Proposed copy is kept as a generation that is not queued for publishing.
            let reviewIDs = try publish(db, reviews.map { ($0.copy, nil) }, productHash: productHash, target: nil, stamp: stamp)
            let supersedeReview = try db.cachedStatement(sql: "UPDATE review_queue SET state = 'superseded' WHERE sku = ? AND locale = ? AND state = 'open'")
            let deferTranslation = try db.cachedStatement(sql: """
                INSERT INTO translation_queue (sku, locale, reason, state, not_before, created_at, updated_at)
                VALUES (?, ?, ?, 'queued', ?, ?, ?)
                ON CONFLICT (sku, locale) WHERE state = 'queued' DO UPDATE SET
                    reason = excluded.reason, attempts = attempts + 1, not_before = excluded.not_before, updated_at = excluded.updated_at
                """)
            let settleTranslation = try db.cachedStatement(sql: "UPDATE translation_queue SET state = 'done', updated_at = ? WHERE sku = ? AND locale = ? AND state = 'queued'")
            // Most SKUs have neither an open review nor a queued translation: one look each
            // instead of an update per locale.
            let openReview = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM review_queue WHERE sku = ? AND state = 'open')"), arguments: [outcome.sku.rawValue]) ?? true
            let queuedTranslation = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM translation_queue WHERE sku = ? AND state = 'queued')"), arguments: [outcome.sku.rawValue]) ?? true
            for entry in outcome.results {
                let arguments: StatementArguments = [outcome.sku.rawValue, entry.locale.identifier]
                // Newer copy replaces an older open review of the same locale.
                if openReview { try supersedeReview.execute(arguments: arguments) }
                if case .deferred(let reason) = entry.result {
                    try deferTranslation.execute(arguments: arguments + [reason, now + retryAfter, now, now])
                } else if queuedTranslation {
                    // A run that covered the locale settles its queued translation.
                    try settleTranslation.execute(arguments: [now] + arguments)
                }
            }
            for review in reviews {
                try db.execute(sql: """
                    INSERT INTO review_queue (sku, locale, reason, why, scores, suggested_edits, generation_id, state, created_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, 'open', ?)
                    """, arguments: [
                        outcome.sku.rawValue, review.locale.identifier, review.reason.rawValue, review.why,
                        Self.json(review.scores), Self.json(review.suggestedEdits), reviewIDs[review.locale.identifier], now,
                    ])
            }
        }
        try Self.recordQuality(db, outcome, at: now)
        let insertRun = try db.cachedStatement(sql: """
            INSERT INTO pipeline_runs (job_id, sku, product_hash, route, summary, cost_usd, at, steps) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        try insertRun.execute(arguments: [
            job.id, outcome.sku.rawValue, Data(productHash.bytes), outcome.route, Self.summary(outcome), outcome.trace.costUSD, now, steps,
        ])
        let runID = db.lastInsertedRowID
        let insertLedger = try db.cachedStatement(sql: """
            INSERT INTO cost_ledger (run_id, at, day, month, sku, agent, provider, model, input_tokens, output_tokens, cost_usd)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        var calls: [ProviderCall: Int] = [:]
        for step in outcome.trace.steps {
            if let provider = step.provider { calls[ProviderCall(route: provider + "/" + (step.model ?? "?"), outcome: step.outcome), default: 0] += 1 }
            if step.inputTokens > 0 || step.outputTokens > 0 || step.costUSD > 0 {
                try insertLedger.execute(arguments: [
                    runID, now, day, String(day.prefix(7)), outcome.sku.rawValue, step.agent, step.provider ?? "unknown",
                    step.model ?? "unknown", step.inputTokens, step.outputTokens, step.costUSD,
                ])
            }
        }
        let countCalls = try db.cachedStatement(sql: """
            INSERT INTO provider_call_hours (hour, route, outcome, calls) VALUES (?, ?, ?, ?)
            ON CONFLICT (hour, route, outcome) DO UPDATE SET calls = calls + excluded.calls
            """)
        for (call, count) in calls {
            try countCalls.execute(arguments: [Int(now / 3600), call.route, call.outcome, count])
        }
        for incident in outcome.incidents {
            try db.execute(sql: "INSERT INTO incidents (at, sku, locale, kind, detail) VALUES (?, ?, ?, ?, ?)",
                           arguments: [now, incident.sku.rawValue, incident.locale?.identifier, incident.kind.rawValue, incident.detail])
        }
        try finishJob(db, job, stale: stale)
    }

    /// How long a deferred translation waits before its SKU is queued again.
    public static let translationRetrySeconds: Double = 900

    /// Turns translations whose wait is over into generation jobs (one per SKU). Called on every
    /// poll of the generation queue, so it only takes the write lock when one is due.
    @discardableResult
    public func requeueDueTranslations() throws -> Int {
        let due = try read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM translation_queue WHERE state = 'queued' AND not_before <= ?)", arguments: [nowSeconds]) ?? false
        }
        guard due else { return 0 }
        return try write { db in
            let now = nowSeconds
            try db.execute(sql: """
                INSERT OR IGNORE INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at)
                SELECT DISTINCT sku, 'translation-retry', ?, 'translation', 'queued', ?, ? FROM translation_queue
                WHERE state = 'queued' AND not_before <= ?
                """, arguments: [JobPriority.pimDelta.rawValue, now, now, now])
            let queued = db.changesCount
            try db.execute(sql: "UPDATE translation_queue SET not_before = ? WHERE state = 'queued' AND not_before <= ?", arguments: [now + Self.translationRetrySeconds, now])
            return queued
        }
    }

    public func costTotals() throws -> CostTotals {
        let day = Self.utcDay(nowSeconds)
        // Read for every SKU a worker runs: from the per-day totals the ledger's trigger keeps,
        // so it costs the same with ten ledger rows or ten million.
        return try read { db in
            let today = try Double.fetchOne(db, sql: "SELECT COALESCE(SUM(cost_usd), 0) FROM cost_days WHERE day = ?", arguments: [day]) ?? 0
            let month = try Double.fetchOne(db, sql: "SELECT COALESCE(SUM(cost_usd), 0) FROM cost_days WHERE day BETWEEN ? AND ?", arguments: [day.prefix(7) + "-01", day.prefix(7) + "-31"]) ?? 0
            return CostTotals(today: today, month: month)
        }
    }

    public enum CostGrouping: String, Sendable, CaseIterable { case day, model, sku }

    public func costs(by grouping: CostGrouping, limit: Int = 50) throws -> [CostLine] {
        let key = switch grouping {
        case .day: "day"
        case .model: "provider || '/' || model"
        case .sku: "sku"
        }
        let order = grouping == .day ? "key DESC" : "cost DESC, key"
        return try read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(key) AS key, COUNT(*) AS calls, SUM(input_tokens) AS input, SUM(output_tokens) AS output, SUM(cost_usd) AS cost
                FROM cost_ledger GROUP BY key ORDER BY \(order) LIMIT ?
                """, arguments: [limit]).map {
                CostLine(key: $0["key"], calls: $0["calls"], inputTokens: $0["input"], outputTokens: $0["output"], costUSD: $0["cost"])
            }
        }
    }

    /// The latest `limit` pipeline runs for `sku`, newest first, with their steps.
    public func pipelineRuns(for sku: SKU, limit: Int = 3) throws -> [RecordedRun] {
        try read { db in
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

    public func reviewItems(state: String = "open", reason: String? = nil, locale: String? = nil, limit: Int = 100) throws -> [ReviewItem] {
        try read { db in
            var sql = "SELECT r.*, g.title FROM review_queue r LEFT JOIN generations g ON g.id = r.generation_id WHERE r.state = ?"
            var arguments: [any DatabaseValueConvertible] = [state]
            if let reason { sql += " AND r.reason = ?"; arguments.append(reason) }
            if let locale { sql += " AND r.locale = ?"; arguments.append(locale) }
            sql += " ORDER BY r.id LIMIT ?"
            arguments.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                ReviewItem(
                    id: row["id"], sku: row["sku"], locale: row["locale"], reason: row["reason"], why: row["why"],
                    scores: (try? JSONDecoder().decode([String: Double].self, from: Data((row["scores"] as String).utf8))) ?? [:],
                    suggestedEdits: (try? JSONDecoder().decode([String].self, from: Data((row["suggested_edits"] as String).utf8))) ?? [],
                    state: row["state"], title: row["title"], createdAt: row["created_at"]
                )
            }
        }
    }

    /// Queues a person's request to regenerate `skus` at the highest priority.
    public func requestRegeneration(_ skus: [SKU]) throws -> Int {
        try requestRegeneration(skus, priority: .manual, reason: "manual", source: "manual")
    }

    /// Queues regeneration of `skus` at `priority` on behalf of `source` (sources take turns
    /// within a priority). A job already queued for a SKU is raised to the higher priority and
    /// given the new reason rather than duplicated, so a SKU that changes ten times in a minute
    /// gets one job with its latest state.
    public func requestRegeneration(_ skus: [SKU], priority: JobPriority, reason: String, source: String = "") throws -> Int {
        try write { db in
            let now = nowSeconds
            var queued = 0
            let raise = try db.cachedStatement(sql: "UPDATE generation_jobs SET priority = MIN(priority, ?), reason = ?, updated_at = ? WHERE sku = ? AND state = 'queued'")
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at) VALUES (?, ?, ?, ?, 'queued', ?, ?)")
            for sku in skus {
                try raise.execute(arguments: [priority.rawValue, reason, now, sku.rawValue])
                if db.changesCount == 0 {
                    try insert.execute(arguments: [sku.rawValue, reason, priority.rawValue, source, now, now])
                }
                queued += 1
            }
            return queued
        }
    }

    /// Queued jobs by priority, for /metrics and `catalogctl status`.
    public func queuedJobsByPriority() throws -> [JobPriority: Int] {
        try read { db in
            var counts: [JobPriority: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT priority, COUNT(*) FROM generation_jobs WHERE state = 'queued' GROUP BY priority") {
                if let priority = JobPriority(rawValue: row[0]) { counts[priority] = row[1] }
            }
            return counts
        }
    }

    static func summary(_ outcome: PipelineOutcome) -> String {
        var counts: [String: Int] = [:]
        for entry in outcome.results {
            let key = switch entry.result {
            case .publish: "published"
            case .review: "review"
            case .blocked: "blocked"
            case .deferred: "deferred"
            }
            counts[key, default: 0] += 1
        }
        return ["published", "review", "blocked", "deferred"].compactMap { key in counts[key].map { "\($0) \(key)" } }.joined(separator: ", ")
    }

    /// `yyyy-MM-dd` in UTC. Read for every job's budget check, so it is a calendar
    /// computation rather than a DateFormatter built per call.
    static func utcDay(_ seconds: Double) -> String {
        var time = time_t(seconds.rounded(.down))
        var parts = tm()
        gmtime_r(&time, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))"
    }

    static func json<T: Encodable>(_ value: T) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: (try? encoder.encode(value)) ?? Data("null".utf8), as: UTF8.self)
    }
}
