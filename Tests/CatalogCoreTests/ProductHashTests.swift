import CatalogCore
import CatalogTestSupport
import Foundation
import Testing

@Suite struct ProductHashTests {
    @Test func hashIgnoresOrderOfCategoriesListsAndAttributes() {
        let a = Product(sku: SKU("A-1")!, categories: ["b", "a", "a"], attributes: [
            "materials": .normalizedList(["wool", "cotton"]),
            "name": .localizedText([LocaleCode("en_US")!: "Shirt", LocaleCode("de_DE")!: "Hemd"]),
            "weight": .number(CanonicalDecimal("12.50")!, unit: "GRAM"),
        ])
        let b = Product(sku: SKU("A-1")!, categories: ["a", "b"], attributes: [
            "weight": .number(CanonicalDecimal("12.5")!, unit: "GRAM"),
            "name": .localizedText([LocaleCode("de-DE")!: "Hemd", LocaleCode("en-US")!: "Shirt"]),
            "materials": .normalizedList(["cotton", " wool "]),
        ])
        #expect(a.contentHash == b.contentHash)
        #expect(a.canonicalJSON() == b.canonicalJSON())
    }

    @Test func hashChangesWhenAValueChanges() {
        #expect(Product.fixture(color: "Blue").contentHash != Product.fixture(color: "Red").contentHash)
    }

    @Test func canonicalJSONRoundTrips() throws {
        let product = Product.fixture()
        let decoded = try Product.decode(canonicalJSON: product.canonicalJSON())
        #expect(decoded == product)
        #expect(decoded.contentHash == product.contentHash)
    }

    @Test func hashIsHexSHA256() {
        #expect(ContentHash(of: Data("abc".utf8)).hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }
}

@Suite struct IdentifierTests {
    @Test func skuIsTrimmedAndNeverEmpty() {
        #expect(SKU("  AB-1 ")?.rawValue == "AB-1")
        #expect(SKU("") == nil)
        #expect(SKU(" \t ") == nil)
    }

    @Test(arguments: [("en", "en"), ("en_US", "en-US"), ("de-ch", "de-CH"), ("es-419", "es-419")])
    func localesNormalise(raw: String, expected: String) {
        #expect(LocaleCode(raw)?.identifier == expected)
    }

    @Test(arguments: ["", "english", "e", "en_USA", "en-U1", "12"])
    func invalidLocalesAreRejected(raw: String) {
        #expect(LocaleCode(raw) == nil)
    }

    @Test func localisedTextPrefersExactLocaleThenLanguageButNeverAnotherLanguage() {
        let texts: [LocaleCode: String] = [LocaleCode("de_DE")!: "Hemd", LocaleCode("en_US")!: "Shirt"]
        #expect(texts.text(preferring: LocaleCode("de-DE")!) == "Hemd")
        #expect(texts.text(preferring: LocaleCode("de")!) == "Hemd")
        #expect(texts.text(preferring: LocaleCode("fr")!) == nil)
    }

    @Test func decimalsAreCanonical() {
        #expect(CanonicalDecimal("012.500")?.description == "12.5")
        #expect(CanonicalDecimal("1e3") == nil)
        #expect(CanonicalDecimal("12,5") == nil)
        #expect(CanonicalDecimal("abc") == nil)
    }

    @Test func unitsRenderAsSymbols() {
        #expect(AttributeValue.number(CanonicalDecimal("310")!, unit: "GRAM").displayText(in: LocaleCode("en")!) == "310 g")
        #expect(AttributeValue.number(CanonicalDecimal("2")!, unit: "PARSEC").displayText(in: LocaleCode("en")!) == "2 PARSEC")
    }
}
