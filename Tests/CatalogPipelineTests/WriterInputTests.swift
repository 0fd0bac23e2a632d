import CatalogCore
@testable import CatalogPipeline
import CatalogTestSupport
import Testing

/// Issue 25: PIM rich text reached the shop as literal `<p>` text with double-escaped entities.
@Suite struct RichTextTests {
    let provider = TemplateProvider()

    @Test func akeneoRichTextIsKeptAsHTMLWithEntitiesDecodedOnce() throws {
        let product = Product(sku: SKU("R-1")!, attributes: [
            "name": .text("Fish &amp; Chips Pan"),
            "description": .text("<p>Cast iron&nbsp;pan for <strong>fish &amp; chips</strong>.</p><ul><li>Pre-seasoned</li><li>Oven-safe &lt; 260&nbsp;°C</li></ul><p><br></p><script>alert(1)</script><p onclick=\"x()\">Made to last.</p>"),
        ])
        let copy = try provider.render(GenerationRequest(product: product, locale: LocaleCode("en")!))
        #expect(copy.title == "Fish & Chips Pan")
        #expect(copy.bodyHTML.contains("<h2>Fish &amp; Chips Pan</h2>"))
        #expect(copy.bodyHTML.contains("<p>Cast iron\u{A0}pan for <strong>fish &amp; chips</strong>.</p>"), "\(copy.bodyHTML)")
        #expect(copy.bodyHTML.contains("<ul><li>Pre-seasoned</li><li>Oven-safe &lt; 260\u{A0}°C</li></ul>"))
        #expect(copy.bodyHTML.contains("<p>Made to last.</p>"))
        for leftover in ["&amp;amp;", "&amp;nbsp;", "&lt;p&gt;", "script", "onclick", "<p></p>", "<p><br></p>"] {
            #expect(!copy.bodyHTML.contains(leftover), "\(leftover)")
        }
        #expect(copy.metaDescription.contains("Cast iron\u{A0}pan for fish & chips. Pre-seasoned Oven-safe < 260\u{A0}°C"), "\(copy.metaDescription)")
        #expect(!copy.metaDescription.contains("<") || copy.metaDescription.contains("< 260"))
    }

    @Test func plainTextStaysTextAndParagraphsSplitOnBlankLines() {
        #expect(RichText.blocks("Fish & chips < 5 min\n\nSecond part") == [.paragraph("Fish &amp; chips &lt; 5 min"), .paragraph("Second part")])
        #expect(RichText.plainText("<h1>Big</h1><p>one<br>two</p>") == "Big one two")
        #expect(RichText.blocks("<h1>Big</h1>") == [.heading(level: 3, "Big")])
        #expect(RichText.blocks("loose <b>bold</b> text<div>block</div>") == [.paragraph("loose <strong>bold</strong> text"), .paragraph("block")])
    }

    @Test func theBrandIsNamedOnceAndYesNoValuesAreFeatures() throws {
        let product = Product(sku: SKU("B-1")!, attributes: [
            "name": .text("L'Atelier Nº5 Trail Shoe"), "brand": .text("L'Atelier Nº5"),
            "waterproof": .text("1"), "is_vegan": .number(CanonicalDecimal("0")!, unit: nil), "pieces": .text("1"), "ean": .text("4038123456789"),
        ])
        let copy = try provider.render(GenerationRequest(product: product, locale: LocaleCode("en")!))
        #expect(copy.title == "L'Atelier Nº5 Trail Shoe")
        #expect(copy.metaTitle == "L'Atelier Nº5 Trail Shoe")
        #expect(copy.bodyHTML.contains("<li>Waterproof</li>"))
        #expect(!copy.bodyHTML.contains("Is vegan"), "a false yes/no attribute is not a feature")
        #expect(copy.bodyHTML.contains("<li><strong>Pieces:</strong> 1</li>"), "a count stays a number")
        #expect(!copy.bodyHTML.contains("4038123456789"), "identifiers are not copy")
    }
}

/// Issue 25: Akeneo's attribute and option exports label values the shop's way.
@Suite struct SchemaLabelTests {
    let schema = AttributeSchema(
        attributes: [
            "color": .init(kind: .simpleSelect, labels: ["en": "Colour", "de": "Farbe", "fr": "Couleur"]),
            "waterproof": .init(kind: .boolean, labels: ["en": "Waterproof", "de": "Wasserdicht", "fr": "Imperméable"]),
            "upper_material": .init(kind: .multiSelect, labels: ["de": "Obermaterial"]),
            "article_ref": .init(kind: .identifier),
        ],
        options: [
            "color": ["blue": ["en": "Blue", "de": "Blau", "fr": "Bleu"]],
            "upper_material": ["suede": ["de": "Wildleder"], "mesh": ["de": "Mesh"]],
        ]
    )
    let product = Product(sku: SKU("S-1")!, attributes: [
        "name": .text("Trail Runner"), "color": .text("BLUE"), "waterproof": .text("1"),
        "upper_material": .text("suede,mesh"), "article_ref": .text("AR-99"),
    ])

