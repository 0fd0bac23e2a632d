public import CatalogCore
import Foundation
import GRDB

/// One review item with everything a person needs to decide it.
public struct ReviewDetail: Hashable, Sendable, Codable {
    public let item: ReviewItem
    /// The copy to approve: the model's proposal, or a person's edit of it.
    public let proposed: GeneratedCopy
    /// The copy last published for this SKU and locale to the target, nil if none was.
    public let current: GeneratedCopy?
    /// The product as the PIM gave it, nil if it was removed since.
    public let product: Product?
    public let assignedTo: String?
    public let editedBy: String?
    public let decidedBy: String?
    public let decidedAt: Double?
    public let note: String?
}

/// Why a review decision was refused.
public struct ReviewError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }

    public init(message: String) {
        self.message = message
    }
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

/// The review queue: copy held for a person, with their decisions (approve, reject, edit,
/// assign) and CMS conflicts beside the shop's copy.
public struct ReviewQueue: StoreRepository {
    let database: CatalogDatabase

    public func reviewItems(state: String = "open", reason: String? = nil, locale: String? = nil, limit: Int = 100) async throws -> [ReviewItem] {
        try await read { db in
            var sql = "SELECT r.*, g.title FROM review_queue r LEFT JOIN generations g ON g.id = r.generation_id WHERE r.state = ?"
            var arguments: [any DatabaseValueConvertible] = [state]
            if let reason { sql += " AND r.reason = ?"; arguments.append(reason) }
            if let locale { sql += " AND r.locale = ?"; arguments.append(locale) }
            sql += " ORDER BY r.id LIMIT ?"
            arguments.append(limit)
            return try Row.fetchAll(db, sql: sql, arguments: StatementArguments(arguments)).map { row in
                ReviewRecord(row: row).item(title: row["title"])
            }
        }
    }

    public func reviewDetail(id: Int64, target: String) async throws -> ReviewDetail? {
        try await read { db in try Self.reviewDetail(db, id: id, target: target) }
    }

    static func reviewDetail(_ db: Database, id: Int64, target: String) throws -> ReviewDetail? {
        guard let row = try Row.fetchOne(db, sql: """
            SELECT r.*, \(GenerationRecord.copySelection), g.product_hash FROM review_queue r JOIN generations g ON g.id = r.generation_id WHERE r.id = ?
            """, arguments: [id]), let proposed = GenerationRecord.copy(from: row) else { return nil }
        let record = ReviewRecord(row: row)
        // A conflict shows the shop's edited copy; anything else what catalogd last published.
        let shopCopy = try record.shopGenerationID.flatMap { id in
            try Row.fetchOne(db, sql: "SELECT \(GenerationRecord.copySelection) FROM generations g WHERE g.id = ?", arguments: [id]).flatMap(GenerationRecord.copy(from:))
        }
        let current = try shopCopy ?? Row.fetchOne(db, sql: """
            SELECT \(GenerationRecord.copySelection) FROM outbox o JOIN generations g ON g.id = o.generation_id
            WHERE o.sku = ? AND o.locale = ? AND o.target = ? AND o.slot = 'main' AND o.state = \(OutboxState.published.sql) ORDER BY o.updated_at DESC, o.id DESC LIMIT 1
            """, arguments: [record.sku, record.locale, target]).flatMap(GenerationRecord.copy(from:))
        let product = try String.fetchOne(db, sql: """
            SELECT d.doc FROM products p JOIN product_docs d ON d.hash = p.hash WHERE p.sku = ? AND p.removed_at IS NULL
            """, arguments: [record.sku]).flatMap { try? Product.decode(canonicalJSON: Data($0.utf8)) }
        return ReviewDetail(
            item: record.item(title: proposed.title), proposed: proposed, current: current, product: product, assignedTo: record.assignedTo,
            editedBy: record.editedBy, decidedBy: record.decidedBy, decidedAt: record.decidedAt, note: record.note
        )
    }

