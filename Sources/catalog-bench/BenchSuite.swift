import Foundation

/// Every figure a benchmark reports against an issue's target, collected so `catalog-bench
/// all` can print them as one table and as JSON (to compare between commits).
struct Figure: Codable {
    let benchmark: String
    let name: String
    let value: Double
    let unit: String
    let target: String
    let met: Bool
}

enum Figures {
    nonisolated(unsafe) private static var recorded: [Figure] = []
    private static let lock = NSLock()

    /// `atMost`/`atLeast`: the target's bound; the figure meets it or not.
    static func record(_ benchmark: String, _ name: String, _ value: Double, unit: String, atMost: Double? = nil, atLeast: Double? = nil) {
        let target = atMost.map { "<= \(format($0)) \(unit)" } ?? atLeast.map { ">= \(format($0)) \(unit)" } ?? "-"
        let met = (atMost.map { value <= $0 } ?? true) && (atLeast.map { value >= $0 } ?? true)
        lock.withLock { recorded.append(Figure(benchmark: benchmark, name: name, value: value, unit: unit, target: target, met: met)) }
    }

    /// Writes what this process recorded to `CATALOG_BENCH_FIGURES`, when the suite set it.
    static func flush() {
        guard let path = ProcessInfo.processInfo.environment["CATALOG_BENCH_FIGURES"] else { return }
        let figures = lock.withLock { recorded }
        if let data = try? JSONEncoder().encode(figures) { try? data.write(to: URL(fileURLWithPath: path)) }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e9 ? String(Int(value)) : String(format: "%.3g", value)
    }
}

/// `catalog-bench all [--json FILE]`: every benchmark at the issues' sizes, each in its own
/// process (so peak RSS is its own), then one table of figures beside their targets, and the
/// same as JSON.
enum BenchSuite {
    static let runs: [[String]] = [
        ["ingest", "csv", "100000"], ["ingest", "jsonl", "100000"], ["ingest", "bmecat", "100000"],
        ["pipeline", "10000"], ["pipeline-llm", "500", "1", "1800"], ["copy-quality", "10000"], ["fact-check"], ["fact-check", "Tests/Fixtures/fact-check/held-out.jsonl"],
        ["shopify", "10000", "10"], ["shopify-bulk", "10000"], ["magento", "10000"],
        ["inventory", "100000"], ["stock-latency", "20"],
        ["claim", "1000", "10000", "100000", "1000000"], ["end-to-end", "100000", "20"],
    ]

    static func run(jsonPath: String?) throws {
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var figures: [Figure] = []
        for arguments in runs {
            let file = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-bench-figures-\(UUID().uuidString).json")
            let process = Process()
            process.executableURL = executable
            process.arguments = arguments
            process.environment = ProcessInfo.processInfo.environment.merging(["CATALOG_BENCH_FIGURES": file.path]) { _, new in new }
            print("== catalog-bench \(arguments.joined(separator: " "))")
            try process.run()
            process.waitUntilExit()
            if let data = try? Data(contentsOf: file), let recorded = try? JSONDecoder().decode([Figure].self, from: data) {
                figures += recorded
            } else {
                print("  (no figures: exit status \(process.terminationStatus))")
            }
            try? FileManager.default.removeItem(at: file)
        }
        print("\nbenchmark        figure                                         value          target          ")
        for figure in figures {
            let value = "\(Figures.format(figure.value)) \(figure.unit)"
            print(pad(figure.benchmark, 16) + " " + pad(figure.name, 46) + " " + pad(value, 14) + " " + pad(figure.target, 16) + (figure.met ? "ok" : "MISSED"))
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(Report(commit: commit(), figures: figures))
        if let jsonPath {
            try json.write(to: URL(fileURLWithPath: jsonPath))
            print("\nJSON: \(jsonPath)")
        } else {
            print(String(decoding: json, as: UTF8.self))
        }
    }

    struct Report: Encodable {
        let commit: String
        let figures: [Figure]
    }

    static func commit() -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "rev-parse", "--short", "HEAD"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return "" }
        process.waitUntilExit()
        return String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }
}
