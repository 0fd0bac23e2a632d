public import Foundation
import CatalogCore
public import CatalogStore
#if canImport(Glibc)
import Glibc
#endif

/// Issue 10's crash harness, shared by its seeded CI subset (`CrashHarnessTests`) and the long
/// run (`catalog-bench crash`): the real `catalogd` on a temporary state directory, publishing
/// to the Shopify fake in three locales while it takes a mixed workload (a snapshot, a delta
/// folder, stock files, `catalogctl regenerate`, a changed snapshot, a bad file), killed with
/// SIGKILL at seeded random moments and started again each time. The same workload runs once
/// more without kills; afterwards both shops must hold the same copy for every SKU and locale.
public struct CrashHarness: Sendable {
    public struct Options: Sendable {
        public var catalogd: URL
        public var catalogctl: URL
        public var directory: URL
        public var skus = 5_000
        public var kills = 20
        public var seed: UInt64 = 1
        /// The longest a daemon runs before it is killed (each kill waits a random share of it).
        public var longestRun: Duration = .milliseconds(1_500)
        public var progress: @Sendable (String) -> Void = { _ in }

        public init(catalogd: URL, catalogctl: URL, directory: URL) {
            self.catalogd = catalogd
            self.catalogctl = catalogctl
            self.directory = directory
        }
    }

    /// What one run left behind.
    public struct Run: Sendable {
        public var shop: [String: ShopState]
        public var writes: [FakeShopifyShop.Write]
        public var kills = 0
        /// Outbox rows leased at the moments of the kills: what idempotency may send again.
        public var inFlightAtKills = 0
        public var seconds = 0.0
        public var integrity = ""
        public var lostFiles: [String] = []
        public var status: CatalogStatus?
        public var invalidRequests: [String] = []

        /// SKUs of the final catalog the shop still shows with its hand-written copy.
        public var neverPublished: [String] = []

        /// Writes that left the shop as it was: pushes repeated after a kill.
        public var resentWrites: Int { writes.filter { !$0.changed }.count }
    }

    /// A product's copy as the shop shows it, everything but its timestamps.
    public struct ShopState: Sendable, Equatable {
        public var title: String
        public var descriptionHtml: String
        public var seoTitle: String?
        public var seoDescription: String?
        public var metafields: [String: String]
        public var translations: [String: [String: String]]
    }

    public struct Outcome: Sendable {
        public var reference: Run
        public var crashed: Run
        /// "SKU locale field" wherever the crashed run's shop differs from the reference.
        public var mismatches: [String]

        /// Everything the harness found wrong; empty when the promise held.
        public var problems: [String] {
            var problems = mismatches.prefix(20).map { "shop differs from the uninterrupted run: \($0)" }
            if mismatches.count > 20 { problems.append("… and \(mismatches.count - 20) more differences") }
            for run in [reference, crashed] {
                let name = run.kills == 0 ? "reference run" : "crashed run"
                if run.integrity != "ok" { problems.append("\(name): PRAGMA integrity_check says \(run.integrity)") }
                problems += run.lostFiles.map { "\(name): dropped file \($0) is in none of inbox, processed or quarantine" }
                problems += run.invalidRequests.prefix(5).map { "\(name): the shop rejected a request: \($0)" }
            }
            // A repeated push re-sends only what was leased when a kill struck.
            let extra = crashed.resentWrites - reference.resentWrites
            if extra > crashed.inFlightAtKills {
                problems.append("\(extra) writes re-sent content the shop held, but only \(crashed.inFlightAtKills) pushes were in flight at the kills")
            }
            for run in [reference, crashed] where !run.neverPublished.isEmpty {
                problems.append("\(run.kills == 0 ? "reference" : "crashed") run: \(run.neverPublished.count) SKUs of the final catalog never published (\(run.neverPublished.prefix(5).joined(separator: ", ")))")
            }
            if crashed.status?.manualQueueOpen != reference.status?.manualQueueOpen || crashed.status?.reviewOpen != reference.status?.reviewOpen {
                problems.append("manual queue \(crashed.status?.manualQueueOpen ?? -1) and review \(crashed.status?.reviewOpen ?? -1) after the kills, \(reference.status?.manualQueueOpen ?? -1) and \(reference.status?.reviewOpen ?? -1) without")
            }
            if crashed.kills == 0 { problems.append("the daemon was never killed: the workload finished before the first kill") }
            return problems
        }
    }

    static let handWritten = "<p>hand written</p>"
    let options: Options
    let skus: [String]
    let locales = ["en", "de", "fr"]

    public init(options: Options) {
        self.options = options
        skus = (0..<options.skus).map { String(format: "CR-%06d", $0) }
    }

