import CatalogCore
@testable import CatalogIngest
import CatalogParsing
import CatalogTestSupport
import Foundation
import Testing

/// Every format, read from the sample exports in samples/, down to the canonical values.
@Suite struct SampleExportTests {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("samples")

    func bytes(_ path: String) throws -> [UInt8] {
        Array(try Data(contentsOf: Self.samples.appendingPathComponent(path)))
    }

    func locale(_ code: String) -> LocaleCode { LocaleCode(code)! }

    @Test(arguments: [
        ("akeneo/products.csv", ExportFormat.akeneoCSV), ("akeneo/products.jsonl", .akeneoJSONL),
        ("bmecat/catalog-2005.xml", .bmecat), ("bmecat/update-1.2.xml", .bmecat),
        ("merchant/feed.rss.xml", .merchantRSS), ("merchant/feed.atom.xml", .merchantAtom), ("merchant/products.json", .merchantJSON),
    ])
    func formatsAreDetectedByContent(path: String, format: ExportFormat) throws {
        #expect(ExportFormat.detect(try bytes(path), csvIdentifierColumn: "sku", delimiter: UInt8(ascii: ";")) == format)
    }

    @Test func akeneoJSONLMapsValuesByLocaleScopeAndType() throws {
        let records = try AkeneoJSONLReader(channel: "ecommerce").readAll(try bytes("akeneo/products.jsonl"))
        #expect(records.rowErrors.isEmpty)
        let kayak = try #require(records.products.first)
        #expect(kayak.sku.rawValue == "KAYAK-SOLO")
        #expect(kayak.family == "boats")
        #expect(kayak.categories == ["outdoor", "water"])
        #expect(kayak.attributes["name"] == .localizedText([locale("en_US"): "Solo touring kayak", locale("de_DE"): "Einer-Tourenkajak", locale("fr_FR"): "Kayak de randonnée solo"]))
        #expect(kayak.attributes["description"]?.displayText(in: locale("en-US")) == "Stable sit-in kayak for lakes and calm coastal water.", "the print scope is ignored")
        #expect(kayak.attributes["length"] == .number(CanonicalDecimal("3.9")!, unit: "METER"))
        #expect(kayak.attributes["materials"] == .list(["aluminium", "polyethylene"]))
        #expect(kayak.attributes["waterproof"] == .boolean(true))
        #expect(kayak.attributes["price"] == .price([Money(amount: CanonicalDecimal("899")!, currency: "EUR"), Money(amount: CanonicalDecimal("949")!, currency: "USD")]))
        #expect(records.lines == [1, 2])
    }

    @Test func akeneoJSONLLinesSeenBeforeAreReportedUnchangedWithoutBuildingThem() throws {
        let lines = [
            #"{"identifier":"A","values":{"color":[{"locale":null,"scope":null,"data":"Red"}]}}"#,
            #"{"identifier":"B","values":{"color":[{"locale":null,"scope":null,"data":"Blue"}]}}"#,
        ]
        let first = try AkeneoJSONLReader().readAll(Array(lines.joined(separator: "\n").utf8))
        #expect(first.fingerprints.allSatisfy { $0 != nil })
        var known = Dictionary(uniqueKeysWithValues: zip(first.products.map(\.sku), first.fingerprints.map { $0! }))

        var edited = lines
        edited[1] = edited[1].replacingOccurrences(of: "Blue", with: "Green")
        var sink = CollectedRecords()
        sink.known = known
        var source = DataByteSource(Data(edited.joined(separator: "\n").utf8))
        try AkeneoJSONLReader().read(&source, into: &sink)
        #expect(sink.unchanged.map(\.rawValue) == ["A"])
        #expect(sink.products.map(\.sku.rawValue) == ["B"])

        // Another channel maps the same bytes differently, so nothing matches.
        known = Dictionary(uniqueKeysWithValues: zip(first.products.map(\.sku), first.fingerprints.map { $0! }))
        sink = CollectedRecords()
        sink.known = known
        source = DataByteSource(Data(lines.joined(separator: "\n").utf8))
        try AkeneoJSONLReader(channel: "print").read(&source, into: &sink)
        #expect(sink.unchanged.isEmpty)
        #expect(sink.products.count == 2)
    }

