public import CatalogConfiguration
public import CatalogCore
import CatalogIngest
import CatalogPipeline
import CatalogGeneration
public import CatalogStore
import Foundation
import Logging

/// What `catalogctl review` and the admin port's review pages share: the queue, decisions
/// with their audit entries, and edits re-checked by the guardrail before they can be
/// approved.
public struct ReviewDesk: Sendable {
    let database: CatalogDatabase
    let guardrail: Guardrail
    /// Where approved copy goes, and whose published copy counts as current.
    public let target: String
    /// The availability sentence of the copy approved.
    let decider: CopyDecider
    let configuration: Configuration

    public init(configuration: Configuration, database: CatalogDatabase) {
        self.configuration = configuration
        self.database = database
        guardrail = configuration.generation.makeGuardrail()
        target = configuration.publishing.target
        decider = CopyDecider(database: database, availability: configuration.availabilityTriggers)
    }

    public func list(reason: String? = nil, locale: String? = nil, state: String = "open") async throws -> [ReviewItem] {
        try await database.review.reviewItems(state: state, reason: reason, locale: locale)
    }

    public func detail(_ id: Int64) async throws -> ReviewDetail {
        guard let detail = try await database.review.reviewDetail(id: id, target: target) else { throw ReviewError(message: "no review item #\(id)") }
        return detail
    }

    /// `keepShop`: for a conflict, the fields whose shop edit stays (the rest take catalogd's).
    public func approve(_ id: Int64, by actor: String, keepShop: Set<CopyField> = []) async throws -> ReviewDetail {
        try await decider.deciding {
            // A conflict's approval writes catalogd's copy over the shop's edit as it is.
            let detail = try await detail(id)
            let decisions = detail.item.reason == ReviewReason.cmsConflict.rawValue ? CopyDecisions() : try await decider.decide([(detail.proposed, nil)])
            return try await database.review.approveReview(id: id, actor: actor, target: target, decisions: decisions, keepShop: keepShop)
        }
    }

    public func reject(_ id: Int64, by actor: String, note: String) async throws -> ReviewDetail {
        let note = note.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !note.isEmpty else { throw ReviewError(message: "a rejection needs a note saying why") }
        return try await database.review.rejectReview(id: id, actor: actor, note: note)
    }

    public func assign(_ id: Int64, to user: String, by actor: String) async throws {
        let user = user.trimmingCharacters(in: .whitespaces)
        guard !user.isEmpty else { throw ReviewError(message: "assign to whom?") }
        try await database.review.assignReview(id: id, to: user, actor: actor)
    }

    /// A person's edit of the copy. The body is sanitised to the allowed tags (catalogd's own
    /// availability sentence is added again when approved); the guardrail then checks it like
    /// model output, and an edit with personal data or a blocked phrase is refused, not stored.
    /// Returns the legal-review rules the edit still matches (the approver decides on them).
    @discardableResult
    public func edit(_ id: Int64, title: String, metaTitle: String, metaDescription: String, bodyHTML: String, by actor: String) async throws -> [String] {
        let detail = try await detail(id)
        guard let product = detail.product else { throw ReviewError(message: "\(detail.item.sku) was removed from the catalog; there is nothing to edit") }
        let edited = GeneratedCopy(
            sku: detail.proposed.sku, locale: detail.proposed.locale,
            title: title.trimmingCharacters(in: .whitespacesAndNewlines),
            bodyHTML: HTMLSanitizer.sanitize(AvailabilityBlock.removing(from: bodyHTML)).trimmingCharacters(in: .whitespacesAndNewlines),
            metaTitle: metaTitle.trimmingCharacters(in: .whitespacesAndNewlines),
            metaDescription: metaDescription.trimmingCharacters(in: .whitespacesAndNewlines),
            generator: Self.editor
        )
        guard !edited.title.isEmpty, !HTMLSanitizer.plainText(edited.bodyHTML).isEmpty else {
            throw ReviewError(message: "the edit needs a title and a body")
        }
        var trace = PipelineTrace()
        let verdict = guardrail.checkOutput(edited, product: product, trace: &trace)
        if let pii = verdict.incidents.first(where: { $0.kind == .piiInOutput }) {
            throw ReviewError(message: "the edit contains personal data (\(pii.detail.replacingOccurrences(of: "redacted ", with: ""))); remove it and save again")
        }
        if !verdict.blocks.isEmpty {
            throw ReviewError(message: "the guardrail blocks the edit: \(verdict.blocks.map(\.description).joined(separator: "; "))")
        }
        try await database.review.editReview(id: id, copy: edited, actor: actor)
        return verdict.legalReviews.map(\.description)
    }

    /// Copy written by a reviewer, as the registry and reports name it.
    public static let editor = GeneratorIdentity(name: "reviewer", version: "1")
}

extension ReviewDesk {
    /// The fields a reviewer compares, as plain text: title, meta title, meta description, body.
    public static func fields(of copy: GeneratedCopy) -> [(name: String, text: String)] {
        [("title", copy.title), ("meta title", copy.metaTitle), ("meta description", copy.metaDescription), ("body", HTMLSanitizer.plainText(copy.bodyHTML))]
    }
}

// Mass-deletion holds: a full snapshot that would remove too much of a source waits for a
// person here too, beside the copy reviews.
extension ReviewDesk {
    /// Snapshots held by the mass-deletion guard, oldest first.
    public func heldImports() async throws -> [ImportSummary] {
        try await database.imports.recentImports(limit: 100, state: .held).sorted { $0.id < $1.id }
    }

    /// Applies a held snapshot after all, removals included.
    public func approveHold(_ id: Int64, by actor: String) async throws -> DiffSummary {
        let (held, file) = try await hold(id)
        let summary = try importer(for: held).approve(ImportID(id), heldFile: file)
        try await database.recordAudit(actor: actor, action: "import.approve", subject: "import #\(id)", detail: summary.description)
        return summary
    }

    /// Quarantines a held snapshot with the person's reason; returns where the file went.
    public func rejectHold(_ id: Int64, by actor: String, note: String) async throws -> String {
        guard !note.trimmingCharacters(in: .whitespaces).isEmpty else { throw ReviewError(message: "a rejection needs a note saying why") }
        let (held, file) = try await hold(id)
        let reason = CatalogError(.rejectedByOperator, "rejected by \(actor): \(note)", context: .init(file: held.fileName))
        let movedTo = try importer(for: held).reject(ImportID(id), heldFile: file, reason: reason)
        try await database.recordAudit(actor: actor, action: "import.reject", subject: "import #\(id)", detail: note)
        return movedTo
    }

    private func hold(_ id: Int64) async throws -> (ImportSummary, URL) {
        guard let found = try await database.imports.importSummary(ImportID(id)) else { throw ReviewError(message: "no import #\(id); see `catalogctl imports list`") }
        guard found.state == ImportState.held.rawValue else {
            throw ReviewError(message: "import #\(id) is \(found.state), not held; only held imports can be approved or rejected")
        }
        guard let path = found.archivedPath else { throw ReviewError(message: "import #\(id) has no held file recorded") }
        return (found, URL(fileURLWithPath: path))
    }

    private func importer(for held: ImportSummary) -> FileImporter {
        let folder = configuration.watches.first { $0.source == held.source } ?? configuration.watches[0]
        return FileImporter(store: database.imports, folder: folder, layout: configuration.folderLayout, policy: configuration.ingest.policy, logger: Logger(label: "review"))
    }
}
