import CatalogCore
import CatalogHTTP
import CatalogMagento
import CatalogTestSupport
import Foundation
import GRDB

/// `catalog-bench magento-daemon [SKUS] [BULK-SKUS]`: the release `catalogd` publishing to
/// the loopback Magento fake (answering in 50 ms) with the production retry settings, as a
/// merchant runs it.
///
/// - SKUS × 3 store views (en at the global scope, de, fr) one row at a time, without faults
///   and then with 30% of requests answered 502/503: the time from the export landing in the
///   inbox to every row published, and the ratio (target: at most 2×).
/// - BULK-SKUS × 3 through the asynchronous bulk API: rows published and operations the fake
///   rejected or failed (target: 0).
/// - How long the adapter takes to notice a shop that is not there: a closed port and an
///   address nothing answers (target: at most 5 s).
enum MagentoDaemonBench {
    static func run(skus: Int, bulkSKUs: Int) async throws {
        guard let daemonURL = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("catalogd"),
              FileManager.default.isExecutableFile(atPath: daemonURL.path) else {
            EndToEndBench.say("catalog-bench magento-daemon: build the daemon first: swift build -c release --product catalogd")
            return
        }
        EndToEndBench.say("catalog-bench magento-daemon: the release catalogd publishing to the Magento fake (3 store views, production retry settings)")
        let clean = try await publish(daemon: daemonURL, skus: skus, faultRate: 0, bulkThreshold: 100_000)
        EndToEndBench.say(String(format: "  %d SKUs x 3, no faults: %.1f s to all %d rows published (%d requests)", skus, clean.seconds, clean.published, clean.requests))
        let faulty = try await publish(daemon: daemonURL, skus: skus, faultRate: 0.3, bulkThreshold: 100_000)
        EndToEndBench.say(String(format: "  %d SKUs x 3, 30%% 502/503: %.1f s to all %d rows published (%d requests, %d to a person)", skus, faulty.seconds, faulty.published, faulty.requests, faulty.manual))
        let ratio = faulty.seconds / max(clean.seconds, 0.001)
        Figures.record("magento-daemon", "30% 502/503 vs no faults, \(skus) SKUs x 3 store views", ratio, unit: "x", atMost: 2)
        EndToEndBench.say(String(format: "  ratio %.2fx (target <= 2x)", ratio))

        let bulk = try await publish(daemon: daemonURL, skus: bulkSKUs, faultRate: 0, bulkThreshold: 500)
        Figures.record("magento-daemon", "\(bulkSKUs) SKUs x 3 through bulk: operations rejected or failed", Double(bulk.bulkRefused), unit: "ops", atMost: 0)
        EndToEndBench.say(String(format: "  %d SKUs x 3 through the bulk API: %.1f s, %d rows published, %d bulk writes, %d operations rejected or failed (target 0), %d invalid requests",
                                 bulkSKUs, bulk.seconds, bulk.published, bulk.bulkWrites, bulk.bulkRefused, bulk.invalid))

        for (what, url) in [("a closed port", "http://127.0.0.1:\(LoopbackPort.closed())"), ("a documentation address (192.0.2.1, no route)", "http://192.0.2.1:8080")] {
            let transport = AsyncHTTPTransport()
            let target = MagentoTarget(
                configuration: MagentoConfiguration(baseURL: url, credentials: .integrationToken("t"), primaryLocale: LocaleCode("en")!, timeout: .seconds(30)),
                transport: transport
            )
            let start = ContinuousClock.now
            let answer: String
            do { answer = try await target.checkAccess() } catch { answer = "\(error)" }
            let seconds = (ContinuousClock.now - start).seconds
            try await transport.shutdown()
            Figures.record("magento-daemon", "unreachable shop noticed (\(what))", seconds, unit: "s", atMost: 5)
            EndToEndBench.say(String(format: "  %@ noticed in %.2f s (target <= 5 s): %@", what, seconds, String(answer.prefix(120))))
        }
    }

    struct Run {
        var seconds = 0.0
        var published = 0
        var manual = 0
        var requests = 0
        var bulkWrites = 0
        var bulkRefused = 0
        var invalid = 0
    }

    /// What each request the fake runs takes: a fast Magento answers a product GET or PUT in
    /// 100–300 ms; with none, any outbox backoff would dwarf the no-fault time.
    static let latency = Duration.milliseconds(50)

    static func publish(daemon daemonURL: URL, skus: Int, faultRate: Double, bulkThreshold: Int) async throws -> Run {
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["CATALOG_BENCH_DIR"] ?? NSTemporaryDirectory())
            .appendingPathComponent("magento-daemon-\(UUID().uuidString)")
        let state = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try FakeMagentoServer(store: .threeStoreViews(skus: (0..<skus).map { "SKU-\($0)" }))
        try await server.start()
        server.setFaults(.init(serverErrorRate: faultRate, latency: latency))
        let token = directory.appendingPathComponent("magento-token")
        try Data("\(server.integrationToken)\n".utf8).write(to: token)
        let config = directory.appendingPathComponent("catalogd.toml")
        try Data("""
            state_dir = "\(state.path)"
            [admin]
            listen = "127.0.0.1:0"
            [generation]
            locales = ["en", "de", "fr"]
            [publishing]
            target = "magento"
            drift_poll_seconds = 0
            [publishing.magento]
            base_url = "\(server.url)"
            access_token_file = "\(token.path)"
            bulk_threshold = \(bulkThreshold)
            """.utf8).write(to: config)
        let process = CatalogdProcess(executable: daemonURL, arguments: ["--config", config.path], logFile: directory.appendingPathComponent("catalogd.log"))
        try process.start()
        defer { process.terminate() }
        let database = try await EndToEndBench.Progress.open(state.appendingPathComponent("catalog.sqlite"))
        try await EndToEndBench.until(every: .milliseconds(50)) { process.adminURL != nil }

        let export = directory.appendingPathComponent("export.csv")
        try ExportGenerator(products: skus, variant: 0, localized: true).write("csv", to: export)
        let start = ContinuousClock.now
        try FileManager.default.moveItem(at: export, to: state.appendingPathComponent("inbox/export.csv"))
        var run = Run()
        try await EndToEndBench.until(every: .milliseconds(100)) {
            let (done, published, manual) = try database.pool.read { db -> (Bool, Int, Int) in
                let open = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM generation_jobs WHERE state IN ('queued', 'running')") ?? 0
                let waiting = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state IN ('pending', 'in_flight')") ?? 0
                let published = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox WHERE state = 'published'") ?? 0
                let manual = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM manual_queue") ?? 0
                return (open == 0 && waiting == 0 && published + manual >= skus * 3, published, manual)
            }
            run.published = published
            run.manual = manual
            return done
        }
        run.seconds = (ContinuousClock.now - start).seconds
        run.requests = server.requests
        run.bulkWrites = server.store.writes.filter(\.bulk).count
        run.bulkRefused = server.bulkOperationsRefused
        run.invalid = server.invalidRequests.count
        process.terminate()
        await server.stop()
        return run
    }
}
