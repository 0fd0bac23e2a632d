public import CatalogCore
import Foundation

/// Reads BMEcat 2005 (`PRODUCT`, namespaced) and BMEcat 1.2 (`ARTICLE`, no namespace) with
/// libxml2's streaming reader. `T_NEW_CATALOG` is a full snapshot; `T_UPDATE_PRODUCTS`
/// (`T_UPDATE_ARTICLES`) a delta whose products carry `mode="new" | "update" | "delete"`.
///
/// Mapping: SUPPLIER_PID → SKU; DESCRIPTION_SHORT → `name`, DESCRIPTION_LONG → `description`
/// (per `lang`, defaulting to the header's catalog language); INTERNATIONAL_PID → `gtin`;
/// MANUFACTURER_NAME → `brand`; MANUFACTURER_PID → `manufacturer_pid`; KEYWORD → `keywords`;
/// each FEATURE → an attribute named after FNAME (a number with FUNIT when FVALUE is numeric);
/// the first PRODUCT_PRICE per currency → `price`; the first MIME image → `image`.
public struct BMEcatReader: ExportReader {
    public let localeMap: [String: LocaleCode]

    public init(localeMap: [String: LocaleCode] = [:]) {
        self.localeMap = localeMap
    }

    public var format: ExportFormat { .bmecat }

    /// Part of every product fingerprint: bump it whenever the mapping from a PRODUCT element
    /// to a `Product` changes, so stored fingerprints stop matching.
    public static let mappingVersion = 1

    public func read<Source: ByteSource, Sink: RecordSink>(_ source: inout Source, into sink: inout Sink) throws {
        let xml = try XMLStream(source, root: "BMECAT")
        let locales = localeMap.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        var state = ParseState(localeMap: localeMap, settings: "bmecat/\(Self.mappingVersion)\u{1F}\(locales)")
        var text = TextBuffer()
        while let event = try xml.next() {
            switch event {
            case .start(let name):
                text.reset()
                try state.start(name, tag: state.tag(name, id: xml.nameID), xml: xml, sink: &sink)
            case .text(let fragment):
                text.append(fragment)
            case .end(let name):
                try state.end(name, text: text.take(), xml: xml, sink: &sink)
            }
        }
        guard state.sawTransaction else {
            throw CatalogError(.missingField, "the catalog has no T_NEW_CATALOG or T_UPDATE_PRODUCTS section, so it carries no products")
        }
    }
}

/// The elements the mapping reads; every other element is `.other`. Looked up once per element
/// in a dictionary instead of comparing its name against each case.
private enum Tag {
    case newCatalog, updateProducts, updatePrices, product, language, catalog, currency
    case supplierPID, descriptionShort, descriptionLong, internationalPID, manufacturerName, manufacturerPID
    case keyword, feature, featureName, featureValue, featureUnit
    case price, priceAmount, priceCurrency, mime, mimeType, mimeSource, mimePurpose
    case other

    static let byName: [String: Tag] = [
        "T_NEW_CATALOG": .newCatalog, "T_UPDATE_PRODUCTS": .updateProducts, "T_UPDATE_ARTICLES": .updateProducts,
        "T_UPDATE_PRICES": .updatePrices, "PRODUCT": .product, "ARTICLE": .product, "LANGUAGE": .language,
        "CATALOG": .catalog, "CURRENCY": .currency, "SUPPLIER_PID": .supplierPID, "SUPPLIER_AID": .supplierPID,
        "DESCRIPTION_SHORT": .descriptionShort, "DESCRIPTION_LONG": .descriptionLong,
        "INTERNATIONAL_PID": .internationalPID, "EAN": .internationalPID, "MANUFACTURER_NAME": .manufacturerName,
        "MANUFACTURER_PID": .manufacturerPID, "MANUFACTURER_AID": .manufacturerPID, "KEYWORD": .keyword,
        "FEATURE": .feature, "FNAME": .featureName, "FVALUE": .featureValue, "FUNIT": .featureUnit,
        "PRODUCT_PRICE": .price, "ARTICLE_PRICE": .price, "PRICE_AMOUNT": .priceAmount, "PRICE_CURRENCY": .priceCurrency,
        "MIME": .mime, "MIME_TYPE": .mimeType, "MIME_SOURCE": .mimeSource, "MIME_PURPOSE": .mimePurpose,
    ]

    init(_ name: String) {
        self = Self.byName[name] ?? .other
    }
}

