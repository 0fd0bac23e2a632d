import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// An experiment through the real daemon: the template (A) and a model behind the
/// OpenAI-compatible fake (B) both write A-1's copy; the Shopify fake ends up with A in the
/// product and B in catalogd's variant metafield, and B's cost is in the ledger.
@Suite(.serialized) struct ExperimentDaemonTests {
    let directory = TemporaryDirectory("catalogd-ab")
    var state: URL { directory.path("state") }

    @Test func bothVariantsReachTheShop() async throws {
        let llm = FakeLLMServer([.copy(LLMDaemonTests.english)], then: .status(503))
        try await llm.start()
        var shop = FakeShopifyShop(locales: [.init("en", primary: true)])
        shop.addProduct(sku: "A-1", title: "Old A-1", descriptionHtml: "<p>hand written</p>")
        let server = try FakeShopifyServer(shop: shop)
        try await server.start()
        let key = try directory.write("openai.key", "sk-test-0123456789\n")
        let token = try directory.write("shopify-token", "\(server.accessToken)\n")
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [admin]
            listen = "off"
            [generation]
            generator = "llm"
            locales = ["en"]
            [[generation.provider]]
            kind = "openai-compatible"
            model = "gpt-test"
            base_url = "\(llm.openAIBaseURL)"
            api_key_file = "\(key.path)"
            input_price_per_million = 2.5
            output_price_per_million = 10
            [publishing]
            target = "shopify"
            [publishing.shopify]
            shop_url = "\(server.url)"
            access_token_file = "\(token.path)"
            """)
        // The experiment exists before the product arrives: its first generation has both.
        let export = try directory.write("export.csv", AkeneoCSV.catalog(skus: ["A-1"]).text)
        #expect(try await Executables.run("catalogctl", ["import", export.path, "--config", config.path]).status == 0)
        let created = try await Executables.run("catalogctl", ["ab", "create", "--skus", "A-1", "--variant-a", "template@1", "--variant-b", "llm:openai-compatible/gpt-test@1.0.0", "--config", config.path])
        #expect(created.status == 0, "\(created.output)")

        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try await eventually("both variants are in the shop", timeout: .seconds(60)) {
            let product = server.shop.product(sku: "A-1")
            return product?.descriptionHtml != "<p>hand written</p>" && product?.metafields["catalogd.variant_b_en"] != nil
        }
        let product = try #require(server.shop.product(sku: "A-1"))
        let variant = try JSONDecoder().decode(VariantCopy.self, from: Data(product.metafields["catalogd.variant_b_en"]!.utf8))
        #expect(variant.generator == "llm:openai-compatible/gpt-test@1.0.0")
        #expect(variant.title == "Item A-1 by Northpeak")
        #expect(variant.bodyHTML.contains("Take it along on every walk"), "B is the model's copy")
        #expect(!product.descriptionHtml.contains("Take it along on every walk"), "the product shows variant A, the template's copy")
        await #expect(try database.copyLedger.pipelineRuns(for: SKU("A-1")!).first?.costUSD ?? 0 > 0, "variant B's model call is in the run's cost")
        #expect(server.invalidRequests.isEmpty, "\(server.invalidRequests)")
        #expect(try await daemon.stop() == 0)
        await server.stop()
        await llm.stop()
    }
}
