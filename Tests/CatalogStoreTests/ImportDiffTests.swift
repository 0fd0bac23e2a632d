import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// A database in a temp directory with a hand-driven clock.
struct StoreFixture {
    let directory = TemporaryDirectory()
    let clock = FixedClock()
    let database: CatalogDatabase
    /// What the database ran, for fixtures that observe it (see QueueClaimTests).
    var statements = StatementLog()

    /// In memory unless the test needs the file (its write-ahead log, a second process).
    init(onDisk: Bool = false) throws {
        database = onDisk
            ? try CatalogDatabase(path: directory.path("catalog.sqlite").path, clock: clock)
            : try CatalogDatabase.inMemory(clock: clock)
    }

    /// Stages `products` as one file and applies it, in batches of `batchSize`.
    @discardableResult
    func importProducts(_ products: [Product], source: String = "akeneo", mode: ImportMode = .snapshot, name: String = UUID().uuidString, batchSize: Int = 2) throws -> DiffSummary {
        let id = try stageProducts(products, source: source, mode: mode, name: name, batchSize: batchSize)
        return try database.imports.applyStaged(id, policy: RegenerationPolicy())
    }

    func stageProducts(_ products: [Product], source: String = "akeneo", mode: ImportMode = .snapshot, name: String = UUID().uuidString, batchSize: Int = 2) throws -> ImportID {
        try database.stage(products, source: source, mode: mode, name: name, batchSize: batchSize)
    }

    func file(_ name: String, source: String = "akeneo", mode: ImportMode = .snapshot) -> ImportFile {
        CatalogDatabase.testFile(name, source: source, mode: mode)
    }
}

@Suite struct ImportDiffTests {
    @Test func firstImportAddsAndQueuesAGenerationJobPerSKU() async throws {
        let fixture = try StoreFixture()
        let summary = try fixture.importProducts([.fixture("A"), .fixture("B")])
        #expect(summary == DiffSummary(added: 2))
        let status = try await fixture.database.status()
        #expect(status.products == 2)
        #expect(status.generationJobs == ["queued": 2])
        #expect(status.imports == ["applied": 1])
    }

