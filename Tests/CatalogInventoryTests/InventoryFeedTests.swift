import CatalogCore
import CatalogInventory
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// Inventory feeds are read whole or not at all, and a poll moves only the SKUs whose total
/// stock changed.
@Suite struct InventoryFeedTests {
    let mapping = InventoryFieldMapping(items: "data.items", sku: "sku", quantity: "stock.available", location: "warehouse", updatedAt: "updated_at")

    func feed(_ json: String) throws -> [StockLevel] {
        try InventoryFeed.parseJSON(Data(json.utf8), mapping: mapping).levels
    }

    @Test func readsNestedFieldsAndLocations() throws {
        let (levels, warnings) = try InventoryFeed.parseJSON(Data("""
            {"data": {"items": [
              {"sku": "A-1", "stock": {"available": 5}, "warehouse": "BER", "updated_at": "2026-11-29T10:00:00Z"},
              {"sku": "A-1", "stock": {"available": "2"}, "warehouse": "HAM"},
              {"sku": 4711, "stock": {"available": -3}, "warehouse": "BER"}
            ]}}
            """.utf8), mapping: mapping)
        #expect(levels.map(\.sku.rawValue) == ["A-1", "A-1", "4711"])
        #expect(levels.map(\.quantity) == [5, 2, 0])
        #expect(levels.map(\.location) == ["BER", "HAM", "BER"])
        #expect(levels[0].updatedAt == ISO8601DateFormatter().date(from: "2026-11-29T10:00:00Z"))
        #expect(warnings == ["line 3: 4711 has quantity -3 (backorders); counted as 0 available"])
    }

