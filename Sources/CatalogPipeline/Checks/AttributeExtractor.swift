public import CatalogCore
public import Foundation

/// An attribute read from free text rather than given by the PIM: where it came from and how
/// sure the extraction is. It never overrides a PIM value, and grounds claims only above the
/// configured confidence.
public struct ExtractedAttribute: Hashable, Sendable, Codable {
    public let code: String
    public let value: String
    /// `description:en`, `reference`, `image`.
    public let source: String
    public let confidence: Double

    public init(code: String, value: String, source: String, confidence: Double) {
        self.code = code
        self.value = value
        self.source = source
        self.confidence = confidence
    }
}

/// Unit-aware extraction of dimensions, weights, materials and compatibility from the specs
/// text a PIM export carries (descriptions, spec sheets) and from reference text.
public enum AttributeExtractor {
    /// Labels that name the quantity a number measures, per language, in the order they are
    /// tried (a dictionary's order would change from run to run).
    static let labels: KeyValuePairs<String, Set<String>> = [
        "weight": ["weight", "weighs", "gewicht", "wiegt", "poids", "peso", "vikt", "vægt", "vekt", "paino", "hmotnost", "waga"],
        "height": ["height", "tall", "höhe", "hauteur", "altura", "altezza", "hoogte", "höjd", "højde", "korkeus"],
        "width": ["width", "wide", "breite", "largeur", "ancho", "larghezza", "breedte", "bredd", "bredde", "leveys"],
        "depth": ["depth", "deep", "tiefe", "profondeur", "profundidad", "profondità", "diepte", "djup", "dybde", "syvyys"],
        "length": ["length", "long", "länge", "longueur", "largo", "lunghezza", "lengte", "längd", "længde", "pituus"],
        "power": ["power", "wattage", "leistung", "puissance", "potencia", "potenza", "vermogen", "effekt", "teho"],
        "capacity": ["capacity", "volume", "kapazität", "fassungsvermögen", "capacité", "capacidad", "capacità", "inhoud"],
    ]

    /// Attributes whose text is specification prose worth reading.
    static let textSources = ["description", "short_description", "specs", "specifications", "details", "technical_details"]

    public static func extract(from product: Product, reference: String? = nil) -> [ExtractedAttribute] {
        var found: [ExtractedAttribute] = []
        func add(_ attribute: ExtractedAttribute) {
            guard product.attributes[attribute.code] == nil, !found.contains(where: { $0.code == attribute.code }) else { return }
            found.append(attribute)
        }
        var texts: [(text: String, language: String, source: String, confidence: Double)] = []
        for code in textSources {
            switch product.attributes[code] {
            case .text(let text)?: texts.append((text, "en", code, 0.9))
            case .localizedText(let localized)?:
                for (locale, text) in localized.sorted(by: { $0.key < $1.key }) {
                    texts.append((text, locale.language, "\(code):\(locale)", 0.9))
                }
            default: break
            }
        }
        // Reference and competitor text describes the same product less reliably.
        if let reference { texts.append((reference, "en", "reference", 0.6)) }

        for (text, language, source, confidence) in texts {
            for sentence in text.unicodeScalars.split(whereSeparator: { $0 == "." || $0 == ";" || $0 == "\n" }) {
                let sentence = String(sentence)
                let quantities = QuantityScanner.scan(sentence, language: language).filter { $0.quantity.dimension != .count }
                // "30 x 20 x 10 cm": width, depth, height in catalogue order.
                let lengths = quantities.filter { $0.quantity.dimension == .length }
                if lengths.count == 3, sentence.contains("x") || sentence.contains("×") {
                    for (code, entry) in zip(["width", "depth", "height"], lengths) {
                        add(ExtractedAttribute(code: code, value: entry.phrase, source: source, confidence: confidence * 0.9))
                    }
                    continue
                }
                let wordList = Lexicon.words(sentence)
                let words = Set(wordList)
                for entry in quantities {
                    if let code = labels.first(where: { !$0.value.isDisjoint(with: words) && Self.fits($0.key, entry.quantity.dimension) })?.key {
                        add(ExtractedAttribute(code: code, value: entry.phrase, source: source, confidence: confidence))
                    } else if let code = defaultCode(entry.quantity.dimension) {
                        // An unlabelled quantity is probably, not certainly, the obvious one.
                        add(ExtractedAttribute(code: code, value: entry.phrase, source: source, confidence: confidence * 0.7))
                    }
                }
                let materials = Lexicon.materials.mentions(inWords: wordList)
                if !materials.isEmpty {
                    add(ExtractedAttribute(code: "material", value: materials.map(\.phrase).joined(separator: ", "), source: source, confidence: confidence * 0.9))
                }
                for object in FactChecker.compatibilityObjects(in: sentence, words: words) {
                    add(ExtractedAttribute(code: "compatibility", value: object, source: source, confidence: confidence * 0.8))
                }
            }
        }
        return found
    }

    static func fits(_ code: String, _ dimension: Quantity.Dimension) -> Bool {
        switch code {
        case "weight": dimension == .mass
        case "height", "width", "depth", "length": dimension == .length
        case "power": dimension == .power
        case "capacity": dimension == .volume || dimension == .charge
        default: false
        }
    }

    static func defaultCode(_ dimension: Quantity.Dimension) -> String? {
        switch dimension {
        case .mass: "weight"
        case .power: "power"
        case .volume: "capacity"
        case .voltage: "voltage"
        case .charge: "battery_capacity"
        case .luminous: "luminous_flux"
        default: nil
        }
    }
}

/// Optional reference or competitor text per SKU (a configured folder of `SKU.txt` files).
public protocol ReferenceLibrary: Sendable {
    /// Nil when there is none for `sku`; throws when it could not be read.
    func referenceText(for sku: SKU) throws -> String?
}

/// Reads `<folder>/<SKU>.txt` (the SKU slugged, so a `/` in a SKU cannot escape the folder).
public struct FolderReferenceLibrary: ReferenceLibrary {
    public let folder: URL

    public init(folder: URL) {
        self.folder = folder
    }

    public func referenceText(for sku: SKU) throws -> String? {
        let file = folder.appendingPathComponent(sku.rawValue.slugified(separator: "-") + ".txt")
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        return try String(contentsOf: file, encoding: .utf8)
    }
}
