import CatalogCore
@testable import CatalogPipeline
import Testing

@Suite struct CopyChecksTests {
    let product = Product(sku: SKU("ARC-1")!, family: "lamps", attributes: ["name": .localizedText([LocaleCode("en")!: "Arc desk lamp"])])

    @Test func policyRulesNameTheRuleAndThePhrase() {
        let rules = PolicyRules()
        let violations = rules.check("This eco-friendly lamp cures headaches and is guaranteed to please.", language: "en", product: product)
        #expect(violations.map(\.description) == [
            #"rule health-claims: "cures""#, #"rule generic-environmental-claims: "eco-friendly""#, #"rule unproven-superlatives: "guaranteed""#,
        ])
        #expect(violations.map(\.action) == [.block, .legalReview, .legalReview])
        #expect(rules.check("Klimaneutral hergestellt.", language: "de", product: product).map(\.rule) == ["generic-environmental-claims"])
        #expect(PolicyRules(market: "US").check("Eco-friendly.", language: "en", product: product).isEmpty, "EU-only rule")
        var labelled = product
        labelled.attributes["eco_label"] = .text("EU Ecolabel")
        #expect(rules.check("Eco-friendly.", language: "en", product: labelled).isEmpty, "evidence allows the claim")
        #expect(rules.check("Secure fit, curated colours.", language: "en", product: product).isEmpty, "whole words only")
    }

    @Test func requiredDisclosuresApplyToTheirFamily() {
        let rule = PolicyRule(id: "weee", kind: .requiredDisclosure, action: .legalReview, phrases: ["WEEE"], families: ["lamps"])
        let rules = PolicyRules(rules: [rule])
        #expect(rules.check("A lamp.", language: "en", product: product).map(\.description) == ["rule weee: required disclosure missing"])
        #expect(rules.check("A lamp. WEEE reg. no. 123.", language: "en", product: product).isEmpty)
    }

    @Test func brandVoiceExplainsEveryDeductionAndSuggestsEdits() {
        let voice = BrandVoice(profile: BrandVoiceProfile(bannedWords: ["cheap"], preferredWords: ["cheap": "affordable"], maxExclamations: 0, minWords: 3))
        let result = voice.score("A cheap lamp! Buy now!", language: "en")
        #expect(result.findings == [#"uses the banned word "cheap""#, "2 exclamation marks (at most 0)"])
        #expect(result.suggestedEdits.first == #"replace "cheap" with "affordable""#)
        #expect(result.score < 0.8)
        #expect(voice.score("Eine Leuchte für dich und deinen Schreibtisch.", language: "de").findings == [#"addresses the customer informally ("dich")"#])
        #expect(voice.score("Eine Leuchte für Ihren Schreibtisch.", language: "de").matches)
    }

    @Test func readabilityUsesEachLanguagesFormula() {
        let easy = Readability.score("The lamp is small. It is black. It has a cord.", language: "en")
        let hard = Readability.score("This extraordinarily sophisticated illumination apparatus incorporates considerable technological innovation, facilitating unprecedented configurability.", language: "en")
        #expect(easy.formula == "Flesch" && hard.formula == "Flesch")
        #expect(easy.value > 80 && hard.value < 20)
        #expect(Readability.score("Die Leuchte ist klein.", language: "de").formula == "Amstad")
        #expect(Readability.score("La lampe est petite.", language: "fr").formula == "Kandel–Moles")
        #expect(Readability.score("La lámpara es pequeña.", language: "es").formula == "Fernández Huerta")
        #expect(Readability.score("La lampada è piccola.", language: "it").formula == "Flesch–Vacca")
        #expect(Readability.score("De lamp is klein.", language: "nl").formula == "Douma")
        #expect(Readability.score("Lampa jest mała.", language: "pl").formula == "sentence/word-length proxy")
    }

    @Test func sanitizerKeepsOnlyTheAllowList() {
        let dirty = #"<h2 class="x">Arc</h2><script>alert(1)</script><p onclick="evil()">Lamp <a href="http://spam">buy</a> & more</p><img src=x onerror=1><ul><li>One</li></ul><!-- c --><style>p{}</style>"#
        #expect(HTMLSanitizer.sanitize(dirty) == "<h2>Arc</h2><p>Lamp buy & more</p><ul><li>One</li></ul>")
        #expect(HTMLSanitizer.sanitize("1 < 2 > 0") == "1 &lt; 2 &gt; 0")
        #expect(HTMLSanitizer.plainText("<h2>Arc</h2><ul><li>Weight: 1 kg</li><li>Black</li></ul>") == "Arc\nWeight: 1 kg\nBlack")
        // Entities decode once, where they stand: "&amp;lt;" is the text "&lt;", not "<".
        #expect(HTMLSanitizer.plainText("<P>Fish &amp; chips, l&#39;uso &quot;x&quot; &lt;3 &amp;lt; &copy;</P><p>Next</p>") == "Fish & chips, l'uso \"x\" <3 &lt; &copy;\nNext")
    }

    @Test func seoFindsStuffingMissingMetaAndShortCopy() {
        let stuffed = GeneratedCopy(sku: product.sku, locale: LocaleCode("en")!, title: "Arc desk lamp", bodyHTML: "<p>Lamp lamp lamp. A lamp for a desk.</p>", metaTitle: "", metaDescription: "", generator: GeneratorIdentity(name: "t", version: "1"))
        let report = SEOAnalysis.analyze(stuffed, keywords: SEOAnalysis.keywords(for: product, locale: LocaleCode("en")!), settings: SEOSettings())
        #expect(report.keywords == ["desk", "lamp"])
        #expect(report.issues.contains(.keywordStuffing(keyword: "lamp", density: 0.5)))
        #expect(report.issues.contains(.missingMeta))
        #expect(report.issues.contains(.tooShort(words: 8)))
    }

    @Test func handlesAreAsciiAndFallBackToTheSKU() {
        #expect(SEOAnalysis.handle(title: "Größe Leuchte – Arc", sku: product.sku) == "grosse-leuchte-arc")
        #expect(SEOAnalysis.handle(title: "Crème brûlée Lampe", sku: product.sku) == "creme-brulee-lampe")
        #expect(!SEOAnalysis.handle(title: "台灯", sku: product.sku).isEmpty)
    }
}
