import CatalogCore
import CatalogIngest
import CatalogParsing
import CatalogStore
import Foundation
import Logging

/// `swift run -c release catalog-bench ingest [csv|jsonl|bmecat] [PRODUCTS]`
///
/// Times the whole ingest path (read, stage, diff, apply, archive) on a generated catalog:
/// the first import into an empty database, a re-import with 1% of products changed, peak
/// RSS, and the latency from a 1-SKU delta file landing in a watched folder to its diff being
/// committed. Benchmarks print figures; nothing here asserts a time.
@main
struct CatalogBench {
    static func main() async throws {
        defer { Figures.flush() }
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "all" {
            try BenchSuite.run(jsonPath: arguments.count > 2 && arguments[1] == "--json" ? arguments[2] : nil)
            return
        }
        if arguments.first == "pipeline-llm" {
            try await PipelineBench.runLLM(
                skus: arguments.count > 1 ? Int(arguments[1]) ?? 500 : 500, locales: arguments.count > 2 ? Int(arguments[2]) ?? 1 : 1,
                requestsPerMinute: arguments.count > 3 ? Int(arguments[3]) ?? 1_800 : 1_800
            )
            return
        }
        if arguments.first == "shopify" {
            try await ShopifyBench.run(
                updates: arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000,
                scale: arguments.count > 2 ? Double(arguments[2]) ?? 20 : 20
            )
            return
        }
        if arguments.first == "inventory" {
            try await InventoryBench.run(rows: arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000)
            return
        }
        if arguments.first == "stock-latency" {
            try await StockLatencyBench.run(trials: arguments.count > 1 ? Int(arguments[1]) ?? 20 : 20)
            return
        }
        if arguments.first == "crash" {
            try await CrashBench.run(
                kills: arguments.count > 1 ? Int(arguments[1]) ?? 20 : 20, skus: arguments.count > 2 ? Int(arguments[2]) ?? 5_000 : 5_000,
                seed: arguments.count > 3 ? UInt64(arguments[3]) ?? 1 : 1
            )
            return
        }
        if arguments.first == "shopify-bulk" {
            try await ShopifyBench.runBulk(updates: arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000)
            return
        }
        if arguments.first == "magento-daemon" {
            try await MagentoDaemonBench.run(
                skus: arguments.count > 1 ? Int(arguments[1]) ?? 100 : 100, bulkSKUs: arguments.count > 2 ? Int(arguments[2]) ?? 600 : 600
            )
            return
        }
        if arguments.first == "magento" {
            try await MagentoBench.run(skus: arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000)
            return
        }
        if arguments.first == "claim" {
            let sizes = arguments.dropFirst().compactMap { Int($0) }
            try await ClaimBench.run(sizes: sizes.isEmpty ? [1_000, 10_000, 100_000, 1_000_000] : sizes)
            return
        }
        if arguments.first == "end-to-end" {
            try await EndToEndBench.run(
                skus: arguments.count > 1 ? Int(arguments[1]) ?? 100_000 : 100_000, sellOuts: arguments.count > 2 ? Int(arguments[2]) ?? 20 : 20
            )
            return
        }
        if arguments.first == "pipeline-export" {
            try await PipelineBench.runExport(skus: arguments.count > 1 ? Int(arguments[1]) ?? 5_000 : 5_000)
            return
        }
        if arguments.first == "fact-check" {
            try FactCheckBench.run(path: arguments.count > 1 ? arguments[1] : nil)
            return
        }
        if arguments.first == "copy-quality" {
            try await CopyQualityBench.run(skus: arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000)
            return
        }
        if arguments.first == "pipeline" {
            try await PipelineBench.run(skus: arguments.count > 1 ? Int(arguments[1]) ?? 10_000 : 10_000)
            return
        }
        if arguments.first == "generate", arguments.count > 3 {
            // The benchmarks' catalog as a file, for profiling a reader or feeding a daemon by hand.
            try ExportGenerator(products: Int(arguments[2]) ?? 100_000, variant: 0).write(arguments[1], to: URL(fileURLWithPath: arguments[3]))
            return
        }
        if arguments.first == "read", arguments.count > 2 {
            try readerPhases(format: arguments[1], file: URL(fileURLWithPath: arguments[2]))
            return
        }
        if arguments.first == "ingest-first" {
            try firstImports(
                format: arguments.count > 1 ? arguments[1] : "csv", products: arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000,
                runs: arguments.count > 3 ? Int(arguments[3]) ?? 3 : 3
            )
            return
        }
        guard arguments.first == "ingest" else {
            print("usage: catalog-bench ingest [csv|jsonl|bmecat] [PRODUCTS] | ingest-first [csv|jsonl|bmecat] [PRODUCTS] [RUNS] | end-to-end [SKUS] [SELL-OUTS] | claim [QUEUED...] | pipeline [SKUS] | pipeline-export [SKUS] | copy-quality [SKUS] | fact-check [FILE] | pipeline-llm [SKUS] [LOCALES] [RPM] | shopify [UPDATES] [SCALE] | shopify-bulk [UPDATES] | magento [SKUS] | magento-daemon [SKUS] [BULK-SKUS] | inventory [ROWS] | stock-latency [TRIALS] | crash [KILLS] [SKUS] [SEED] | generate csv|jsonl|bmecat PRODUCTS PATH | read csv|jsonl|bmecat PATH | all [--json FILE]")
            return
        }
        let format = arguments.count > 1 ? arguments[1] : "csv"
        let count = arguments.count > 2 ? Int(arguments[2]) ?? 100_000 : 100_000
        try await ingest(format: format, products: count)
    }

