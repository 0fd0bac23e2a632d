public import CatalogCore
public import Foundation
import GRDB

/// What `catalogctl status` shows: how much is where in the flow.
public struct CatalogStatus: Hashable, Sendable, Codable {
    public var products = 0
    public var removedProducts = 0
    public var imports: [String: Int] = [:]
    public var generationJobs: [String: Int] = [:]
    public var outbox: [String: Int] = [:]
    public var manualQueueOpen = 0
    public var reviewOpen = 0
    public var translationsQueued = 0
    public var lastImport: ImportSummary?
}

public struct ImportSummary: Hashable, Sendable, Codable {
    public let id: Int64
    public let fileName: String
    public let path: String
    public let source: String
    public let mode: String
    public let state: String
    public let summary: DiffSummary?
    public let notes: ImportNotes?
    public let error: CatalogError?
    public let heldReason: String?
    public let archivedPath: String?
    public let claimedAt: Date
    public let updatedAt: Date
}

public struct AuditEvent: Hashable, Sendable, Codable {
    public let at: Date
    public let actor: String
    public let action: String
    public let subject: String?
    public let detail: String?
}

public struct ProductSummary: Hashable, Sendable, Codable {
    public let sku: String
    public let source: String
    public let family: String?
    public let name: String?
    public let removed: Bool
    public let updatedAt: Date
}

public struct ProductHistoryEntry: Hashable, Sendable, Codable {
    public let change: String
    public let importID: Int64?
    public let fileName: String?
    /// For a change: each attribute's old and new value.
    public let fields: [String: FieldChange]?
    /// Whether the change called for new copy (false: data only, such as a price).
    public let regenerate: Bool
    public let at: Date
}

public struct OutboxStateEntry: Hashable, Sendable, Codable {
    public let locale: String
    public let target: String
    public let state: String
    public let attempts: Int
    public let lastError: String?
}

public struct ProductDetail: Hashable, Sendable, Codable {
    public let product: Product
    public let source: String
    public let removed: Bool
    /// The newest copy per locale.
    public let copy: [GeneratedCopy]
    public let history: [ProductHistoryEntry]
    public let outbox: [OutboxStateEntry]
    /// What the inventory feeds say, nil when none lists the SKU.
    public var stock: StockSummary?
}

/// A SKU's stock as `catalogctl products show` reports it.
public struct StockSummary: Hashable, Sendable, Codable {
    public let quantity: Int64
    public let discontinued: Bool
    /// Units sold per day over the rolling window, as of the last change.
    public let velocity: Double
}




extension CatalogDatabase {
    static func audit(_ db: Database, at: Double, actor: String, action: String, subject: String?, detail: String?) throws {
        try db.execute(
            sql: "INSERT INTO audit_events (at, actor, action, subject, detail) VALUES (?, ?, ?, ?, ?)",
            arguments: [at, actor, action, subject, detail]
        )
    }
    /// Hands back every lease a previous process held: outbox rows it was pushing and
    /// generation jobs it was running. Only for the one daemon that owns the state directory,
    /// at start, so work a `kill -9` interrupted resumes at once instead of after the lease.
    /// Returns how many pushes and jobs were recovered.
    public func recoverLeases() throws -> (pushes: Int, jobs: Int) {
        try write { db in
            try db.execute(sql: "UPDATE outbox SET state = \(OutboxState.pending.sql), lease_until = NULL WHERE state = \(OutboxState.inFlight.sql)")
            let pushes = db.changesCount
            try db.execute(sql: "UPDATE outbox SET lease_until = NULL WHERE state = \(OutboxState.superseded.sql) AND lease_until IS NOT NULL")
            let running = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM generation_jobs WHERE state = \(JobState.running.sql)") ?? 0
            try GenerationQueue.requeueExpiredJobs(db, now: nil)
            return (pushes, running)
        }
    }
    public func status() async throws -> CatalogStatus {
        try await read { db in
            var status = CatalogStatus()
            status.products = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM products WHERE removed_at IS NULL") ?? 0
            status.removedProducts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM products WHERE removed_at IS NOT NULL") ?? 0
            status.imports = try Self.countsByState(db, table: "imports")
            status.generationJobs = try Self.countsByState(db, table: "generation_jobs")
            status.outbox = try Self.countsByState(db, table: "outbox")
            status.manualQueueOpen = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM manual_queue WHERE state = \(ManualEntryState.open.sql)") ?? 0
            status.reviewOpen = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_queue WHERE state = \(ReviewState.open.sql)") ?? 0
            status.translationsQueued = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM translation_queue WHERE state = \(TranslationState.queued.sql)") ?? 0
            status.lastImport = try ImportLedger.summaries(db, limit: 1).first
            return status
        }
    }
    /// The newest audit events first: who changed what, and when.
    public func auditEvents(limit: Int) async throws -> [AuditEvent] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT at, actor, action, subject, detail FROM audit_events ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                AuditEvent(at: Date(timeIntervalSince1970: $0["at"]), actor: $0["actor"], action: $0["action"], subject: $0["subject"], detail: $0["detail"])
            }
        }
    }
    private static func countsByState(_ db: Database, table: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM \(table) GROUP BY state") {
            counts[row["state"]] = row["n"]
        }
        return counts
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
