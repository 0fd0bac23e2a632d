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
    public func status() throws -> CatalogStatus {
        try read { db in
            var status = CatalogStatus()
            status.products = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM products WHERE removed_at IS NULL") ?? 0
            status.removedProducts = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM products WHERE removed_at IS NOT NULL") ?? 0
            status.imports = try countsByState(db, table: "imports")
            status.generationJobs = try countsByState(db, table: "generation_jobs")
            status.outbox = try countsByState(db, table: "outbox")
            status.manualQueueOpen = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM manual_queue WHERE state = 'open'") ?? 0
            status.reviewOpen = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_queue WHERE state = 'open'") ?? 0
            status.translationsQueued = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM translation_queue WHERE state = 'queued'") ?? 0
            status.lastImport = try imports(db, limit: 1).first
            return status
        }
    }

    public func recentImports(limit: Int, state: ImportState? = nil) throws -> [ImportSummary] {
        try read { db in try imports(db, limit: limit, state: state) }
    }

    public func importSummary(_ id: ImportID) throws -> ImportSummary? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM imports WHERE id = ?", arguments: [id.rawValue]).map(Self.importSummary)
        }
    }

    public func products(limit: Int, offset: Int = 0, includeRemoved: Bool = false) throws -> [ProductSummary] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT p.sku, p.source, d.doc, p.removed_at, p.updated_at FROM products p JOIN product_docs d ON d.hash = p.hash
                    \(includeRemoved ? "" : "WHERE p.removed_at IS NULL") ORDER BY p.sku LIMIT ? OFFSET ?
                    """,
                arguments: [limit, offset]
            ).map { row in
                let product = try? Product.decode(canonicalJSON: Data((row["doc"] as String).utf8))
                return ProductSummary(
                    sku: row["sku"], source: row["source"], family: product?.family,
                    name: product?.attributes["name"].flatMap(Self.anyText),
                    removed: row["removed_at"] != nil, updatedAt: Date(timeIntervalSince1970: row["updated_at"])
                )
            }
        }
    }

    public func productDetail(_ sku: SKU) throws -> ProductDetail? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT p.source, d.doc, p.removed_at FROM products p JOIN product_docs d ON d.hash = p.hash WHERE p.sku = ?", arguments: [sku.rawValue]) else {
                return nil
            }
            let product = try Product.decode(canonicalJSON: Data((row["doc"] as String).utf8))
            let copy = try Row.fetchAll(
                db,
                sql: """
                    SELECT \(Self.copyColumns) FROM generations g
                    WHERE g.id IN (SELECT MAX(id) FROM generations WHERE sku = ? GROUP BY locale) ORDER BY g.locale
                    """,
                arguments: [sku.rawValue]
            ).compactMap(Self.copy(from:))
            let history = try Row.fetchAll(
                db,
                sql: """
                    SELECT h.change, h.import_id, i.file_name, h.fields, h.regenerate, h.at FROM product_history h
                    LEFT JOIN imports i ON i.id = h.import_id WHERE h.sku = ? ORDER BY h.id
                    """,
                arguments: [sku.rawValue]
            ).map { row in
                ProductHistoryEntry(
                    change: row["change"], importID: row["import_id"], fileName: row["file_name"],
                    fields: (row["fields"] as String?).flatMap { try? JSONDecoder().decode([String: FieldChange].self, from: Data($0.utf8)) },
                    regenerate: row["regenerate"], at: Date(timeIntervalSince1970: row["at"])
                )
            }
            let outbox = try Row.fetchAll(
                db,
                sql: """
                    SELECT locale, target, state, attempts, last_error FROM outbox
                    WHERE id IN (SELECT MAX(id) FROM outbox WHERE sku = ? GROUP BY locale, target) ORDER BY locale, target
                    """,
                arguments: [sku.rawValue]
            ).map { OutboxStateEntry(locale: $0["locale"], target: $0["target"], state: $0["state"], attempts: $0["attempts"], lastError: $0["last_error"]) }
            let stock = try Row.fetchOne(db, sql: "SELECT quantity, discontinued, velocity FROM stock_totals WHERE sku = ?", arguments: [sku.rawValue])
                .map { StockSummary(quantity: $0["quantity"], discontinued: $0["discontinued"], velocity: $0["velocity"]) }
            return ProductDetail(product: product, source: row["source"], removed: row["removed_at"] != nil, copy: copy, history: history, outbox: outbox, stock: stock)
        }
    }

    /// Every live product's content hash: what two databases must agree on to hold the same
    /// catalog (crash tests compare a killed-and-restarted import with an uninterrupted one).
    public func liveProductHashes() throws -> [String: String] {
        try read { db in
            var hashes: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT sku, hash FROM products WHERE removed_at IS NULL") {
                hashes[row["sku"]] = ContentHash(bytes: Array(row["hash"] as Data))?.hex
            }
            return hashes
        }
    }

    /// How many history rows of each kind: an import applied twice would double them.
    public func historyCounts() throws -> [String: Int] {
        try read { db in
            var counts: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT change, COUNT(*) AS n FROM product_history GROUP BY change") {
                counts[row["change"]] = row["n"]
            }
            return counts
        }
    }

    /// The newest audit events first: who changed what, and when.
    public func auditEvents(limit: Int) throws -> [AuditEvent] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT at, actor, action, subject, detail FROM audit_events ORDER BY id DESC LIMIT ?", arguments: [limit]).map {
                AuditEvent(at: Date(timeIntervalSince1970: $0["at"]), actor: $0["actor"], action: $0["action"], subject: $0["subject"], detail: $0["detail"])
            }
        }
    }

    private func countsByState(_ db: Database, table: String) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT state, COUNT(*) AS n FROM \(table) GROUP BY state") {
            counts[row["state"]] = row["n"]
        }
        return counts
    }

    private func imports(_ db: Database, limit: Int, state: ImportState? = nil) throws -> [ImportSummary] {
        let filter = state == nil ? "" : "WHERE state = ?"
        let arguments: StatementArguments = state.map { [$0.rawValue, limit] } ?? [limit]
        return try Row.fetchAll(db, sql: "SELECT * FROM imports \(filter) ORDER BY id DESC LIMIT ?", arguments: arguments).map(Self.importSummary)
    }

    private static func importSummary(_ row: Row) -> ImportSummary {
        let decoder = JSONDecoder()
        return ImportSummary(
            id: row["id"], fileName: row["file_name"], path: row["path"], source: row["source"],
            mode: row["effective_mode"] ?? row["mode"], state: row["state"], summary: summary(row),
            notes: (row["notes"] as String?).flatMap { try? decoder.decode(ImportNotes.self, from: Data($0.utf8)) },
            error: (row["error"] as String?).flatMap { try? decoder.decode(CatalogError.self, from: Data($0.utf8)) },
            heldReason: row["held_reason"], archivedPath: row["archived_path"],
            claimedAt: Date(timeIntervalSince1970: row["claimed_at"]), updatedAt: Date(timeIntervalSince1970: row["updated_at"])
        )
    }

    private static func anyText(_ value: AttributeValue) -> String? {
        if case .localizedText(let texts) = value {
            return texts.text(preferring: LocaleCode("en")!) ?? texts.sorted { $0.key < $1.key }.first?.value
        }
        return value.displayText(in: LocaleCode("en")!)
    }
}

extension CatalogDatabase {
    /// Outbox rows that failed at least once and are waiting for another try, by target.
    public func failingOutbox() throws -> [String: Int] {
        try read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT target, COUNT(*) AS n FROM outbox WHERE state = 'pending' AND attempts > 0 GROUP BY target")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["target"] as String, $0["n"] as Int) })
        }
    }
}

extension CatalogDatabase {
    /// Provider calls of the last `window` seconds by route (provider/model) and outcome, from
    /// the per-hour counts runs record as they commit (so the window starts on the hour):
    /// what /metrics reports as provider calls and failures.
    public func providerCallOutcomes(window: Double = 86_400) throws -> [(route: String, outcome: String, count: Int)] {
        try read { db in
            let since = Int((nowSeconds - window) / 3600)
            return try Row.fetchAll(db, sql: """
                SELECT route, outcome, SUM(calls) AS n FROM provider_call_hours WHERE hour >= ? GROUP BY 1, 2
                """, arguments: [since]).map { ($0["route"], $0["outcome"], $0["n"]) }
        }
    }
}