    static func ingest(format: String, products count: Int) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let suffix = ["csv": "csv", "jsonl": "jsonl", "bmecat": "xml"][format] ?? format
        let first = directory.appendingPathComponent("catalog.\(suffix)")
        let changed = directory.appendingPathComponent("catalog-changed.\(suffix)")
        try ExportGenerator(products: count, variant: 0).write(format, to: first)
        try ExportGenerator(products: count, variant: 1).write(format, to: changed)
        let size = (try FileManager.default.attributesOfItem(atPath: first.path)[.size] as? Int) ?? 0
        print("catalog-bench ingest: \(count) SKUs, 12 locales, \(format), \(String(format: "%.0f", Double(size) / 1e6)) MB")

        try readerPhases(format: format, file: first)

        let database = try CatalogDatabase(path: directory.appendingPathComponent("catalog.sqlite").path)
        let layout = FolderLayout(processed: directory.appendingPathComponent("processed"), quarantine: directory.appendingPathComponent("quarantine"), held: directory.appendingPathComponent("held"))
        try layout.createDirectories()
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        let folder = WatchedFolder(path: directory, source: "bench", mode: .snapshot)
        let importer = FileImporter(store: database.imports, folder: folder, layout: layout, logger: logger)

        // As in the daemon, the file is dropped into the inbox (untimed) and moved to `processed`.
        let firstDropped = try dropped(first, into: directory)
        let (firstOutcome, firstSeconds) = measure { importer.importFile(at: firstDropped, disposition: .move) }
        print(line("first import", firstSeconds, count, size, firstOutcome))
        let firstTarget: Double = ["csv": 3, "jsonl": 4, "bmecat": 6][format] ?? 6
        Figures.record("ingest \(format)", "first import, \(count) SKUs", firstSeconds, unit: "s", atMost: count == 100_000 ? firstTarget : nil)
        let changedDropped = try dropped(changed, into: directory)
        let (changedOutcome, changedSeconds) = measure { importer.importFile(at: changedDropped, disposition: .move) }
        print(line("re-import, 1% changed", changedSeconds, count, size, changedOutcome))
        print("  re-import / first import: \(String(format: "%.0f%%", changedSeconds / firstSeconds * 100))")
        print("  peak RSS: \(peakResidentMegabytes()) MB")
        Figures.record("ingest \(format)", "re-import with 1% changed / first import", changedSeconds / firstSeconds * 100, unit: "%", atMost: 60)
        Figures.record("ingest \(format)", "peak RSS", Double(peakResidentMegabytes()), unit: "MB", atMost: 150)

