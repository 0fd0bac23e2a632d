public import CatalogCore
public import CatalogParsing
import Foundation

/// Reads BMEcat 2005 (`PRODUCT`, namespaced) and BMEcat 1.2 (`ARTICLE`, no namespace) with
/// libxml2's streaming parser. `T_NEW_CATALOG` is a full snapshot; `T_UPDATE_PRODUCTS`
/// (`T_UPDATE_ARTICLES`) a delta whose products carry `mode="new" | "update" | "delete"`.
///
/// Mapping: SUPPLIER_PID → SKU; DESCRIPTION_SHORT → `name`, DESCRIPTION_LONG → `description`
/// (per `lang`, defaulting to the header's catalog language); INTERNATIONAL_PID → `gtin`;
/// MANUFACTURER_NAME → `brand`; MANUFACTURER_PID → `manufacturer_pid`; KEYWORD → `keywords`;
/// each FEATURE → an attribute named after FNAME (a number with FUNIT when FVALUE is numeric);
/// the first PRODUCT_PRICE per currency → `price`; the first MIME image → `image`. These
/// elements count wherever they are inside a product; everything else is skipped.
///
/// A product is read in two steps. While the document streams, the parts of the product the
/// mapping reads (those elements' texts, in document order, and the `lang` attributes) are
/// recorded as bytes; their digest is the product's fingerprint. Only a product whose
/// fingerprint is new is then mapped, so a re-import of a mostly unchanged catalog costs
/// little more than parsing it.
public struct BMEcatReader: ExportReader {
    public let localeMap: [String: LocaleCode]
    /// Products are written as canonical documents straight from their bytes; false builds each
    /// `Product` instead, the reference the direct path is checked against.
    public var mapsDirectly = true

    public init(localeMap: [String: LocaleCode] = [:]) {
        self.localeMap = localeMap
    }

    public var format: ExportFormat { .bmecat }

    /// Part of every product fingerprint: bump it whenever the mapping from a PRODUCT element
    /// to a `Product`, or what the fingerprint covers, changes, so stored fingerprints stop
    /// matching.
    public static let mappingVersion = 2

    public func read<Source: ByteSource, Sink: RecordSink>(_ source: inout Source, into sink: inout Sink) throws {
        let xml = try XMLStream(source, root: "BMECAT", textTokens: false)
        let locales = localeMap.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        var scanner = BMEcatScanner(mapping: ProductMapping(localeMap: localeMap), settings: Array("bmecat/\(Self.mappingVersion)\u{1F}\(locales)".utf8), mapsDirectly: mapsDirectly)
        try scanner.read(xml, into: &sink)
    }
}

/// The elements the mapping reads; every other element is `.other`.
enum Tag: UInt8 {
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

    /// Inside a product: an element whose start the mapping needs (a `lang`, or a group that
    /// begins afresh).
    var recordsStart: Bool {
        switch self {
        case .descriptionShort, .descriptionLong, .featureValue, .feature, .price, .mime: true
        default: false
        }
    }

    /// Inside a product: an element whose end the mapping needs, with its text when `readsText`.
    var recordsEnd: Bool {
        switch self {
        case .supplierPID, .descriptionShort, .descriptionLong, .internationalPID, .manufacturerName, .manufacturerPID,
             .keyword, .featureName, .featureValue, .featureUnit, .priceAmount, .priceCurrency, .mimeType, .mimeSource, .mimePurpose,
             .feature, .price, .mime:
            true
        default:
            false
        }
    }

    var readsText: Bool { recordsEnd && self != .feature && self != .price && self != .mime }

    var hasLanguage: Bool { self == .descriptionShort || self == .descriptionLong || self == .featureValue }
}

/// The parts of one product the mapping reads, in document order: starts (with the `lang`
/// attribute where it matters) and ends with their trimmed text. `bytes` is what the
/// fingerprint covers; the lines of the ends are kept apart, since moving a product within
/// the file must not change its fingerprint.
struct ProductRecord {
    enum Operation {
        case start(Tag, language: Range<Int>?)
        case end(Tag, text: Range<Int>, line: Int)
    }

    private static let startCode: UInt8 = 1, endCode: UInt8 = 2, noLanguage = UInt32.max

