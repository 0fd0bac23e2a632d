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

    public func read<Source: ByteSource, Sink: RecordSink>(_ source: inout Source, into sink: inout Sink) throws {
        let xml = try XMLStream(source, root: "BMECAT")
        var state = ParseState(localeMap: localeMap)
        var text = TextBuffer()
        while let event = try xml.next() {
            switch event {
            case .start(let name):
                text.reset()
                try state.start(name, xml: xml, sink: &sink)
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

private struct ParseState {
    let localeMap: [String: LocaleCode]
    var path: [String] = []
    var defaultLanguage: String?
    var catalogCurrency: String?
    var sawTransaction = false

    // The product being read.
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

    init(localeMap: [String: LocaleCode]) {
        self.localeMap = localeMap
        self.locales = LocaleResolver(map: localeMap)
    }

    private var inProduct: Bool { path.contains("PRODUCT") || path.contains("ARTICLE") }

    mutating func start<Sink: RecordSink>(_ name: String, xml: XMLStream, sink: inout Sink) throws {
        path.append(name)
        switch name {
        case "T_NEW_CATALOG":
            sawTransaction = true
            try sink.declare(mode: .snapshot)
        case "T_UPDATE_PRODUCTS", "T_UPDATE_ARTICLES":
            sawTransaction = true
            try sink.declare(mode: .delta)
        case "T_UPDATE_PRICES":
            throw CatalogError(.unsupportedFormat, "T_UPDATE_PRICES (price-only updates) is not supported; export T_UPDATE_PRODUCTS instead", context: .init(line: xml.line))
        case "PRODUCT", "ARTICLE":
            resetProduct()
            productLine = xml.line
            productMode = xml.attribute("mode") ?? "new"
        case "LANGUAGE" where !inProduct:
            if xml.attribute("default") == "true" { defaultLanguage = nil }
        case "DESCRIPTION_SHORT", "DESCRIPTION_LONG", "FVALUE":
            lang = xml.attribute("lang")
        case "FEATURE":
            featureName = nil
            featureValues = []
            featureUnit = nil
        case "PRODUCT_PRICE", "ARTICLE_PRICE":
            priceAmount = nil
            priceCurrency = nil
        case "MIME":
            mimeType = nil
            mimeSource = nil
            mimePurpose = nil
        default:
            break
        }
    }

    /// `xml` is asked for the line only when something needs reporting.
    mutating func end<Sink: RecordSink>(_ name: String, text: String, xml: XMLStream, sink: inout Sink) throws {
        defer { path.removeLast() }
        guard inProduct else {
            switch name {
            case "LANGUAGE" where defaultLanguage == nil: defaultLanguage = text
            case "CURRENCY" where path.contains("CATALOG"): catalogCurrency = text
            default: break
            }
            return
        }
        switch name {
        case "SUPPLIER_PID", "SUPPLIER_AID":
            sku = text
        case "DESCRIPTION_SHORT":
            if let locale = locale(for: text, xml: xml, field: name) { names[locale] = text }
        case "DESCRIPTION_LONG":
            if let locale = locale(for: text, xml: xml, field: name) { descriptions[locale] = text }
        case "INTERNATIONAL_PID", "EAN":
            if !text.isEmpty { attributes["gtin"] = .text(text) }
        case "MANUFACTURER_NAME":
            if !text.isEmpty { attributes["brand"] = .text(text) }
        case "MANUFACTURER_PID", "MANUFACTURER_AID":
            if !text.isEmpty { attributes["manufacturer_pid"] = .text(text) }
        case "KEYWORD":
            if !text.isEmpty { keywords.append(text) }
        case "FNAME":
            featureName = text
        case "FVALUE":
            if !text.isEmpty { featureValues.append(text) }
        case "FUNIT":
            featureUnit = text.isEmpty ? nil : text
        case "FEATURE":
            endFeature()
        case "PRICE_AMOUNT":
            priceAmount = text
        case "PRICE_CURRENCY":
            priceCurrency = text
        case "PRODUCT_PRICE", "ARTICLE_PRICE":
            endPrice(xml: xml)
        case "MIME_TYPE":
            mimeType = text
        case "MIME_SOURCE":
            mimeSource = text
        case "MIME_PURPOSE":
            mimePurpose = text
        case "MIME":
            if image == nil, let source = mimeSource, !source.isEmpty,
               mimeType?.hasPrefix("image/") ?? true, ["normal", "detail", nil].contains(mimePurpose) {
                image = source
            }
        case "PRODUCT", "ARTICLE":
            try endProduct(sink: &sink)
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
        } else if let unit = featureUnit, let number = CanonicalDecimal(value.contains(",") ? value.replacingOccurrences(of: ",", with: ".") : value) {
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
        if !names.isEmpty { attributes["name"] = .localizedText(names) }
        if !descriptions.isEmpty { attributes["description"] = .localizedText(descriptions) }
        if !keywords.isEmpty { attributes["keywords"] = .normalizedList(keywords) }
        if !prices.isEmpty { attributes["price"] = .price(prices.values.sorted()) }
        if let image { attributes["image"] = .media(image) }
        try sink.product(Product(sku: sku, attributes: attributes), line: productLine)
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
