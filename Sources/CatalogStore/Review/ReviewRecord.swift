import CatalogCore
import Foundation
import GRDB

/// A row of `review_queue`: copy held for a person's decision, and the decision. The review
/// queue reads its items through this record, so each column is named once.
struct ReviewRecord: FetchableRecord, TableRecord {
    static let databaseTableName = "review_queue"

    enum Columns {
        static let id = Column("id")
        static let sku = Column("sku")
        static let locale = Column("locale")
        static let reason = Column("reason")
        static let why = Column("why")
        static let scores = Column("scores")
        static let suggestedEdits = Column("suggested_edits")
        /// The copy to approve: the proposal, or a person's edit of it.
        static let generationID = Column("generation_id")
        /// The model's proposal, once a person edited it.
        static let proposedGenerationID = Column("proposed_generation_id")
        /// A conflict's shop copy.
        static let shopGenerationID = Column("shop_generation_id")
        /// A conflict's target.
        static let target = Column("target")
        static let state = Column("state")
        static let assignedTo = Column("assigned_to")
        static let editedBy = Column("edited_by")
        static let editedAt = Column("edited_at")
        static let decidedBy = Column("decided_by")
        static let decidedAt = Column("decided_at")
        static let note = Column("note")
        static let createdAt = Column("created_at")
    }

    var id: Int64
    var sku: String
    var locale: String
    var reason: String
    var why: String
    var scores: [String: Double]
    var suggestedEdits: [String]
    var shopGenerationID: Int64?
    var target: String?
    var state: String
    var assignedTo: String?
    var editedBy: String?
    var decidedBy: String?
    var decidedAt: Double?
    var note: String?
    var createdAt: Double

    init(row: Row) {
        id = row[Columns.id]
        sku = row[Columns.sku]
        locale = row[Columns.locale]
        reason = row[Columns.reason]
        why = row[Columns.why]
        scores = Self.decode(row[Columns.scores]) ?? [:]
        suggestedEdits = Self.decode(row[Columns.suggestedEdits]) ?? []
        shopGenerationID = row[Columns.shopGenerationID]
        target = row[Columns.target]
        state = row[Columns.state]
        assignedTo = row[Columns.assignedTo]
        editedBy = row[Columns.editedBy]
        decidedBy = row[Columns.decidedBy]
        decidedAt = row[Columns.decidedAt]
        note = row[Columns.note]
        createdAt = row[Columns.createdAt]
    }

    /// The item as lists show it, under `title` (its copy's).
    func item(title: String?) -> ReviewItem {
        ReviewItem(id: id, sku: sku, locale: locale, reason: reason, why: why, scores: scores, suggestedEdits: suggestedEdits, state: state, title: title, createdAt: createdAt)
    }

    private static func decode<T: Decodable>(_ json: String?) -> T? {
        json.flatMap { try? JSONDecoder().decode(T.self, from: Data($0.utf8)) }
    }
}