    private(set) var bytes: [UInt8] = []
    private var lines: [Int32] = []
    /// The text of the last SUPPLIER_PID: the SKU, needed before deciding to map.
    private(set) var sku: Range<Int>?

    init() {
        bytes.reserveCapacity(16 * 1024)
    }

    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        lines.removeAll(keepingCapacity: true)
        sku = nil
    }

    mutating func start(_ tag: Tag, language: UnsafeRawBufferPointer?) {
        bytes.append(Self.startCode)
        bytes.append(tag.rawValue)
        guard tag.hasLanguage else { return }
        if let language {
            appendLength(language.count)
            bytes.append(bytes: language)
        } else {
            appendLength(Int(Self.noLanguage))
        }
    }

    mutating func end(_ tag: Tag, text: UnsafeRawBufferPointer, line: Int) {
        bytes.append(Self.endCode)
        bytes.append(tag.rawValue)
        lines.append(Int32(truncatingIfNeeded: line))
        guard tag.readsText else { return }
        let trimmed = XMLText.trimmed(text)
        appendLength(trimmed.count)
        let start = bytes.count
        bytes.append(bytes: UnsafeRawBufferPointer(rebasing: text[trimmed]))
        if tag == .supplierPID { sku = start..<bytes.count }
    }

    private mutating func appendLength(_ length: Int) {
        bytes.append(littleEndian: UInt32(truncatingIfNeeded: length))
    }

    /// The operations in document order.
    func forEach(_ body: (Operation) throws -> Void) rethrows {
        var index = 0
        var end = 0
        func length() -> UInt32 {
            defer { index += 4 }
            return bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: index, as: UInt32.self).littleEndian }
        }
        while index < bytes.count {
            let code = bytes[index]
            let tag = Tag(rawValue: bytes[index + 1])!
            index += 2
            if code == Self.startCode {
                var language: Range<Int>?
                if tag.hasLanguage {
                    let count = length()
                    if count != Self.noLanguage {
                        language = index..<index + Int(count)
                        index += Int(count)
                    }
                }
                try body(.start(tag, language: language))
            } else {
                var text = index..<index
                if tag.readsText {
                    let count = Int(length())
                    text = index..<index + count
                    index += count
                }
                try body(.end(tag, text: text, line: Int(lines[end])))
                end += 1
            }
        }
    }

    func string(_ range: Range<Int>) -> String {
        bytes.withUnsafeBytes { String(decoding: $0[range], as: UTF8.self) }
    }
}

/// Streams the document: follows the header and the transaction, records each product and
/// hands it on.
struct BMEcatScanner {
    var mapping: ProductMapping
    let settings: [UInt8]
    let mapsDirectly: Bool
    /// Tags by the stream's name number: a lookup in an array, not a hash of the name.
    private var tags: [Tag?] = []
    private var productDepth = 0
    private var catalogDepth = 0
    private var defaultLanguage: String?
    private var catalogCurrency: String?
    private var sawTransaction = false
    private var productLine = 0
    private var productMode = "new"
    private var record = ProductRecord()
    private var header: [UInt8] = []

    init(mapping: ProductMapping, settings: [UInt8], mapsDirectly: Bool) {
        self.mapping = mapping
        self.settings = settings
        self.mapsDirectly = mapsDirectly
    }

    mutating func read<Sink: RecordSink>(_ xml: XMLStream, into sink: inout Sink) throws {
        while let token = try xml.advance() {
            switch token {
            case .start: try start(tag(xml), xml: xml, sink: &sink)
            case .end: try end(tag(xml), xml: xml, sink: &sink)
            case .text: break
            }
        }
        guard sawTransaction else {
            throw CatalogError(.missingField, "the catalog has no T_NEW_CATALOG or T_UPDATE_PRODUCTS section, so it carries no products")
        }
    }

    private mutating func tag(_ xml: XMLStream) -> Tag {
        let id = xml.nameID
        if id < tags.count, let tag = tags[id] { return tag }
        if id >= tags.count { tags += Array(repeating: nil, count: id - tags.count + 1) }
        let tag = Tag.byName[xml.name] ?? .other
        tags[id] = tag
        return tag
    }

