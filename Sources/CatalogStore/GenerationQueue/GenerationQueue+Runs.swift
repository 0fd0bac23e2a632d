public import CatalogCore
import Foundation
import GRDB

/// A provider call as /metrics counts it: the route (provider/model) and how it ended.
struct ProviderCall: Hashable {
    let route: String
    let outcome: String
}

extension GenerationQueue {
    /// Records a pipeline run in one transaction with the job's completion: publishable copy
    /// goes to `generations` and the outbox, review items keep their proposed copy, deferred
    /// translations are queued for `retryAfter` seconds later, and every step, ledger row and
    /// incident is kept. A crash before the commit leaves the job to be claimed again.
    public func completePipelineRun(
        _ job: GenerationJob, outcome: PipelineOutcome, productHash: ContentHash, target: String,
        decisions: CopyDecisions = CopyDecisions(), variantB: [GeneratedCopy] = [], retryTranslationsAfter retryAfter: Double = translationRetrySeconds
    ) async throws {
        let steps = CatalogDatabase.json(outcome.trace.steps)
        try await write { db in
            try recordRun(db, job, outcome: outcome, steps: steps, productHash: productHash, target: target, decisions: decisions, variantB: variantB, retryAfter: retryAfter)
        }
    }

    /// Finishes a worker's batch of jobs in one transaction: each as `completePipelineRun`,
    /// `skipGeneration` or `failGeneration` would alone. One commit for many SKUs is what lets
    /// the workers keep the cores busy instead of waiting on the writer, and the transaction
    /// runs on the database's writer thread, not on the caller's. What can be worked out
    /// before the transaction was, when the worker made each `FinishedJob`, and what is decided
    /// about the copy (`decisions`) was decided before it, by the worker.
    public func finishJobs(_ finished: [FinishedJob], target: String, decisions: CopyDecisions = CopyDecisions(), maxAttempts: Int = 5) async throws {
        guard !finished.isEmpty else { return }
        try await write { db in
            for entry in finished {
                switch entry.result {
                case .ran(let outcome, let variantB):
                    guard let prepared = entry.prepared else { continue }
                    try self.recordRun(
                        db, entry.job, outcome: outcome, steps: prepared.steps, productHash: prepared.productHash, target: target,
                        decisions: decisions, variantB: variantB, retryAfter: Self.translationRetrySeconds
                    )
                case .productRemoved:
                    try Self.settle(db, entry.job, as: .skipped, error: "product removed", at: self.nowSeconds)
                case .failed(let error):
                    try Self.fail(db, entry.job, error: error, maxAttempts: maxAttempts, at: self.nowSeconds)
                }
            }
        }
    }

    /// `steps`: the outcome's trace as `json(_:)` writes it, encoded before the transaction.
    func recordRun(
        _ db: Database, _ job: GenerationJob, outcome: PipelineOutcome, steps: String, productHash: ContentHash, target: String,
        decisions: CopyDecisions, variantB: [GeneratedCopy], retryAfter: Double
    ) throws {
        let now = nowSeconds
        let day = CatalogDatabase.utcDay(now)
        // A newer job for the SKU writes the copy and the queues; this run's cost still counts.
        let stale = try Self.isStale(db, job)
        if !stale {
            // A sell-out while the job ran raised it: its copy goes out at that priority.
            let priority = min(job.priority, try Self.currentPriority(db, job))
            try publish(db, outcome.toPublish.map { ($0.copy, $0.handle) }, productHash: productHash, target: target, priority: priority, decisions: decisions)
            // An experiment's variant B: the same product written by the challenger.
            try publish(db, variantB.map { ($0, nil) }, productHash: productHash, target: target, priority: priority, decisions: decisions, slot: .variantB)
            let reviews = outcome.reviews
            // Proposed copy is kept as a generation that is not queued for publishing.
            let reviewIDs = try publish(db, reviews.map { ($0.copy, nil) }, productHash: productHash, target: nil, decisions: decisions)
            let supersedeReview = try db.cachedStatement(sql: "UPDATE review_queue SET state = \(ReviewState.superseded.sql) WHERE sku = ? AND locale = ? AND state = \(ReviewState.open.sql)")
            let deferTranslation = try db.cachedStatement(sql: """
                INSERT INTO translation_queue (sku, locale, reason, state, not_before, created_at, updated_at)
                VALUES (?, ?, ?, \(TranslationState.queued.sql), ?, ?, ?)
                ON CONFLICT (sku, locale) WHERE state = \(TranslationState.queued.sql) DO UPDATE SET
                    reason = excluded.reason, attempts = attempts + 1, not_before = excluded.not_before, updated_at = excluded.updated_at
                """)
            let settleTranslation = try db.cachedStatement(sql: "UPDATE translation_queue SET state = \(TranslationState.done.sql), updated_at = ? WHERE sku = ? AND locale = ? AND state = \(TranslationState.queued.sql)")
            // Most SKUs have neither an open review nor a queued translation: one look each
            // instead of an update per locale.
            let openReview = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM review_queue WHERE sku = ? AND state = \(ReviewState.open.sql))"), arguments: [outcome.sku.rawValue]) ?? true
            let queuedTranslation = try Bool.fetchOne(db.cachedStatement(sql: "SELECT EXISTS (SELECT 1 FROM translation_queue WHERE sku = ? AND state = \(TranslationState.queued.sql))"), arguments: [outcome.sku.rawValue]) ?? true
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
                    VALUES (?, ?, ?, ?, ?, ?, ?, \(ReviewState.open.sql), ?)
                    """, arguments: [
                        outcome.sku.rawValue, review.locale.identifier, review.reason.rawValue, review.why,
                        CatalogDatabase.json(review.scores), CatalogDatabase.json(review.suggestedEdits), reviewIDs[review.locale.identifier], now,
                    ])
            }
        }
        try CopyLedger.recordQuality(db, outcome, at: now)
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
    public func requeueDueTranslations() async throws -> Int {
        let due = try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM translation_queue WHERE state = \(TranslationState.queued.sql) AND not_before <= ?)", arguments: [nowSeconds]) ?? false
        }
        guard due else { return 0 }
        return try await write { db in
            let now = nowSeconds
            try db.execute(sql: """
                INSERT OR IGNORE INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at)
                SELECT DISTINCT sku, 'translation-retry', ?, 'translation', \(JobState.queued.sql), ?, ? FROM translation_queue
                WHERE state = \(TranslationState.queued.sql) AND not_before <= ?
                """, arguments: [JobPriority.pimDelta.rawValue, now, now, now])
            let queued = db.changesCount
            try db.execute(sql: "UPDATE translation_queue SET not_before = ? WHERE state = \(TranslationState.queued.sql) AND not_before <= ?", arguments: [now + Self.translationRetrySeconds, now])
            return queued
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
}