        // Latency: a 1-SKU delta closed in a watched folder → its diff committed.
        let inbox = directory.appendingPathComponent("delta-inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let deltaImporter = FileImporter(store: database.imports, folder: WatchedFolder(path: inbox, source: "bench", mode: .delta), layout: layout, logger: logger)
        let watcher = try FolderWatcher(directory: inbox)
        var events = watcher.events().makeAsyncIterator()
        var latencies: [Double] = []
        for run in 0..<50 {
            let file = inbox.appendingPathComponent("delta-\(run).csv")
            let start = ContinuousClock.now
            try Data("sku;color\nSKU-\(run);Delta \(run)\n".utf8).write(to: file)
            guard case .fileReady(let url) = await events.next() else { continue }
            _ = deltaImporter.importFile(at: url, disposition: .move)
            latencies.append((ContinuousClock.now - start).seconds)
        }
        latencies.sort()
        print(String(format: "  1-SKU delta, file closed → diff committed: p50 %.1f ms, p95 %.1f ms (50 runs)", latencies[latencies.count / 2] * 1000, latencies[latencies.count * 95 / 100] * 1000))
        Figures.record("ingest \(format)", "1-SKU delta closed -> diff committed, p50", latencies[latencies.count / 2] * 1000, unit: "ms", atMost: 100)
    }

    /// Where the time goes: the reader alone, then plus canonical JSON and hashing (the CSV and
    /// JSONL readers write hashed documents themselves, so for them both lines are one job),
    /// then the reader when every product's fingerprint is known, as in a re-import of an
    /// unchanged file: the least a re-import can cost.
    static func readerPhases(format: String, file: URL) throws {
        let folder = WatchedFolder(path: file.deletingLastPathComponent(), source: "bench")
        let detected: ExportFormat = ["csv": .akeneoCSV, "jsonl": .akeneoJSONL, "bmecat": .bmecat][format]!
        var known = RowFingerprintIndex()
        for phase in ["reader alone", "reader + JSON + SHA-256", "reader, all known"] {
            let before = ProcessCPU.now()
            let (_, readSeconds) = try measure {
                var source = try FileByteSource(path: file.path)
                var sink = CountingSink(hashing: phase != "reader alone", known: phase == "reader, all known" ? known : RowFingerprintIndex())
                try folder.reader(for: detected).read(&source, into: &sink)
                if phase == "reader alone" { known = sink.fingerprints.build() }
                return sink.count
            }
            let cpu = ProcessCPU.now() - before
            print(String(format: "  %@ %7.2f s   (user %.2f s, sys %.2f s; peak RSS so far %d MB)", phase.padding(toLength: 24, withPad: " ", startingAt: 0) as NSString, readSeconds, cpu.user, cpu.system, peakResidentMegabytes()))
        }
    }