    @Test func garbledFeedsAreRejectedWhole() {
        let cases: [(String, String)] = [
            (#"{"data": {"items": [{"sku": "A-1", "stock": {"available": 5}}, {"sku": "B-2", "sto"#, "the response is not complete JSON"),
            (#"{"data": {"items": [{"sku": "A-1", "stock": {"available": 1e30}}]}}"#, "line 1: 'stock.available' is 1e+30, not a whole number of units that fits 64 bits"),
            (#"{"data": {"items": [{"sku": "A-1", "stock": {"available": 2.5}}]}}"#, "line 1: 'stock.available' is 2.5, not a whole number"),
            (#"{"data": {"items": [{"stock": {"available": 2}}]}}"#, "line 1: missing or empty 'sku'"),
            (#"{"data": {"items": [{"sku": "A-1", "stock": {"available": "lots"}}]}}"#, #"line 1: 'stock.available' is "lots", not a whole number of units"#),
            (#"{"data": {"rows": []}}"#, "expected an array of stock lines at 'data.items'"),
        ]
        for (json, message) in cases {
            #expect {
                try feed(json)
            } throws: { error in
                "\(error)".hasPrefix(message)
            }
        }
        #expect(throws: InventoryFeedError.self) { try InventoryFeed.parseJSON(Data([0x5B, 0xFF, 0xFE, 0x5D]), mapping: InventoryFieldMapping()) }
    }

    @Test func onlyChangedTotalsMoveOnAndHistoryGivesVelocity() async throws {
        let directory = TemporaryDirectory()
        let clock = FixedClock()
        let database = try CatalogDatabase(path: directory.path("catalog.sqlite").path, clock: clock)
        let first = try await database.stock.applyStock([
            StockLevel(sku: SKU("A-1")!, location: "BER", quantity: 5), StockLevel(sku: SKU("A-1")!, location: "HAM", quantity: 2),
            StockLevel(sku: SKU("B-2")!, quantity: 0),
        ], source: "erp")
        #expect(first == [StockChange(sku: SKU("A-1")!, old: nil, new: 7), StockChange(sku: SKU("B-2")!, old: nil, new: 0)])
        #expect(first.map(\.kind) == [.quantity, .outOfStock])
        // The same feed again: nothing moves. A moves within one warehouse only: its total counts.
        await #expect(try await database.stock.applyStock([StockLevel(sku: SKU("A-1")!, location: "BER", quantity: 5), StockLevel(sku: SKU("A-1")!, location: "HAM", quantity: 2)], source: "erp").isEmpty)
        clock.advance(by: 3600)
        let second = try await database.stock.applyStock([StockLevel(sku: SKU("A-1")!, location: "BER", quantity: 1), StockLevel(sku: SKU("A-1")!, location: "HAM", quantity: 2), StockLevel(sku: SKU("B-2")!, quantity: 4)], source: "erp")
        #expect(second == [StockChange(sku: SKU("A-1")!, old: 7, new: 3), StockChange(sku: SKU("B-2")!, old: 0, new: 4)])
        #expect(second.map(\.kind) == [.quantity, .backInStock])
        // A second source adds to the total; SKUs a feed does not list are left alone.
        await #expect(try await database.stock.applyStock([StockLevel(sku: SKU("A-1")!, location: "store", quantity: 10)], source: "pos") == [StockChange(sku: SKU("A-1")!, old: 3, new: 13)])
        await #expect(try await database.stock.quantity(of: SKU("A-1")!) == 13)
        await #expect(try await database.stock.quantity(of: SKU("B-2")!) == 4)
        // Sold 4 of A-1 over the week (the restock from the second source does not count).
        await #expect(try await database.stock.velocity(of: SKU("A-1")!, days: 7) == 4.0 / 7)
    }
}

@Suite struct StockTriggerTests {
    func change(_ old: Int64?, _ new: Int64) -> StockChange { StockChange(sku: SKU("A-1")!, old: old, new: new) }

    @Test func outBackLowAndDiscontinuedTrigger() {
        let triggers = StockTriggers()
        func reasons(_ changes: StockChange...) -> [String] { triggers.firings(for: changes).map(\.reason) }
        #expect(reasons(change(5, 0)) == ["inventory:out-of-stock"])
        #expect(reasons(change(0, 7)) == ["inventory:back-in-stock"])
        #expect(reasons(change(10, 3)) == ["inventory:low-stock"])
        #expect(reasons(change(3, 2)) == ["inventory:low-stock"], "'only 3 left' must become 'only 2 left'")
        #expect(reasons(change(2, 12)) == ["inventory:restocked"], "'only 2 left' goes away")
        #expect(reasons(change(10, 9)).isEmpty)
        #expect(reasons(change(nil, 20)).isEmpty, "first sight of a SKU in stock")
        #expect(reasons(StockChange(sku: SKU("A-1")!, old: 5, new: 5, wasDiscontinued: false, discontinued: true)) == ["inventory:discontinued"])
        #expect(reasons(StockChange(sku: SKU("A-1")!, old: 5, new: 5, wasDiscontinued: true, discontinued: false)) == ["inventory:reinstated"])
        #expect(triggers.firings(for: [change(5, 0)]).first?.rule == StockTriggers.Rule(action: .availability, priority: .inventory))

        var quiet = StockTriggers()
        quiet.outOfStock = .init(action: .record)
        quiet.lowStockAt = nil
        #expect(quiet.firings(for: [change(5, 0), change(10, 1)]).isEmpty)
    }

    @Test func availabilityFollowsTheStoredState() {
        let triggers = StockTriggers()
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(triggers.availability(for: nil, now: now) == nil, "no feed lists the SKU: say nothing")
        #expect(triggers.availability(for: StockState(quantity: 50), now: now) == nil)
        #expect(triggers.availability(for: StockState(quantity: 0), now: now) == .outOfStock)
        #expect(triggers.availability(for: StockState(quantity: 2), now: now) == .lowStock(2))
        #expect(triggers.availability(for: StockState(quantity: 0, discontinued: true), now: now) == .discontinued)
        #expect(triggers.availability(for: StockState(quantity: 9, restockedAt: now.addingTimeInterval(-86_400)), now: now) == .backInStock)
        #expect(triggers.availability(for: StockState(quantity: 9, restockedAt: now.addingTimeInterval(-15 * 86_400)), now: now) == nil)
    }

    /// A SKU that changes again while its job waits keeps one job, at the higher priority.
    @Test func jobsAreCoalescedAndPrioritised() async throws {
        let directory = TemporaryDirectory()
        let database = try CatalogDatabase(path: directory.path("catalog.sqlite").path)
        await #expect(try await database.generationQueue.requestRegeneration([SKU("A-1")!], priority: .pimSnapshot, reason: "snapshot") == 1)
        await #expect(try await database.generationQueue.requestRegeneration([SKU("A-1")!, SKU("B-2")!], priority: .inventory, reason: "inventory:out-of-stock") == 2)
        await #expect(try await database.generationQueue.requestRegeneration([SKU("A-1")!], priority: .pimDelta, reason: "delta") == 1)
        await #expect(try await database.generationQueue.queuedJobsByPriority() == [.inventory: 2])
        let jobs = try await database.generationQueue.claimGenerationJobs(limit: 10)
        #expect(jobs.map(\.reason) == ["delta", "inventory:out-of-stock"], "one job per SKU with its latest reason, oldest first within a priority")
    }
}

@Suite struct JobQueueTests {
    @Test func jobsAreListedInQueueOrderAndCanBeCancelledAndRetried() async throws {
        let directory = TemporaryDirectory()
        let database = try CatalogDatabase(path: directory.path("catalog.sqlite").path)
        _ = try await database.generationQueue.requestRegeneration([SKU("S-1")!], priority: .pimSnapshot, reason: "snapshot")
        _ = try await database.generationQueue.requestRegeneration([SKU("I-1")!], priority: .inventory, reason: "inventory:out-of-stock")
        _ = try await database.generationQueue.requestRegeneration([SKU("M-1")!], priority: .manual, reason: "manual")
        let listed = try await database.generationQueue.jobs()
        #expect(listed.map(\.sku) == ["M-1", "I-1", "S-1"])
        #expect(listed.map(\.priority) == ["manual", "inventory", "pim-snapshot"])

        let snapshot = try #require(listed.last)
        await #expect(try await database.generationQueue.cancelJob(id: snapshot.id, actor: "test"))
        await #expect(try await database.generationQueue.cancelJob(id: snapshot.id, actor: "test") == false, "only queued jobs are cancelled")
        await #expect(try await database.generationQueue.job(id: snapshot.id)?.state == "cancelled")
        await #expect(try await database.generationQueue.jobs(state: "queued").map(\.sku) == ["M-1", "I-1"])

        await #expect(try await database.generationQueue.retryJob(id: snapshot.id, actor: "test"))
        await #expect(try await database.generationQueue.retryJob(id: snapshot.id, actor: "test") == false)
        await #expect(try await database.generationQueue.jobs(state: "queued").map(\.sku) == ["M-1", "I-1", "S-1"])
        await #expect(try await database.auditEvents(limit: 5).map(\.action) == ["jobs.retry", "jobs.cancel"])
    }
}