    /// Every `step`th SKU from `offset`.
    func every(_ step: Int, from offset: Int = 0) -> [String] { stride(from: offset, to: skus.count, by: step).map { skus[$0] } }
    var discontinued: [String] { every(211, from: 11) }
    /// What the second snapshot leaves out.
    var removed: Set<String> { Set(every(53, from: 13)).subtracting(discontinued) }

    public func run() async throws -> Outcome {
        options.progress("reference run: \(skus.count) SKUs in \(locales.count) locales, no kills")
        let reference = try await execute(name: "reference", kills: 0)
        options.progress(String(format: "  drained in %.1f s", reference.seconds))
        options.progress("crashed run: the same workload, \(options.kills) SIGKILLs (seed \(options.seed))")
        let crashed = try await execute(name: "crashed", kills: options.kills)
        options.progress(String(format: "  drained in %.1f s after %d kills (%d pushes in flight at the kills, %d writes re-sent)",
                                crashed.seconds, crashed.kills, crashed.inFlightAtKills, crashed.resentWrites))
        var mismatches: [String] = []
        // A SKU the second snapshot removes may or may not have reached the shop before it
        // went (catalogd leaves removed products to a person): only the final catalog counts.
        for sku in skus where !removed.contains(sku) {
            let expected = reference.shop[sku], actual = crashed.shop[sku]
            guard expected != actual else { continue }
            guard let expected, let actual else {
                mismatches.append("\(sku): \(expected == nil ? "only in the crashed run" : "missing")")
                continue
            }
            if expected.title != actual.title { mismatches.append("\(sku) en title") }
            if expected.descriptionHtml != actual.descriptionHtml { mismatches.append("\(sku) en body: \(actual.descriptionHtml.suffix(80)) vs \(expected.descriptionHtml.suffix(80))") }
            if expected.seoTitle != actual.seoTitle || expected.seoDescription != actual.seoDescription { mismatches.append("\(sku) en SEO") }
            if expected.metafields != actual.metafields { mismatches.append("\(sku) metafields") }
            for locale in Set(expected.translations.keys).union(actual.translations.keys).sorted() where expected.translations[locale] != actual.translations[locale] {
                mismatches.append("\(sku) \(locale) translation")
            }
        }
        return Outcome(reference: reference, crashed: crashed, mismatches: mismatches)
    }

    // MARK: - One run

    /// The folders of one run: the PIM inbox, a delta folder and a stock folder.
    struct Layout {
        let root: URL
        var state: URL { root.appendingPathComponent("state") }
        var inbox: URL { state.appendingPathComponent("inbox") }
        var deltas: URL { root.appendingPathComponent("deltas") }
        var stock: URL { root.appendingPathComponent("stock") }
        var staging: URL { root.appendingPathComponent("staging") }
        var config: URL { root.appendingPathComponent("catalogd.toml") }
        var log: URL { root.appendingPathComponent("catalogd.log") }
        var database: URL { state.appendingPathComponent("catalog.sqlite") }
    }

    func execute(name: String, kills: Int) async throws -> Run {
        let layout = Layout(root: options.directory.appendingPathComponent(name))
        for folder in [layout.inbox, layout.deltas, layout.stock, layout.staging] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        var shop = FakeShopifyShop(locales: locales.enumerated().map { .init($0.element, primary: $0.offset == 0) })
        for sku in skus { shop.addProduct(sku: sku, title: "Old \(sku)", descriptionHtml: Self.handWritten) }
        // Shopify Plus's GraphQL rate (1,000 points a second): translations are pushed one
        // by one, and the standard bucket would make the run a quarter of an hour.
        let server = try FakeShopifyServer(shop: shop, bucket: .init(maximum: 10_000, restoreRate: 1_000))
        try await server.start()
        let token = layout.root.appendingPathComponent("shopify-token")
        try Data("\(server.accessToken)\n".utf8).write(to: token)
        try Data(configuration(layout, shop: server.url, token: token).utf8).write(to: layout.config)
        _ = FileManager.default.createFile(atPath: layout.log.path, contents: nil)

        let started = ContinuousClock.now
        let daemon = CatalogdProcess(executable: options.catalogd, arguments: ["--config", layout.config.path], logFile: layout.log)
        try daemon.start()
        let database = try await open(layout.database)
        let dropped = DroppedFiles()
        let killer = Task { () -> (kills: Int, inFlight: Int) in
            var random = SeededGenerator(seed: options.seed)
            var done = 0, inFlight = 0
            while done < kills, !Task.isCancelled {
                let share = Double(random.next() % 1_000) / 1_000
                try await Task.sleep(for: options.longestRun * (0.1 + 0.9 * share))
                await daemon.kill()
                await inFlight += (try? database.status().outbox["in_flight"]) ?? 0
                done += 1
                try daemon.start()
            }
            return (done, inFlight)
        }
        do {
            try await workload(layout, dropped: dropped)
            let (killCount, inFlight) = try await killer.value
            try await drain(database, layout: layout, daemon: daemon, expectedImports: dropped.pimFiles)
            let exit = try await daemon.stop()
            var run = Run(shop: Self.snapshot(server.shop), writes: server.shop.writes)
            run.kills = killCount
            run.inFlightAtKills = inFlight
            run.seconds = (ContinuousClock.now - started).seconds
            run.integrity = try database.integrityCheck()
            run.status = try await database.status()
            run.lostFiles = dropped.lost(in: layout)
            run.neverPublished = skus.filter { !removed.contains($0) && run.shop[$0]?.descriptionHtml == Self.handWritten }
            run.invalidRequests = server.invalidRequests
            if exit != 0 { run.lostFiles.append("(catalogd exited \(exit) on SIGTERM)") }
            await server.stop()
            return run
        } catch {
            killer.cancel()
            _ = try? await daemon.stop()
            await server.stop()
            let tail = (try? String(contentsOf: layout.log, encoding: .utf8))?.suffix(3_000) ?? ""
            throw HarnessError(description: "\(name) run: \(error)\nlog tail:\n\(tail)")
        }
    }

