public import CatalogCore
public import Foundation

/// The labelled set of model-style outputs the fact check is measured on
/// (`Tests/Fixtures/fact-check/labelled.jsonl`, written by `scripts/labelled-claims.py` from
/// rules, not from the checker): each sentence about one of two products, labelled grounded
/// or invented, with the kind of claim or paraphrase it is.
public enum LabelledClaims {
    public struct Row: Sendable {
        public let language: String
        public let product: String
        public let invented: Bool
        public let kind: String
        public let text: String
    }

    /// The products the sentences are about: a lamp and a boot (labelled.jsonl), a jacket and
    /// a pan (held-out.jsonl).
    public static let products: [String: Product] = [
        "lamp": Product(sku: SKU("ARC-1")!, family: "lamps", categories: ["desk_lamps"], attributes: [
            "name": .localizedText([LocaleCode("en")!: "Arc desk lamp", LocaleCode("de")!: "Schreibtischleuchte Arc"]),
            "brand": .text("Lumina"), "color": .text("Black"), "material": .text("Aluminium"),
            "weight": .number(CanonicalDecimal("1.2")!, unit: "KILOGRAM"), "height": .number(CanonicalDecimal("45")!, unit: "CENTIMETER"),
            "power": .number(CanonicalDecimal("8")!, unit: "WATT"), "luminous_flux": .number(CanonicalDecimal("600")!, unit: "LUMEN"),
            "cable_length": .text("1,8 m"), "certifications": .list(["CE"]), "compatibility": .text("E27 bulbs"),
            "warranty": .text("2 years"), "country_of_origin": .text("DE"),
        ]),
        "boot": Product(sku: SKU("RH-3")!, family: "boots", categories: ["hiking_boots"], attributes: [
            "name": .text("Ridge Hiker 3"), "brand": .text("Alpinor"), "color": .text("Brown"), "material": .text("nubuck"),
            "sole_material": .text("rubber"), "weight": .number(CanonicalDecimal("950")!, unit: "GRAM"),
            "shaft_height": .number(CanonicalDecimal("18")!, unit: "CENTIMETER"), "waterproof": .boolean(true),
            "warranty": .text("5 years"), "country_of_origin": .text("IT"), "supplier_reference": .text("4711-22"),
        ]),
        // The held-out set's products (held-out.jsonl, scripts/held-out-claims.py).
        "jacket": Product(sku: SKU("SS-2")!, family: "jackets", categories: ["rain_jackets"], attributes: [
            "name": .text("Storm Shell 2"), "brand": .text("Kestrel"), "color": .text("Navy"), "material": .text("recycled polyester"),
            "weight": .number(CanonicalDecimal("480")!, unit: "GRAM"), "water_column": .number(CanonicalDecimal("20000")!, unit: "MILLIMETER"),
            "waterproof": .boolean(true), "breathable": .boolean(true), "warranty": .text("3 years"), "country_of_origin": .text("VN"),
            "certifications": .list(["bluesign"]),
        ]),
        "pan": Product(sku: SKU("FE-28")!, family: "cookware", categories: ["pans"], attributes: [
            "name": .text("Ferro 28"), "brand": .text("Ferrum"), "color": .text("Black"), "material": .text("cast iron"),
            "diameter": .number(CanonicalDecimal("28")!, unit: "CENTIMETER"), "weight": .number(CanonicalDecimal("2.4")!, unit: "KILOGRAM"),
            "induction_compatible": .boolean(true), "oven_safe": .boolean(true), "warranty": .text("10 years"), "country_of_origin": .text("FR"),
            "mpn": .text("FP-2804"),
        ]),
    ]

    /// Brands the checker knows, as a catalog's configuration would list them.
    public static let knownBrands = ["Lumina", "Alpinor", "Philips", "Kestrel", "Ferrum", "Le Creuset"]

    public static func load(_ url: URL) throws -> [Row] {
        try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String],
                  let language = object["language"], let product = object["product"], let label = object["label"], let kind = object["kind"], let text = object["text"]
            else { throw CatalogError(.invalidValue, "not a labelled row: \(line.prefix(80))") }
            return Row(language: language, product: product, invented: label == "invented", kind: kind, text: text)
        }
    }

    /// Recall and precision of a detector over `rows`, overall, per language and per kind.
    public struct Tally: Sendable {
        public var truePositives = 0, falsePositives = 0, falseNegatives = 0, rows = 0

        public init() {}
        public var precision: Double { Double(truePositives) / Double(max(truePositives + falsePositives, 1)) }
        public var recall: Double { Double(truePositives) / Double(max(truePositives + falseNegatives, 1)) }

        public mutating func add(flagged: Bool, invented: Bool) {
            rows += 1
            switch (flagged, invented) {
            case (true, true): truePositives += 1
            case (true, false): falsePositives += 1
            case (false, true): falseNegatives += 1
            case (false, false): break
            }
        }
    }

    /// The tallies of `flagged` over `rows`: overall, by language and by kind, and the rows it got wrong.
    public static func measure(_ rows: [Row], flagged: (Row) -> Bool) -> (overall: Tally, languages: [String: Tally], kinds: [String: Tally], wrong: [Row]) {
        var overall = Tally()
        var languages: [String: Tally] = [:]
        var kinds: [String: Tally] = [:]
        var wrong: [Row] = []
        for row in rows {
            let flag = flagged(row)
            overall.add(flagged: flag, invented: row.invented)
            languages[row.language, default: Tally()].add(flagged: flag, invented: row.invented)
            kinds[row.kind, default: Tally()].add(flagged: flag, invented: row.invented)
            if flag != row.invented { wrong.append(row) }
        }
        return (overall, languages, kinds, wrong)
    }
}
