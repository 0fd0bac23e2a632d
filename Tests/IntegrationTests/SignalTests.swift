import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Glibc
import Testing

/// Signals at awkward moments (issue 10): a storm of SIGHUPs while a snapshot is imported, and
/// SIGTERM in the middle of a bulk push, each followed by checks that nothing was lost, applied
/// twice or written twice.
@Suite(.serialized) struct SignalTests {
    let directory = TemporaryDirectory("catalogd-signals")
    var state: URL { directory.path("state") }

    @Test func aHangupStormDuringAnImportChangesNothing() async throws {
        let skus = (0..<3_000).map { "HUP-\($0)" }
        let csv = AkeneoCSV.catalog(skus: skus)
        let reference = directory.path("reference")
        let file = try directory.write("export.csv", csv.text)
        #expect(try await Executables.run("catalogctl", ["import", file.path, "--state-dir", reference.path]).status == 0)

        let config = try directory.write("catalogd.toml", "state_dir = \"\(state.path)\"\n[admin]\nlisten = \"off\"\n")
        let daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        try directory.write("state/inbox/export.csv", csv.text)
        // Twenty reloads, 50 ms apart, while the file is claimed, parsed and applied.
        for _ in 0..<20 {
            daemon.reload()
            try await Task.sleep(for: .milliseconds(50))
        }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        try await eventually("the import is archived", timeout: .seconds(120)) { try await database.status().imports["archived"] == 1 }
        #expect(daemon.isRunning, "a reload must never end the process")
        #expect(!daemon.log.contains("ServiceGroupError"))
        let expected = try CatalogDatabase(path: reference.appendingPathComponent("catalog.sqlite").path)
        await #expect(try database.catalog.liveProductHashes() == expected.catalog.liveProductHashes())
        await #expect(try database.catalog.historyCounts() == expected.catalog.historyCounts(), "applied once")
        #expect(try await daemon.stop() == 0)
        #expect(try database.integrityCheck() == "ok")
    }

    @Test func aStopDuringABulkPushResumesWithoutWritingAnythingTwice() async throws {
        let skus = SellOutScenario.skus(1_500)
        let server = try FakeShopifyServer(shop: SellOutScenario.shop(skus: skus))
        try await server.start()
        let token = try directory.write("shopify-token", "\(server.accessToken)\n")
        let config = try directory.write("catalogd.toml", SellOutScenario.configuration(state: state, shop: server, tokenFile: token))
        var daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("the inbox is watched") { daemon.log.contains("watching inbox") }
        let database = try CatalogDatabase(path: state.appendingPathComponent("catalog.sqlite").path)
        // The shop holds the first bulk mutation RUNNING, so the signal comes while it runs.
        server.holdBulkMutations()
        try directory.write("state/inbox/export.csv", AkeneoCSV.catalog(skus: skus).text)
        try await eventually("a bulk mutation is running", timeout: .seconds(300)) { server.bulkOperationsRunning == 1 }
        let pushedAtSignal = SellOutScenario.pushed(server)
        let stopping = ContinuousClock.now
        daemon.terminate()
        // The shop finishes the operation whether or not the daemon still waits for it.
        server.releaseBulkMutations()
        #expect(try await daemon.exitStatus() == 0)
        print("SIGTERM with \(pushedAtSignal) of \(skus.count) pushed (\(SellOutScenario.pushed(server)) once stopped); stopped in \(ContinuousClock.now - stopping)")
        #expect(pushedAtSignal < skus.count, "the stop came in the middle of the push")

        daemon = try CatalogdProcess(stateDirectory: state, extraArguments: ["--config", config.path])
        try await eventually("everything is published after the restart", timeout: .seconds(300)) {
            try await database.status().outbox == ["published": skus.count]
        }
        for sku in skus {
            let copy = try await #require(try database.catalog.productDetail(SKU(sku)!)?.copy.first)
            #expect(server.shop.product(sku: sku)?.descriptionHtml == copy.bodyHTML, "\(sku)")
        }
        let productWrites = server.shop.writes.filter { $0.operation == "productUpdate" }
        #expect(productWrites.count == skus.count, "one write per product")
        #expect(productWrites.allSatisfy { $0.changed })
        #expect(server.invalidRequests.isEmpty)
        #expect(try await daemon.stop() == 0)
        await server.stop()
    }
}
