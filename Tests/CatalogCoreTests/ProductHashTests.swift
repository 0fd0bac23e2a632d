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

    @Test(arguments: ["", "english", "e", "en_USA", "en-U1", "12", "en_", "en__US", "dé", "en-US-x"])
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

@Suite struct CanonicalJSONTests {
    @Test func isCompactSortedAndEscaped() throws {
        let product = Product(sku: SKU("A\"1")!, family: "f", categories: ["z", "a"], attributes: [
            "weight": .number(CanonicalDecimal("1.50")!, unit: "KILOGRAM"),
            "name": .localizedText([LocaleCode("fr")!: "Ligne\ndeux\t\u{1}", LocaleCode("de")!: "Zwei \\ Wege"]),
            "flag": .boolean(false),
            "tags": .list(["x"]),
            "price": .price([Money(amount: CanonicalDecimal("2")!, currency: "usd"), Money(amount: CanonicalDecimal("1")!, currency: "EUR")]),
            "image": .media("https://x/a.jpg"),
            "color": .text("Blue"),
        ])
        let json = String(decoding: product.canonicalJSON(), as: UTF8.self)
        #expect(json == #"{"attributes":{"color":{"type":"text","value":"Blue"},"flag":{"type":"boolean","value":false},"image":{"type":"media","value":"https://x/a.jpg"},"name":{"type":"localizedText","value":{"de":"Zwei \\ Wege","fr":"Ligne\ndeux\t\u0001"}},"price":{"type":"price","value":[{"amount":"1","currency":"EUR"},{"amount":"2","currency":"USD"}]},"tags":{"type":"list","value":["x"]},"weight":{"type":"number","unit":"KILOGRAM","value":"1.5"}},"categories":["a","z"],"enabled":true,"family":"f","sku":"A\"1"}"#)
        #expect(try Product.decode(canonicalJSON: product.canonicalJSON()) == product)
    }

    /// Keys sharing long prefixes, non-ASCII keys and long strings with escapes deep inside:
    /// the fast paths of the writer must produce the same bytes as the plain rules.
    @Test func canonicalJSONOrdersKeysByUTF8BytesAndEscapesEverywhere() {
        let product = Product(sku: SKU("S")!, attributes: [
            "alphabet_long_key_1": .text("an unremarkable ascii string of some length"),
            "alphabet_long_key_0": .text("a long string with a \"quote\" after eight bytes"),
            "a": .text("é\u{A2}\u{DC}Ü 😀 and a control \u{1F} char far along"),
            "Zeta": .text("backslash \\ late in the string"),
            "ä": .text("x"),
            "z": .localizedText([LocaleCode("pt-BR")!: "b", LocaleCode("pt")!: "a", LocaleCode("en-US")!: "c"]),
        ])
        let json = String(decoding: product.canonicalJSON(), as: UTF8.self)
        #expect(json == #"{"attributes":{"Zeta":{"type":"text","value":"backslash \\ late in the string"},"a":{"type":"text","value":"é¢ÜÜ 😀 and a control \u001f char far along"},"alphabet_long_key_0":{"type":"text","value":"a long string with a \"quote\" after eight bytes"},"alphabet_long_key_1":{"type":"text","value":"an unremarkable ascii string of some length"},"z":{"type":"localizedText","value":{"en-US":"c","pt":"a","pt-BR":"b"}},"ä":{"type":"text","value":"x"}},"categories":[],"enabled":true,"sku":"S"}"#, "unchanged since the first release: stored hashes depend on it")
    }
}