    func configuration(_ layout: Layout, shop: String, token: URL) -> String {
        """
        state_dir = "\(layout.state.path)"
        [admin]
        listen = "off"
        [ingest]
        rescan_interval_seconds = 1
        [[watch]]
        source = "akeneo"
        [[watch]]
        path = "\(layout.deltas.path)"
        source = "akeneo"
        mode = "delta"
        [generation]
        locales = [\(locales.map { "\"\($0)\"" }.joined(separator: ", "))]
        [publishing]
        target = "shopify"
        retry_base_seconds = 0.2
        [publishing.shopify]
        shop_url = "\(shop)"
        access_token_file = "\(token.path)"
        bulk_threshold = 200
        [[inventory]]
        name = "erp"
        folder = "\(layout.stock.path)"
        interval_seconds = 0.3
        """
    }

    // MARK: - The workload

    /// Files go into a folder one at a time (the next once the last was taken), so each
    /// folder's order is the same in both runs whatever the kills do.
    func workload(_ layout: Layout, dropped: DroppedFiles) async throws {
        var catalog = AkeneoCSV.catalog(skus: skus)
        try await drop(catalog.text, as: "0001-snapshot.csv", into: layout.inbox, layout: layout, dropped: dropped, pim: true)
        try await drop(stockFile(skus.map { ($0, 20, false) }), as: "0001-stock.json", into: layout.stock, layout: layout, dropped: dropped)

        var delta = AkeneoCSV(header: catalog.header)
        for sku in every(50, from: 7) {
            catalog.set("color", of: sku, to: "Crimson")
            delta.rows.append(catalog.rows[catalog.rows.firstIndex { $0.first == sku }!])
        }
        try await drop(delta.text, as: "0001-delta.csv", into: layout.deltas, layout: layout, dropped: dropped, pim: true)

        let soldOut = every(97, from: 3), low = every(89, from: 5)
        try await drop(stockFile(soldOut.map { ($0, 0, false) } + low.map { ($0, 3, false) } + discontinued.map { ($0, 0, true) }),
                       as: "0002-stock.json", into: layout.stock, layout: layout, dropped: dropped)
        // An operator regenerates SKUs catalogd knows: once the first snapshot is in.
        try await until("the first snapshot is imported", timeout: .seconds(300)) {
            ((try? FileManager.default.contentsOfDirectory(atPath: layout.state.appendingPathComponent("processed").path)) ?? []).contains { $0.hasSuffix("0001-snapshot.csv") }
        }
        try await regenerate(Array(every(61, from: 2).prefix(20)), layout: layout)

        for sku in every(20, from: 1) { catalog.set("brand", of: sku, to: "Summitline") }
        for sku in removed.sorted() { catalog.remove(sku: sku) }
        try await drop(catalog.text, as: "0002-snapshot.csv", into: layout.inbox, layout: layout, dropped: dropped, pim: true)
        try await drop("name;color\nno identifier column;Blue\n", as: "0003-bad.csv", into: layout.inbox, layout: layout, dropped: dropped, pim: true)

        try await drop(stockFile(soldOut.enumerated().filter { $0.offset % 2 == 0 }.map { ($0.element, 10, false) }),
                       as: "0003-stock.json", into: layout.stock, layout: layout, dropped: dropped)
        try await regenerate(Array((soldOut.prefix(5) + every(71, from: 4).prefix(15))), layout: layout)
    }

