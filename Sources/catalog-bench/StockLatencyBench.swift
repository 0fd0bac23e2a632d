import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation

/// `catalog-bench stock-latency [TRIALS]`: the release `catalogd` (built next to this binary:
/// `swift build -c release --product catalogd`) imports a 10,000-SKU snapshot and pushes it to
/// the Shopify fake; while that bulk is under way, one SKU at a time sells out in the
/// inventory fake. Each trial times the stock change being recorded (the poll interval
/// excluded) to the shop showing the SKU's copy saying so. Half the trials take SKUs whose
/// copy is already queued or pushed (the availability sentence is rewritten), half take SKUs
/// still waiting in the bulk (generated ahead of it). Target: p50 ≤ 2 s.
enum StockLatencyBench {
    static func run(trials: Int) async throws {
        guard let daemonURL = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("catalogd"),
              FileManager.default.isExecutableFile(atPath: daemonURL.path) else {
            print("catalog-bench stock-latency: build the daemon first: swift build -c release --product catalogd")
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("stock-latency-\(UUID().uuidString)")
        let state = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        let skus = SellOutScenario.skus(10_000)
        let server = try FakeShopifyServer(shop: SellOutScenario.shop(skus: skus))
        try await server.start()
        var stock = Dictionary(uniqueKeysWithValues: skus.map { ($0, 20) })
        func feedBody() -> String { "[" + stock.map { "{\"sku\":\"\($0.key)\",\"quantity\":\($0.value)}" }.joined(separator: ",") + "]" }
        let feed = FakeInventoryServer(body: feedBody())
        try await feed.start()
        let token = directory.appendingPathComponent("shopify-token")
        try Data("\(server.accessToken)\n".utf8).write(to: token)
        let config = directory.appendingPathComponent("catalogd.toml")
        try Data(SellOutScenario.configuration(state: state, shop: server, tokenFile: token, feed: feed, pollSeconds: 0.5).utf8).write(to: config)
        let daemon = Process()
        daemon.executableURL = daemonURL
        daemon.arguments = ["--config", config.path]
        daemon.standardError = FileHandle(forWritingAtPath: "/dev/null")
        try daemon.run()
        defer {
            daemon.terminate()
            daemon.waitUntilExit()
        }
        let database = try await waitForDatabase(state.appendingPathComponent("catalog.sqlite"))
        try await until { try await database.stock.quantity(of: SKU(skus[0])!) == 20 }

        print("catalog-bench stock-latency: \(trials) sell-outs during a \(skus.count)-SKU snapshot pushed to the Shopify fake (release catalogd, template generator)")
        try AkeneoCSV.catalog(skus: skus).text.write(to: state.appendingPathComponent("inbox/export.csv"), atomically: true, encoding: .utf8)
        func pushed() -> Int { SellOutScenario.pushed(server) }
        try await until { pushed() >= 200 }

        var rewrite: [Double] = []
        var generate: [Double] = []
        for trial in 0..<trials {
            // Even trials: a SKU the bulk already covered; odd trials: one near its end.
            let done = pushed()
            let sku = trial % 2 == 0 ? skus[trial] : skus[skus.count - 1 - trial]
            stock[sku] = 0
            feed.setBody(feedBody())
            try await until { try await database.stock.quantity(of: SKU(sku)!) == 0 }
            let recorded = ContinuousClock.now
            try await until { server.shop.product(sku: sku)?.descriptionHtml.contains("Currently out of stock.") == true }
            let seconds = (ContinuousClock.now - recorded).seconds
            if trial % 2 == 0 { rewrite.append(seconds) } else { generate.append(seconds) }
            print(String(format: "  trial %2d %@ %6.3f s  (bulk: %d of %d pushed)", trial + 1, sku, seconds, done, skus.count))
        }
        let all = rewrite + generate
        print(String(format: "  sentence rewritten  p50 %.3f s  max %.3f s", percentile(rewrite, 0.5), rewrite.max() ?? 0))
        print(String(format: "  generated ahead     p50 %.3f s  max %.3f s", percentile(generate, 0.5), generate.max() ?? 0))
        Figures.record("stock-latency", "sell-out -> shop during a 10K bulk, p50", percentile(all, 0.5), unit: "s", atMost: 2)
        print(String(format: "  all trials          p50 %.3f s  p90 %.3f s  (target p50 <= 2 s); bulk %d of %d pushed by the end",
                     percentile(all, 0.5), percentile(all, 0.9), pushed(), skus.count))
        await feed.stop()
        await server.stop()
    }

    static func percentile(_ values: [Double], _ share: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int((Double(sorted.count) * share).rounded(.down)))]
    }

    static func waitForDatabase(_ url: URL) async throws -> CatalogDatabase {
        var database: CatalogDatabase?
        try await until {
            database = FileManager.default.fileExists(atPath: url.path) ? try? CatalogDatabase(path: url.path) : nil
            return database != nil
        }
        return database!
    }

    /// Polls every `interval` (10 ms) until `condition` holds, for up to `timeout` (five minutes).
    static func until(timeout: Duration = .seconds(300), every interval: Duration = .milliseconds(10), _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: interval)
        }
        throw CatalogError(.notFound, "catalog-bench: timed out after \(timeout)")
    }
}
