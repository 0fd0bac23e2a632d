import CatalogCore
import CatalogHTTP
import CatalogInventory
import CatalogStore
import CatalogTestSupport
import Foundation
import Logging
import Testing

/// The poller against a loopback feed: conditional requests, whole-or-nothing application,
/// and failures that leave the stored stock alone.
@Suite struct InventoryPollerTests {
    static func feed(_ lines: [(String, Int)]) -> String {
        "[" + lines.map { "{\"sku\": \"\($0.0)\", \"quantity\": \($0.1)}" }.joined(separator: ",") + "]"
    }

    @Test func conditionalRequestsAndWholeOrNothing() async throws {
        let directory = TemporaryDirectory()
        let database = try CatalogDatabase(path: directory.path("catalog.sqlite").path)
        let server = FakeInventoryServer(body: Self.feed([("A-1", 5), ("B-2", 0)]))
        try await server.start()
        let transport = AsyncHTTPTransport()
        let poller = InventoryPoller(
            source: InventorySource(name: "erp", url: server.url, timeout: .seconds(1), alertAfter: .zero),
            transport: transport, logger: Logger(label: "test"),
            apply: { try database.applyStock($0, source: "erp") }
        )

        #expect(await poller.pollOnce() == .applied([StockChange(sku: SKU("A-1")!, old: nil, new: 5), StockChange(sku: SKU("B-2")!, old: nil, new: 0)], warnings: []))
        #expect(await poller.pollOnce() == .notModified, "the ETag came back as If-None-Match")
        #expect(server.requests.map(\.status) == [200, 304])
        #expect(server.requests.last?.ifNoneMatch != nil)

        server.setBody(Self.feed([("A-1", 0), ("B-2", 3), ("C-3", 1)]))
        server.setMode(.truncated)
        guard case .failed(let reason) = await poller.pollOnce() else {
            Issue.record("a truncated feed was applied")
            return
        }
        #expect(reason.contains("rejected the whole response"))
        #expect(try database.stock(of: SKU("A-1")!) == 5, "nothing applied from a truncated body")
        server.setMode(.status(500))
        #expect(await poller.pollOnce() == .failed("HTTP 500 from \(server.url)"))
        server.setMode(.slow(.seconds(3)))
        guard case .failed(let timeout) = await poller.pollOnce() else {
            Issue.record("a slow feed did not time out")
            return
        }
        #expect(timeout.contains("timeout"))

        server.setMode(.normal)
        #expect(await poller.pollOnce() == .applied([
            StockChange(sku: SKU("A-1")!, old: 5, new: 0), StockChange(sku: SKU("B-2")!, old: 0, new: 3), StockChange(sku: SKU("C-3")!, old: nil, new: 1),
        ], warnings: []))
        try await transport.shutdown()
        await server.stop()
    }
}
