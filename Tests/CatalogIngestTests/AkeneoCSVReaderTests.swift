import CatalogCore
@testable import CatalogIngest
import CatalogParsing
import CatalogTestSupport
import Foundation
import Testing

@Suite struct AkeneoCSVReaderTests {
    private func read(_ text: String, options: AkeneoCSVReader.Options = .init()) throws -> CollectedRecords {
        try AkeneoCSVReader(options: options).readAll(Array(text.utf8))
    }

    /// The one row error a file with one bad row reports.
    private func rowError(_ text: String) throws -> CatalogError? {
        let records = try read(text)
        #expect(records.rowErrors.count == 1)
        return records.rowErrors.first
    }

    private func fileError(_ text: String) -> CatalogError? {
        do {
            _ = try read(text)
            return nil
        } catch {
            return error as? CatalogError
        }
    }

    @Test func mapsAkeneoHeaderConventionsIntoTypedAttributes() throws {
        let product = try #require(try read(AkeneoCSV.catalog(skus: ["A-1"]).text).products.first)
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
        let records = try read(text)
        #expect(records.products.map(\.sku.rawValue) == ["A;1", "B-2"])
        #expect(records.lines == [2, 4])
        #expect(records.products[0].attributes["description"] == .localizedText([LocaleCode("en_US")!: "Says \"hi\"\r\non two lines"]))
        #expect(records.products[1].attributes["color"] == .text("Blue"))
    }

    @Test func streamsAcrossChunkBoundaries() throws {
        // Far more than one 1 MiB read: records and quoted fields straddle chunk boundaries.
        var csv = AkeneoCSV.catalog(skus: (0..<4_000).map { "SKU-\($0)" })
        csv.set("description-en_US-ecommerce", of: "SKU-1999", to: "multi\nline; \"quoted\"")
        let records = try read(csv.text)
        #expect(records.products.count == 4_000)
        #expect(records.rowErrors.isEmpty)
        #expect(records.products[1999].attributes["description"]?.displayText(in: LocaleCode("en-US")!) == "multi\nline; \"quoted\"")
    }

    @Test func declaredTypesAndConfigurableDelimiter() throws {
        let options = AkeneoCSVReader.Options(delimiter: UInt8(ascii: ","), attributeTypes: ["materials": .list, "waterproof": .boolean, "image": .media])
        let products = try read("sku,materials,waterproof,image\nA,\"wool, cotton,wool\",0,a.jpg\n", options: options).products
        #expect(products[0].attributes["materials"] == .list(["cotton", "wool"]))
        #expect(products[0].attributes["waterproof"] == .boolean(false))
        #expect(products[0].attributes["image"] == .media("a.jpg"))
    }

    @Test func emptyCellsAreAbsentAttributes() throws {
        let products = try read("sku;color;size\nA;;M\n").products
        #expect(products[0].attributes.keys.sorted() == ["size"])
    }

    @Test func wrongColumnCountSkipsTheRowAndNamesItsLineEvenAfterAMultiLineField() throws {
        let records = try read("sku;description-en_US;color\nA;\"two\nlines\";Red\nB;only two\nC;x;Green\n")
        #expect(records.products.map(\.sku.rawValue) == ["A", "C"])
        let error = try #require(records.rowErrors.first)
        #expect(error.code == .wrongColumnCount)
        #expect(error.context.line == 4)
        #expect(error.context.sku == "B")
        #expect(error.message.contains("expected 3 fields as in the header, found 2"))
    }

    @Test func invalidUTF8NamesLineColumnAndSKU() throws {
        var bytes = Array("sku;name-de_DE\nA;Gr".utf8)
        bytes.append(0xF6)  // Latin-1 "ö": a file saved as ISO-8859-1
        bytes.append(contentsOf: Array("n\n".utf8))
        let error = try #require(try AkeneoCSVReader().readAll(bytes).rowErrors.first)
        #expect(error.code == .invalidUTF8)
        #expect(error.context.line == 2)
        #expect(error.context.column == 2)
        #expect(error.context.key == "name-de_DE")
        #expect(error.context.sku == "A")
        #expect(error.message.contains("0xF6"))
    }