    /// First imports of one generated file into fresh databases, with the CPU time each took:
    /// on a shared machine CPU seconds vary far less than wall time, so changes compare.
    static func firstImports(format: String, products count: Int, runs: Int) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let suffix = ["csv": "csv", "jsonl": "jsonl", "bmecat": "xml"][format] ?? format
        let file = directory.appendingPathComponent("catalog.\(suffix)")
        try ExportGenerator(products: count, variant: 0).write(format, to: file)
        let size = (try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int) ?? 0
        print("catalog-bench ingest-first: \(count) SKUs, 12 locales, \(format), \(String(format: "%.0f", Double(size) / 1e6)) MB, \(runs) runs")
        var logger = Logger(label: "bench")
        logger.logLevel = .error
        for run in 1...max(runs, 1) {
            let scratch = directory.appendingPathComponent("run-\(run)")
            let layout = FolderLayout(processed: scratch.appendingPathComponent("processed"), quarantine: scratch.appendingPathComponent("quarantine"), held: scratch.appendingPathComponent("held"))
            try layout.createDirectories()
            let database = try CatalogDatabase(path: scratch.appendingPathComponent("catalog.sqlite").path)
            let importer = FileImporter(store: database.imports, folder: WatchedFolder(path: directory, source: "bench", mode: .snapshot), layout: layout, logger: logger)
            let inbox = try dropped(file, into: scratch)
            let before = ProcessCPU.now()
            let writtenBefore = bytesWritten()
            let (outcome, seconds) = measure { importer.importFile(at: inbox, disposition: .move) }
            let cpu = ProcessCPU.now() - before
            let written = Double(bytesWritten() - writtenBefore) / 1e6
            let databaseBytes = ["", "-wal"].reduce(0) { total, suffix in
                total + ((try? FileManager.default.attributesOfItem(atPath: database.path + suffix)[.size] as? Int) ?? 0)
            }
            print(line("run \(run)", seconds, count, size, outcome) + String(format: "   cpu %.2f s (user %.2f, sys %.2f), %.0f MB written, database %.0f MB, peak RSS %d MB", cpu.user + cpu.system, cpu.user, cpu.system, written, Double(databaseBytes) / 1e6, peakResidentMegabytes()))
            try? FileManager.default.removeItem(at: scratch)
        }
    }

    /// Bytes this process handed to write calls so far (`wchar` in /proc/self/io).
    static func bytesWritten() -> Int {
        guard let io = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8),
              let line = io.split(separator: "\n").first(where: { $0.hasPrefix("wchar:") })
        else { return 0 }
        return Int(line.dropFirst("wchar:".count).trimmingCharacters(in: .whitespaces)) ?? 0
    }

    /// A copy of `file` in `directory`'s inbox, made before timing starts.
    static func dropped(_ file: URL, into directory: URL) throws -> URL {
        let inbox = directory.appendingPathComponent("inbox")
        try FileManager.default.createDirectory(at: inbox, withIntermediateDirectories: true)
        let copy = inbox.appendingPathComponent(file.lastPathComponent)
        try FileManager.default.copyItem(at: file, to: copy)
        return copy
    }

    static func line(_ label: String, _ seconds: Double, _ count: Int, _ size: Int, _ outcome: ImportOutcome) -> String {
        let result: String
        switch outcome {
        case .applied(let summary, _): result = summary.description
        default: result = "\(outcome)"
        }
        return String(format: "  %@ %7.2f s  %8.0f SKUs/s  %6.1f MB/s   %@", label.padding(toLength: 24, withPad: " ", startingAt: 0) as NSString, seconds, Double(count) / seconds, Double(size) / 1e6 / seconds, result as NSString)
    }

    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let result = try body()
        return (result, (ContinuousClock.now - start).seconds)
    }

    /// VmHWM of this process, or of the process `pid` names.
    static func peakResidentMegabytes(of pid: String = "self") -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return -1 }
        return kilobytes / 1024
    }
}

/// The process's CPU time so far, from getrusage.
struct ProcessCPU {
    var user: Double
    var system: Double

    static func now() -> ProcessCPU {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        func seconds(_ time: timeval) -> Double { Double(time.tv_sec) + Double(time.tv_usec) / 1e6 }
        return ProcessCPU(user: seconds(usage.ru_utime), system: seconds(usage.ru_stime))
    }

    static func - (lhs: ProcessCPU, rhs: ProcessCPU) -> ProcessCPU {
        ProcessCPU(user: lhs.user - rhs.user, system: lhs.system - rhs.system)
    }
}

/// Counts what a reader hands on; hashes documents when asked; keeps fingerprints (compactly,
/// as the importer does, so a million of them do not raise the peak RSS the benchmark reports)
/// for a second pass that finds them all known.
private struct CountingSink: RecordSink {
    var count = 0
    var hashBytes = 0
    let hashing: Bool
    let known: RowFingerprintIndex
    var fingerprints = RowFingerprintIndex.Builder()

    mutating func declare(mode: ImportMode) throws {}
    mutating func product(_ product: Product, line: Int, fingerprint: RowFingerprint?) throws {
        count += 1
        if hashing { hashBytes += product.contentHash.bytes.count }
        if known.count == 0, let fingerprint { fingerprints.add(product.sku, fingerprint) }
    }
    mutating func document(_ document: CanonicalDocument, line: Int, fingerprint: RowFingerprint?) throws {
        count += 1
        if hashing { hashBytes += document.contentHash.bytes.count }
        if known.count == 0, let fingerprint { fingerprints.add(document.sku, fingerprint) }
    }
    func knownFingerprint(of sku: SKU) -> RowFingerprint? { known[sku] }
    mutating func unchanged(_ sku: SKU, line: Int) throws { count += 1 }
    mutating func deletion(_ sku: SKU, line: Int) throws {}
    mutating func rowError(_ error: CatalogError) throws {}
}
