import CatalogCore
import CatalogHTTP
import CatalogIngest
import CatalogParsing
import CatalogPipeline
import CatalogStore
import CatalogTestSupport
import Foundation

/// `catalog-bench pipeline [SKUS]`: the agent pipeline on the template provider, 12 locales:
/// SKUs generated and evaluated per second on all cores, and one SKU's latency.
enum PipelineBench {
    static let locales = ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "cs"].map { LocaleCode($0)! }

    static func product(_ index: Int) -> Product {
        var names: [LocaleCode: String] = [:]
        var descriptions: [LocaleCode: String] = [:]
        for (offset, locale) in locales.enumerated() {
            names[locale] = "Product \(index) \(locale.identifier)"
            descriptions[locale] = description(locale.language, height: index % 40 + 10, offset: offset)
        }
        return Product(sku: SKU("SKU-\(index)")!, family: "lamps", categories: ["desk_lamps"], attributes: [
            "name": .localizedText(names), "description": .localizedText(descriptions),
            "brand": .text("Lumina"), "color": .text(["Black", "White", "Red"][index % 3]), "material": .text("Aluminium"),
            "weight": .number(CanonicalDecimal("\(1 + index % 5).\(index % 10)")!, unit: "KILOGRAM"),
            "height": .number(CanonicalDecimal("\(index % 40 + 10)")!, unit: "CENTIMETER"),
            "power": .number(CanonicalDecimal("8")!, unit: "WATT"), "warranty": .text("2 years"),
        ])
    }

    /// One description sentence per language, as a PIM holds them.
    static func description(_ language: String, height: Int, offset: Int) -> String {
        let sentences = [
            "en": "A durable desk lamp made of aluminium and \(height) cm tall, for everyday use at the office and at home.",
            "de": "Eine robuste Schreibtischleuchte aus Aluminium und \(height) cm hoch, für den täglichen Einsatz im Büro und zu Hause.",
            "fr": "Une lampe de bureau robuste en aluminium et de \(height) cm de haut, pour un usage quotidien au bureau et à la maison.",
            "es": "Una lámpara de escritorio resistente de aluminio y de \(height) cm de alto, para el uso diario en la oficina y en casa.",
            "it": "Una lampada da scrivania robusta in alluminio e alta \(height) cm, per l'uso quotidiano in ufficio e a casa.",
            "nl": "Een stevige bureaulamp van aluminium en \(height) cm hoog, voor dagelijks gebruik op kantoor en in huis.",
            "pt": "Um candeeiro de secretária resistente em alumínio e com \(height) cm de altura, para o uso diário no escritório e em casa.",
            "pl": "Solidna lampka biurkowa z aluminium o wysokości \(height) cm, do codziennego użytku w biurze i w domu.",
            "sv": "En robust skrivbordslampa i aluminium och \(height) cm hög, för daglig användning på kontoret och hemma.",
            "da": "En robust skrivebordslampe i aluminium og \(height) cm høj, til daglig brug på kontoret og derhjemme.",
            "fi": "Kestävä työpöytävalaisin alumiinista ja \(height) cm korkea, päivittäiseen käyttöön toimistossa ja kotona.",
            "cs": "Odolná stolní lampa z hliníku a vysoká \(height) cm, pro každodenní použití v kanceláři i doma.",
        ]
        return sentences[language] ?? sentences["en"]!
    }

    /// Every product through `pipeline`, `workers` at a time: the locale copies that came out
    /// publishable, and the seconds it took.
    static func runAll(_ products: [Product], through pipeline: CopyPipeline, workers: Int) async throws -> (published: Int, seconds: Double) {
        let start = ContinuousClock.now
        let published = try await withThrowingTaskGroup(of: Int.self) { group in
            for worker in 0..<workers {
                group.addTask {
                    var count = 0
                    for index in stride(from: worker, to: products.count, by: workers) {
                        count += try await pipeline.run(products[index]).publishable.count
                    }
                    return count
                }
            }
            return try await group.reduce(0, +)
        }
        return (published, (ContinuousClock.now - start).seconds)
    }

    static func run(skus: Int) async throws {
        let pipeline = CopyPipeline.offline(locales: locales)
        let products = (0..<skus).map(product)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        print("catalog-bench pipeline: \(skus) SKUs x \(locales.count) locales, template provider, \(workers) workers")

        let (published, elapsed) = try await runAll(products, through: pipeline, workers: workers)
        print(String(format: "  generated and evaluated  %7.2f s  %8.0f SKUs/s   %d of %d locale copies publishable", elapsed, Double(skus) / elapsed, published, skus * locales.count))
        Figures.record("pipeline", "\(skus) SKUs x \(locales.count) locales, template", elapsed, unit: "s", atMost: skus == 10_000 ? 20 : nil)

        var latencies: [Double] = []
        for index in 0..<200 {
            let begin = ContinuousClock.now
            _ = try await pipeline.run(products[index % products.count])
            latencies.append((ContinuousClock.now - begin).seconds)
        }
        latencies.sort()
        print(String(format: "  one SKU, all locales: p50 %.1f ms, p95 %.1f ms (200 runs, pipeline only)", latencies[100] * 1000, latencies[190] * 1000))
        try await claimToStored(pipeline: pipeline, product: products[0])
    }

    /// One changed SKU as the daemon handles it: its job claimed, the pipeline run, every
    /// locale stored with the trace, the ledger and the outbox rows in one transaction.
    static func claimToStored(pipeline: CopyPipeline, product: Product) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try CatalogDatabase(path: directory.appendingPathComponent("catalog.sqlite").path)
        let claim = try database.imports.claim(ImportFile(name: "one", path: "/bench/one", fingerprint: "one", size: 1, source: "bench", mode: .delta))
        try database.imports.beginStaging(claim.id)
        try database.imports.stage([.product(product, line: 2)], to: claim.id)
        _ = try database.imports.finishStaging(claim.id, mode: .delta, notes: ImportNotes())
        _ = try database.imports.applyStaged(claim.id, policy: RegenerationPolicy())
        var latencies: [Double] = []
        for _ in 0..<100 {
            let start = ContinuousClock.now
            guard let job = try await database.generationQueue.claimGenerationJobs(limit: 1).first, let stored = job.product else { break }
            let outcome = try await pipeline.run(stored)
            try await database.generationQueue.completePipelineRun(job, outcome: outcome, productHash: stored.contentHash, target: "manual")
            latencies.append((ContinuousClock.now - start).seconds)
            _ = try await database.generationQueue.requestRegeneration([product.sku])
        }
        latencies.sort()
        print(String(format: "  one changed SKU, job claimed -> all %d locales stored: p50 %.1f ms, p95 %.1f ms (%d runs)", locales.count, latencies[latencies.count / 2] * 1000, latencies[latencies.count * 95 / 100] * 1000, latencies.count))
        Figures.record("pipeline", "one SKU claimed -> all locales stored, p50", latencies[latencies.count / 2] * 1000, unit: "ms", atMost: 50)
    }

    /// Copy every benchmark product supports (no numbers): the fake answers all SKUs alike.
    static let groundedSentence = [
        "en": "A durable desk lamp made of aluminium by Lumina, for everyday use at the office and at home, day after day, year after year.",
    ]

    /// The pipeline against the fake OpenAI-compatible server answering in 500 ms, with 16
    /// requests in flight at most and a requests-per-minute limit: sustained SKUs per second,
    /// and the busiest minute seen by the server against the limit.
    static func runLLM(skus: Int, locales localeCount: Int, requestsPerMinute: Int = 1_800) async throws {
        let chosen = Array(locales.prefix(max(1, localeCount)))
        let copies = chosen.map { locale in
            ScriptedLanguageModel.copy(
                title: "Product", body: "<p>\(groundedSentence[locale.language] ?? groundedSentence["en"]!)</p>",
                metaTitle: "Product", metaDescription: String(repeating: "Product copy. ", count: 10), keywords: ["product"]
            )
        }
        // The source copy answers every request: the evaluator judges, the benchmark counts.
        let server = FakeLLMServer([], then: .copy(copies[0]), latency: .milliseconds(500))
        try await server.start()
        let transport = AsyncHTTPTransport()
        let option = ModelOption(model: OpenAICompatibleProvider(baseURL: server.openAIBaseURL, transport: transport), name: "bench", price: ModelPrice(inputPerMillion: 0.5, outputPerMillion: 1.5))
        let gate = ProviderGate(limits: [option.label: .init(requestsPerMinute: requestsPerMinute)])
        let caller = ModelCaller(gate: gate, timeout: .seconds(10))
        let pipeline = CopyPipeline(
            planner: Planner(locales: chosen, options: [option]),
            executor: Executor(caller: caller),
            translation: TranslationAgent(caller: caller)
        )
        let products = (0..<skus).map(product)
        let concurrency = 16
        print("catalog-bench pipeline-llm: \(skus) SKUs x \(chosen.count) locale(s), fake provider at 500 ms, \(concurrency) in flight, \(requestsPerMinute) requests/minute allowed")
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 0
            func startNext() {
                guard next < products.count else { return }
                let product = products[next]
                next += 1
                group.addTask { _ = try await pipeline.run(product) }
            }
            for _ in 0..<concurrency { startNext() }
            while try await group.next() != nil { startNext() }
        }
        let elapsed = (ContinuousClock.now - start).seconds
        print(String(format: "  %7.2f s  %6.1f SKUs/s sustained, %d requests, busiest minute %d (limit %d)", elapsed, Double(skus) / elapsed, server.requests.count, server.busiestWindow(.seconds(60)), requestsPerMinute))
        Figures.record("pipeline-llm", "SKUs/s with a 500 ms provider", Double(skus) / elapsed, unit: "SKUs/s", atLeast: 25)
        Figures.record("pipeline-llm", "busiest minute's requests", Double(server.busiestWindow(.seconds(60))), unit: "requests", atMost: Double(requestsPerMinute))
        await server.stop()
        try await transport.shutdown()
    }
}

