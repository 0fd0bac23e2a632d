import CatalogCore
@testable import CatalogPipeline
import CatalogTestSupport
import Testing

@Suite struct TemplateProviderTests {
    let provider = TemplateProvider()

    func render(_ product: Product = .fixture(), _ locale: String) throws -> GeneratedCopy {
        try provider.render(GenerationRequest(product: product, locale: LocaleCode(locale)!))
    }

    @Test func isDeterministic() throws {
        #expect(try render(.fixture(), "en") == render(.fixture(), "en"))
    }

    @Test func writesGroundedCopyPerLocale() throws {
        let english = try render(.fixture(), "en")
        #expect(english.title == "Trail Runner 42 by Northpeak")
        #expect(english.bodyHTML.contains("<p>Lightweight trail shoe for wet paths.</p>"))
        #expect(english.bodyHTML.contains("<li><strong>Colour:</strong> Blue</li>"))
        #expect(english.bodyHTML.contains("<li><strong>Weight:</strong> 310 g</li>"))
        #expect(english.bodyHTML.contains("<li><strong>Waterproof:</strong> yes</li>"))
        #expect(!english.bodyHTML.contains("129.95"), "prices go stale and are left out of copy")
        #expect(english.metaTitle == "Trail Runner 42 | Northpeak")

        let german = try render(.fixture(), "de")
        #expect(german.title == "Trail Runner 42 von Northpeak")
        #expect(german.bodyHTML.contains("Leichter Trailschuh für nasse Wege."))
        #expect(german.bodyHTML.contains("<strong>Farbe:</strong> Blue"))
        #expect(german.metaDescription.hasPrefix("Entdecken Sie Trail Runner 42 von Northpeak."))
    }

    @Test func neverPresentsAnotherLanguagesDescription() throws {
        let french = try render(.fixture(), "fr")
        #expect(!french.bodyHTML.contains("Lightweight"))
        #expect(!french.bodyHTML.contains("Leichter"))
        #expect(french.bodyHTML.contains("<h3>Caractéristiques</h3>"))
    }

    @Test func escapesMarkupFromThePIM() throws {
        let hostile = Product(sku: SKU("X")!, attributes: [
            "name": .text("<script>alert(1)</script>"),
            "description": .text("Fish & \"chips\" <b>"),
        ])
        let copy = try render(hostile, "en")
        #expect(!copy.bodyHTML.contains("<script>"))
        #expect(copy.bodyHTML.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(copy.bodyHTML.contains("Fish &amp; &quot;chips&quot; &lt;b&gt;"))
    }

    @Test func metaFieldsRespectSearchEngineLengths() throws {
        let long = String(repeating: "Extraordinarily comfortable ", count: 12)
        let product = Product(sku: SKU("L")!, attributes: ["name": .text(long), "brand": .text("Brand"), "description": .text(long)])
        let copy = try render(product, "en")
        #expect(copy.metaTitle.count <= 60)
        #expect(copy.metaDescription.count <= 155)
        #expect(copy.metaTitle.hasSuffix("…"))
    }

    @Test func aMetaDescriptionFromTheBodyHasOneFullStopBetweenSentences() throws {
        let product = Product(sku: SKU("R")!, attributes: [
            "name": .text("Trail Runner"), "description": .text("Free returns within 30 days."), "colour": .text("Blue"),
        ])
        var copy = try render(product, "en")
        copy.metaDescription = ""
        let description = SEOAgent.withMeta(copy, settings: SEOSettings()).metaDescription
        #expect(description == "Trail Runner. Free returns within 30 days. Details. Colour: Blue", "\(description)")
        #expect(SEOAgent.sentences(["Is it waterproof?", " Yes ", "", "Fits: true to size"]) == "Is it waterproof? Yes. Fits: true to size")
    }

    @Test func fallsBackToTheSKUWhenThereIsNoName() throws {
        #expect(try render(Product(sku: SKU("BARE-1")!), "en").title == "BARE-1")
    }

    @Test func unsupportedLocaleIsAnError() {
        #expect(throws: CatalogError.self) { try render(.fixture(), "ko") }
    }

