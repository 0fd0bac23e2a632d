import CatalogCore
@testable import CatalogAdmin
import CatalogConfiguration
@testable import CatalogReview
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// The review desk both `catalogctl review` and the web pages use: decisions are audited,
/// approvals go out ahead of other work, and edits pass the guardrail before they are kept.
@Suite struct ReviewDeskTests {
    let directory = TemporaryDirectory()

    /// `extra`: more configuration (an inventory feed).
    func desk(extra: String = "") async throws -> (ReviewDesk, CatalogDatabase) {
        let file = try directory.write("catalogd.toml", """
            state_dir = "\(directory.path("state").path)"
            [[generation.policy.rule]]
            id = "miracle"
            phrases = ["cures colds"]
            action = "block"
            \(extra)
            """)
        let environment = try CatalogEnvironment(configuration: try Configuration.load(file: file.path, environment: [:]))
        try await environment.database.seedReviewItems(skus: ["A-1", "B-2"], target: "manual")
        return (ReviewDesk(configuration: environment.configuration, database: environment.database), environment.database)
    }

    @Test func anItemShowsTheProposalBesideThePublishedCopy() async throws {
        let (desk, _) = try await desk()
        let items = try await desk.list()
        #expect(items.map(\.sku) == ["A-1", "B-2"])
        let detail = try await desk.detail(items[0].id)
        #expect(detail.proposed.title == "Storm A-1")
        #expect(detail.current?.title == "Old A-1")
        #expect(detail.product?.sku == SKU("A-1"))
        #expect(detail.item.scores["confidence"] == 0.62)
        let diff = TextDiff.words(from: detail.current!.bodyHTML, to: detail.proposed.bodyHTML)
        #expect(diff.filter { $0.change == .added }.map(\.text).joined().contains("waterproof"))
    }

    @Test func approvalQueuesTheCopyAtManualPriorityOnceAndIsAudited() async throws {
        let (desk, database) = try await desk()
        let id = try await desk.list()[0].id
        let approved = try await desk.approve(id, by: "web:ana")
        #expect(approved.item.state == "approved" && approved.decidedBy == "web:ana")
        let queued = try await database.outbox.claimOutbox(limit: 10, lane: .urgent)
        #expect(queued.map(\.item.copy.title) == ["Storm A-1"], "approved copy is pushed ahead of routine work")
        await #expect(throws: ReviewError.self) { try await desk.approve(id, by: "web:bob") }
        await #expect(throws: ReviewError.self) { try await desk.reject(id, by: "web:bob", note: "late") }
        await #expect(try await desk.list().map(\.sku) == ["B-2"])
        await #expect(try await database.auditEvents(limit: 5).contains { $0.actor == "web:ana" && $0.action == "review.approve" && $0.subject == "\(id)" })
    }

    /// With stock feeds, approved copy tells the SKU's stock: the sentence is decided by the
    /// desk (`CopyDecider`) for the stock as it is when the approval commits.
    @Test func approvedCopyCarriesTheAvailabilitySentenceForTheStockNow() async throws {
        let (desk, database) = try await desk(extra: """
            [[inventory]]
            name = "erp"
            folder = "\(directory.path("stock").path)"
            """)
        _ = try await database.stock.applyStock([StockLevel(sku: SKU("A-1")!, quantity: 2)], source: "erp")
        let id = try await desk.list()[0].id
        _ = try await desk.approve(id, by: "web:ana")
        let queued = try await database.outbox.claimOutbox(limit: 10, lane: .urgent)
        #expect(queued.map(\.item.copy.sku.rawValue) == ["A-1"])
        #expect(queued.first?.item.copy.bodyHTML.hasSuffix(#"<p class="catalogd-availability">Only 2 left in stock.</p>"#) == true)
    }

    @Test func rejectionNeedsANoteAndPublishesNothing() async throws {
        let (desk, database) = try await desk()
        let id = try await desk.list()[1].id
        await #expect(throws: ReviewError.self) { try await desk.reject(id, by: "catalogctl:ana", note: "  ") }
        let rejected = try await desk.reject(id, by: "catalogctl:ana", note: "the jacket is not waterproof")
        #expect(rejected.item.state == "rejected" && rejected.note == "the jacket is not waterproof")
        await #expect(try await database.outbox.claimOutbox(limit: 10).isEmpty)
        try await desk.assign(try desk.list()[0].id, to: "bob", by: "catalogctl:ana")
        await #expect(try await desk.detail(try await desk.list()[0].id).assignedTo == "bob")
    }

