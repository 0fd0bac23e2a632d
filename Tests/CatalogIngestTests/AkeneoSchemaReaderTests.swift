import CatalogCore
import CatalogIngest
import CatalogTestSupport
import Foundation
import Logging
import Testing

/// Issue 25: Akeneo's attribute and option exports, dropped beside the products.
@Suite struct AkeneoSchemaReaderTests {
    static let attributesCSV = """
        code;label-de_DE;label-de_CH;label-en_US;label-fr_FR;type;group;localizable
        color;Farbe;Farbe (CH);Color;Couleur;pim_catalog_simpleselect;marketing;0
        waterproof;Wasserdicht;;Waterproof;Imperméable;pim_catalog_boolean;technical;0
        weight;Gewicht;;Weight;Poids;pim_catalog_metric;technical;0
        ean;EAN;;EAN;EAN;pim_catalog_text;erp;0

        """
    static let optionsCSV = """
        attribute;code;label-de_DE;label-en_US;label-fr_FR;sort_order
        color;blue;Blau;Blue;Bleu;1
        color;"dark_green";Dunkelgrün;"Dark green";"Vert foncé";2

        """
    static let attributesJSONL = """
        {"code":"color","type":"pim_catalog_simpleselect","group":"marketing","labels":{"de_DE":"Farbe","en_US":"Color"}}
        {"code":"upper_material","type":"pim_catalog_multiselect","labels":{"de_DE":"Obermaterial"}}
        """
    static let optionsJSONL = """
        {"code":"suede","attribute":"upper_material","sort_order":1,"labels":{"de_DE":"Wildleder","fr_FR":"Daim"}}
        """

    func detect(_ text: String) -> AkeneoSchemaReader.Kind? {
        AkeneoSchemaReader.detect(Array(text.utf8), identifierColumn: "sku", delimiter: UInt8(ascii: ";"))
    }

    @Test func schemaExportsAreToldFromProductExportsByTheirColumns() {
        #expect(detect(Self.attributesCSV) == .attributes)
        #expect(detect(Self.optionsCSV) == .options)
        #expect(detect(Self.attributesJSONL) == .attributes)
        #expect(detect(Self.optionsJSONL) == .options)
        #expect(detect(AkeneoCSV.catalog(skus: ["A"]).text) == nil)
        #expect(detect("sku;code;type\nA;x;y\n") == nil, "a product export with code and type attributes is still a product export")
        #expect(detect(#"{"identifier":"A","values":{}}"#) == nil)
    }

    @Test func csvAndJSONLinesGiveTypesLabelsAndOptionLabelsPerLanguage() throws {
        let attributes = try AkeneoSchemaReader.read(Data(Self.attributesCSV.utf8), kind: .attributes, delimiter: UInt8(ascii: ";"))
        #expect(attributes.kind(of: "color") == .simpleSelect && attributes.kind(of: "waterproof") == .boolean && attributes.kind(of: "weight") == .metric)
        #expect(attributes.label(of: "color", language: "de") == "Farbe", "de_DE before de_CH")
        #expect(attributes.label(of: "waterproof", language: "fr") == "Imperméable")
        let options = try AkeneoSchemaReader.read(Data(Self.optionsCSV.utf8), kind: .options, delimiter: UInt8(ascii: ";"))
        #expect(options.optionLabel(attribute: "color", option: "DARK_GREEN", language: "fr") == "Vert foncé")
        let jsonAttributes = try AkeneoSchemaReader.read(Data(Self.attributesJSONL.utf8), kind: .attributes, delimiter: UInt8(ascii: ";"))
        #expect(jsonAttributes.kind(of: "upper_material") == .multiSelect && jsonAttributes.label(of: "upper_material", language: "de") == "Obermaterial")
        let jsonOptions = try AkeneoSchemaReader.read(Data(Self.optionsJSONL.utf8), kind: .options, delimiter: UInt8(ascii: ";"))
        #expect(jsonOptions.optionLabel(attribute: "upper_material", option: "suede", language: "de") == "Wildleder")
    }

    @Test func aBadExportIsRefusedWithTheLineAndTheField() {
        #expect(throws: CatalogError.self) { try AkeneoSchemaReader.read(Data("code;type;label-en_US\ncolor;;Color\n".utf8), kind: .attributes, delimiter: UInt8(ascii: ";")) }
        do {
            _ = try AkeneoSchemaReader.read(Data("code;type;label-en_US\ncolor;pim_catalog_text;Color\nsize;;Size\n".utf8), kind: .attributes, delimiter: UInt8(ascii: ";"))
            Issue.record("accepted an attribute without a type")
        } catch let error as CatalogError {
            #expect(error.code == .missingField && error.context.line == 3 && error.message.contains("attribute 'size' has no 'type'"), "\(error)")
        } catch {
            Issue.record("\(error)")
        }
    }

    @Test func theImporterMergesASchemaFileAndArchivesIt() throws {
        let directory = TemporaryDirectory()
        let store = InMemoryProductStore()
        let layout = FolderLayout(processed: directory.path("processed"), quarantine: directory.path("quarantine"), held: directory.path("held"))
        try layout.createDirectories()
        let importer = FileImporter(store: store, folder: WatchedFolder(path: directory.path("inbox"), source: "akeneo", mode: .snapshot), layout: layout, clock: FixedClock(), logger: Logger(label: "test"))
        let file = try directory.write("inbox/attribute_options.csv", Self.optionsCSV)
        guard case .applied(let summary, _) = importer.importFile(at: file, disposition: .move) else { Issue.record("not applied"); return }
        #expect(summary == DiffSummary(), "a schema changes no product, and a snapshot folder removes none")
        #expect(store.attributeSchema.optionLabel(attribute: "color", option: "blue", language: "de") == "Blau")
        #expect(store.notes[ImportID(1)]?.format == "akeneo-attribute-options")
        let broken = try directory.write("inbox/attributes.csv", "code;type;label-en_US\ncolor;pim_catalog_text;\"Color\n")
        guard case .quarantined(let error, _) = importer.importFile(at: broken, disposition: .move) else { Issue.record("not quarantined"); return }
        #expect(error.code == .unterminatedQuote && error.context.file == "attributes.csv")
    }
}
