import CatalogCore
import CatalogHTTP
import CatalogTestSupport
import Foundation
import GRDB

/// `catalog-bench end-to-end [SKUS] [SELL-OUTS]`: the release `catalogd` (built next to this
/// binary) on its embedded defaults (template writer, manual queue) with 12 locales and one
/// inventory feed. An N-SKU Akeneo CSV is moved into its inbox; the bench watches the database
/// and the daemon's /metrics and prints the time to the import applied, to every product's
/// copy generated and queued in the outbox, the rate along the way, the daemon's peak RSS,
/// where the generation worker spent its time and what a claim cost at the start and at the
/// end. Meanwhile SKUs sell out one at a time in the feed, half already generated, half still
/// waiting in the bulk: each is timed from its stock change being recorded to its copy in
/// every locale being queued in the outbox.
enum EndToEndBench {
    static let locales = ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "cs"]

    static func run(skus: Int, sellOuts: Int) async throws {
        guard let daemonURL = Bundle.main.executableURL?.deletingLastPathComponent().appendingPathComponent("catalogd"),
              FileManager.default.isExecutableFile(atPath: daemonURL.path) else {
            say("catalog-bench end-to-end: build the daemon first: swift build -c release --product catalogd")
            return
        }
        let directory = URL(fileURLWithPath: ProcessInfo.processInfo.environment["CATALOG_BENCH_DIR"] ?? NSTemporaryDirectory())
            .appendingPathComponent("end-to-end-\(UUID().uuidString)")
        let state = directory.appendingPathComponent("state")
        try FileManager.default.createDirectory(at: state.appendingPathComponent("inbox"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }

        say("catalog-bench end-to-end: \(skus) SKUs x \(locales.count) locales through the release catalogd (template writer, manual queue), \(sellOuts) sell-outs during the bulk")
        let export = directory.appendingPathComponent("export.csv")
        try ExportGenerator(products: skus, variant: 0, localized: true).write("csv", to: export)

        // The feed lists only the SKUs that will sell out; every other SKU has no stock record.
        let half = sellOuts / 2
        let early = (0..<half).map { "SKU-\(($0 + 1) * max(1, skus / 10 / max(half, 1)))" }
        let late = (0..<(sellOuts - half)).map { "SKU-\(skus - 1 - $0 * max(1, skus / 10 / max(sellOuts - half, 1)))" }
        var stock = Dictionary(uniqueKeysWithValues: (early + late).map { ($0, 20) })
        func feedBody() -> String { "[" + stock.sorted { $0.key < $1.key }.map { "{\"sku\":\"\($0.key)\",\"quantity\":\($0.value)}" }.joined(separator: ",") + "]" }
        let feed = FakeInventoryServer(body: feedBody())
        try await feed.start()
        defer { Task { await feed.stop() } }

        let config = directory.appendingPathComponent("catalogd.toml")
        try Data("""
            state_dir = "\(state.path)"
            [admin]
            listen = "127.0.0.1:0"
            [generation]
            locales = [\(locales.map { "\"\($0)\"" }.joined(separator: ", "))]
            \(SellOutScenario.inventory(feed, pollSeconds: 0.25))
            """.utf8).write(to: config)
        let daemon = CatalogdProcess(executable: daemonURL, arguments: ["--config", config.path], logFile: directory.appendingPathComponent("catalogd.log"))
        try daemon.start()
        defer { daemon.terminate() }

        // The admin port listens once the database is migrated: only then is every table there.
        try await until(every: .milliseconds(50)) { daemon.adminURL != nil }
        let database = try await Progress.open(state.appendingPathComponent("catalog.sqlite"))
        try await until(every: .milliseconds(50)) { try database.stockRecorded(early + late, quantity: 20) }
        let metrics = MetricsScraper(url: daemon.adminURL! + "/metrics")

        let start = ContinuousClock.now
        try FileManager.default.moveItem(at: export, to: state.appendingPathComponent("inbox/export.csv"))
        func elapsed() -> Double { (ContinuousClock.now - start).seconds }

        var applied: Double?
        var samples: [(seconds: Double, done: Int, metrics: [String: Double])] = []
        var latencies: [(sku: String, ahead: Bool, seconds: Double)] = []
        var pendingSellOuts = late.map { ($0, true) } + early.map { ($0, false) }
        var nextReport = 15.0
        var finished: Double?
        while finished == nil {
            try await Task.sleep(for: .milliseconds(250))
            let now = elapsed()
            if applied == nil, try database.importApplied() {
                applied = now
                say(String(format: "  %7.1f s  import applied", now))
            }
            guard applied != nil else { continue }
            // Counting costs the daemon's disk and cores too: once a second, /metrics every 10 s.
            guard samples.isEmpty || now - samples.last!.seconds >= 1 else { continue }
            let done = skus - (try database.openJobs())
            let scrapeDue = samples.last { !$0.metrics.isEmpty }.map { now - $0.seconds >= 10 } ?? true
            samples.append((now, done, scrapeDue ? (try? await metrics.scrape()) ?? [:] : [:]))
            if now >= nextReport {
                let earlier = samples.last { $0.seconds <= now - 15 } ?? samples.first!
                let rate = Double(done - earlier.done) / max(now - earlier.seconds, 0.001) * 60
                say(String(format: "  %7.1f s  %8d of %d SKUs generated and queued  (%.0f SKUs/min over the last %.0f s)", now, done, skus, rate, now - earlier.seconds))
                nextReport += 15
            }
            // Sell-outs while the bulk runs: one at a time, the first once a tenth is done.
            if done >= skus / 10, done < skus * 9 / 10, let (sku, ahead) = pendingSellOuts.popLast() {
                stock[sku] = 0
                feed.setBody(feedBody())
                try await until(every: .milliseconds(2)) { try database.stockRecorded([sku], quantity: 0) }
                let recorded = ContinuousClock.now
                // Copy held for review never reaches the outbox: 30 s is the cap.
                let cap = recorded + .seconds(30)
                try await until(every: .milliseconds(5)) { try database.urgentLocalesQueued(sku) >= locales.count || ContinuousClock.now > cap }
                latencies.append((sku, ahead, (ContinuousClock.now - recorded).seconds))
            }
            if done >= skus { finished = now }
        }
        let generated = finished!
        samples.append((generated, skus, (try? await metrics.scrape()) ?? [:]))
        let rss = CatalogBench.peakResidentMegabytes(of: "\(daemon.processIdentifier)")
        try await until(every: .milliseconds(50)) { try database.manualQueueDrained() }
        let drained = elapsed()

        say(String(format: "  import applied                          %8.1f s", applied!))
        say(String(format: "  every SKU's copy generated and queued   %8.1f s  (%.0f SKUs/min overall, %.0f after the import)", generated, Double(skus) / generated * 60, Double(skus) / (generated - applied!) * 60))
        let (queued, review) = try database.copies()
        say("  copies queued in the outbox \(queued) of \(skus * locales.count), held for review \(review)")
        say(String(format: "  outbox moved to the manual queue       %8.1f s", drained))
        say("  peak RSS of catalogd                    \(rss) MB")
        Figures.record("end-to-end", "\(skus) SKUs: drop -> all copy queued", generated, unit: "s", atMost: skus >= 1_000_000 ? 1_800 : skus >= 100_000 ? 180 : nil)
        Figures.record("end-to-end", "\(skus) SKUs: peak RSS", Double(rss), unit: "MB", atMost: 300)
        report(samples, applied: applied!)
        if !latencies.isEmpty {
            let all = latencies.map(\.seconds)
            for (sku, ahead, seconds) in latencies {
                say(String(format: "  sell-out %@ (%@)  %6.3f s", sku, ahead ? "still queued in the bulk" : "already generated", seconds))
            }
            say(String(format: "  sell-out -> every locale queued: p50 %.3f s  p99 %.3f s  (targets <= 1 s, <= 2 s)", StockLatencyBench.percentile(all, 0.5), StockLatencyBench.percentile(all, 0.99)))
            Figures.record("end-to-end", "sell-out during the bulk, p50", StockLatencyBench.percentile(all, 0.5), unit: "s", atMost: 1)
            Figures.record("end-to-end", "sell-out during the bulk, p99", StockLatencyBench.percentile(all, 0.99), unit: "s", atMost: 2)
        }
        _ = try? await daemon.stop()
    }

    /// Where the generation worker spent its time, and a claim's cost in the first and the last
    /// 20 seconds of the bulk, from the daemon's own counters.
    static func report(_ samples: [(seconds: Double, done: Int, metrics: [String: Double])], applied: Double) {
        let samples = samples.filter { !$0.metrics.isEmpty }
        guard let first = samples.first?.metrics, let last = samples.last?.metrics, !last.isEmpty else {
            say("  (no /metrics figures)")
            return
        }
        let phases = ["claim", "decode", "pipeline", "write"]
        let spent = phases.map { (last["catalogd_generation_seconds_total{phase=\"\($0)\"}"] ?? 0) - (first["catalogd_generation_seconds_total{phase=\"\($0)\"}"] ?? 0) }
        let total = max(spent.reduce(0, +), 0.000_001)
        say("  generation worker time: " + zip(phases, spent).map { String(format: "%@ %.1f s (%.0f%%)", $0, $1, $1 / total * 100) }.joined(separator: ", "))
        func claimCost(_ from: [String: Double], _ to: [String: Double]) -> (Double, Double) {
            let count = (to["catalogd_generation_claim_seconds_count"] ?? 0) - (from["catalogd_generation_claim_seconds_count"] ?? 0)
            let sum = (to["catalogd_generation_claim_seconds_sum"] ?? 0) - (from["catalogd_generation_claim_seconds_sum"] ?? 0)
            return (count, count > 0 ? sum / count : 0)
        }
        let startWindow = samples.last { $0.seconds <= applied + 20 } ?? samples[0]
        let endWindow = samples.last { $0.seconds <= samples.last!.seconds - 20 } ?? samples[0]
        let (startClaims, startCost) = claimCost(first, startWindow.metrics)
        let (endClaims, endCost) = claimCost(endWindow.metrics, last)
        let jobsPerClaim = Double(samples.last!.done) / max((last["catalogd_generation_claim_seconds_count"] ?? 0) - (first["catalogd_generation_claim_seconds_count"] ?? 0), 1)
        say(String(format: "  claim: %.2f ms over %.0f claims at the start, %.2f ms over %.0f claims at the end (%.1f jobs per claim)", startCost * 1000, startClaims, endCost * 1000, endClaims, jobsPerClaim))
        Figures.record("end-to-end", "claim at the start of the bulk", startCost * 1000, unit: "ms")
        Figures.record("end-to-end", "claim at the end of the bulk", endCost * 1000, unit: "ms")
    }

    /// Polls until `condition` holds, for up to an hour (a 1M-SKU run takes a while).
    static func until(every interval: Duration, _ condition: () async throws -> Bool) async throws {
        try await StockLatencyBench.until(timeout: .seconds(3_600), every: interval, condition)
    }

    /// A line of output, flushed at once: the bench runs for minutes, often into a file.
    static func say(_ line: String) {
        print(line)
        fflush(nil)
    }

    /// The daemon's database as the bench reads it: read-only, so it takes no lock the daemon needs.
    struct Progress {
        let pool: DatabasePool

        static func open(_ url: URL) async throws -> Progress {
            var progress: Progress?
            try await until(every: .milliseconds(50)) {
                guard FileManager.default.fileExists(atPath: url.path) else { return false }
                var configuration = Configuration()
                configuration.readonly = true
                guard let pool = try? DatabasePool(path: url.path, configuration: configuration),
                      (try? pool.read { try $0.tableExists("generation_jobs") }) == true else { return false }
                progress = Progress(pool: pool)
                return true
            }
            return progress!
        }

        func stockRecorded(_ skus: [String], quantity: Int) throws -> Bool {
            try pool.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM stock_totals WHERE quantity = ? AND sku IN (\(databaseQuestionMarks(count: skus.count)))",
                                 arguments: StatementArguments([quantity] + skus)) == skus.count
            }
        }

        func importApplied() throws -> Bool {
            try pool.read { try Bool.fetchOne($0, sql: "SELECT EXISTS (SELECT 1 FROM imports WHERE state IN ('applied', 'archived'))") ?? false }
        }

        /// Jobs not finished yet: once the import is applied, every SKU of it has one.
        func openJobs() throws -> Int {
            try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM generation_jobs WHERE state IN ('queued', 'running')") ?? 0 }
        }

        /// SKU × locale copies queued in the outbox, and held for review.
        func copies() throws -> (queued: Int, review: Int) {
            try pool.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM (SELECT DISTINCT sku, locale FROM outbox WHERE slot = 'main')") ?? 0,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM review_queue WHERE state = 'open'") ?? 0)
            }
        }

        /// Locales of `sku` with copy queued at the urgent priorities (a stock reaction's).
        func urgentLocalesQueued(_ sku: String) throws -> Int {
            try pool.read { try Int.fetchOne($0, sql: "SELECT COUNT(DISTINCT locale) FROM outbox WHERE sku = ? AND priority <= 1", arguments: [sku]) ?? 0 }
        }

        func manualQueueDrained() throws -> Bool {
            try pool.read { try Bool.fetchOne($0, sql: "SELECT NOT EXISTS (SELECT 1 FROM outbox WHERE state IN ('pending', 'in_flight'))") ?? false }
        }
    }

    /// Reads the daemon's Prometheus exposition into series → value.
    struct MetricsScraper {
        let url: String
        let transport = AsyncHTTPTransport()

        func scrape() async throws -> [String: Double] {
            let response = try await transport.send(HTTPRequestSpec(url: url, timeout: .seconds(5)))
            var values: [String: Double] = [:]
            for line in String(decoding: response.body, as: UTF8.self).split(separator: "\n") where !line.hasPrefix("#") {
                guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else { continue }
                values[String(line[..<space])] = value
            }
            return values
        }
    }
}
