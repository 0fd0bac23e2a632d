public import CatalogCore
public import Foundation
import GRDB

/// A generation job as `catalogctl jobs` shows it.
public struct JobSummary: Hashable, Sendable, Codable {
    public let id: Int64
    public let sku: String
    public let reason: String
    public let priority: String
    public let state: String
    public let attempts: Int
    public let lastError: String?
    public let createdAt: Date
    public let updatedAt: Date
}

extension GenerationQueue {
    /// Jobs in the order the daemon takes them (priority, then oldest), newest finished ones after.
    public func jobs(state: String? = nil, limit: Int = 100) async throws -> [JobSummary] {
        try await read { db in
            let filter = state == nil ? "" : "WHERE state = ?"
            let arguments: StatementArguments = state.map { [$0, limit] } ?? [limit]
            return try Row.fetchAll(db, sql: """
                SELECT \(JobRecord.summarySelection) FROM generation_jobs \(filter)
                ORDER BY CASE state WHEN \(JobState.running.sql) THEN 0 WHEN \(JobState.queued.sql) THEN 1 ELSE 2 END, priority, id LIMIT ?
                """, arguments: arguments).map { JobRecord(row: $0).summary }
        }
    }

    public func job(id: Int64) async throws -> JobSummary? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT \(JobRecord.summarySelection) FROM generation_jobs WHERE id = ?", arguments: [id]).map { JobRecord(row: $0).summary }
        }
    }

    /// Cancels a queued job; false when it is not queued (running jobs finish).
    public func cancelJob(id: Int64, actor: String) async throws -> Bool {
        try await write { db in
            try db.execute(sql: "UPDATE generation_jobs SET state = \(JobState.cancelled.sql), updated_at = ? WHERE id = ? AND state = \(JobState.queued.sql)", arguments: [nowSeconds, id])
            guard db.changesCount > 0 else { return false }
            try CatalogDatabase.audit(db, at: nowSeconds, actor: actor, action: "jobs.cancel", subject: "\(id)", detail: nil)
            return true
        }
    }

    /// Queues a failed or cancelled job's SKU again at its priority, attempts reset; false when
    /// the job did not fail or was not cancelled.
    public func retryJob(id: Int64, actor: String) async throws -> Bool {
        try await write { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT sku, reason, priority, source FROM generation_jobs WHERE id = ? AND state IN (\(JobState.failed.sql), \(JobState.cancelled.sql))", arguments: [id]) else {
                return false
            }
            let now = nowSeconds
            try db.execute(sql: "UPDATE generation_jobs SET state = \(JobState.superseded.sql), updated_at = ? WHERE id = ?", arguments: [now, id])
            try db.execute(sql: """
                INSERT INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at) VALUES (?, ?, ?, ?, \(JobState.queued.sql), ?, ?)
                ON CONFLICT DO UPDATE SET priority = MIN(priority, excluded.priority), updated_at = excluded.updated_at
                """, arguments: [row["sku"] as String, row["reason"] as String, row["priority"] as Int, row["source"] as String, now, now])
            try CatalogDatabase.audit(db, at: now, actor: actor, action: "jobs.retry", subject: "\(id)", detail: nil)
            return true
        }
    }

    /// Queues a person's request to regenerate `skus` at the highest priority.
    public func requestRegeneration(_ skus: [SKU]) async throws -> Int {
        try await requestRegeneration(skus, priority: .manual, reason: "manual", source: "manual")
    }

    /// Queues regeneration of `skus` at `priority` on behalf of `source` (sources take turns
    /// within a priority). A job already queued for a SKU is raised to the higher priority and
    /// given the new reason rather than duplicated, so a SKU that changes ten times in a minute
    /// gets one job with its latest state.
    public func requestRegeneration(_ skus: [SKU], priority: JobPriority, reason: String, source: String = "") async throws -> Int {
        try await write { db in
            let now = nowSeconds
            var queued = 0
            let raise = try db.cachedStatement(sql: "UPDATE generation_jobs SET priority = MIN(priority, ?), reason = ?, updated_at = ? WHERE sku = ? AND state = \(JobState.queued.sql)")
            let insert = try db.cachedStatement(sql: "INSERT OR IGNORE INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at) VALUES (?, ?, ?, ?, \(JobState.queued.sql), ?, ?)")
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
    public func queuedJobsByPriority() async throws -> [JobPriority: Int] {
        try await read { db in
            var counts: [JobPriority: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT priority, COUNT(*) FROM generation_jobs WHERE state = \(JobState.queued.sql) GROUP BY priority") {
                if let priority = JobPriority(rawValue: row[0]) { counts[priority] = row[1] }
            }
            return counts
        }
    }
}