    @Test func akeneoJSONLNumbersAndBooleansAreToldApart() throws {
        let records = try AkeneoJSONLReader().readAll(Array(#"{"identifier":"N","values":{"count":[{"data":3}],"ratio":[{"data":0.25}],"flag":[{"data":false}],"one":[{"data":1}]}}"#.utf8))
        let product = try #require(records.products.first)
        #expect(product.attributes["count"] == .number(CanonicalDecimal("3")!, unit: nil))
        #expect(product.attributes["ratio"] == .number(CanonicalDecimal("0.25")!, unit: nil))
        #expect(product.attributes["flag"] == .boolean(false))
        #expect(product.attributes["one"] == .number(CanonicalDecimal("1")!, unit: nil))
    }

    /// A code given twice keeps what it was given last, whether a value or texts; the
    /// document lists codes in byte order and is canonical for the product it decodes to.
    @Test func akeneoJSONLCodeGivenTwiceKeepsItsLaterValue() throws {
        let line = #"{"identifier":"D","categories":["b","a","b"],"values":{"zeta":[{"data":"z"}],"color":[{"locale":"en_US","data":"Red"}],"Zeta":[{"data":"Z"}],"color":[{"data":"blue"}],"size":[{"data":"S"}],"size":[{"locale":"de_DE","data":"Klein"},{"locale":"de_DE","data":"Winzig"}]}}"#
        let records = try AkeneoJSONLReader().readAll(Array(line.utf8))
        let product = try #require(records.products.first)
        #expect(product.attributes["color"] == .text("blue"))
        #expect(product.attributes["size"] == .localizedText([LocaleCode("de_DE")!: "Winzig"]))
        #expect(product.categories == ["a", "b"])
        let document = try #require(records.documents.first)
        #expect(CanonicalDocument(product).json == document.json)
        #expect(String(decoding: document.json, as: UTF8.self).hasPrefix(#"{"attributes":{"Zeta":"#))
    }

    /// Lines the direct mapping takes (escaped texts among them), and lines it must leave to
    /// the reference path (a bad escape, an escaped family, a repeated code, a code that is not
    /// ASCII, no identifier, a Kelvin sign in a scope),
    /// give the same documents and errors either way.
    @Test func akeneoJSONLDirectAndReferenceMappingsAgree() throws {
        let usual = [
            #"{"identifier":"U-1","family":"lamps","categories":["outdoor","b","outdoor"],"enabled":true,"values":{"name":[{"locale":"en_US","scope":null,"data":"Lamp"},{"locale":"de_DE","scope":null,"data":"Leuchte"}],"description":[{"locale":"en_US","scope":"ecommerce","data":"Bright ü"},{"locale":"en_US","scope":"print","data":"Print"}],"color":[{"locale":null,"scope":null,"data":"Grün"}],"weight":[{"locale":null,"scope":null,"data":{"amount":"1.50","unit":"KILOGRAM"}}],"price":[{"locale":null,"scope":null,"data":[{"amount":"5.00","currency":"usd"},{"amount":4,"currency":"EUR"}]}]}}"#,
            #"{ "identifier" : "U-2", "family" : null, "enabled" : false, "extra" : {"nested":[1,{"a":null}]}, "values" : { "sku" : [{"data":"U-2"}], "tags" : [ {"data": [" b ","a","b",""]} ], "count": [{"data": 12.50}], "flag": [{"data": true}], "empty": [{"data": ""}], "gone": [{"data": null}], "none": [] } }"#,
            #"{"identifier":"U-3","values":{"size":[{"data":"M"},{"data":""},{"locale":"de_DE","data":"Mittel"},{"locale":"de-DE","data":"Groß"}],"depth":[{"data":{"unit":null,"amount":7,"note":"x"}}],"kind":[{"data":[]}],"on":[{"scope":"ecommerce","locale":null,"data":false,"x":1}]}}"#,
            #"{"identifier":"U-4","values":{"body":[{"locale":"en_US","data":"<p>\"Arc\" \u00fcber<\/p>\n\ud83d\ude00\t\\"}],"note":[{"data":"a\/b"}]}}"#,
        ]
        let declined = [
            #"{"identifier":"D-10","values":{"name":[{"locale":"en_US","data":"lone \udc00"}]}}"#,
            #"{"identifier":"D-11","family":"l\u00e4mps","values":{}}"#,
            #"{"identifier":"D-2","values":{"color":[{"data":"red"}],"color":[{"data":"blue"}]}}"#,
            #"{"identifier":"D-3","values":{"größe":[{"data":"L"}]}}"#,
            #"{"uuid":"5f3c","values":{"sku":[{"data":"D-4"}],"color":[{"data":"red"}]}}"#,
            #"{"identifier":"D-5","values":{"color":[{"scope":"ecommerce","data":"red"},{"scope":"Kiosk","data":"kiosk"}]}}"#,
            #"{"identifier":"D-6","values":{"weight":[{"data":{"unit":"GRAM"}}]}}"#,
            #"{"identifier":"D-7","values":{"name":[{"locale":"english","data":"x"}]}}"#,
            #"{"identifier":"D-8","values":{"count":[{"data":1e3}]}}"#,
            #"{"identifier":"D-9","values":{"x":[{"data":"a"}]}} trailing"#,
        ]
        var mapper = AkeneoLineMapper(channel: "ecommerce", locales: LocaleResolver(map: [:]))
        for line in usual + declined {
            var bytes = Array(line.utf8)
            let direct = bytes.withUnsafeMutableBytes { mapper.document(UnsafeRawBufferPointer($0)) }
            #expect((direct != nil) == usual.contains(line), "\(line)")
            var reference = AkeneoJSONLReader()
            reference.mapsDirectly = false
            let expected = try reference.readAll(bytes)
            let read = try AkeneoJSONLReader().readAll(bytes)
            #expect(read.documents.map(\.json) == expected.documents.map(\.json), "\(line)")
            #expect(read.rowErrors == expected.rowErrors, "\(line)")
            if let direct { #expect(expected.documents.map(\.json) == [direct.json], "\(line)") }
            bytes.removeAll()
        }
    }

    @Test func bmecat2005SnapshotMapsDetailsFeaturesPricesAndMedia() throws {
        let records = try BMEcatReader().readAll(try bytes("bmecat/catalog-2005.xml"))
        #expect(records.mode == .snapshot)
        #expect(records.rowErrors.isEmpty)
        let lamp = try #require(records.products.first)
        #expect(lamp.sku.rawValue == "LUMO-DESK-1")
        #expect(lamp.attributes["name"] == .localizedText([locale("de"): "Schreibtischleuchte Arc", locale("en"): "Arc desk lamp"]))
        #expect(lamp.attributes["description"]?.displayText(in: locale("en")) == "Dimmable LED desk lamp with a swivelling arm.")
        #expect(lamp.attributes["gtin"] == .text("4012345678901"))
        #expect(lamp.attributes["brand"] == .text("Lumo"))
        #expect(lamp.attributes["manufacturer_pid"] == .text("ARC-100"))
        #expect(lamp.attributes["keywords"] == .list(["LED", "desk"]))
        #expect(lamp.attributes["farbe"] == .text("Schwarz"))
        #expect(lamp.attributes["leistung"] == .number(CanonicalDecimal("8.5")!, unit: "W"))
        #expect(lamp.attributes["material"] == .list(["Aluminium", "Stahl"]))
        #expect(lamp.attributes["price"] == .price([Money(amount: CanonicalDecimal("79")!, currency: "EUR")]))
        #expect(lamp.attributes["image"] == .media("images/arc.jpg"))
        // No lang attribute: the catalog's default language; no PRICE_CURRENCY: the catalog's.
        let floor = try #require(records.products.last)
        #expect(floor.attributes["name"] == .localizedText([locale("de"): "Stehleuchte Column"]))
        #expect(floor.attributes["price"] == .price([Money(amount: CanonicalDecimal("149")!, currency: "EUR")]))
    }

    @Test func bmecatProductsSeenBeforeAreReportedUnchangedWithoutBuildingThem() throws {
        let original = try bytes("bmecat/catalog-2005.xml")
        let first = try BMEcatReader().readAll(original)
        #expect(!first.products.isEmpty && first.fingerprints.allSatisfy { $0 != nil })
        let known = Dictionary(uniqueKeysWithValues: zip(first.products.map(\.sku), first.fingerprints.map { $0! }))

        func reread(_ xml: [UInt8], localeMap: [String: LocaleCode] = [:]) throws -> CollectedRecords {
            var sink = CollectedRecords()
            sink.known = known
            var source = DataByteSource(Data(xml))
            try BMEcatReader(localeMap: localeMap).read(&source, into: &sink)
            return sink
        }
        let same = try reread(original)
        #expect(same.products.isEmpty)
        #expect(same.unchanged == first.products.map(\.sku))

        // One product's text edited: only that product is built again.
        let text = String(decoding: original, as: UTF8.self)
        let edited = try reread(Array(text.replacingOccurrences(of: first.products[0].text("name", in: LocaleCode("de")!)!, with: "Geändert").utf8))
        #expect(edited.products.map(\.sku) == [first.products[0].sku])
        #expect(edited.unchanged == Array(first.products.map(\.sku).dropFirst()))

        // A different locale mapping maps the same bytes differently, so nothing matches.
        #expect(try reread(original, localeMap: ["deu": LocaleCode("de-AT")!]).unchanged.isEmpty)
    }

    /// Products written as documents straight from their bytes are the documents of the
    /// products the reference path builds, for a catalog full of the mapping's corner cases.
    @Test func bmecatDirectAndReferenceMappingsAgree() throws {
        let xml = Array(try Data(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/fuzz/bmecat/direct-mapping.xml")))
        var reference = BMEcatReader()
        reference.mapsDirectly = false
        let expected = try reference.readAll(xml)
        let direct = try BMEcatReader().readAll(xml)
        #expect(expected.documents.isEmpty && direct.documents.count == 1)
        #expect(direct.documents.map(\.json) == expected.products.map { CanonicalDocument($0).json })
        #expect(direct.lines == expected.lines && direct.deletions == expected.deletions)
        #expect(direct.rowErrors.map(\.description) == expected.rowErrors.map(\.description))

        let product = try #require(direct.products.first)
        #expect(product.sku.rawValue == "A-1")
        // deu and ger are both German: the later text wins; no lang is the default language.
        #expect(product.attributes["name"] == .localizedText([locale("de"): "default", locale("en"): #""quoted" \ back"#]))
        #expect(product.attributes["description"] == .localizedText([locale("pt-BR"): "\u{301}combining", locale("fr"): "<p>cdata</p>"]))
        #expect(product.attributes["gtin"] == .text("4001"))
        #expect(product.attributes["brand"] == .text("Feature brand"), "a later feature of the same code wins")
        #expect(product.attributes["manufacturer_pid"] == .text("M-1"))
        #expect(product.attributes["keywords"] == .list(["a", "b", "é"]))
        #expect(product.attributes["gewicht_netto"] == .number(CanonicalDecimal("1.25")!, unit: "KG"))
        #expect(product.attributes["farbe"] == .list(["red", "rot"]))
        #expect(product.attributes["zeta"] == .text("12 cm") && product.attributes["alpha"] == .text("x"))
        #expect(product.attributes["price"] == .price([Money(amount: CanonicalDecimal("9")!, currency: "EUR"), Money(amount: CanonicalDecimal("10.5")!, currency: "USD")]))
        #expect(product.attributes["image"] == .media("c.png"))
        #expect(product.attributes.count == 12)
        #expect(direct.rowErrors.map(\.context.sku) == ["A-2", "A-3"])
        #expect(direct.deletions.map(\.rawValue) == ["A-4"])
    }

    @Test func bmecat12UpdateIsADeltaWithDeletes() throws {
        let records = try BMEcatReader().readAll(try bytes("bmecat/update-1.2.xml"))
        #expect(records.mode == .delta)
        #expect(records.products.map(\.sku.rawValue) == ["LUMO-DESK-1"])
        #expect(records.products[0].attributes["gtin"] == .text("4012345678901"))
        #expect(records.deletions.map(\.rawValue) == ["LUMO-FLOOR-2"])
    }

    @Test func bmecatProductWithoutSupplierPIDIsARowError() throws {
        let xml = #"<BMECAT version="2005"><T_NEW_CATALOG><PRODUCT><PRODUCT_DETAILS><DESCRIPTION_SHORT>x</DESCRIPTION_SHORT></PRODUCT_DETAILS></PRODUCT><PRODUCT><SUPPLIER_PID>B</SUPPLIER_PID></PRODUCT></T_NEW_CATALOG></BMECAT>"#
        let records = try BMEcatReader().readAll(Array(xml.utf8))
        #expect(records.products.map(\.sku.rawValue) == ["B"])
        #expect(records.rowErrors.map(\.code) == [.emptySKU])
    }

    @Test func merchantRSSMapsTheGoogleNamespace() throws {
        let records = try MerchantXMLReader(format: .merchantRSS, locale: locale("en")).readAll(try bytes("merchant/feed.rss.xml"))
        #expect(records.rowErrors.isEmpty)
        let tent = try #require(records.products.first)
        #expect(tent.sku.rawValue == "TENT-2P-LITE")
        #expect(tent.attributes["name"] == .localizedText([locale("en"): "Tent 2P Lite"]))
        #expect(tent.attributes["brand"] == .text("Summit & Co"))
        #expect(tent.attributes["price"] == .price([Money(amount: CanonicalDecimal("349")!, currency: "EUR")]))
        #expect(tent.attributes["image"] == .media("https://shop.example.com/images/tent.jpg"))
        #expect(tent.attributes["url"] == .text("https://shop.example.com/products/tent-2p-lite"))
        #expect(tent.attributes["availability"] == .text("in_stock"))
        let lamp = try #require(records.products.last)
        #expect(lamp.attributes["description"] == .localizedText([locale("en"): "300-lumen headlamp with a <b>USB-C</b> battery."]))
        #expect(lamp.attributes["special_price"] == .price([Money(amount: CanonicalDecimal("34.9")!, currency: "EUR")]))
    }

    @Test func merchantAtomReadsEntriesSummaryAndHref() throws {
        let records = try MerchantXMLReader(format: .merchantAtom, locale: locale("en")).readAll(try bytes("merchant/feed.atom.xml"))
        let mug = try #require(records.products.first)
        #expect(mug.sku.rawValue == "CAMP-MUG-01")
        #expect(mug.attributes["description"] == .localizedText([locale("en"): "Enamel mug, 350 ml; dishwasher safe."]))
        #expect(mug.attributes["url"] == .text("https://shop.example.com/products/camp-mug-01"))
    }

    @Test func merchantJSONReadsContentAPIResources() throws {
        let records = try MerchantJSONReader(locale: locale("de")).readAll(try bytes("merchant/products.json"))
        let bottle = try #require(records.products.first)
        #expect(bottle.sku.rawValue == "BOTTLE-1L")
        #expect(bottle.attributes["name"] == .localizedText([locale("en"): "Bottle 1 L"]), "contentLanguage wins over the folder's feed locale")
        #expect(bottle.attributes["price"] == .price([Money(amount: CanonicalDecimal("29")!, currency: "EUR")]))
        #expect(bottle.attributes["image"] == .media("https://shop.example.com/images/bottle.jpg"))
        #expect(bottle.attributes["additional_images"] == .list(["https://shop.example.com/images/bottle-2.jpg"]))
        #expect(bottle.attributes["target_country"] == .text("DE"))
    }

    @Test func merchantItemWithABadPriceIsARowError() throws {
        let xml = #"<rss xmlns:g="http://base.google.com/ns/1.0"><channel><item><g:id>A</g:id><g:price>cheap</g:price></item><item><g:id>B</g:id></item></channel></rss>"#
        let records = try MerchantXMLReader(format: .merchantRSS, locale: locale("en")).readAll(Array(xml.utf8))
        #expect(records.products.map(\.sku.rawValue) == ["B"])
        #expect(records.rowErrors.first?.context.sku == "A")
        #expect(records.rowErrors.first?.context.key == "price")
    }

    @Test func gzipIsReadTransparently() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let plain = directory.appendingPathComponent("products.jsonl")
        try Data(try bytes("akeneo/products.jsonl")).write(to: plain)
        #expect(try ChildProcess.run(URL(fileURLWithPath: "/bin/gzip"), [plain.path]).termination == .exited(0))
        let source = try ExportSource.open(directory.appendingPathComponent("products.jsonl.gz"))
        #expect(try source.detectFormat(folder: WatchedFolder(path: directory, source: "x")) == .akeneoJSONL)
        var input = source.bytes
        var sink = CollectedRecords()
        try AkeneoJSONLReader().read(&input, into: &sink)
        #expect(sink.products.map(\.sku.rawValue) == ["KAYAK-SOLO", "PADDLE-ALU"])
    }
}