    @Test func labelsAndOptionsComeFromTheSchemaInTheShopsLanguage() throws {
        let german = try TemplateProvider(schema: schema).render(GenerationRequest(product: product, locale: LocaleCode("de")!))
        #expect(german.bodyHTML.contains("<li><strong>Farbe:</strong> Blau</li>"), "\(german.bodyHTML)")
        #expect(german.bodyHTML.contains("<li>Wasserdicht</li>"))
        #expect(german.bodyHTML.contains("<li><strong>Obermaterial:</strong> Wildleder, Mesh</li>"))
        #expect(!german.bodyHTML.contains("AR-99"), "an identifier by the schema's type")
        let french = try TemplateProvider(schema: schema).render(GenerationRequest(product: product, locale: LocaleCode("fr")!))
        #expect(french.bodyHTML.contains("<li><strong>Couleur\u{A0}:</strong> Bleu</li>"), "French sets a no-break space before a colon")
        #expect(french.bodyHTML.contains("<li>Imperméable</li>"))
        // No schema: the phrasebook's label, the vocabularies' word for the option code.
        let bare = try TemplateProvider().render(GenerationRequest(product: product, locale: LocaleCode("de")!))
        #expect(bare.bodyHTML.contains("<li><strong>Farbe:</strong> Blau</li>"), "\(bare.bodyHTML)")
    }

    @Test func aLaterExportAddsAndReplacesButNeverRemoves() {
        let later = AttributeSchema(attributes: ["color": .init(kind: .simpleSelect, labels: ["de": "Farbton"])], options: ["color": ["red": ["de": "Rot"]]])
        let merged = schema.merging(later)
        #expect(merged.label(of: "color", language: "de") == "Farbton" && merged.label(of: "color", language: "fr") == "Couleur")
        #expect(merged.optionLabel(attribute: "color", option: "blue", language: "de") == "Blau")
        #expect(merged.optionLabel(attribute: "color", option: "Red", language: "de") == "Rot")
    }
}

/// Issue 25: "Waterproof: 1", "Farbe: Blue", English labels under German.
@Suite struct VocabularyTests {
    let product = Product(sku: SKU("V-1")!, attributes: [
        "name": .text("Trail Runner"), "color": .text("Navy / White"), "upper_material": .text("suede, mesh"),
        "is_waterproof": .text("1"), "dishwasher_safe": .boolean(true), "heel_drop": .text("8 mm"), "fit": .text("Regular"),
    ])

    func render(_ locale: String) throws -> String {
        try TemplateProvider().render(GenerationRequest(product: product, locale: LocaleCode(locale)!)).bodyHTML
    }

    @Test func valuesAndFeaturesAreWrittenInTheShopsLanguage() throws {
        let german = try render("de")
        // "Navy" is German fashion usage too (a form the table lists), so it stays as written.
        #expect(german.contains("<li><strong>Farbe:</strong> Navy, Weiß</li>"), "\(german)")
        #expect(german.contains("<li>Wasserdicht</li>") && german.contains("<p><strong>Pflege:</strong> spülmaschinenfest.</p>"), "care features make a care line: \(german)")
        #expect(!german.contains("<li>Spülmaschinenfest</li>"), "and are not listed twice")
        let french = try render("fr")
        #expect(french.contains("<li><strong>Couleur\u{A0}:</strong> bleu marine, blanc</li>"), "\(french)")
        #expect(french.contains("<li>Imperméable</li>"))
        let japanese = try render("ja")
        #expect(japanese.contains("<li><strong>カラー：</strong>ネイビー、ホワイト</li>"), "\(japanese)")
        #expect(japanese.contains("<li>防水</li>"))
        let english = try render("en")
        #expect(english.contains("<li><strong>Colour:</strong> Navy / White</li>") || english.contains("<li><strong>Colour:</strong> Navy, White</li>"), "\(english)")
        #expect(english.contains("<li>Waterproof</li>") && english.contains("<p><strong>Care:</strong> dishwasher-safe.</p>"), "\(english)")
        #expect(try render("ja").contains("<p><strong>お手入れ：</strong>食洗機対応。</p>"))
    }

    /// Where the PIM has no description in the language, sentences from the attributes, in
    /// several realisations so a family's products do not all read alike.
    @Test func withoutADescriptionTheWriterSaysWhatTheProductIsMadeOf() throws {
        let french = try render("fr")
        #expect(french.contains("<p>") && french.contains("daim") && french.contains("bleu marine"), "\(french)")
        let german = try render("de")
        #expect(german.contains("Wildleder") && german.contains("wasserdicht"), "\(german)")
        #expect(try render("ja").contains("スエード"))
        var openings: Set<String> = []
        for index in 0..<40 {
            var product = product
            product.sku = SKU("V-\(index)")!
            let body = try TemplateProvider().render(GenerationRequest(product: product, locale: LocaleCode("en")!)).bodyHTML
            openings.insert(String(body.split(separator: "\n")[1].prefix(12)))
        }
        #expect(openings.count >= 3, "\(openings)")
    }

