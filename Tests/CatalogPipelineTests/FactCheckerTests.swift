import CatalogCore
@testable import CatalogPipeline
import Testing

/// The hallucination detector against a labelled set of outputs for one product. The figures
/// it prints are the ones reported in the issue's closing note.
@Suite struct FactCheckerTests {
    static let lamp = Product(sku: SKU("ARC-1")!, family: "lamps", categories: ["desk_lamps"], attributes: [
        "name": .localizedText([LocaleCode("en")!: "Arc desk lamp", LocaleCode("de")!: "Schreibtischleuchte Arc"]),
        "brand": .text("Lumina"),
        "color": .text("Black"),
        "material": .text("Aluminium"),
        "weight": .number(CanonicalDecimal("1.2")!, unit: "KILOGRAM"),
        "height": .number(CanonicalDecimal("45")!, unit: "CENTIMETER"),
        "power": .number(CanonicalDecimal("8")!, unit: "WATT"),
        "luminous_flux": .number(CanonicalDecimal("600")!, unit: "LUMEN"),
        "cable_length": .text("1,8 m"),
        "certifications": .list(["CE"]),
        "compatibility": .text("E27 bulbs"),
        "warranty": .text("2 years"),
    ])

    /// (copy, language, is it a hallucination?)
    static let labelled: [(String, String, Bool)] = [
        ("The Arc desk lamp by Lumina weighs 1.2 kg and stands 45 cm tall.", "en", false),
        ("Weighs 1200 g.", "en", false),
        ("Die Leuchte wiegt 1,2 kg und ist 450 mm hoch.", "de", false),
        ("Black aluminium body with an 8 W LED.", "en", false),
        ("Schwarzes Aluminiumgehäuse, 8 Watt.", "de", false),
        ("CE certified.", "en", false),
        ("Compatible with E27 bulbs.", "en", false),
        ("Backed by a 2 years warranty.", "en", false),
        ("Lampe de bureau noire en aluminium, 1,2 kg.", "fr", false),
        ("Lámpara negra de aluminio de 45 cm.", "es", false),
        ("600 lumen of warm light.", "en", false),
        ("A lamp 0.45 m tall.", "en", false),
        ("Lampada nera in alluminio.", "it", false),
        ("Zwarte lamp van aluminium, 8 W.", "nl", false),
        ("A 2-year warranty and a 1,8 m cable.", "de", false),
        ("A timeless design for every desk.", "en", false),
        ("Weighs only 900 g.", "en", true),
        ("Stands 60 cm tall.", "en", true),
        ("Available in red.", "en", true),
        ("Solid oak base.", "en", true),
        ("Die Leuchte wiegt 2,5 kg.", "de", true),
        ("Energy Star certified.", "en", true),
        ("Compatible with Philips Hue.", "en", true),
        ("A powerful 12 W LED.", "en", true),
        ("Made of brass and glass.", "en", true),
        ("Lampe en verre rouge.", "fr", true),
        ("Lámpara de 3 kg.", "es", true),
        ("Includes a 5 m cable.", "en", true),
        ("Weiße Ausführung.", "de", true),
        ("IP65 rated for outdoor use.", "en", true),
        ("Made by Lumos.", "en", true),
        ("With a 10-year warranty.", "en", true),
    ]

    let checker = FactChecker(knownBrands: ["Lumina", "Lumos", "Philips"])

    @Test func labelledSetPrecisionAndRecall() {
        var tally = DetectionTally()
        for (text, language, hallucinated) in Self.labelled {
            let flagged = checker.check(text, language: language, product: Self.lamp).hallucinated
            switch (flagged, hallucinated) {
            case (true, true): tally.truePositives += 1
            case (true, false): tally.falsePositives += 1; Issue.record("false positive: \(text) → \(checker.check(text, language: language, product: Self.lamp).ungrounded)")
            case (false, true): tally.falseNegatives += 1; Issue.record("missed: \(text)")
            case (false, false): break
            }
        }
        print("fact check on \(Self.labelled.count) labelled outputs: precision \(tally.precision), recall \(tally.recall)")
        #expect(tally.precision >= 0.9)
        #expect(tally.recall >= 0.9)
    }

    @Test func namesTheUngroundedClaim() {
        let result = checker.check("Weighs 1.2 kg, 30 x 20 x 60 cm.", language: "en", product: Self.lamp)
        #expect(result.ungrounded.map(\.phrase) == ["30 cm", "20 cm", "60 cm"])
        #expect(result.claims.count == 4)
    }

    @Test func quantitiesAreUnitAndLocaleAware() {
        let kilo = Quantity(amount: 1.2, decimals: 1, unit: "kg")!
        #expect(kilo.grounds(Quantity(amount: 1200, decimals: 0, unit: "g")!))
        #expect(Quantity(amount: 1.234, decimals: 3, unit: "KILOGRAM")!.grounds(kilo), "1.2 kg is 1.234 kg rounded")
        #expect(!kilo.grounds(Quantity(amount: 1.3, decimals: 1, unit: "kg")!))
        #expect(!kilo.grounds(Quantity(amount: 1.2, decimals: 1, unit: "l")!), "other dimension")
        #expect(LocaleNumber.parse("1.234,5", language: "de")! == (1234.5, 1))
        #expect(LocaleNumber.parse("1,234.5", language: "en")! == (1234.5, 1))
        #expect(QuantityScanner.scan("2 400 mAh", language: "fr").map(\.phrase) == ["2 400 mAh"])
    }
}
