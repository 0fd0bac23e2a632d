import CatalogCore
import CatalogPublishing
import CatalogStore
import CatalogTestSupport
import Foundation
import Logging
import Testing

/// What catalogd does with what drift polling learns: deletions take waiting pushes to a
/// person at once; a person's edit is recorded, catalogd's own push is not mistaken for one.
@Suite struct ShopDriftServiceTests {
    final class ScriptedShop: DriftPollingTarget, @unchecked Sendable {
        let name = "fake-shop"
        private let lock = NSLock()
        private var pages: [[ShopProductChange]]
        private(set) var cursors: [String?] = []

        init(_ pages: [[ShopProductChange]]) { self.pages = pages }

        func publish(_ item: PublishItem) async throws -> PublishOutcome { .published }

        func changes(since cursor: String?, now: Date) async throws -> (changes: [ShopProductChange], cursor: String) {
            lock.withLock {
                cursors.append(cursor)
                return (pages.isEmpty ? [] : pages.removeFirst(), "cursor-\(cursors.count)")
            }
        }
    }

    let directory = TemporaryDirectory()
    let database: CatalogDatabase

    init() throws {
        database = try CatalogDatabase(path: directory.path("catalog.sqlite").path, clock: FixedClock())
    }

    func copy(_ sku: String, _ locale: String, title: String) -> GeneratedCopy {
        GeneratedCopy(sku: SKU(sku)!, locale: LocaleCode(locale)!, title: title, bodyHTML: "<p>b</p>", metaTitle: "m", metaDescription: "d", generator: GeneratorIdentity(name: "template", version: "1"))
    }

    func queue(_ sku: String, title: String) async throws {
        let claim = try database.imports.claim(ImportFile(name: "f\(sku)\(title)", path: "/f\(sku)\(title)", fingerprint: "f\(sku)\(title)", size: 1, source: "akeneo", mode: .delta))
        try database.imports.beginStaging(claim.id)
        try database.imports.stage([.product(.fixture(sku), line: 2)], to: claim.id)
        _ = try database.imports.finishStaging(claim.id, mode: .delta, notes: ImportNotes())
        _ = try database.imports.applyStaged(claim.id, policy: RegenerationPolicy())
        let job = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await database.generationQueue.completeGeneration(job, copies: [copy(sku, "en", title: title), copy(sku, "de", title: title)], productHash: job.product!.contentHash, target: "fake-shop")
    }

    func shopCopy(_ copy: GeneratedCopy) -> ShopCopy {
        ShopCopy(title: copy.title, bodyHTML: copy.bodyHTML, metaTitle: copy.metaTitle, metaDescription: copy.metaDescription)
    }

    @Test func deletionsSendWaitingPushesToAPersonAndEditsAreRecorded() async throws {
        try await queue("A", title: "A copy")
        try await queue("B", title: "B copy")
        let outbox = OutboxService(outbox: database.outbox, review: database.review, targets: [RecordingCommerceTarget(name: "fake-shop")], logger: Logger(label: "test"))
        try await outbox.drainOnce()
        await #expect(try database.status().outbox == ["published": 4])

        let now = Date(timeIntervalSince1970: 1_800_000_000)
        let shop = ScriptedShop([
            // catalogd's own pushes come back as changes: same copy, not an edit.
            [
                ShopProductChange(productRef: "p-A", skus: [SKU("A")!], at: now, deleted: false, primaryCopy: shopCopy(copy("A", "en", title: "A copy"))),
                ShopProductChange(productRef: "p-B", skus: [SKU("B")!], at: now, deleted: false, primaryCopy: shopCopy(copy("B", "en", title: "B copy"))),
            ],
            // A person edits A; B is deleted while new copy for it waits.
            [
                ShopProductChange(productRef: "p-A", skus: [SKU("A")!], at: now, deleted: false, primaryCopy: shopCopy(copy("A", "en", title: "A, by a person"))),
                ShopProductChange(productRef: "p-B", skus: [], at: now, deleted: true, primaryCopy: nil),
            ],
        ])
        let drift = ShopDriftService(shopState: database.shopState, targets: [shop], primaryLocale: LocaleCode("en")!, interval: .seconds(1), logger: Logger(label: "test"))
        #expect(drift.isActive)
        await drift.pollOnce()
        await #expect(try database.shopState.driftCursor(target: "fake-shop") == "cursor-1")

        await #expect(try database.generationQueue.requestRegeneration([SKU("B")!]) == 1)
        let job = try await #require(try database.generationQueue.claimGenerationJobs(limit: 1).first)
        try await database.generationQueue.completeGeneration(job, copies: [copy("B", "en", title: "B v2"), copy("B", "de", title: "B v2")], productHash: job.product!.contentHash, target: "fake-shop")

        let outcome = try await database.shopState.recordShopChanges(try await shop.changes(since: "cursor-1", now: now).changes, target: "fake-shop", primaryLocale: LocaleCode("en")!, cursor: "cursor-3")
        #expect(outcome.edited == [SKU("A")!])
        #expect(outcome.deleted == [SKU("B")!: 2])
        let queue = try await database.manualQueue.entries()
        #expect(queue.count == 2)
        #expect(queue.allSatisfy { $0.reason.hasPrefix("the product with SKU B was deleted in fake-shop at ") })
        #expect(shop.cursors == [nil, "cursor-1"])
    }
}