    /// Issue 25: a care line where the attributes allow it: care features and the PIM's care
    /// text in the shop's language, never another language's.
    @Test func careFeaturesAndTheLocalesCareTextMakeACareLine() throws {
        var pan = product
        pan.attributes["oven_safe"] = .boolean(true)
        pan.attributes["care_instructions"] = .localizedText([LocaleCode("de")!: "Nach Gebrauch trocknen und leicht einölen", LocaleCode("en")!: "Dry after use and oil lightly"])
        let german = try TemplateProvider().render(GenerationRequest(product: pan, locale: LocaleCode("de")!)).bodyHTML
        #expect(german.contains("<p><strong>Pflege:</strong> spülmaschinenfest, backofenfest, Nach Gebrauch trocknen und leicht einölen.</p>"), "\(german)")
        let french = try TemplateProvider().render(GenerationRequest(product: pan, locale: LocaleCode("fr")!)).bodyHTML
        #expect(french.contains("<p><strong>Entretien\u{A0}:</strong> lavable au lave-vaisselle, va au four.</p>") && !french.contains("Dry after"), "\(french)")
    }

    /// An attribute catalogd has no label for in the language is left out, not labelled in
    /// English; English pages humanise the code.
    @Test func noEnglishLabelsUnderOtherLanguages() throws {
        let german = try render("de")
        #expect(!german.contains("Heel drop") && !german.contains("Upper material") && !german.contains("Fit"), "\(german)")
        // Fit is labelled and its value written in the language (the sizes vocabulary).
        #expect(german.contains("<li><strong>Passform:</strong> normal</li>"), "\(german)")
        #expect(try render("fr").contains("<li><strong>Coupe\u{A0}:</strong> normale</li>"))
        #expect(try render("ja").contains("<li><strong>フィット：</strong>レギュラー</li>"))
        #expect(try render("en").contains("<li><strong>Heel drop:</strong> 8 mm</li>"))
    }

    /// Found by catalog-bench copy-quality: the writer's own words must not trip the checks.
    @Test func whatTheWriterWritesTheChecksGround() async throws {
        let pan = Product(sku: SKU("P-1")!, attributes: [
            "name": .localizedText([LocaleCode("de")!: "Bratpfanne 28", LocaleCode("en")!: "Frying Pan 28"]),
            "color": .text("Navy"), "material": .text("cast iron"), "induction_compatible": .text("1"),
        ])
        let outcome = try await CopyPipeline.offline(locales: ["en", "fr", "pt", "nl", "es"].map { LocaleCode($0)! }).run(pan)
        #expect(outcome.publishable.count == 5, "\(outcome.results)")
        let spanish = try #require(outcome.publishable.first { $0.locale.language == "es" })
        #expect(spanish.title.hasPrefix("Frying Pan 28"), "an untranslated name falls back to English, not to German")
        #expect(spanish.bodyHTML.contains("azul marino") && spanish.bodyHTML.contains("hierro fundido"), "\(spanish.bodyHTML)")
        for copy in outcome.publishable { #expect(CopyQuality.untranslated(copy, ignoring: ["frying", "pan"]).isEmpty, "\(copy.locale): \(CopyQuality.untranslated(copy))") }
    }

    @Test func englishLeftInOtherLanguagesIsCounted() {
        let copy = GeneratedCopy(sku: SKU("U")!, locale: LocaleCode("fr")!, title: "Sac", bodyHTML: "<ul><li><strong>Colour:</strong> blue</li><li>Matière : cuir</li></ul>", metaTitle: "Sac", metaDescription: "Sac en cuir, waterproof.", generator: GeneratorIdentity(name: "t", version: "1"))
        #expect(CopyQuality.untranslated(copy) == ["colour", "blue", "waterproof"])
    }

    /// The checks read colours and materials with the same words: suede is not leather, a
    /// dark blue is a blue, and everyday words that happen to name a material elsewhere
    /// ("tela", "leer") are not claims.
    @Test func theFactCheckReadsTheSameVocabulary() {
        let suede = Product(sku: SKU("S")!, attributes: ["material": .text("suede"), "color": .text("blue")])
        let checker = FactChecker()
        #expect(!checker.check("Obermaterial aus Wildleder, dunkelblau.", language: "de", product: suede).hallucinated)
        let leather = Product(sku: SKU("L")!, attributes: ["material": .text("leather")])
        #expect(checker.check("Aus feinem Wildleder.", language: "de", product: leather).ungrounded.map(\.phrase) == ["wildleder"])
        #expect(!checker.check("Fácil de leer, en una tela suave.", language: "es", product: Product(sku: SKU("T")!, attributes: [:])).hallucinated)
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
