import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

@Suite struct ExperimentStoreTests {
    let a = GeneratorIdentity(name: "template", version: "1")
    let b = GeneratorIdentity(name: "claude", version: "2")

    @Test func importsAreIdempotentPerDayAndCountOnlyTheExperimentsSKUs() async throws {
        let fixture = try StoreFixture()
        let database = fixture.database
        let experiment = try await database.experiments.createExperiment(name: "rain copy", skus: [SKU("A-1")!, SKU("B-2")!], variantA: a, variantB: b, actor: "test")
        await #expect(throws: CatalogError.self) { try await database.experiments.createExperiment(name: "again", skus: [SKU("A-1")!], variantA: a, variantB: b, actor: "test") }
        let day = fixture.clock.now().formatted(.iso8601.year().month().day())
        let rows = [
            ConversionRow(day: day, sku: "A-1", variant: "A", views: 100, addToCarts: 5, purchases: 2, revenue: 99.8),
            ConversionRow(day: day, sku: "A-1", variant: "B", views: 90, addToCarts: 6, purchases: 3, revenue: 149.7),
            ConversionRow(day: day, sku: "Z-9", variant: "B", views: 1000, addToCarts: 0, purchases: 900, revenue: 0),
        ]
        _ = try await database.experiments.importConversions(rows, source: "ga4", actor: "test")
        _ = try await database.experiments.importConversions(rows, source: "ga4", actor: "test")
        let totals = try await database.experiments.experimentTotals(id: experiment.id)
        #expect(totals["A"]?.views == 100 && totals["B"]?.purchases == 3, "the same day imported twice counts once; Z-9 is not in the test")

        try await database.experiments.finishExperiment(id: experiment.id, state: "stopped", winner: nil, actor: "test")
        await #expect(throws: CatalogError.self) { try await database.experiments.finishExperiment(id: experiment.id, state: "stopped", winner: nil, actor: "test") }
        await #expect(try database.experiments.hasWonExperiment(b) == false)
        try await database.experiments.finishExperiment(id: experiment.id, state: "promoted", winner: "B", actor: "test")
        await #expect(try database.experiments.hasWonExperiment(b))
        await #expect(try database.experiments.experiment(id: experiment.id)?.state == "promoted")
    }
}