    @Test func editsPassTheGuardrailBeforeTheyAreKept() async throws {
        let (desk, database) = try await desk()
        let id = try await desk.list()[0].id
        await #expect {
            try await desk.edit(id, title: "Storm A-1", metaTitle: "m", metaDescription: "d", bodyHTML: "<p>Questions? Mail jane.doe@example.com</p>", by: "web:ana")
        } throws: { "\($0)".contains("personal data") }
        await #expect {
            try await desk.edit(id, title: "Storm A-1", metaTitle: "m", metaDescription: "d", bodyHTML: "<p>It cures colds.</p>", by: "web:ana")
        } throws: { "\($0)".contains("guardrail blocks") }
        await #expect(try await desk.detail(id).editedBy == nil, "refused edits are not stored")

        try await desk.edit(id, title: "Rain A-1", metaTitle: "Rain A-1", metaDescription: "Stays dry.", bodyHTML: "<p onclick=\"x()\">Water-resistant.</p><script>x()</script>", by: "web:ana")
        let edited = try await desk.detail(id)
        #expect(edited.editedBy == "web:ana")
        #expect(edited.proposed.bodyHTML == "<p>Water-resistant.</p>", "the edit is sanitised")
        #expect(edited.proposed.generator == ReviewDesk.editor)
        _ = try await desk.approve(id, by: "web:ana")
        await #expect(try await database.outbox.claimOutbox(limit: 10).map(\.item.copy.title) == ["Rain A-1"])
    }

    /// A shop edit the push ran into: both copies side by side; approving writes catalogd's
    /// copy over the edit, rejecting keeps the shop's.
    /// A conflict between catalogd's copy ("Ours") and a merchandiser's edit in the shop.
    func conflict() async throws -> (ReviewDesk, CatalogDatabase, ReviewItem) {
        let (desk, database) = try await desk()
        for id in try await desk.list().map(\.id) { _ = try await desk.reject(id, by: "test", note: "clear the seeded items") }
        _ = try await database.generationQueue.requestRegeneration([SKU("A-1")!])
        let job = try await #require(try await database.generationQueue.claimGenerationJobs(limit: 1).first)
        let ours = GeneratedCopy(sku: SKU("A-1")!, locale: LocaleCode("en")!, title: "Ours", bodyHTML: "<p>Ours.</p>", metaTitle: "Ours", metaDescription: "Ours.", generator: GeneratorIdentity(name: "template", version: "1"))
        try await database.generationQueue.completeGeneration(job, copies: [ours], productHash: job.product!.contentHash, target: "manual")
        let entry = try await #require(try await database.outbox.claimOutbox(limit: 5).first { $0.item.copy.title == "Ours" })
        let theirs = ShopCopy(title: "Theirs", bodyHTML: "<p>Written by a merchandiser.</p>", metaTitle: "Theirs", metaDescription: "Theirs.")
        try await database.review.openConflictReview(entry, reason: "conflict: edited in Shopify", shop: theirs)
        return (desk, database, try await #require(try await desk.list(reason: "cms-conflict").first))
    }

    @Test func aCMSConflictIsChosenInTheReviewQueue() async throws {
        let (desk, database, item) = try await conflict()
        let detail = try await desk.detail(item.id)
        #expect(detail.current?.bodyHTML == "<p>Written by a merchandiser.</p>", "the shop's edit is the current copy")
        #expect(detail.proposed.title == "Ours")
        _ = try await desk.approve(item.id, by: "web:ana")
        let queued = try await #require(try await database.outbox.claimOutbox(limit: 5, lane: .urgent).first)
        #expect(queued.item.overwrite && queued.item.copy.title == "Ours", "approving a conflict overwrites the edit")
    }

    /// Issue 27: rejecting one field dropped the whole locale's copy and left the others
    /// outdated in the shop. A person keeps the shop's edit field by field.
    @Test func aConflictIsDecidedFieldByField() async throws {
        let (desk, database, item) = try await conflict()
        let decided = try await desk.approve(item.id, by: "web:ana", keepShop: [.title, .metaTitle])
        #expect(decided.note == "keep the shop's title, meta-title; catalogd's copy for the rest")
        let queued = try await #require(try await database.outbox.claimOutbox(limit: 5, lane: .urgent).first)
        let copy = queued.item.copy
        #expect((copy.title, copy.metaTitle, copy.bodyHTML, copy.metaDescription) == ("Theirs", "Theirs", "<p>Ours.</p>", "Ours."))
        #expect(queued.item.overwrite && copy.generator == GeneratorIdentity(name: "review", version: "merged"))
    }

    /// The web page offers the choice on a conflict's approve form, and only there.
    @Test func theApproveFormOffersTheShopsFieldsOnAConflict() async throws {
        let (desk, _, item) = try await conflict()
        let form = ReviewPages.FormContext(token: "t", reviewer: "ana")
        let page = await ReviewPages.decisions(try desk.detail(item.id), form: form)
        for field in ["title", "body", "meta-title", "meta-description"] {
            #expect(page.contains("<input type=\"checkbox\" name=\"keep_\(field)\">"), "\(field)")
        }
    }

    @Test func onlyAConflictHasShopFieldsToKeep() async throws {
        let (desk, _) = try await desk()
        let seeded = try await #require(try await desk.list().first)
        await #expect(throws: ReviewError.self) { try await desk.approve(seeded.id, by: "test", keepShop: [.body]) }
        await #expect(try await desk.detail(seeded.id).item.state == "open", "a refused decision changes nothing")
        let page = await ReviewPages.decisions(try desk.detail(seeded.id), form: ReviewPages.FormContext(token: "t", reviewer: "ana"))
        #expect(!page.contains("keep_"), "no shop fields to keep outside a conflict")
    }
}
