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

    @Test func aSellOutRewritesTheAvailabilitySentenceInEveryLocale() async throws {
        let feed = FakeInventoryServer(body: #"[{"sku": "A-1", "quantity": 10}, {"sku": "B-2", "quantity": 5}]"#)
        try await feed.start()
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [admin]
            listen = "off"
            \(SellOutScenario.inventory(feed, pollSeconds: 0.2))
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try directory.write("state/inbox/export.csv", AkeneoCSV.catalog(skus: ["A-1", "B-2"]).text)
        try await eventually("the catalog is generated and the stock recorded") {
            let open = try await database.status().manualQueueOpen
            let quantity = try await database.stock.quantity(of: SKU("B-2")!)
            return open == 6 && quantity == 5
        }
        await #expect(try database.copyLedger.pipelineRuns(for: SKU("A-1")!).count == 1, "first sight of stock triggers nothing")

        feed.setBody(#"[{"sku": "A-1", "quantity": 0}, {"sku": "B-2", "quantity": 5}]"#)
        func soldOutCopies() async throws -> [String] {
            try await database.manualQueue.entries(includeExported: false).filter { $0.copy.sku.rawValue == "A-1" && $0.copy.bodyHTML.contains("catalogd-availability") }.map(\.copy.bodyHTML)
        }
        try await eventually("A-1's copy says it is sold out, in every locale") { try await soldOutCopies().count == 3 }
        await #expect(try soldOutCopies().contains { $0.hasSuffix(#"<p class="catalogd-availability">Currently out of stock.</p>"#) })
        await #expect(try database.status().manualQueueOpen == 6, "the rewritten copy replaced A-1's waiting copy")
        await #expect(try database.stock.quantity(of: SKU("A-1")!) == 0)
        await #expect(try database.copyLedger.pipelineRuns(for: SKU("A-1")!).count == 1, "only the sentence was rewritten: no model call")
        #expect(daemon.log.contains("stock changed for 1 SKU(s)"))
        try await eventually("an unchanged feed is polled conditionally and answered 304") { feed.requests.contains { $0.status == 304 } }

        #expect(try await daemon.stop() == 0)
        await feed.stop()
    }

    /// The issue's acceptance test: while a 10,000-SKU snapshot is generated and pushed (bulk
    /// operations), the last SKU of it sells out; its copy, generated ahead of the rest and
    /// saying so, reaches the shop before the bulk is done.
    @Test func aSellOutReachesTheShopBeforeABulkImportFinishes() async throws {
        let skus = SellOutScenario.skus(10_000)
        let hot = skus.last!
        let server = try FakeShopifyServer(shop: SellOutScenario.shop(skus: skus))
        try await server.start()
        let feed = FakeInventoryServer(body: #"[{"sku": "\#(hot)", "quantity": 10}]"#)
        try await feed.start()
        let token = try directory.write("shopify-token", "\(server.accessToken)\n")
        let config = try directory.write("catalogd.toml", SellOutScenario.configuration(state: state, shop: server, tokenFile: token, feed: feed, pollSeconds: 0.2))
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try await eventually("the stock is recorded") { try await database.stock.quantity(of: SKU(hot)!) == 10 }

        try directory.write("state/inbox/export.csv", AkeneoCSV.catalog(skus: skus).text)
        func rewritten() -> Int { SellOutScenario.pushed(server) }
        try await eventually("the bulk is being pushed", timeout: .seconds(300)) { rewritten() >= 100 }
        let dropped = ContinuousClock.now
        let droppedAt = Date().timeIntervalSince1970
        feed.setBody(#"[{"sku": "\#(hot)", "quantity": 0}]"#)
        try await eventually("the sold-out SKU reaches the shop", timeout: .seconds(60)) {
            server.shop.product(sku: hot)?.descriptionHtml.contains("Currently out of stock.") == true
        }
        let latency = ContinuousClock.now - dropped
        let done = rewritten()
        #expect(done < skus.count, "the bulk was still under way (\(done) of \(skus.count) pushed)")
        // Generated at most once after the sell-out, already saying so: a job still queued is
        // raised, one running when the stock changed is raised too and stamps the new stock as
        // it commits, and copy generated before the change only has its sentence rewritten.
        let runs = try await database.copyLedger.pipelineRuns(for: SKU(hot)!)
        #expect(runs.filter { $0.at >= droppedAt }.count <= 1, "\(runs.map(\.at)) after \(droppedAt)")
        #expect(server.invalidRequests.isEmpty, "\(server.invalidRequests.prefix(3))")
        print("sell-out reached the shop \(latency) after the feed changed, with \(done) of \(skus.count) bulk SKUs pushed")

        // A stop in the middle of the bulk does not wait for the rest of it.
        #expect(try await daemon.stop() == 0)
        await feed.stop()
        await server.stop()
    }

    /// Every way the inventory fake can misbehave, against the real daemon: each bad answer is
    /// rejected whole with its reason in the log and the stored stock untouched; a source
    /// failing past alert_after raises the alert; backorders count as none available.
    @Test func badFeedsAreRejectedWholeAndAlerted() async throws {
        let good = #"[{"sku": "A-1", "quantity": 5}, {"sku": "B-2", "quantity": 5}]"#
        let feed = FakeInventoryServer(body: good)
        try await feed.start()
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [admin]
            listen = "off"
            \(SellOutScenario.inventory(feed, pollSeconds: 0.2, extra: "timeout_seconds = 2\nalert_after_minutes = 0.02\nstale_after_minutes = 0.02"))
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try await eventually("the stock is recorded") { try await database.stock.quantity(of: SKU("A-1")!) == 5 }

        let cases: [(String, (FakeInventoryServer) -> Void, String)] = [
            ("truncated JSON", { $0.setMode(.truncated) }, "the response is not complete JSON"),
            ("a 500", { $0.setMode(.status(500)) }, "HTTP 500 from"),
            ("a slow answer", { $0.setMode(.slow(.seconds(5))) }, "timeout"),
            ("non-UTF-8", { $0.setBody(Data([0x5B, 0x7B, 0x22, 0x73, 0x6B, 0x75, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D, 0x5D])) }, "the response is not UTF-8"),
            ("a huge number", { $0.setBody(#"[{"sku": "A-1", "quantity": 99999999999999999999999}]"#) }, "not a whole number of units that fits 64 bits"),
            ("a fractional number", { $0.setBody(#"[{"sku": "A-1", "quantity": 0.5}]"#) }, "'quantity' is 0.5, not a whole number"),
        ]
        for (what, breakFeed, reason) in cases {
            let before = daemon.log.components(separatedBy: reason).count
            breakFeed(feed)
            try await eventually("\(what) is rejected with its reason") { daemon.log.components(separatedBy: reason).count > before }
            await #expect(try database.stock.quantity(of: SKU("A-1")!) == 5, "nothing applied from \(what)")
            feed.setMode(.normal)
            feed.setBody(good)
        }
        // Failing for longer than alert_after (1.2 s) raises the alert with its MESSAGE_ID.
        feed.setMode(.status(503))
        try await eventually("the failing source raises the alert") { daemon.log.contains("inventory source has been failing for more than") }
        feed.setMode(.normal)
        try await eventually("the source recovers") { daemon.log.contains("inventory source answers again") }

        let staleAlerts = daemon.log.components(separatedBy: "has had nothing new for more than").count
        feed.setBody(#"[{"sku": "A-1", "quantity": -4}, {"sku": "B-2", "quantity": 5}]"#)
        try await eventually("backorders count as none available") { try await database.stock.quantity(of: SKU("A-1")!) == 0 }
        #expect(daemon.log.contains("A-1 has quantity -4 (backorders); counted as 0 available"))
        // Then only 304s for longer than stale_after (1.2 s): the stale alert.
        try await eventually("a source with nothing new raises the stale alert") {
            daemon.log.components(separatedBy: "has had nothing new for more than").count > staleAlerts
        }
        #expect(try await daemon.stop() == 0)
        await feed.stop()
    }
}
