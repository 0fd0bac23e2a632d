import CatalogCore
import CatalogPipeline
import CatalogIngest
import Foundation

/// `catalog-bench copy-quality [SKUS]`: the offline writer as a merchant meets it, over a
/// generated catalog of five product families in all sixteen template languages. Names and
/// descriptions come in English and German only (as many PIMs hold them), a third of the
/// descriptions as Akeneo rich text, values as PIMs export them (English option codes, 1/0
/// booleans), with supplier notes, costs and stock beside them. Prints each of issue 25's
/// figures beside its target.
enum CopyQualityBench {
    static let locales = ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "nb", "cs", "tr", "ja", "zh"].map { LocaleCode($0)! }

    struct Family {
        let code: String
        let noun: (en: String, de: String)
        let colors: [String]
        let materials: [String]
        let features: [String]
        let metrics: [(code: String, unit: String, range: ClosedRange<Int>)]
    }

    static let families = [
        Family(code: "shoes", noun: ("trail shoe", "Trailschuh"), colors: ["Blue", "Black", "Grey", "Olive", "Navy"], materials: ["suede", "mesh", "leather", "nylon"],
               features: ["waterproof", "breathable", "non_slip", "vegan"], metrics: [("weight", "GRAM", 240...420)]),
        Family(code: "jackets", noun: ("rain jacket", "Regenjacke"), colors: ["Red", "Yellow", "Black", "Green", "Navy"], materials: ["polyester", "nylon", "recycled polyester", "fleece"],
               features: ["waterproof", "windproof", "breathable", "is_insulated"], metrics: [("weight", "GRAM", 300...900)]),
        Family(code: "lamps", noun: ("desk lamp", "Schreibtischleuchte"), colors: ["Black", "White", "Brass", "Grey"], materials: ["aluminium", "steel", "glass", "brass"],
               features: ["adjustable", "rechargeable", "wireless"], metrics: [("power", "WATT", 4...12), ("height", "CENTIMETER", 30...60)]),
        Family(code: "cookware", noun: ("frying pan", "Bratpfanne"), colors: ["Black", "Silver", "Red"], materials: ["cast iron", "stainless steel", "ceramic", "aluminium"],
               features: ["dishwasher_safe", "oven_safe", "induction_compatible"], metrics: [("diameter", "CENTIMETER", 20...32), ("weight", "GRAM", 900...2800)]),
        Family(code: "bags", noun: ("backpack", "Rucksack"), colors: ["Black", "Brown", "Beige", "Green"], materials: ["canvas", "leather", "nylon", "recycled polyester"],
               features: ["waterproof", "lightweight", "foldable"], metrics: [("capacity", "LITER", 12...35)]),
    ]

    /// How the German descriptions name the materials (the PIM's editors wrote them).
    static let germanMaterials = [
        "suede": "Wildleder", "mesh": "Mesh", "leather": "Leder", "nylon": "Nylon", "polyester": "Polyester", "recycled polyester": "recyceltem Polyester",
        "fleece": "Fleece", "aluminium": "Aluminium", "steel": "Stahl", "glass": "Glas", "brass": "Messing", "cast iron": "Gusseisen",
        "stainless steel": "Edelstahl", "ceramic": "Keramik", "canvas": "Canvas",
    ]
    static let brands = ["Northpeak", "Lumina", "Ferrum", "Alder & Co", "Kestrel"]
    static let adjectives = [("Trail", "Trail"), ("Urban", "Urban"), ("Classic", "Classic"), ("Summit", "Summit"), ("Nordic", "Nordic"), ("Harbor", "Harbor")]
    static let origins = ["IT", "PT", "VN", "CN", "DE", "PL"]

    /// A deterministic pseudo-random number for product `index`, stream `salt`.
    static func pick(_ index: Int, _ salt: Int, _ count: Int) -> Int {
        var x = UInt64(index &* 2654435761 &+ salt &* 40503) ^ 0x9E3779B97F4A7C15
        x ^= x >> 33; x &*= 0xff51afd7ed558ccd; x ^= x >> 33
        return Int(x % UInt64(count))
    }

    static func product(_ index: Int) -> Product {
        let family = families[index % families.count]
        let brand = brands[pick(index, 1, brands.count)]
        let adjective = adjectives[pick(index, 2, adjectives.count)]
        let model = 10 + pick(index, 3, 90)
        let color = family.colors[pick(index, 4, family.colors.count)]
        let material = family.materials[pick(index, 5, family.materials.count)]
        let name = [LocaleCode("en")!: "\(adjective.0) \(family.noun.en.capitalized) \(model)", LocaleCode("de")!: "\(adjective.1) \(family.noun.de) \(model)"]
        let feature = family.features[pick(index, 6, family.features.count)]
        let article = "aeiou".contains(color.lowercased().first!) ? "an" : "a"
        let english = "The \(name[LocaleCode("en")!]!) is \(article) \(color.lowercased()) \(family.noun.en) made of \(material). It is built for daily use and easy to care for."
        let german = "\(name[LocaleCode("de")!]!): \(family.noun.de) aus \(germanMaterials[material] ?? material), gebaut für den täglichen Einsatz und leicht zu pflegen."
        let rich = index % 3 == 0
        var attributes: [String: AttributeValue] = [
            "name": .localizedText(name),
            "description": .localizedText([
                LocaleCode("en")!: rich ? "<p>\(english.replacingOccurrences(of: "&", with: "&amp;"))</p><ul><li>Care:&nbsp;wipe clean</li></ul>" : english,
                LocaleCode("de")!: rich ? "<p>\(german.replacingOccurrences(of: "&", with: "&amp;"))</p>" : german,
            ]),
            "brand": .text(brand), "color": .text(color), "material": .text(material), feature: .text("1"),
            "country_of_origin": .text(origins[pick(index, 7, origins.count)]), "ean": .text("40\(String(format: "%011d", index))"),
            "supplier_note": .text("Reorder via Frank, +49 30 1234 \(String(format: "%04d", index % 10_000))"), "cost": .text("\(10 + index % 40).20"), "stock": .text("\(index % 500)"),
        ]
        for metric in family.metrics {
            attributes[metric.code] = .number(CanonicalDecimal("\(metric.range.lowerBound + pick(index, 8 + metric.code.count, metric.range.count))")!, unit: metric.unit)
        }
        return Product(sku: SKU("Q-\(index)")!, family: family.code, categories: [family.code], attributes: attributes)
    }

    static func run(skus: Int) async throws {
        print("catalog-bench copy-quality: \(skus) SKUs in \(families.count) families x \(locales.count) locales, the offline writer through the whole pipeline")
        try await measure((0..<skus).map(product), record: true)
        let samples = try sampleProducts()
        guard !samples.isEmpty else { return }
        print("the bundled samples (samples/): \(samples.count) SKUs x \(locales.count) locales")
        try await measure(samples, record: false)
    }

    /// The products of every export in `samples/`, read as catalogd reads them.
    static func sampleProducts() throws -> [Product] {
        let folder = URL(fileURLWithPath: "samples")
        var products: [Product] = []
        for path in ["akeneo/products.csv", "akeneo/products.jsonl", "bmecat/catalog-2005.xml", "merchant/products.json"] {
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(path).path) else { continue }
            let delimiter = UInt8(ascii: ";")
            guard let format = ExportFormat.detect(Array(data.prefix(4096)), csvIdentifierColumn: "sku", delimiter: delimiter) else { continue }
            let reader = WatchedFolder(path: folder, source: "samples", csv: .init(delimiter: delimiter)).reader(for: format)
            products += try reader.readAll(Array(data)).products
        }
        return products
    }

    static func measure(_ products: [Product], record: Bool) async throws {
        let pipeline = CopyPipeline.offline(locales: locales)
        let skus = products.count
        let start = ContinuousClock.now
        let outcomes = try await withThrowingTaskGroup(of: [(Int, PipelineOutcome)].self) { group in
            let workers = ProcessInfo.processInfo.activeProcessorCount
            for worker in 0..<workers {
                group.addTask {
                    var done: [(Int, PipelineOutcome)] = []
                    for index in stride(from: worker, to: products.count, by: workers) { done.append((index, try await pipeline.run(products[index]))) }
                    return done
                }
            }
            return try await group.reduce(into: [Int: PipelineOutcome]()) { all, part in for (index, outcome) in part { all[index] = outcome } }
        }
        let seconds = (ContinuousClock.now - start).seconds

        var copies: [(product: Int, copy: GeneratedCopy)] = []
        var reviewed = 0
        var reasons: [String: Int] = [:]
        for index in 0..<skus {
            for entry in outcomes[index]!.results {
                switch entry.result {
                case .publish(let copy, _): copies.append((index, copy))
                case .review(let request):
                    copies.append((index, request.copy))
                    reviewed += 1
                    reasons["\(request.reason.rawValue) (\(request.copy.sku) \(request.copy.locale.language)): \(request.why.prefix(60))", default: 0] += 1
                default: break
                }
            }
        }
        let internals = ["Frank", "+49 30", "Reorder"]
        var untranslatedCopies = 0
        var untranslatedWords: [String: Int] = [:]
        var internalCopies = 0
        var placeholderCopies = 0
        var metaOK = 0
        var readable: [String: (ok: Int, all: Int)] = [:]
        var hardToRead: [String: String] = [:]
        for (index, copy) in copies {
            let product = products[index]
            let own = Set(["name", "brand"].flatMap { code in locales.compactMap { product.text(code, in: $0) }.flatMap { Array(Set($0.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))) } })
            let words = CopyQuality.untranslated(copy, ignoring: own)
            if !words.isEmpty { untranslatedCopies += 1 }
            for word in words { untranslatedWords["\(word)/\(copy.locale.language)", default: 0] += 1 }
            let text = [copy.title, copy.bodyHTML, copy.metaTitle, copy.metaDescription].joined(separator: "\n")
            if internals.contains(where: text.contains) || text.contains(product.text("cost", in: copy.locale) ?? "\u{0}") { internalCopies += 1 }
            if !CopyQuality.placeholders(copy).isEmpty { placeholderCopies += 1 }
            if CopyQuality.metaWithinBounds(copy) { metaOK += 1 }
            let ok = CopyQuality.readable(copy)
            readable[copy.locale.language, default: (0, 0)].all += 1
            if ok { readable[copy.locale.language, default: (0, 0)].ok += 1 } else { hardToRead[copy.locale.language] = hardToRead[copy.locale.language] ?? "\(copy.sku): \(copy.bodyHTML.replacingOccurrences(of: "\n", with: " "))" }
        }

        // Near-duplicates: pairs of products of the same family, in the same locale.
        var pairs = 0
        var duplicates = 0
        var highest = 0.0
        let byLocale = Dictionary(grouping: copies, by: { $0.copy.locale })
        for (_, localeCopies) in byLocale {
            let byFamily = Dictionary(grouping: localeCopies, by: { products[$0.product].family ?? "" })
            for (_, members) in byFamily {
                let shingles = members.prefix(400).map { CopyQuality.shingles($0.copy) }
                for first in shingles.indices {
                    for second in shingles.indices where second > first && (second - first) % 7 == 1 {
                        pairs += 1
                        let similarity = CopyQuality.jaccard(shingles[first], shingles[second])
                        highest = max(highest, similarity)
                        if similarity >= 0.8 { duplicates += 1 }
                    }
                }
            }
        }
        // CATALOG_BENCH_EXAMPLES=1 prints Q-0 and Q-1 in every locale; a list of SKUs, those.
        if let wanted = ProcessInfo.processInfo.environment["CATALOG_BENCH_EXAMPLES"] {
            let skus = wanted == "1" ? ["Q-0", "Q-1"] : wanted.split(separator: ",").map(String.init)
            for (_, copy) in copies where skus.contains(copy.sku.rawValue) {
                print("--- \(copy.sku) \(copy.locale): \(copy.title)\n\(copy.bodyHTML)meta title: \(copy.metaTitle)\nmeta description (\(copy.metaDescription.count)): \(copy.metaDescription)")
            }
        }
        var metaByLanguage: [String: (ok: Int, all: Int)] = [:]
        var metaMisses: [String: (count: Int, example: String)] = [:]
        for (_, copy) in copies {
            metaByLanguage[copy.locale.language, default: (0, 0)].all += 1
            guard let miss = CopyQuality.metaMiss(copy) else {
                metaByLanguage[copy.locale.language, default: (0, 0)].ok += 1
                continue
            }
            let key = "\(copy.locale.language) \(miss.prefix { $0 != "(" })"
            metaMisses[key, default: (0, "\(copy.sku) \(miss): \(copy.metaDescription)")].count += 1
        }
        let all = copies.count
        func share(_ count: Int, of total: Int) -> String { String(format: "%5.1f%%", 100 * Double(count) / Double(max(total, 1))) }
        print(String(format: "  written and checked          %7.2f s  (%d SKUs x %d locales; %d copies, %d held for review)", seconds, skus, locales.count, all, reviewed))
        if !reasons.isEmpty {
            print("  held for review: " + reasons.sorted { $0.value > $1.value }.prefix(5).map { "\($0.value)× \($0.key)" }.joined(separator: "; "))
        }
        print("  near-duplicate bodies        \(share(duplicates, of: pairs)) of \(pairs) same-family pairs (Jaccard of 3-word shingles >= 0.8; most alike \(String(format: "%.2f", highest)))   target <= 5%")
        print("  untranslated words           \(share(untranslatedCopies, of: all - copies.filter { $0.copy.locale.language == "en" }.count)) of non-English copies   target 0" + (untranslatedWords.isEmpty ? "" : "   most: " + untranslatedWords.sorted { $0.value > $1.value }.prefix(8).map { "\($0.key) (\($0.value))" }.joined(separator: ", ")))
        print("  internal data in copy        \(internalCopies) copies   target 0")
        print("  redaction placeholders       \(placeholderCopies) copies   target 0")
        print("  meta title <= 60, description 120-156   \(share(metaOK, of: all)) of copies   target >= 99%   (" + metaByLanguage.sorted { $0.key < $1.key }.map { "\($0.key) \(Int((100 * Double($0.value.ok) / Double(max($0.value.all, 1))).rounded()))%" }.joined(separator: ", ") + ")")
        for (key, miss) in metaMisses.sorted(by: { $0.value.count > $1.value.count }).prefix(6) {
            print("    meta miss \(key): \(miss.count)×, e.g. \(miss.example)")
        }
        let readableShare = readable.sorted { $0.key < $1.key }.map { "\($0.key) \(Int((100 * Double($0.value.ok) / Double(max($0.value.all, 1))).rounded()))%" }.joined(separator: ", ")
        print("  readability at the SEO target   \(readableShare)   target >= 90% each")
        for (language, example) in hardToRead.sorted(by: { $0.key < $1.key }).prefix(4) { print("    below the target (\(language)), e.g. \(example.prefix(300))") }
        guard record else { return }
        Figures.record("copy-quality", "near-duplicate same-family pairs", 100 * Double(duplicates) / Double(max(pairs, 1)), unit: "%", atMost: 5)
        Figures.record("copy-quality", "non-English copies with untranslated words", 100 * Double(untranslatedCopies) / Double(max(all, 1)), unit: "%", atMost: 0)
        Figures.record("copy-quality", "copies with internal data", Double(internalCopies), unit: "copies", atMost: 0)
        Figures.record("copy-quality", "copies with placeholders", Double(placeholderCopies), unit: "copies", atMost: 0)
        Figures.record("copy-quality", "meta lengths within bounds", 100 * Double(metaOK) / Double(max(all, 1)), unit: "%", atLeast: 99)
        Figures.record("copy-quality", "\(skus) SKUs x \(locales.count) locales", seconds, unit: "s")
    }
}
