import CatalogCore
import CatalogHTTP
import CatalogShopify
import CatalogTestSupport
import Foundation

/// `catalog-bench shopify [UPDATES] [SCALE]`: description updates through the Shopify adapter
/// against the loopback fake with a Standard-plan bucket (1,000 points, restore 100/s).
///
/// Time is compressed SCALE times: the bucket keeps its 1,000-point maximum and restores
/// 100 × SCALE points per wall second, so one wall second is SCALE seconds of Standard-plan
/// time. "Theoretical" is what the bucket can give over the run: its full maximum at the start
/// plus the restore rate after; throughput is reported in Standard-plan time.
enum ShopifyBench {
    /// `catalog-bench shopify-bulk [UPDATES]`: the same updates as one batch through bulk
    /// operations (an export for the drift check, a staged JSONL, a bulk mutation), which do
    /// not draw on the cost bucket. The fake runs each operation as it is created, so the time
    /// is the adapter's and the fake's work, with a 100 ms status poll.
    static func runBulk(updates: Int) async throws {
        var shop = FakeShopifyShop(locales: [FakeShopifyShop.Locale("en", primary: true)])
        for index in 0..<updates {
            shop.addProduct(sku: "SKU-\(index)", title: "Product \(index)", descriptionHtml: "<p>Old copy \(index)</p>")
        }
        let server = try FakeShopifyServer(shop: shop)
        try await server.start()
        let transport = AsyncHTTPTransport()
        let target = ShopifyTarget(
            configuration: ShopifyConfiguration(shopURL: server.url, accessToken: server.accessToken, timeout: .seconds(120), bulkPollInterval: .milliseconds(100)),
            transport: transport
        )
        print("catalog-bench shopify-bulk: \(updates) description updates as one bulk operation")
        let start = ContinuousClock.now
        let results = await target.publish(batch: (0..<updates).map { PublishItem(target: "shopify", copy: copy(index: $0)) })
        let elapsed = (ContinuousClock.now - start).seconds
        try await transport.shutdown()
        await server.stop()
        let published = results.filter { (try? $0.get()) == .published }.count
        Figures.record("shopify-bulk", "\(updates) updates through bulk operations", elapsed, unit: "s", atMost: 60)
        print(String(format: "  published %d/%d in %.1f s (target <= 60 s); %d bulk operations, %d mutation lines, %d requests, %d invalid",
                     published, updates, elapsed, server.bulkOperationsStarted, server.bulkMutationLinesRun, server.requests, server.invalidRequests.count))
    }

    static func copy(index: Int) -> GeneratedCopy {
        GeneratedCopy(
            sku: SKU("SKU-\(index)")!, locale: LocaleCode("en")!, title: "Product \(index)",
            bodyHTML: "<p>New copy for product \(index), written by catalogd.</p>",
            metaTitle: "Product \(index) | Shop", metaDescription: "Buy product \(index).",
            generator: GeneratorIdentity(name: "template", version: "1.0.0")
        )
    }

    static func run(updates: Int, scale: Double) async throws {
        var shop = FakeShopifyShop(locales: [FakeShopifyShop.Locale("en", primary: true)])
        for index in 0..<updates {
            shop.addProduct(sku: "SKU-\(index)", title: "Product \(index)", descriptionHtml: "<p>Old copy \(index)</p>")
        }
        let standard = FakeShopifyServer.Bucket.standard
        let bucket = FakeShopifyServer.Bucket(maximum: standard.maximum, restoreRate: standard.restoreRate * scale)
        let server = try FakeShopifyServer(shop: shop, bucket: bucket)
        try await server.start()
        let transport = AsyncHTTPTransport()
        let target = ShopifyTarget(
            configuration: ShopifyConfiguration(shopURL: server.url, accessToken: server.accessToken, timeout: .seconds(30)),
            transport: transport
        )
        let concurrency = 32
        print("catalog-bench shopify: \(updates) description updates, Standard bucket (1000 points, 100/s) simulated at \(Int(scale))x, \(concurrency) in flight")

        let start = ContinuousClock.now
        let startOffset = server.elapsed
        let outcomes = try await withThrowingTaskGroup(of: [PublishOutcome].self) { group in
            for worker in 0..<concurrency {
                group.addTask {
                    var outcomes: [PublishOutcome] = []
                    for index in stride(from: worker, to: updates, by: concurrency) {
                        outcomes.append(try await target.publish(PublishItem(target: "shopify", copy: copy(index: index))))
                    }
                    return outcomes
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        try await transport.shutdown()
        await server.stop()

        let published = outcomes.filter { $0 == .published }.count
        let firstSecond = startOffset + .seconds(1.0 / scale)
        let lateThrottles = server.throttledResponses.filter { $0 > firstSecond }.count
        let standardSeconds = elapsed * scale
        let theoretical = standard.maximum + standard.restoreRate * standardSeconds
        let spent = server.spentPoints
        print(String(format: "  published %d/%d, %d requests, %d invalid", published, updates, server.requests, server.invalidRequests.count))
        print(String(format: "  wall %.1f s = %.0f s of Standard-plan time; %.1f updates/s at Standard speed", elapsed, standardSeconds, Double(published) / standardSeconds))
        print(String(format: "  points spent %.0f of %.0f available: %.1f%% of the bucket's theoretical throughput (target >= 90%%)", spent, theoretical, 100 * spent / theoretical))
        print("  THROTTLED responses: \(server.throttledResponses.count) in all, \(lateThrottles) after the first second (target 0)")
        Figures.record("shopify", "share of the bucket's theoretical throughput", 100 * spent / theoretical, unit: "%", atLeast: 90)
        Figures.record("shopify", "THROTTLED after the first second", Double(lateThrottles), unit: "responses", atMost: 0)
    }
}