    @Test func reimportingIdenticalProductsChangesAndGeneratesNothing() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B")])
        for job in try await fixture.database.generationQueue.claimGenerationJobs(limit: 10) { try await fixture.database.generationQueue.skipGeneration(job, reason: "test") }
        let summary = try fixture.importProducts([.fixture("B"), .fixture("A")])
        #expect(summary == DiffSummary(unchanged: 2))
        await #expect(try fixture.database.generationQueue.claimGenerationJobs(limit: 10).isEmpty)
    }

    @Test func snapshotDiffCountsEachKindAndRecordsHistory() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B"), .fixture("C")])
        let summary = try fixture.importProducts([.fixture("A"), .fixture("B", color: "Red"), .fixture("D")])
        #expect(summary == DiffSummary(added: 1, changed: 1, removed: 1, unchanged: 1))
        let removed = try await #require(try await fixture.database.catalog.productDetail(SKU("C")!))
        #expect(removed.removed)
        #expect(removed.history.map(\.change) == ["added", "removed"])
        let changed = try await #require(try await fixture.database.catalog.productDetail(SKU("B")!))
        #expect(changed.product.attributes["color"] == .text("Red"))
        #expect(changed.history.map(\.change) == ["added", "changed"])
        await #expect(try await fixture.database.catalog.products(limit: 10).map(\.sku) == ["A", "B", "D"])
        await #expect(try await fixture.database.catalog.products(limit: 10, includeRemoved: true).map(\.sku) == ["A", "B", "C", "D"])
    }

    @Test func aSnapshotOnlyRemovesProductsOfItsOwnSource() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")], source: "akeneo")
        _ = try fixture.importProducts([.fixture("S-1")], source: "supplier")
        let summary = try fixture.importProducts([.fixture("B")], source: "akeneo")
        #expect(summary == DiffSummary(added: 1, removed: 1))
        await #expect(try await fixture.database.catalog.products(limit: 10).map(\.sku) == ["B", "S-1"])
    }

    @Test func aRemovedProductThatReturnsIsAddedAgain() throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B")])
        _ = try fixture.importProducts([.fixture("A")])
        #expect(try fixture.importProducts([.fixture("A"), .fixture("B")]) == DiffSummary(added: 1, unchanged: 1))
    }

    @Test func deltaImportsNeverRemove() async throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B")])
        #expect(try fixture.importProducts([.fixture("C")], mode: .delta) == DiffSummary(added: 1))
        await #expect(try await fixture.database.status().products == 3)
    }

    @Test func claimingTheSameUnfinishedFileResumesItsImport() throws {
        let fixture = try StoreFixture()
        let file = fixture.file("x.csv")
        let first = try fixture.database.imports.claim(file)
        try fixture.database.imports.beginStaging(first.id)
        #expect(try fixture.database.imports.claim(file) == ImportClaim(id: first.id, state: .parsing, summary: nil))

        try fixture.database.imports.stage([.product(.fixture("A"), line: 2)], to: first.id)
        let summary = try fixture.database.imports.finishStaging(first.id, mode: .snapshot, notes: ImportNotes())
        #expect(try fixture.database.imports.claim(file) == ImportClaim(id: first.id, state: .staged, summary: summary, mode: .snapshot))

        _ = try fixture.database.imports.applyStaged(first.id, policy: RegenerationPolicy())
        #expect(try fixture.database.imports.claim(file).state == .applied)
        try fixture.database.imports.archive(first.id, at: "/processed/x.csv")
        #expect(try fixture.database.imports.claim(file).id != first.id)
    }

    @Test func aSKUStagedTwiceIsReportedAndTheLaterRecordWins() async throws {
        let fixture = try StoreFixture()
        let claim = try fixture.database.imports.claim(fixture.file("x.csv"))
        try fixture.database.imports.beginStaging(claim.id)
        #expect(try fixture.database.imports.stage([.product(.fixture("A"), line: 2), .product(.fixture("B"), line: 3)], to: claim.id).isEmpty)
        let repeats = try fixture.database.imports.stage([.product(.fixture("A", color: "Green"), line: 9)], to: claim.id)
        #expect(repeats == [RepeatedRecord(sku: SKU("A")!, firstLine: 2, line: 9)])
        #expect(try fixture.database.imports.finishStaging(claim.id, mode: .snapshot, notes: ImportNotes()) == DiffSummary(added: 2))
        _ = try fixture.database.imports.applyStaged(claim.id, policy: RegenerationPolicy())
        await #expect(try await fixture.database.catalog.productDetail(SKU("A")!)?.product.attributes["color"] == .text("Green"))
    }

    @Test func fingerprintIndexFindsEverySKUAndNoOther() {
        let entries = (0..<5_000).map { (SKU("SKU-\($0)")!, RowFingerprint(rawValue: Int64($0) * 7919)) }
        let index = RowFingerprintIndex(entries)
        #expect(index.count == 5_000)
        #expect(entries.allSatisfy { index[$0.0] == $0.1 })
        #expect(index[SKU("SKU-5000")!] == nil)
        #expect(RowFingerprintIndex()[SKU("A")!] == nil)
    }

    @Test func restartingStagingDiscardsTheHalfStagedRows() throws {
        let fixture = try StoreFixture()
        let claim = try fixture.database.imports.claim(fixture.file("x.csv"))
        try fixture.database.imports.beginStaging(claim.id)
        try fixture.database.imports.stage([.product(.fixture("STALE"), line: 2)], to: claim.id)
        // The process dies here; the restart stages the file again from the top.
        try fixture.database.imports.beginStaging(claim.id)
        try fixture.database.imports.stage([.product(.fixture("A"), line: 2)], to: claim.id)
        #expect(try fixture.database.imports.finishStaging(claim.id, mode: .snapshot, notes: ImportNotes()) == DiffSummary(added: 1))
    }

    @Test func applyingResumesFromItsCheckpointWithTheSameResult() async throws {
        let products = (0..<5_000).map { Product.fixture("P\($0)") }
        let reference = try StoreFixture()
        let expected = try reference.importProducts(products, batchSize: 1_000)

        let fixture = try StoreFixture()
        let id = try fixture.stageProducts(products, batchSize: 1_000)
        // Apply one checkpointed batch by hand, as if the process was killed after it.
        #expect(try fixture.database.imports.applyNextBatch(id, policy: RegenerationPolicy(), limit: 2_000))
        await #expect(try await fixture.database.status().products == 2_000)
        #expect(try fixture.database.imports.applyStaged(id, policy: RegenerationPolicy()) == expected)
        await #expect(try await fixture.database.status().products == 5_000)
        await #expect(try await fixture.database.status().generationJobs == ["queued": 5_000])
        await #expect(try await fixture.database.catalog.products(limit: 10_000).map(\.sku) == reference.database.catalog.products(limit: 10_000).map(\.sku))
    }

    @Test func deletionsInADeltaRemoveOnlyLiveProducts() async throws {
        let fixture = try StoreFixture()
        try fixture.importProducts([.fixture("A"), .fixture("B")])
        let claim = try fixture.database.imports.claim(fixture.file("delta.xml", mode: .delta))
        try fixture.database.imports.beginStaging(claim.id)
        try fixture.database.imports.stage([.deletion(SKU("A")!, line: 3), .deletion(SKU("NEVER")!, line: 4), .product(.fixture("C"), line: 5)], to: claim.id)
        #expect(try fixture.database.imports.finishStaging(claim.id, mode: .delta, notes: ImportNotes()) == DiffSummary(added: 1, removed: 1))
        _ = try fixture.database.imports.applyStaged(claim.id, policy: RegenerationPolicy())
        await #expect(try await fixture.database.catalog.products(limit: 10).map(\.sku) == ["B", "C"])
    }

    @Test func aDataOnlyChangeIsRecordedFieldByFieldButNotRegenerated() async throws {
        let fixture = try StoreFixture()
        var product = Product.fixture("A")
        try fixture.importProducts([product])
        for job in try await fixture.database.generationQueue.claimGenerationJobs(limit: 10) { try await fixture.database.generationQueue.skipGeneration(job, reason: "test") }

        product.attributes["price"] = .price([Money(amount: CanonicalDecimal("99")!, currency: "EUR")])
        #expect(try fixture.importProducts([product]) == DiffSummary(changed: 1))
        await #expect(try fixture.database.generationQueue.claimGenerationJobs(limit: 10).isEmpty, "a price change pushes data, it does not rewrite copy")
        var history = try await #require(try fixture.database.catalog.productDetail(SKU("A")!)).history
        #expect(history.last?.fields?.keys.sorted() == ["price"])
        #expect(history.last?.fields?["price"]?.new == .price([Money(amount: CanonicalDecimal("99")!, currency: "EUR")]))
        #expect(history.last?.regenerate == false)

        product.attributes["color"] = .text("Red")
        try fixture.importProducts([product])
        await #expect(try fixture.database.generationQueue.claimGenerationJobs(limit: 10).map(\.sku.rawValue) == ["A"])
        history = try await #require(try fixture.database.catalog.productDetail(SKU("A")!)).history
        #expect(history.last?.fields?["color"] == FieldChange(old: .text("Blue"), new: .text("Red")))
        #expect(history.last?.regenerate == true)
    }

    @Test func quarantineKeepsTheErrorForStatus() async throws {
        let fixture = try StoreFixture()
        let claim = try fixture.database.imports.claim(fixture.file("bad.csv"))
        let error = CatalogError(.duplicateSKU, "SKU 'A' appears again", context: .init(file: "bad.csv", line: 4, sku: "A"))
        try fixture.database.imports.quarantine(claim.id, error: error, at: "/quarantine/bad.csv")
        let last = try await #require(try await fixture.database.status().lastImport)
        #expect(last.state == "quarantined")
        #expect(last.error == error)
        #expect(try fixture.database.integrityCheck() == "ok")
    }
}
