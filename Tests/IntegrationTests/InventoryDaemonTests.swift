import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// The real daemon polling an inventory feed: stock is recorded, and a SKU that sells out gets
/// its availability sentence rewritten (no new pipeline run) and queued at inventory priority.
@Suite(.serialized) struct InventoryDaemonTests {
    let directory = TemporaryDirectory("catalogd-inventory")
    var state: URL { directory.path("state") }

    @Test func aSellOutQueuesRegenerationAheadOfPIMWork() async throws {
        let feed = FakeInventoryServer(body: #"[{"sku": "A-1", "quantity": 10}, {"sku": "B-2", "quantity": 5}]"#)
        try await feed.start()
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [admin]
            listen = "off"
            [[inventory]]
            name = "erp"
            url = "\(feed.url)"
            interval_seconds = 0.2
            """)
        let daemon = try DaemonProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try directory.write("state/inbox/export.csv", AkeneoCSV.catalog(skus: ["A-1", "B-2"]).text)
        try await eventually("the catalog is generated and the stock recorded") {
            try database.status().manualQueueOpen == 6 && database.stock(of: SKU("B-2")!) == 5
        }
        #expect(try database.pipelineRuns(for: SKU("A-1")!).count == 1, "first sight of stock triggers nothing")

        feed.setBody(#"[{"sku": "A-1", "quantity": 0}, {"sku": "B-2", "quantity": 5}]"#)
        func soldOutCopies() throws -> [String] {
            try database.manualQueue(includeExported: false).filter { $0.copy.sku.rawValue == "A-1" && $0.copy.bodyHTML.contains("catalogd-availability") }.map(\.copy.bodyHTML)
        }
        try await eventually("A-1's copy says it is sold out, in every locale") { try soldOutCopies().count == 3 }
        #expect(try soldOutCopies().contains { $0.hasSuffix(#"<p class="catalogd-availability">Currently out of stock.</p>"#) })
        #expect(try database.status().manualQueueOpen == 6, "the rewritten copy replaced A-1's waiting copy")
        #expect(try database.stock(of: SKU("A-1")!) == 0)
        #expect(try database.pipelineRuns(for: SKU("A-1")!).count == 1, "only the sentence was rewritten: no model call")
        #expect(daemon.log.contains("stock changed for 1 SKU(s)"))
        try await eventually("an unchanged feed is polled conditionally and answered 304") { feed.requests.contains { $0.status == 304 } }

        #expect(try await daemon.stop() == 0)
        await feed.stop()
    }
}
