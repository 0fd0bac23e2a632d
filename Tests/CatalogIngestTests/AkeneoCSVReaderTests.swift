import CatalogCore
@testable import CatalogIngest
import CatalogTestSupport
import Foundation
import Testing

@Suite struct AkeneoCSVReaderTests {
    let reader = AkeneoCSVReader()

    private func read(_ text: String, options: AkeneoCSVReader.Options = .init()) throws -> [Product] {
        try AkeneoCSVReader(options: options).read(Data(text.utf8))
    }

    private func error(_ text: String) -> CatalogError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error as? CatalogError
        }
    }

    @Test func mapsAkeneoHeaderConventionsIntoTypedAttributes() throws {
        let products = try read(AkeneoCSV.catalog(skus: ["A-1"]).text)
        let product = try #require(products.first)
        #expect(product.sku.rawValue == "A-1")
        #expect(product.family == "gear")
        #expect(product.enabled)
        #expect(product.categories == ["outdoor", "sale"])
        #expect(product.attributes["brand"] == .text("Northpeak"))
        #expect(product.attributes["name"] == .localizedText([LocaleCode("en_US")!: "Item A-1", LocaleCode("de_DE")!: "Artikel A-1", LocaleCode("fr_FR")!: "Article A-1"]))
        // Only the configured channel's scoped values are read: the `print` description is ignored.
        #expect(product.attributes["description"] == .localizedText([LocaleCode("en_US")!: "Sturdy A-1 for rainy days.", LocaleCode("de_DE")!: "Robustes A-1 für Regentage."]))
        #expect(product.attributes["price"] == .price([Money(amount: CanonicalDecimal("19.9")!, currency: "EUR"), Money(amount: CanonicalDecimal("21")!, currency: "USD")]))
        #expect(product.attributes["weight"] == .number(CanonicalDecimal("250")!, unit: "GRAM"))
    }

    @Test func handlesQuotedDelimitersQuotesNewlinesCRLFAndBOM() throws {
        let text = "\u{FEFF}sku;description-en_US;color\r\n\"A;1\";\"Says \"\"hi\"\"\r\non two lines\";Red\r\nB-2;plain;Blue"
        let products = try read(text)
        #expect(products.map(\.sku.rawValue) == ["A;1", "B-2"])
        #expect(products[0].attributes["description"] == .localizedText([LocaleCode("en_US")!: "Says \"hi\"\r\non two lines"]))
        #expect(products[1].attributes["color"] == .text("Blue"))
    }

    @Test func declaredTypesAndConfigurableDelimiter() throws {
        let options = AkeneoCSVReader.Options(delimiter: UInt8(ascii: ","), attributeTypes: ["materials": .list, "waterproof": .boolean, "image": .media])
        let products = try read("sku,materials,waterproof,image\nA,\"wool, cotton,wool\",0,a.jpg\n", options: options)
        #expect(products[0].attributes["materials"] == .list(["cotton", "wool"]))
        #expect(products[0].attributes["waterproof"] == .boolean(false))
        #expect(products[0].attributes["image"] == .media("a.jpg"))
    }

    @Test func emptyCellsAreAbsentAttributes() throws {
        let products = try read("sku;color;size\nA;;M\n")
        #expect(products[0].attributes.keys.sorted() == ["size"])
    }

    @Test func wrongColumnCountNamesTheLineEvenAfterAMultiLineField() {
        let failure = error("sku;description-en_US;color\nA;\"two\nlines\";Red\nB;only two\n")
        #expect(failure?.code == .wrongColumnCount)
        #expect(failure?.context.line == 4)
        #expect(failure?.message.contains("expected 3 fields as in the header, found 2") == true)
    }

    @Test func invalidUTF8NamesLineAndColumn() throws {
        var bytes = Array("sku;name-de_DE\nA;Gr".utf8)
        bytes.append(0xF6)  // Latin-1 "ö": a file saved as ISO-8859-1
        bytes.append(contentsOf: Array("n\n".utf8))
        do {
            _ = try reader.read(Data(bytes))
            Issue.record("expected an error")
        } catch let failure as CatalogError {
            #expect(failure.code == .invalidUTF8)
            #expect(failure.context.line == 2)
            #expect(failure.context.column == 2)
            #expect(failure.context.key == "name-de_DE")
            #expect(failure.message.contains("0xF6"))
        }
    }

    @Test func emptySKUIsAnError() {
        let failure = error("sku;color\nA;Red\n  ;Blue\n")
        #expect(failure?.code == .emptySKU)
        #expect(failure?.context.line == 3)
    }

    @Test func duplicateSKUNamesBothLines() {
        let failure = error("sku;color\nA;Red\nB;Blue\nA;Green\n")
        #expect(failure?.code == .duplicateSKU)
        #expect(failure?.context.line == 4)
        #expect(failure?.context.sku == "A")
        #expect(failure?.message.contains("first on line 2") == true)
    }

    @Test func structuralErrors() {
        #expect(error("")?.code == .emptyFile)
        #expect(error("code;color\nA;Red\n")?.code == .missingIdentifierColumn)
        #expect(error("sku;color;color\n")?.code == .duplicateColumn)
        #expect(error("sku;color\nA;\"Red\n")?.code == .unterminatedQuote)
        #expect(error("sku;color\nA;\"Red\"x\n")?.code == .unterminatedQuote)
        #expect(error("sku;enabled\nA;maybe\n")?.code == .invalidValue)
        #expect(error("sku;price-EUR\nA;12,50\n")?.context.key == "price-EUR")
        #expect(error("sku;weight;weight-unit\nA;heavy;GRAM\n")?.code == .invalidValue)
    }

    @Test func invalidUTF8OffsetPointsAtTheBadByte() {
        #expect(firstInvalidUTF8Offset(Array("ab".utf8) + [0xC3]) == 2)
        #expect(firstInvalidUTF8Offset(Array("é".utf8) + [0xFF]) == 2)
    }
}
