import CatalogCore
@testable import CatalogPipeline
import CatalogTestSupport
import Foundation
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

/// Issue 25: 14 of 15 invented origin claims were published; origins were never checked.
@Suite struct OriginClaimTests {
    let checker = FactChecker()
    let italian = Product(sku: SKU("O-1")!, attributes: ["name": .text("Loafer"), "country_of_origin": .text("IT")])
    let unstated = Product(sku: SKU("O-2")!, attributes: ["name": .text("Loafer")])

    /// (copy, language): each claims Italy.
    static let italy: [(String, String)] = [
        ("Made in Italy.", "en"), ("Handmade in Italy by craftspeople.", "en"), ("Hergestellt in Italien.", "de"),
        ("Fabriqué en Italie.", "fr"), ("Hecho en Italia.", "es"), ("Prodotto in Italia.", "it"), ("Gemaakt in Italië.", "nl"),
        ("Fabricado em Itália.", "pt"), ("Wyprodukowano we Włoszech.", "pl"), ("Tillverkad i Italien.", "sv"),
        ("Fremstillet i Italien.", "da"), ("Valmistettu Italiassa.", "fi"), ("Produsert i Italia.", "nb"), ("Vyrobeno v Itálii.", "cs"),
        ("İtalya'da üretilmiştir.", "tr"), ("イタリア製の革靴。", "ja"), ("意大利制造的皮鞋。", "zh"), ("Made in Italy.", "de"),
    ]

    @Test func anOriginClaimIsGroundedByTheCountryOfOriginInEveryLanguage() {
        for (text, language) in Self.italy {
            let result = checker.check(text, language: language, product: italian)
            #expect(result.claims.contains { $0.kind == .origin }, "\(language): no origin claim in \(text)")
            #expect(!result.hallucinated, "\(language): \(text) → \(result.ungrounded)")
        }
    }

    @Test func anOriginTheAttributesDoNotStateIsUnsupported() {
        for (text, language) in Self.italy {
            #expect(checker.check(text, language: language, product: unstated).ungrounded.contains { $0.kind == .origin }, "\(language): \(text)")
        }
        let chinese = Product(sku: SKU("O-3")!, attributes: ["country_of_origin": .localizedText([LocaleCode("de")!: "China"])])
        #expect(checker.check("Hergestellt in Italien.", language: "de", product: chinese).ungrounded.map(\.phrase) == ["hergestellt in italien"])
        #expect(!checker.check("Fabriqué en Chine.", language: "fr", product: chinese).hallucinated)
    }

    @Test func aMarkerWithoutACountryIsNoClaim() {
        for (text, language) in [("Made in small batches.", "en"), ("Hergestellt in Handarbeit.", "de"), ("Fabriqué en coton bio.", "fr"), ("Made in the spirit of the Alps.", "en")] {
            #expect(!checker.check(text, language: language, product: unstated).claims.contains { $0.kind == .origin }, "\(text)")
        }
        // "Made in the USA": a short word between marker and country is fine.
        let american = Product(sku: SKU("O-4")!, attributes: ["origin": .text("United States")])
        #expect(!checker.check("Made in the USA.", language: "en", product: american).hallucinated)
        #expect(checker.check("Made in the USA.", language: "en", product: italian).hallucinated)
    }
}

/// Issue 25: quantities are claims with their unit and claim word, decimals stay whole.
@Suite struct QuantityClaimTests {
    let checker = FactChecker()

    @Test func aDecimalIsOneNumberAndGroundsNothingElse() {
        let product = Product(sku: SKU("Q-1")!, attributes: ["weight": .text("1.5 kg"), "warranty_years": .number(CanonicalDecimal("2")!, unit: nil)])
        #expect(checker.check("Comes with a 5-year warranty.", language: "en", product: product).hallucinated, "5 is not grounded by the 5 in 1.5")
        #expect(checker.check("Nur 1 kg leicht.", language: "de", product: product).hallucinated, "1 is not grounded by the 1 in 1.5")
        #expect(!checker.check("Wiegt 1,5 kg und hat 2 Jahre Garantie.", language: "de", product: product).hallucinated)
    }

    @Test func identifiersInTheInputGroundThemselves() {
        let product = Product(sku: SKU("Q-2")!, attributes: ["supplier_reference": .text("4711-22"), "mpn": .text("AB 9981")])
        #expect(!checker.check("Ersatzteil-Nr. 4711-22, passend zu AB 9981.", language: "de", product: product).ungrounded.contains { $0.kind == .quantity })
        #expect(checker.check("Reference 5511-90.", language: "en", product: product).hallucinated)
    }
}