private struct ParseState {
    let localeMap: [String: LocaleCode]
    let settings: String
    var path: [Tag] = []
    /// Open PRODUCT (ARTICLE) elements: a product's content is everything inside one.
    var productDepth = 0
    var catalogDepth = 0
    var defaultLanguage: String?
    var catalogCurrency: String?
    var sawTransaction = false

    // The product being read, and the fingerprint of everything the mapping reads from it.
    var fingerprint: RowFingerprint.Builder?
    var productLine = 0
    var productMode = "new"
    var sku: String?
    var names: [LocaleCode: String] = [:]
    var descriptions: [LocaleCode: String] = [:]
    var attributes: [String: AttributeValue] = [:]
    var keywords: [String] = []
    var prices: [String: Money] = [:]
    var image: String?
    var rowError: CatalogError?
    var lang: String?
    // The feature, price and MIME entry being read.
    var featureName: String?
    var featureValues: [String] = []
    var featureUnit: String?
    var priceAmount: String?
    var priceCurrency: String?
    var mimeType: String?
    var mimeSource: String?
    var mimePurpose: String?
    // A catalog repeats a handful of languages and feature names thousands of times.
    var locales: LocaleResolver
    var codeCache: [String: String] = [:]

    init(localeMap: [String: LocaleCode], settings: String) {
        self.localeMap = localeMap
        self.settings = settings
        self.locales = LocaleResolver(map: localeMap)
    }

    private var inProduct: Bool { productDepth > 0 }

    /// Tags by the stream's name number: a lookup in an array, not a hash of the name.
    private var tagsByNameID: [Tag?] = []

    mutating func tag(_ name: String, id: Int) -> Tag {
        if id < tagsByNameID.count, let tag = tagsByNameID[id] { return tag }
        if id >= tagsByNameID.count { tagsByNameID += Array(repeating: nil, count: id - tagsByNameID.count + 1) }
        let tag = Tag(name)
        tagsByNameID[id] = tag
        return tag
    }

    mutating func start<Sink: RecordSink>(_ name: String, tag: Tag, xml: XMLStream, sink: inout Sink) throws {
        path.append(tag)
        if inProduct {
            fingerprint?.add("<")
            fingerprint?.add(name)
        }
        switch tag {
        case .newCatalog:
            sawTransaction = true
            try sink.declare(mode: .snapshot)
        case .updateProducts:
            sawTransaction = true
            try sink.declare(mode: .delta)
        case .updatePrices:
            throw CatalogError(.unsupportedFormat, "T_UPDATE_PRICES (price-only updates) is not supported; export T_UPDATE_PRODUCTS instead", context: .init(line: xml.line))
        case .catalog:
            catalogDepth += 1
        case .product:
            productDepth += 1
            guard productDepth == 1 else { break }
            resetProduct()
            productLine = xml.line
            productMode = xml.attribute("mode") ?? "new"
            // The header's language and currency fill in what a product leaves out.
            var builder = RowFingerprint.Builder(settings: Array(settings.utf8))
            builder.add(defaultLanguage ?? "")
            builder.add(catalogCurrency ?? "")
            builder.add(productMode)
            fingerprint = builder
        case .language where !inProduct:
            if xml.attribute("default") == "true" { defaultLanguage = nil }
        case .descriptionShort, .descriptionLong, .featureValue:
            lang = xml.attribute("lang")
            fingerprint?.add(lang ?? "\u{0}")
        case .feature:
            featureName = nil
            featureValues = []
            featureUnit = nil
        case .price:
            priceAmount = nil
            priceCurrency = nil
        case .mime:
            mimeType = nil
            mimeSource = nil
            mimePurpose = nil
        default:
            break
        }
    }