    /// Approves an open item: its copy (edited or proposed) is queued for `target` at manual
    /// priority, as `decisions` say (its availability sentence), in one transaction with the
    /// decision and its audit entry. Throws `CopyDecisionsOutdated` if the copy changed since
    /// they were decided or the stock they were decided on did.
    ///
    /// A conflict is decided field by field: `keepShop` names the fields whose shop edit
    /// stays; the rest take catalogd's copy, and the merge is written over the edit (all
    /// fields kept writes nothing new but makes the shop's copy the one catalogd last pushed,
    /// so its next copy is not a conflict again).
    public func approveReview(id: Int64, actor: String, target: String, decisions: CopyDecisions = CopyDecisions(), keepShop: Set<CopyField> = []) async throws -> ReviewDetail {
        try await write { db in
            let detail = try Self.openReview(db, id: id)
            let productHash = try Data.fetchOne(db, sql: "SELECT g.product_hash FROM review_queue r JOIN generations g ON g.id = r.generation_id WHERE r.id = ?", arguments: [id])
                .flatMap { ContentHash(bytes: Array($0)) } ?? detail.proposed.contentHash
            // Approving a conflict means catalogd's copy over the person's edit in the shop.
            let conflict = detail.item.reason == ReviewReason.cmsConflict.rawValue
            var copy = detail.proposed
            var note: String? = conflict ? "overwrite the shop's edit" : nil
            if !keepShop.isEmpty {
                guard conflict, let shop = detail.current else {
                    throw ReviewError(message: "review item #\(id) is not a conflict with the shop's copy; there is no shop field to keep")
                }
                copy = copy.taking(keepShop, from: shop, generator: GeneratorIdentity(name: "review", version: "merged"))
                let kept = CopyField.allCases.filter(keepShop.contains).map(\.rawValue).joined(separator: ", ")
                note = keepShop.count == CopyField.allCases.count ? "keep the shop's edit" : "keep the shop's \(kept); catalogd's copy for the rest"
            }
            let conflictTarget = try String.fetchOne(db, sql: "SELECT target FROM review_queue WHERE id = ?", arguments: [id])
            try database.generationQueue.publish(db, [(copy, nil)], productHash: productHash, target: conflictTarget ?? target, priority: .manual, decisions: conflict ? CopyDecisions() : decisions, overwrite: conflict)
            try decide(db, id: id, state: .approved, actor: actor, note: note)
            return try Self.reviewDetail(db, id: id, target: target)!
        }
    }

    /// A push stopped because a person edited the copy in the shop: the row waits as
    /// `conflict`, the shop's copy is kept as a generation (`shop@edited`), and a review item
    /// offers both. Approving writes catalogd's copy over the edit; rejecting keeps the shop's.
    public func openConflictReview(_ entry: OutboxEntry, reason: String, shop: ShopCopy) async throws {
        try await write { db in
            guard try !Outbox.endSupersededPush(db, entry.id) else { return }
            let now = nowSeconds
            try db.execute(sql: "UPDATE outbox SET state = \(OutboxState.conflict.sql), note = ?, lease_until = NULL, updated_at = ? WHERE id = ?", arguments: [reason, now, entry.id])
            guard let row = try Row.fetchOne(db, sql: """
                SELECT o.generation_id, g.product_hash FROM outbox o JOIN generations g ON g.id = o.generation_id WHERE o.id = ?
                """, arguments: [entry.id]), let productHash = ContentHash(bytes: Array(row["product_hash"] as Data)) else { return }
            let copy = entry.item.copy
            let edited = GeneratedCopy(
                sku: copy.sku, locale: copy.locale, title: shop.title, bodyHTML: shop.bodyHTML,
                metaTitle: shop.metaTitle, metaDescription: shop.metaDescription, generator: GeneratorIdentity(name: "shop", version: "edited")
            )
            let shopIDs = try database.generationQueue.publish(db, [(edited, nil)], productHash: productHash, target: nil)
            try db.execute(sql: "UPDATE review_queue SET state = \(ReviewState.superseded.sql) WHERE sku = ? AND locale = ? AND state = \(ReviewState.open.sql)", arguments: [copy.sku.rawValue, copy.locale.identifier])
            try db.execute(sql: """
                INSERT INTO review_queue (sku, locale, reason, why, scores, suggested_edits, generation_id, shop_generation_id, target, state, created_at)
                VALUES (?, ?, ?, ?, '{}', '[]', ?, ?, ?, \(ReviewState.open.sql), ?)
                """, arguments: [
                    copy.sku.rawValue, copy.locale.identifier, ReviewReason.cmsConflict.rawValue, reason,
                    row["generation_id"] as Int64, shopIDs[copy.locale.identifier], entry.item.target, now,
                ])
        }
    }

