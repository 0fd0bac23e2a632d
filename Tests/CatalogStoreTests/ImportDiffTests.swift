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

    init() throws {
        database = try CatalogDatabase(path: directory.path("catalog.sqlite").path, clock: clock)
    }

    func importProducts(_ products: [Product], source: String = "akeneo", mode: ImportMode = .snapshot, name: String = UUID().uuidString) throws -> DiffSummary {
        let claim = try database.claim(ImportFile(name: name, path: "/inbox/\(name)", sha256: name, size: 1, source: source, mode: mode))
        try database.markParsing(claim.id)
        return try database.apply(products, to: claim.id)
    }
}

@Suite struct ImportDiffTests {
    @Test func firstImportAddsAndQueuesAGenerationJobPerSKU() throws {
        let fixture = try StoreFixture()
        let summary = try fixture.importProducts([.fixture("A"), .fixture("B")])
        #expect(summary == DiffSummary(added: 2))
        let status = try fixture.database.status()
        #expect(status.products == 2)
        #expect(status.generationJobs == ["queued": 2])
        #expect(status.imports == ["applied": 1])
    }

    @Test func reimportingIdenticalProductsChangesAndGeneratesNothing() throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B")])
        _ = try fixture.database.claimGenerationJobs(limit: 10).map { try fixture.database.skipGeneration($0, reason: "test") }
        let summary = try fixture.importProducts([.fixture("B"), .fixture("A")])
        #expect(summary == DiffSummary(unchanged: 2))
        #expect(try fixture.database.claimGenerationJobs(limit: 10).isEmpty)
    }

    @Test func snapshotDiffCountsEachKindAndRecordsHistory() throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B"), .fixture("C")])
        let summary = try fixture.importProducts([.fixture("A"), .fixture("B", color: "Red"), .fixture("D")])
        #expect(summary == DiffSummary(added: 1, changed: 1, removed: 1, unchanged: 1))
        let removed = try #require(try fixture.database.productDetail(SKU("C")!))
        #expect(removed.removed)
        #expect(removed.history.map(\.change) == ["added", "removed"])
        let changed = try #require(try fixture.database.productDetail(SKU("B")!))
        #expect(changed.product.attributes["color"] == .text("Red"))
        #expect(changed.history.map(\.change) == ["added", "changed"])
        #expect(try fixture.database.products(limit: 10).map(\.sku) == ["A", "B", "D"])
        #expect(try fixture.database.products(limit: 10, includeRemoved: true).map(\.sku) == ["A", "B", "C", "D"])
    }

    @Test func aSnapshotOnlyRemovesProductsOfItsOwnSource() throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A")], source: "akeneo")
        _ = try fixture.importProducts([.fixture("S-1")], source: "supplier")
        let summary = try fixture.importProducts([.fixture("B")], source: "akeneo")
        #expect(summary == DiffSummary(added: 1, removed: 1))
        #expect(try fixture.database.products(limit: 10).map(\.sku) == ["B", "S-1"])
    }

    @Test func aRemovedProductThatReturnsIsAddedAgain() throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B")])
        _ = try fixture.importProducts([.fixture("A")])
        #expect(try fixture.importProducts([.fixture("A"), .fixture("B")]) == DiffSummary(added: 1, unchanged: 1))
    }

    @Test func deltaImportsNeverRemove() throws {
        let fixture = try StoreFixture()
        _ = try fixture.importProducts([.fixture("A"), .fixture("B")])
        #expect(try fixture.importProducts([.fixture("C")], mode: .delta) == DiffSummary(added: 1))
        #expect(try fixture.database.status().products == 3)
    }

    @Test func claimingTheSameUnfinishedFileResumesItsImport() throws {
        let fixture = try StoreFixture()
        let file = ImportFile(name: "x.csv", path: "/inbox/x.csv", sha256: "abc", size: 3, source: "akeneo", mode: .snapshot)
        let first = try fixture.database.claim(file)
        try fixture.database.markParsing(first.id)
        let again = try fixture.database.claim(file)
        #expect(again == ImportClaim(id: first.id, appliedSummary: nil))

        let summary = try fixture.database.apply([.fixture("A")], to: first.id)
        #expect(try fixture.database.claim(file) == ImportClaim(id: first.id, appliedSummary: summary))

        try fixture.database.archive(first.id, at: "/processed/x.csv")
        #expect(try fixture.database.claim(file).id != first.id)
    }

    @Test func quarantineKeepsTheErrorForStatus() throws {
        let fixture = try StoreFixture()
        let claim = try fixture.database.claim(ImportFile(name: "bad.csv", path: "/inbox/bad.csv", sha256: "x", size: 1, source: "akeneo", mode: .snapshot))
        let error = CatalogError(.duplicateSKU, "SKU 'A' appears again", context: .init(file: "bad.csv", line: 4, sku: "A"))
        try fixture.database.quarantine(claim.id, error: error, at: "/quarantine/bad.csv")
        let last = try #require(try fixture.database.status().lastImport)
        #expect(last.state == "quarantined")
        #expect(last.error == error)
        #expect(try fixture.database.integrityCheck() == "ok")
    }
}
