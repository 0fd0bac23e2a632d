import CatalogCore
import CatalogHTTP
import CatalogMagento
import CatalogTestSupport
import Foundation

/// `catalog-bench magento [SKUS]`: copy for SKUS products in three store views (the primary
/// locale at the global scope, two more per store view) through the asynchronous bulk API of
/// the loopback fake, in the batches the outbox claims (2,000 rows). Each batch reads the
/// current values for the drift check, submits one bulk per scope and polls it to the end.
enum MagentoBench {
    static func run(skus: Int) async throws {
        let views = [
            FakeMagentoStore.StoreView(id: 1, code: "default", locale: "en_US"),
            .init(id: 2, code: "de", locale: "de_DE"),
            .init(id: 3, code: "fr", locale: "fr_FR"),
        ]
        var store = FakeMagentoStore(storeViews: views)
        for index in 0..<skus { store.addProduct(sku: "SKU-\(index)", name: "Product \(index)", description: "<p>Old copy \(index)</p>") }
        let server = try FakeMagentoServer(store: store)
        try await server.start()
        let transport = AsyncHTTPTransport()
        let target = MagentoTarget(
            configuration: MagentoConfiguration(
                baseURL: server.url, credentials: .integrationToken(server.integrationToken), primaryLocale: LocaleCode("en")!,
                bulkThreshold: 500, bulkPollInterval: .milliseconds(100)
            ),
            transport: transport
        )
        let items = (0..<skus).flatMap { index in
            ["en", "de", "fr"].map { locale in
                PublishItem(target: "magento", copy: GeneratedCopy(
                    sku: SKU("SKU-\(index)")!, locale: LocaleCode(locale)!, title: "Product \(index) (\(locale))",
                    bodyHTML: "<p>New \(locale) copy for product \(index), written by catalogd.</p>",
                    metaTitle: "Product \(index) | Shop", metaDescription: "Buy product \(index).",
                    generator: GeneratorIdentity(name: "template", version: "1.0.0")
                ))
            }
        }
        let batch = 2_000
        print("catalog-bench magento: \(skus) SKUs x 3 store views = \(items.count) updates, bulk API, batches of \(batch)")
        let start = ContinuousClock.now
        var published = 0
        for offset in stride(from: 0, to: items.count, by: batch) {
            let results = await target.publish(batch: Array(items[offset..<min(offset + batch, items.count)]))
            published += results.filter { (try? $0.get()) == .published }.count
        }
        let elapsed = (ContinuousClock.now - start).seconds
        let writes = server.store.writes.count
        try await transport.shutdown()
        await server.stop()
        Figures.record("magento", "\(skus) SKUs x 3 store views through the bulk API", elapsed, unit: "s", atMost: 30)
        print(String(format: "  published %d/%d in %.1f s (target <= 30 s): %.0f updates/s; %d bulk writes, %d requests, %d invalid",
                     published, items.count, elapsed, Double(published) / elapsed, writes, server.requests, server.invalidRequests.count))
    }
}
