import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// The real daemon publishing to the Magento fake with an admin user whose token expires, 30%
/// gateway errors and a short outage: every store view ends up with the generated copy at the
/// right scope, nothing goes to a person, and nothing is written twice.
@Suite(.serialized) struct MagentoDaemonTests {
    let directory = TemporaryDirectory("catalogd-magento")
    var state: URL { directory.path("state") }
    static let skus = ["A-1", "B-2", "C-3", "D-4", "E-5"]

    @Test func publishesEveryStoreViewThroughFaults() async throws {
        let server = try FakeMagentoServer(store: .threeStoreViews(skus: Self.skus))
        try await server.start()
        server.setFaults(.init(serverErrorRate: 0.3))
        let password = try directory.write("magento-password", "\(server.adminUser.password)\n")
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [publishing]
            target = "magento"
            retries = 8
            retry_base_seconds = 0.1
            circuit_failures = 5
            circuit_cooldown_seconds = 0.5
            drift_poll_seconds = 0
            [publishing.magento]
            base_url = "\(server.url)"
            admin_username = "\(server.adminUser.username)"
            admin_password_file = "\(password.path)"
            timeout_seconds = 5
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)

        var export = AkeneoCSV.catalog(skus: Self.skus)
        try directory.write("state/inbox/export-1.csv", export.text)
        try await eventually("all 15 items are published", timeout: .seconds(90)) { try await database.status().outbox == ["published": 15] }
        let shop = server.store
        for sku in Self.skus {
            let detail = try await #require(try database.catalog.productDetail(SKU(sku)!))
            for copy in detail.copy {
                let scope = copy.locale.identifier == "en" ? "default" : copy.locale.identifier
                #expect(shop.value(sku: sku, attribute: "name", store: scope) == copy.title, "\(sku) \(scope)")
                #expect(shop.value(sku: sku, attribute: "description", store: scope) == copy.bodyHTML, "\(sku) \(scope)")
            }
            #expect(shop.overrides(sku: sku, attribute: "name") == ["de", "fr"], "the default store view inherits the global copy")
        }
        let writes = Dictionary(grouping: shop.writes, by: { "\($0.sku) \($0.store)" })
        #expect(writes.count == 15 && writes.values.allSatisfy { $0.count == 1 }, "one write per SKU and scope")

        // The admin token expires and the shop is down for a moment while B-2 changes.
        server.expireAdminTokens()
        server.setFaults(.init(down: true))
        export.set("color", of: "B-2", to: "Red")
        try directory.write("state/inbox/export-2.csv", export.text)
        try await eventually("B-2's new copy waits in the outbox") { try await database.status().outbox["pending", default: 0] > 0 }
        server.setFaults(.init())
        try await eventually("B-2 is published after the outage", timeout: .seconds(60)) { try await database.status().outbox == ["published": 18] }
        #expect(server.store.value(sku: "B-2", attribute: "description", store: "default")?.contains("Red") == true)
        #expect(server.tokensIssued >= 2, "a fresh admin token after the old one expired")
        await #expect(try database.manualQueue.entries().isEmpty)
        #expect(server.invalidRequests.isEmpty, "\(server.invalidRequests)")

        #expect(try await daemon.stop() == 0)
        await server.stop()
        #expect(try database.integrityCheck() == "ok")
    }

    /// Issue 27 through the daemon: 40 SKUs × 3 store views with a bulk threshold of 10 go
    /// through Magento's bulk API (each item with its top-level sku, which the fake requires),
    /// the lookups are paged under a 7-per-page input limit, and 30% of requests fail at the
    /// gateway: every row is published once, nothing goes to a person, nothing is refused.
    @Test func bulkRunsArePagedAndRetriedThroughTheDaemon() async throws {
        let skus = (1...40).map { String(format: "BULK-%02d", $0) }
        let server = try FakeMagentoServer(store: .threeStoreViews(skus: skus))
        try await server.start()
        server.setMaximumPageSize(7)
        server.setFaults(.init(serverErrorRate: 0.3))
        let token = try directory.write("magento-token", "\(server.integrationToken)\n")
        let config = try directory.write("catalogd.toml", """
            state_dir = "\(state.path)"
            [publishing]
            target = "magento"
            retry_base_seconds = 0.1
            drift_poll_seconds = 0
            [publishing.magento]
            base_url = "\(server.url)"
            access_token_file = "\(token.path)"
            bulk_threshold = 10
            """)
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try directory.write("state/inbox/export.csv", AkeneoCSV.catalog(skus: skus).text)
        try await eventually("all 120 rows are published", timeout: .seconds(120)) { try await database.status().outbox == ["published": 120] }
        let shop = server.store
        #expect(shop.writes.filter(\.bulk).count >= 100, "\(shop.writes.filter(\.bulk).count) of \(shop.writes.count) writes through bulk")
        #expect(Dictionary(grouping: shop.writes, by: { "\($0.sku) \($0.store)" }).values.allSatisfy { $0.count == 1 }, "one write per SKU and scope")
        #expect(server.bulkOperationsRefused == 0)
        #expect(server.invalidRequests.isEmpty, "\(server.invalidRequests)")
        await #expect(try database.manualQueue.entries().isEmpty)
        #expect(try await daemon.stop() == 0)
        await server.stop()
    }
}
