import CatalogCore
import CatalogIngest
import CatalogPipeline
import CatalogStore
import Foundation

/// `swift run -c release catalog-bench [PRODUCTS]`: times each stage of the ingest path on a
/// generated Akeneo export and prints the figures. Benchmarks print; they never assert.
@main
struct CatalogBench {
    static func main() async throws {
        let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 100_000
        let csv = AkeneoExportGenerator.csv(products: count, variant: 0)
        let megabytes = Double(csv.count) / 1_048_576
        print("catalog-bench: \(count) products, \(String(format: "%.1f", megabytes)) MB Akeneo CSV")

        let reader = AkeneoCSVReader()
        let (products, parseSeconds) = try measure { try reader.read(csv) }
        report("parse Akeneo CSV", seconds: parseSeconds, items: count, megabytes: megabytes)

        let (_, hashSeconds) = measure { products.map(\.contentHash) }
        report("canonical JSON + SHA-256", seconds: hashSeconds, items: count)

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = try CatalogDatabase(path: directory.appendingPathComponent("catalog.sqlite").path)

        func importOnce(_ products: [Product], _ name: String) throws -> (DiffSummary, Double) {
            let claim = try database.claim(ImportFile(name: name, path: "/bench/\(name)", sha256: name, size: 0, source: "bench", mode: .snapshot))
            return try measure { try database.apply(products, to: claim.id) }
        }
        let (added, addSeconds) = try importOnce(products, "first")
        report("apply first import (\(added.added) added)", seconds: addSeconds, items: count)
        let (same, sameSeconds) = try importOnce(products, "identical")
        report("apply identical re-import (\(same.unchanged) unchanged)", seconds: sameSeconds, items: count)
        let changed = try reader.read(AkeneoExportGenerator.csv(products: count, variant: 1))
        let (delta, deltaSeconds) = try importOnce(changed, "one-percent-changed")
        report("apply re-import with \(delta.changed) changed", seconds: deltaSeconds, items: count)

        let generator = TemplateProvider()
        let locales = ["en", "de", "fr"].compactMap(LocaleCode.init)
        let sample = Array(products.prefix(10_000))
        let (_, generateSeconds) = try measure {
            for product in sample {
                for locale in locales { _ = try generator.render(GenerationRequest(product: product, locale: locale)) }
            }
        }
        report("template copy (\(sample.count) products × \(locales.count) locales)", seconds: generateSeconds, items: sample.count * locales.count)
        print("peak RSS: \(peakResidentMegabytes()) MB")
    }

    static func measure<T>(_ body: () throws -> T) rethrows -> (T, Double) {
        let start = ContinuousClock.now
        let result = try body()
        let elapsed = ContinuousClock.now - start
        return (result, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
    }

    static func report(_ label: String, seconds: Double, items: Int, megabytes: Double? = nil) {
        var line = "  \(label.padding(toLength: 52, withPad: " ", startingAt: 0)) \(String(format: "%8.3f s", seconds))  \(String(format: "%10.0f", Double(items) / seconds))/s"
        if let megabytes { line += String(format: "  %6.1f MB/s", megabytes / seconds) }
        print(line)
    }

    static func peakResidentMegabytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
              let kilobytes = line.split(separator: " ").dropFirst().first.flatMap({ Int($0) })
        else { return -1 }
        return kilobytes / 1024
    }
}

/// Generates a realistic Akeneo CSV export. `variant` 1 changes every hundredth product.
enum AkeneoExportGenerator {
    static func csv(products: Int, variant: Int) -> Data {
        var text = "sku;categories;enabled;family;brand;color;description-en_US-ecommerce;description-de_DE-ecommerce;description-fr_FR-ecommerce;name-en_US;name-de_DE;name-fr_FR;price-EUR;price-USD;weight;weight-unit\n"
        text.reserveCapacity(products * 420)
        let colors = ["Blue", "Red", "Green", "Black", "White", "Orange"]
        for index in 0..<products {
            let color = variant == 1 && index % 100 == 0 ? "Purple" : colors[index % colors.count]
            text += "SKU-\(index);outdoor,category_\(index % 50);1;family_\(index % 20);Brand \(index % 300);\(color);"
            text += "\"Durable product \(index) for everyday use; tested outdoors.\";\"Langlebiges Produkt \(index) für jeden Tag.\";\"Produit durable \(index) pour tous les jours.\";"
            text += "Product \(index);Produkt \(index);Produit \(index);\(index % 500).99;\(index % 500 + 5).49;\(100 + index % 900);GRAM\n"
        }
        return Data(text.utf8)
    }
}