    private mutating func start<Sink: RecordSink>(_ tag: Tag, xml: XMLStream, sink: inout Sink) throws {
        switch tag {
        case .newCatalog:
            sawTransaction = true
            try sink.declare(mode: .snapshot)
        case .updateProducts:
            sawTransaction = true
            try sink.declare(mode: .delta)
        case .updatePrices:
            throw CatalogError(.unsupportedFormat, "T_UPDATE_PRICES (price-only updates) is not supported; export T_UPDATE_PRODUCTS instead", context: .init(line: xml.line))
        case .product:
            productDepth += 1
            // A product nested in another is read as part of it.
            guard productDepth == 1 else { return }
            record.reset()
            productLine = xml.line
            productMode = xml.attribute("mode") ?? "new"
        case _ where productDepth > 0:
            if tag.recordsStart {
                xml.withAttribute("lang") { record.start(tag, language: tag.hasLanguage ? $0 : nil) }
            }
        case .catalog:
            catalogDepth += 1
        case .language:
            if xml.attribute("default") == "true" { defaultLanguage = nil }
        default:
            break
        }
    }

    private mutating func end<Sink: RecordSink>(_ tag: Tag, xml: XMLStream, sink: inout Sink) throws {
        if productDepth > 0 {
            if tag == .product {
                productDepth -= 1
                if productDepth == 0 { try endProduct(sink: &sink) }
            } else if tag.recordsEnd {
                xml.withElementText { record.end(tag, text: $0, line: xml.line) }
            }
            return
        }
        switch tag {
        case .language where defaultLanguage == nil: defaultLanguage = Self.headerText(xml)
        case .currency where catalogDepth > 0: catalogCurrency = Self.headerText(xml)
        case .catalog: catalogDepth -= 1
        default: break
        }
    }

    private static func headerText(_ xml: XMLStream) -> String {
        xml.withElementText { String(decoding: $0, as: UTF8.self) }.trimmingASCIIWhitespace()
    }

    private mutating func endProduct<Sink: RecordSink>(sink: inout Sink) throws {
        guard let skuRange = record.sku, let sku = SKU(record.string(skuRange)) else {
            try sink.rowError(CatalogError(.emptySKU, "the product has no SUPPLIER_PID; every product needs one", context: .init(line: productLine, key: "SUPPLIER_PID")))
            return
        }
        let fingerprint = fingerprint()
        // A known fingerprint was mapped without error before, from the same parts.
        if productMode != "delete", sink.knownFingerprint(of: sku) == fingerprint {
            try sink.unchanged(sku, line: productLine)
            return
        }
        if mapsDirectly {
            let document = mapping.document(sku, from: record, defaultLanguage: defaultLanguage, catalogCurrency: catalogCurrency)
            try hand(document, of: sku, to: &sink) { try $0.document($1, line: productLine, fingerprint: fingerprint) }
        } else {
            let product = mapping.product(sku, from: record, defaultLanguage: defaultLanguage, catalogCurrency: catalogCurrency)
            try hand(product, of: sku, to: &sink) { try $0.product($1, line: productLine, fingerprint: fingerprint) }
        }
    }

    /// Hands on a mapped product: its row error, its deletion, or the product itself.
    private func hand<Mapped, Sink: RecordSink>(_ mapped: Result<Mapped, CatalogError>, of sku: SKU, to sink: inout Sink, _ deliver: (inout Sink, Mapped) throws -> Void) throws {
        switch mapped {
        case .failure(var error):
            error.context.sku = sku.rawValue
            try sink.rowError(error)
        case .success where productMode == "delete":
            try sink.deletion(sku, line: productLine)
        case .success(let product):
            try deliver(&sink, product)
        }
    }

    /// The digest of the settings, what the header gives every product, the mode and the record.
    private mutating func fingerprint() -> RowFingerprint {
        header.removeAll(keepingCapacity: true)
        for part in [defaultLanguage ?? "", catalogCurrency ?? "", productMode] {
            header.append(littleEndian: UInt32(part.utf8.count))
            header.append(contentsOf: part.utf8)
        }
        return header.withUnsafeBytes { header in
            record.bytes.withUnsafeBytes { RowFingerprint(settings: settings, parts: header, $0) }
        }
    }
}