    @Test func emptySKUIsARowError() throws {
        let error = try rowError("sku;color\nA;Red\n  ;Blue\n")
        #expect(error?.code == .emptySKU)
        #expect(error?.context.line == 3)
    }

    @Test func invalidValuesAreRowErrors() throws {
        #expect(try rowError("sku;enabled\nA;maybe\n")?.code == .invalidValue)
        #expect(try rowError("sku;price-EUR\nA;12,50\n")?.context.key == "price-EUR")
        #expect(try rowError("sku;weight;weight-unit\nA;heavy;GRAM\n")?.code == .invalidValue)
    }

    @Test func structuralErrorsRejectTheFile() {
        #expect(fileError("")?.code == .emptyFile)
        #expect(fileError("code;color\nA;Red\n")?.code == .missingIdentifierColumn)
        #expect(fileError("sku;color;color\n")?.code == .duplicateColumn)
        #expect(fileError("sku;color\nA;\"Red\n")?.code == .unterminatedQuote)
        #expect(fileError("sku;color\nA;\"Red\"x\n")?.code == .unterminatedQuote)
    }

    /// The reader writes documents straight from the columns; these are the rules a
    /// dictionary-built product followed, column by column.
    @Test func aPriceBeatsALocalizedValueWhichBeatsAPlainOneAndTheRightmostColumnWins() throws {
        let header = "sku;color;color-ecommerce;color-en_US;color-en_US-ecommerce;color-EUR;weight;weight-unit;size;size-unit"
        let rows = [
            "A;red;;;;;;;;",  // plain only
            "B;red;blue;;;;;;;",  // the rightmost plain column wins
            "C;red;blue;Red;;;;;;",  // localized beats plain
            "D;red;;Red;Crimson;;;;;",  // the rightmost column of a locale wins
            "E;red;;Red;;12.50;;;;",  // a price beats both
            "F;;;;;;250;GRAM;M;",  // a plain value beside a unit is a metric; without one it is text
            "G;  spaced  ;;;;;;;;",  // values are trimmed
        ]
        let products = try read(([header] + rows).joined(separator: "\n") + "\n").products
        let en = LocaleCode("en_US")!
        #expect(products.map(\.sku.rawValue) == ["A", "B", "C", "D", "E", "F", "G"])
        #expect(products[0].attributes["color"] == .text("red"))
        #expect(products[1].attributes["color"] == .text("blue"))
        #expect(products[2].attributes["color"] == .localizedText([en: "Red"]))
        #expect(products[3].attributes["color"] == .localizedText([en: "Crimson"]))
        #expect(products[4].attributes["color"] == .price([Money(amount: CanonicalDecimal("12.5")!, currency: "EUR")]))
        #expect(products[5].attributes == ["weight": .number(CanonicalDecimal("250")!, unit: "GRAM"), "size": .text("M")])
        #expect(products[6].attributes["color"] == .text("spaced"))
        // A bad metric is an error even where a price would have won.
        #expect(try rowError(header + "\nH;x;;;;1;;;heavy;CM\n")?.context.key == "size")
    }

    /// Each document is the canonical JSON of the product it decodes to, byte for byte:
    /// keys and locales in byte order, lists sorted and unique, one escaping, trimmed values.
    @Test func documentsAreCanonicalForTrickyValues() throws {
        let header = "sku;family;categories;enabled;name-en_US;name-de_DE;name-zh_Hans_CN;Zeta;ärger;tags;price-USD;price-EUR;height;height-unit;note"
        let rows = [
            "A;gear;b,a,b, c ,;1;\"Say \"\"hi\"\"\\ \t\";Grüße;你好;z;ä;x,y,x;1.50;01.0;10.0;CM;\" \u{301}accent\"",
            "B;;;0;\"line\nbreak\";;;;;;;;;;\u{1}control",
            "C;  fam  ;;yes;\" \";;;;;,, ,;;;;;\"\r\n\"",
        ]
        let options = AkeneoCSVReader.Options(attributeTypes: ["tags": .list])
        let sink = try read(([header] + rows).joined(separator: "\n") + "\n", options: options)
        #expect(sink.documents.count == 3)
        #expect(sink.rowErrors.isEmpty)
        for document in sink.documents {
            let product = try document.product()
            #expect(CanonicalDocument(product).json == document.json, "\(String(decoding: document.json, as: UTF8.self))")
        }
        let first = try sink.documents[0].product()
        #expect(first.categories == ["a", "b", "c"])
        #expect(first.attributes["tags"] == .list(["x", "y"]))
        #expect(first.attributes["note"] == .text(" \u{301}accent"), "a space carrying a combining mark is part of the text")
        #expect(try sink.documents[2].product().family == "fam")
    }