    func stockFile(_ lines: [(String, Int, Bool)]) -> String {
        "[" + lines.map { "{\"sku\":\"\($0.0)\",\"quantity\":\($0.1)\($0.2 ? ",\"discontinued\":true" : "")}" }.joined(separator: ",") + "]"
    }

    func drop(_ text: String, as name: String, into folder: URL, layout: Layout, dropped: DroppedFiles, pim: Bool = false) async throws {
        // The folder's previous file must be taken first.
        try await until("\(folder.lastPathComponent) is empty before \(name)", timeout: .seconds(300)) { Self.waiting(in: folder).isEmpty }
        let staged = layout.staging.appendingPathComponent(name)
        try Data(text.utf8).write(to: staged)
        try FileManager.default.moveItem(at: staged, to: folder.appendingPathComponent(name))
        dropped.add(name, folder: folder, pim: pim)
    }

    func regenerate(_ skus: [String], layout: Layout) async throws {
        let process = try ChildProcess(options.catalogctl, ["regenerate"] + skus + ["--config", layout.config.path])
        let termination = await process.waitForExit()
        guard termination == .exited(0) else { throw HarnessError(description: "catalogctl regenerate ended with \(termination)") }
    }

    /// Waits until every file is taken and every job and push is done, the daemon running.
    func drain(_ database: CatalogDatabase, layout: Layout, daemon: CatalogdProcess, expectedImports: Int) async throws {
        try await until("the workload drains", timeout: .seconds(600)) {
            guard daemon.isRunning else { throw HarnessError(description: "catalogd exited on its own") }
            guard Self.waiting(in: layout.inbox).isEmpty, Self.waiting(in: layout.deltas).isEmpty, Self.waiting(in: layout.stock).isEmpty else { return false }
            let status = try await database.status()
            let finished = status.imports["archived", default: 0] + status.imports["quarantined", default: 0]
            let reacted = try await database.stock.pendingStockReactions(limit: 1).isEmpty
            return finished == expectedImports && reacted
                && status.generationJobs.filter({ ["queued", "running"].contains($0.key) }).isEmpty
                && status.outbox.filter({ ["pending", "in_flight"].contains($0.key) }).isEmpty
        }
    }

    static func waiting(in folder: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".csv") || $0.hasSuffix(".json") }
    }

    static func snapshot(_ shop: FakeShopifyShop) -> [String: ShopState] {
        var states: [String: ShopState] = [:]
        for product in shop.products.values {
            for sku in product.skus {
                states[sku] = ShopState(
                    title: product.title, descriptionHtml: product.descriptionHtml, seoTitle: product.seoTitle, seoDescription: product.seoDescription,
                    metafields: product.metafields, translations: product.translations
                )
            }
        }
        return states
    }

    func open(_ path: URL) async throws -> CatalogDatabase {
        try await until("catalogd creates its database", timeout: .seconds(60)) { FileManager.default.fileExists(atPath: path.path) }
        // The daemon migrates it right after creating it.
        try await Task.sleep(for: .milliseconds(300))
        return try CatalogDatabase(path: path.path)
    }

    func until(_ what: String, timeout: Duration, _ condition: () async throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw HarnessError(description: "timed out after \(timeout) waiting until \(what)")
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
}

/// The files a run dropped and where each must end up.
final class DroppedFiles: @unchecked Sendable {
    // @unchecked: state is guarded by `lock`.
    private let lock = NSLock()
    private var files: [(name: String, folder: URL, pim: Bool)] = []

    func add(_ name: String, folder: URL, pim: Bool) { lock.withLock { files.append((name, folder, pim)) } }

    var pimFiles: Int { lock.withLock { files.filter(\.pim).count } }

    /// Dropped files found in neither their folder nor its processed or quarantine folder.
    func lost(in layout: CrashHarness.Layout) -> [String] {
        lock.withLock { files }.filter { file in
            let places = file.pim
                ? [layout.state.appendingPathComponent("processed"), layout.state.appendingPathComponent("quarantine")]
                : [file.folder.appendingPathComponent("processed"), file.folder.appendingPathComponent("quarantine")]
            return !places.contains { folder in
                ((try? FileManager.default.subpathsOfDirectory(atPath: folder.path)) ?? []).contains { $0.hasSuffix(file.name) }
            }
        }.map(\.name)
    }
}