extension PipelineBench {
    /// `catalog-bench pipeline-export [SKUS]`: the pipeline alone, on all cores, on the products
    /// the end-to-end bench drops (the localized benchmark CSV read by the Akeneo reader: 12
    /// locales, ~25 attributes), for profiling the CPU the daemon spends per SKU.
    static func runExport(skus: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("export.csv")
        try ExportGenerator(products: skus, variant: 0, localized: true).write("csv", to: file)
        var source = try FileByteSource(path: file.path)
        var sink = ProductCollector()
        try WatchedFolder(path: directory, source: "bench").reader(for: .akeneoCSV).read(&source, into: &sink)
        let products = sink.products
        let locales = EndToEndBench.locales.map { LocaleCode($0)! }
        let pipeline = CopyPipeline.offline(locales: locales)
        let workers = ProcessInfo.processInfo.activeProcessorCount
        print("catalog-bench pipeline-export: \(products.count) SKUs x \(locales.count) locales from the benchmark CSV, template provider, \(workers) workers")
        let (published, elapsed) = try await runAll(products, through: pipeline, workers: workers)
        print(String(format: "  %7.2f s  %6.0f SKUs/s  %.2f ms of a core per SKU   %d of %d locale copies publishable",
                     elapsed, Double(products.count) / elapsed, elapsed * Double(workers) / Double(products.count) * 1000, published, products.count * locales.count))
    }
}

/// Keeps every product a reader hands on.
private struct ProductCollector: RecordSink {
    var products: [Product] = []

    mutating func declare(mode: ImportMode) throws {}
    mutating func product(_ product: Product, line: Int, fingerprint: RowFingerprint?) throws { products.append(product) }
    mutating func document(_ document: CanonicalDocument, line: Int, fingerprint: RowFingerprint?) throws {
        products.append(try Product.decode(canonicalJSON: Data(document.json)))
    }
    func knownFingerprint(of sku: SKU) -> RowFingerprint? { nil }
    mutating func unchanged(_ sku: SKU, line: Int) throws {}
    mutating func deletion(_ sku: SKU, line: Int) throws {}
    mutating func rowError(_ error: CatalogError) throws {}
}