    static let locales = ["en", "de", "fr", "es", "it", "nl", "pt", "pl", "sv", "da", "fi", "nb", "cs", "ja", "zh", "tr"]

    /// The embedded default never states what is not an attribute, in any locale: the fact
    /// checker finds nothing ungrounded in its copy.
    @Test(arguments: locales)
    func everyLocaleIsCoveredAndGrounded(locale: String) throws {
        for product in [Product.fixture(), FactCheckerTests.lamp] {
            let copy = try render(product, locale)
            let text = HTMLSanitizer.plainText(copy.bodyHTML) + "\n" + copy.title + "\n" + copy.metaDescription
            let result = FactChecker().check(text, language: LocaleCode(locale)!.language, product: product)
            #expect(result.ungrounded.isEmpty, "\(locale): \(result.ungrounded)")
            #expect(HTMLSanitizer.sanitize(copy.bodyHTML) == copy.bodyHTML, "only allowed tags")
        }
    }

    @Test func numbersAreWrittenTheLocalesWay() throws {
        #expect(try render(FactCheckerTests.lamp, "de").bodyHTML.contains("<strong>Gewicht:</strong> 1,2 kg"))
        #expect(try render(FactCheckerTests.lamp, "en").bodyHTML.contains("<strong>Weight:</strong> 1.2 kg"))
    }

    @Test func pipelineWritesEveryConfiguredLocale() async throws {
        let pipeline = CopyPipeline.offline(locales: ["en", "de", "fr"].map { LocaleCode($0)! })
        let copies = try await pipeline.run(.fixture()).publishable
        #expect(copies.map(\.locale.identifier) == ["en", "de", "fr"])
        #expect(copies.allSatisfy { $0.generator == provider.identity })
    }
}

@Suite struct AvailabilityBlockTests {
    let copy = GeneratedCopy(
        sku: SKU("A-1")!, locale: LocaleCode("fr")!, title: "T", bodyHTML: "<p>Corps</p>", metaTitle: "m", metaDescription: "d",
        generator: GeneratorIdentity(name: "template", version: "1")
    )

    @Test func oneMarkedParagraphIsAddedReplacedAndRemoved() {
        let low = AvailabilityBlock.apply(.lowStock(3), to: copy)
        #expect(low.bodyHTML == #"<p>Corps</p><p class="catalogd-availability">Plus que 3 en stock.</p>"#)
        #expect(low.contentHash != copy.contentHash)
        let out = AvailabilityBlock.apply(.outOfStock, to: low)
        #expect(out.bodyHTML == #"<p>Corps</p><p class="catalogd-availability">Actuellement en rupture de stock.</p>"#)
        #expect(AvailabilityBlock.apply(.outOfStock, to: out) == out)
        #expect(AvailabilityBlock.apply(nil, to: out).bodyHTML == "<p>Corps</p>")
    }

    @Test func onlyTheMarkedParagraphIsRemovedWhereverItIs() {
        let block = #"<p class="catalogd-availability">Plus que 3 en stock.</p>"#
        #expect(AvailabilityBlock.removing(from: "<p>Crème brûlée</p>" + block + "<p>Été ✓</p>") == "<p>Crème brûlée</p><p>Été ✓</p>")
        #expect(AvailabilityBlock.removing(from: block) == "")
        // An opening that is never closed is not catalogd's paragraph: the body stays as it is.
        let unclosed = #"<p>Ça</p><p class="catalogd-availability">Plus que 3"#
        #expect(AvailabilityBlock.removing(from: unclosed) == unclosed)
        #expect(AvailabilityBlock.removing(from: "<p>日本語</p>") == "<p>日本語</p>")
    }

    @Test func everyTemplateLanguageHasItsOwnSentences() {
        let english = AvailabilityBlock.sentence(.backInStock, locale: LocaleCode("en")!)
        for language in TemplatePhrasebook.supportedLanguages where language != "en" {
            let locale = LocaleCode(language)!
            #expect(AvailabilityBlock.sentence(.backInStock, locale: locale) != english, "\(language)")
            #expect(AvailabilityBlock.sentence(.lowStock(7), locale: locale).contains("7"), "\(language)")
        }
    }
}