    /// Rejects an open item with a note; nothing is published.
    public func rejectReview(id: Int64, actor: String, note: String) async throws -> ReviewDetail {
        try await write { db in
            _ = try Self.openReview(db, id: id)
            try decide(db, id: id, state: .rejected, actor: actor, note: note)
            return try Self.reviewDetail(db, id: id, target: "")!
        }
    }

    public func assignReview(id: Int64, to assignee: String, actor: String) async throws {
        try await write { db in
            _ = try Self.openReview(db, id: id)
            try db.execute(sql: "UPDATE review_queue SET assigned_to = ? WHERE id = ?", arguments: [assignee, id])
            try CatalogDatabase.audit(db, at: nowSeconds, actor: actor, action: "review.assign", subject: "\(id)", detail: assignee)
        }
    }

    /// Replaces an open item's copy with a person's edit (already checked by the guardrail);
    /// the model's proposal stays as `proposed_generation_id`.
    public func editReview(id: Int64, copy: GeneratedCopy, actor: String) async throws {
        try await write { db in
            let detail = try Self.openReview(db, id: id)
            guard copy.sku.rawValue == detail.item.sku, copy.locale.identifier == detail.item.locale else {
                throw ReviewError(message: "the edit is for \(copy.sku) [\(copy.locale)], the item for \(detail.item.sku) [\(detail.item.locale)]")
            }
            let productHash = try Data.fetchOne(db, sql: "SELECT g.product_hash FROM review_queue r JOIN generations g ON g.id = r.generation_id WHERE r.id = ?", arguments: [id])!
            let ids = try database.generationQueue.publish(db, [(copy, nil)], productHash: ContentHash(bytes: Array(productHash))!, target: nil)
            let now = nowSeconds
            try db.execute(sql: """
                UPDATE review_queue SET proposed_generation_id = COALESCE(proposed_generation_id, generation_id), generation_id = ?, edited_by = ?, edited_at = ?
                WHERE id = ?
                """, arguments: [ids[copy.locale.identifier], actor, now, id])
            try CatalogDatabase.audit(db, at: now, actor: actor, action: "review.edit", subject: "\(id)", detail: "content \(copy.contentHash.hex.prefix(12))")
        }
    }

    private static func openReview(_ db: Database, id: Int64) throws -> ReviewDetail {
        guard let detail = try reviewDetail(db, id: id, target: "") else { throw ReviewError(message: "no review item #\(id)") }
        guard detail.item.state == "open" else {
            throw ReviewError(message: "review item #\(id) is \(detail.item.state)\(detail.decidedBy.map { " (by \($0))" } ?? ""); only open items can be decided")
        }
        return detail
    }

    private func decide(_ db: Database, id: Int64, state: ReviewState, actor: String, note: String?) throws {
        let now = nowSeconds
        try db.execute(
            sql: "UPDATE review_queue SET state = ?, decided_at = ?, decided_by = ?, note = ? WHERE id = ?",
            arguments: [state.rawValue, now, actor, note, id]
        )
        try CatalogDatabase.audit(db, at: now, actor: actor, action: "review.\(state == .approved ? "approve" : "reject")", subject: "\(id)", detail: note)
    }
}