    /// `xml` is asked for the line only when something needs reporting.
    mutating func end<Sink: RecordSink>(_ name: String, text: String, xml: XMLStream, sink: inout Sink) throws {
        let tag = path.removeLast()
        guard inProduct else {
            switch tag {
            case .language where defaultLanguage == nil: defaultLanguage = text
            case .currency where catalogDepth > 0: catalogCurrency = text
            case .catalog: catalogDepth -= 1
            default: break
            }
            return
        }
        fingerprint?.add(text)
        fingerprint?.add(">")
        switch tag {
        case .supplierPID:
            sku = text
        case .descriptionShort:
            if let locale = locale(for: text, xml: xml, field: name) { names[locale] = text }
        case .descriptionLong:
            if let locale = locale(for: text, xml: xml, field: name) { descriptions[locale] = text }
        case .internationalPID:
            if !text.isEmpty { attributes["gtin"] = .text(text) }
        case .manufacturerName:
            if !text.isEmpty { attributes["brand"] = .text(text) }
        case .manufacturerPID:
            if !text.isEmpty { attributes["manufacturer_pid"] = .text(text) }
        case .keyword:
            if !text.isEmpty { keywords.append(text) }
        case .featureName:
            featureName = text
        case .featureValue:
            if !text.isEmpty { featureValues.append(text) }
        case .featureUnit:
            featureUnit = text.isEmpty ? nil : text
        case .feature:
            endFeature()
        case .priceAmount:
            priceAmount = text
        case .priceCurrency:
            priceCurrency = text
        case .price:
            endPrice(xml: xml)
        case .mimeType:
            mimeType = text
        case .mimeSource:
            mimeSource = text
        case .mimePurpose:
            mimePurpose = text
        case .mime:
            if image == nil, let source = mimeSource, !source.isEmpty,
               mimeType?.hasPrefix("image/") ?? true, ["normal", "detail", nil].contains(mimePurpose) {
                image = source
            }
        case .product:
            productDepth -= 1
            if productDepth == 0 { try endProduct(sink: &sink) }
        default:
            break
        }
    }

    /// The locale of a localised text just read; nil (and a row error) for an unknown language.
    private mutating func locale(for text: String, xml: XMLStream, field: String) -> LocaleCode? {
        guard !text.isEmpty else { return nil }
        let raw = lang ?? defaultLanguage ?? "en"
        guard let locale = locales.locale(raw) else {
            rowError = CatalogError(.invalidValue, "\(field) has an unknown language '\(raw)'", context: .init(line: xml.line, key: field))
            return nil
        }
        return locale
    }

    private mutating func endFeature() {
        guard let featureName, !featureValues.isEmpty else { return }
        let code: String
        if let cached = codeCache[featureName] {
            code = cached
        } else {
            code = Self.attributeCode(featureName)
            codeCache[featureName] = code
        }
        guard !code.isEmpty else { return }
        let value = featureValues[0]
        if featureValues.count > 1 {
            attributes[code] = .normalizedList(featureValues)
        } else if let unit = featureUnit, let number = CanonicalDecimal(value.utf8.contains(UInt8(ascii: ",")) ? value.replacingOccurrences(of: ",", with: ".") : value) {
            attributes[code] = .number(number, unit: unit)
        } else {
            attributes[code] = .text(featureValues[0])
        }
    }

    private mutating func endPrice(xml: XMLStream) {
        guard let rawAmount = priceAmount else { return }
        guard let amount = CanonicalDecimal(rawAmount) else {
            rowError = CatalogError(.invalidValue, "PRICE_AMOUNT is '\(rawAmount)'; expected a number such as 12.50", context: .init(line: xml.line, key: "PRICE_AMOUNT"))
            return
        }
        let currency = (priceCurrency ?? catalogCurrency ?? "EUR").uppercased()
        if prices[currency] == nil { prices[currency] = Money(amount: amount, currency: currency) }
    }

    private mutating func endProduct<Sink: RecordSink>(sink: inout Sink) throws {
        guard let rawSKU = sku, let sku = SKU(rawSKU) else {
            try sink.rowError(CatalogError(.emptySKU, "the product has no SUPPLIER_PID; every product needs one", context: .init(line: productLine, key: "SUPPLIER_PID")))
            return
        }
        if var error = rowError {
            error.context.sku = sku.rawValue
            try sink.rowError(error)
            return
        }
        if productMode == "delete" {
            try sink.deletion(sku, line: productLine)
            return
        }
        let fingerprint = fingerprint?.finish()
        if let fingerprint, sink.knownFingerprint(of: sku) == fingerprint {
            try sink.unchanged(sku, line: productLine)
            return
        }
        if !names.isEmpty { attributes["name"] = .localizedText(names) }
        if !descriptions.isEmpty { attributes["description"] = .localizedText(descriptions) }
        if !keywords.isEmpty { attributes["keywords"] = .normalizedList(keywords) }
        if !prices.isEmpty { attributes["price"] = .price(prices.values.sorted()) }
        if let image { attributes["image"] = .media(image) }
        try sink.product(Product(sku: sku, attributes: attributes), line: productLine, fingerprint: fingerprint)
    }

    private mutating func resetProduct() {
        sku = nil
        names = [:]
        descriptions = [:]
        attributes = [:]
        keywords = []
        prices = [:]
        image = nil
        rowError = nil
        lang = nil
    }

    /// `Farbe (Außen)` → `farbe_außen`: a stable attribute code from a feature's name.
    static func attributeCode(_ name: String) -> String {
        name.slugified(separator: "_")
    }
}