/// Issue 25: the labelled sets, written from rules, not from the checker. Recall at least 0.95
/// at precision at least 0.90, overall and per language (`catalog-bench fact-check` prints the
/// figures per kind).
/// - `labelled.jsonl` (1,067 outputs in en, de, fr, es, it, nl and ja, `scripts/labelled-claims.py`):
///   the checker was built against it, and must get every row right.
/// - `held-out.jsonl` (350 outputs, `scripts/held-out-claims.py`): other products, frames and
///   two-fact sentences, written after the checker was tuned on the first. Its first run found
///   what the first set could not (feature claims, "sewn in", agreeing colours).
@Suite struct LabelledSetTests {
    @Test(arguments: [("labelled.jsonl", 1_067, true), ("held-out.jsonl", 350, false)])
    func recallAndPrecisionOverallAndPerLanguage(file: String, rows expected: Int, everyRow: Bool) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/fact-check/\(file)")
        let rows = try LabelledClaims.load(url)
        #expect(rows.count >= expected)
        let checker = FactChecker(knownBrands: LabelledClaims.knownBrands)
        let result = LabelledClaims.measure(rows) { checker.check($0.text, language: $0.language, product: LabelledClaims.products[$0.product]!).hallucinated }
        let wrong = result.wrong.map { "\($0.invented ? "missed" : "false alarm") [\($0.language) \($0.kind)]: \($0.text)" }
        if everyRow { for row in wrong.prefix(15) { Issue.record("\(file): \(row)") } }
        let detail = wrong.joined(separator: "\n")
        #expect(result.overall.recall >= 0.95 && result.overall.precision >= 0.90, "\(file): recall \(result.overall.recall), precision \(result.overall.precision)\n\(detail)")
        for (language, tally) in result.languages.sorted(by: { $0.key < $1.key }) {
            #expect(tally.recall >= 0.95 && tally.precision >= 0.90, "\(file) \(language): recall \(tally.recall), precision \(tally.precision)\n\(detail)")
        }
    }
}

/// Claims the held-out set taught the checker to read.
@Suite struct HeldOutClaimTests {
    let checker = FactChecker()
    let pan = Product(sku: SKU("FE-28")!, attributes: [
        "name": .text("Ferro 28"), "color": .text("Black"), "material": .text("cast iron"), "oven_safe": .boolean(true), "dishwasher_safe": .boolean(false), "country_of_origin": .text("FR"),
    ])

    @Test func aFeatureTheProductLacksIsInventedAndANegatedOneIsNot() {
        #expect(checker.check("It is also dishwasher-safe.", language: "en", product: pan).ungrounded.map(\.kind) == [.feature])
        #expect(checker.check("Außerdem spülmaschinenfest.", language: "de", product: pan).hallucinated)
        #expect(checker.check("Elle est aussi antiadhésive.", language: "fr", product: pan).hallucinated)
        #expect(!checker.check("It is not dishwasher-safe, but it is oven-safe.", language: "en", product: pan).hallucinated)
        #expect(!checker.check("Nicht spülmaschinenfest.", language: "de", product: pan).hallucinated)
        #expect(checker.check("食洗機対応です。", language: "ja", product: pan).hallucinated)
        // "leicht zu pflegen" is easy to care for, not a weight claim.
        #expect(!checker.check("Leicht zu pflegen und backofenfest.", language: "de", product: pan).hallucinated)
        let jacket = Product(sku: SKU("SS-2")!, attributes: ["name": .text("Storm Shell 2"), "waterproof": .boolean(true)])
        #expect(!checker.check("Water-resistant and waterproof.", language: "en", product: jacket).hallucinated, "waterproof implies water-resistant")
    }

    @Test func coloursAgreeWithTheirNoun() {
        #expect(checker.check("La superficie rossa migliora con l'uso.", language: "it", product: pan).hallucinated)
        #expect(!checker.check("La superficie nera migliora con l'uso.", language: "it", product: pan).hallucinated)
        #expect(checker.check("Het grijze oppervlak.", language: "nl", product: pan).hallucinated)
        #expect(!checker.check("Het zwarte oppervlak.", language: "nl", product: pan).hallucinated)
        #expect(checker.check("Sa surface blanche.", language: "fr", product: pan).hallucinated)
    }

    @Test func sewnWovenAndMadeAreOriginClaims() {
        #expect(checker.check("Sewn in China.", language: "en", product: pan).ungrounded.map(\.kind) == [.origin])
        #expect(checker.check("Confectionnée au Portugal.", language: "fr", product: pan).hallucinated)
        #expect(checker.check("中国で縫製されています。", language: "ja", product: pan).hallucinated)
        #expect(!checker.check("Fabriquée en France.", language: "fr", product: pan).hallucinated)
    }

    @Test func aNamesDigitBeforeInIsNoLengthAndOneCharacterMaterialsCountBeforeSei() {
        #expect(!checker.check("Die Ferro 28 in Schwarz.", language: "de", product: pan).hallucinated)
        #expect(!checker.check("The Ferro 28 in black.", language: "en", product: pan).hallucinated)
        #expect(checker.check("重さは2.4kgで、銅製です。", language: "ja", product: pan).ungrounded.contains { $0.kind == .material })
    }
}