    @Test func invalidUTF8OffsetPointsAtTheBadByte() {
        func offset(_ bytes: [UInt8]) -> Int? { bytes.withUnsafeBytes { UTF8Text.firstInvalidOffset($0) } }
        #expect(offset(Array("ab".utf8) + [0xC3]) == 2)
        #expect(offset(Array("é".utf8) + [0xFF]) == 2)
        #expect(offset(Array("ascii, long enough for the fast path: ".utf8) + [0xED, 0xA0, 0x80]) == 38, "a surrogate")
        #expect(offset(Array("0123456789".utf8) + [0xC0, 0xAF]) == 10, "an overlong slash")
        #expect(offset(Array("Grüße 😀".utf8)) == nil)
    }

    /// The hand-written check agrees with the standard library on arbitrary bytes.
    @Test func utf8ValidationMatchesTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        let interesting: [UInt8] = [0x00, 0x41, 0x7F, 0x80, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xA0, 0xED, 0x9F, 0xEF, 0xF0, 0x90, 0xF4, 0x8F, 0xF5, 0xFF]
        for _ in 0..<20_000 {
            let length = Int.random(in: 0...12, using: &generator)
            let bytes = (0..<length).map { _ in Bool.random(using: &generator) ? interesting.randomElement(using: &generator)! : UInt8.random(in: 0...255, using: &generator) }
            let expected = String(validating: bytes, as: UTF8.self)
            let actual = bytes.withUnsafeBytes { UTF8Text.string($0) }
            #expect(actual == expected, "\(bytes)")
        }
    }
}

@Suite struct RowFingerprintTests {
    let csv = AkeneoCSV.catalog(skus: ["A", "B", "C"])

    func read(_ text: String, options: AkeneoCSVReader.Options = .init(), known: [SKU: RowFingerprint] = [:]) throws -> CollectedRecords {
        var source = DataByteSource(Data(text.utf8))
        var sink = CollectedRecords()
        sink.known = known
        try AkeneoCSVReader(options: options).read(&source, into: &sink)
        return sink
    }

    @Test func aRowSeenBeforeIsReportedUnchangedWithoutBuildingIt() throws {
        let first = try read(csv.text)
        let known = Dictionary(uniqueKeysWithValues: zip(first.products.map(\.sku), first.fingerprints.map { $0! }))
        var edited = csv
        edited.set("color", of: "B", to: "Red")
        let second = try read(edited.text, known: known)
        #expect(second.unchanged.map(\.rawValue) == ["A", "C"])
        #expect(second.products.map(\.sku.rawValue) == ["B"])
        #expect(second.fingerprints.first! != known[SKU("B")!])
    }

    @Test func fingerprintsChangeWithTheHeaderAndTheSettings() throws {
        let base = try read(csv.text).fingerprints
        #expect(try read(csv.text).fingerprints == base, "deterministic")
        #expect(try read(csv.text, options: .init(channel: "print")).fingerprints != base)
        #expect(try read(csv.text, options: .init(attributeTypes: ["color": .list])).fingerprints != base)
        var renamed = csv
        renamed.header[5] = "colour"
        #expect(try read(renamed.text).fingerprints != base)
    }

    @Test func fieldBoundariesArePartOfTheFingerprint() throws {
        let one = try read("sku;a;b\nX;ab;\n").fingerprints
        let other = try read("sku;a;b\nX;a;b\n").fingerprints
        #expect(one != other)
    }
}

