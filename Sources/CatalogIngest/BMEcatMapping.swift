import CatalogCore
import CatalogParsing
import Foundation

/// Maps a product's record: first into `MappedValues`, the values the mapping settles on as
/// ranges of the record's bytes; then either straight into the canonical document, or (the
/// reference the direct path is checked against) into a `Product`.
struct ProductMapping {
    private var locales: LocaleResolver
    /// Codes by number; the fixed ones first, in `Code`'s order.
    private var codes = RankedNames()
    private var codesByName: [String: Int] = [:]
    private var codesByFeatureName: [String: Int] = [:]
    /// The code of the n-th feature of the product before: catalogs list the same features in
    /// the same order product after product, so a comparison of bytes usually finds the code.
    private var recentFeatures: [(name: [UInt8], code: Int)] = []
    /// Locales by number, and the raw languages seen with their locale numbers (-1: unknown).
    private var localeNames = RankedNames()
    private var localeCodes: [LocaleCode] = []
    private var languages: [(raw: [UInt8], locale: Int)] = []
    private var values = MappedValues()
    private var writer = CanonicalJSONWriter(capacity: 16 * 1024)

    /// The attributes the mapping itself names, numbered as registered in `init`.
    private enum Code {
        static let gtin = 0, brand = 1, manufacturerPID = 2, name = 3, description = 4, keywords = 5, price = 6, image = 7
        static let names = ["gtin", "brand", "manufacturer_pid", "name", "description", "keywords", "price", "image"]
    }

    init(localeMap: [String: LocaleCode]) {
        locales = LocaleResolver(map: localeMap)
        for name in Code.names { codesByName[name] = codes.add(name) }
    }

    /// The product's document, or the row error that keeps it out.
    mutating func document(_ sku: SKU, from record: ProductRecord, defaultLanguage: String?, catalogCurrency: String?) -> Result<CanonicalDocument, CatalogError> {
        if let error = map(record, defaultLanguage: defaultLanguage, catalogCurrency: catalogCurrency) { return .failure(error) }
        // The writer is taken out while it writes, so reading the mapping's tables alongside
        // never makes Swift copy the whole mapping.
        var writer = self.writer
        self.writer = CanonicalJSONWriter(capacity: 0)
        defer { self.writer = writer }
        writer.reset()
        writer.beginDocument()
        record.bytes.withUnsafeBytes { bytes in
            for code in values.usedCodes(ranked: codes.rank) {
                let name = codes.names[code]
                switch values.values[code]! {
                case .text(let range):
                    writer.textAttribute(name, text: UnsafeRawBufferPointer(rebasing: bytes[range]))
                case .media(let range):
                    writer.textAttribute(name, media: true, text: UnsafeRawBufferPointer(rebasing: bytes[range]))
                case .localized(let texts):
                    writer.beginLocalizedText(name)
                    for locale in values.usedLocales(texts, ranked: localeNames.rank) {
                        writer.localizedEntry(localeCodes[locale], text: UnsafeRawBufferPointer(rebasing: bytes[values.texts[texts][locale]!]))
                    }
                    writer.endLocalizedText()
                case let other:
                    writer.attribute(name, value(other, record))
                }
            }
        }
        writer.endDocument(categories: [], enabled: true, family: nil, sku: sku)
        return .success(CanonicalDocument(sku: sku, json: writer.finishedDocument))
    }

    /// The product as a value, from the same mapped values.
    mutating func product(_ sku: SKU, from record: ProductRecord, defaultLanguage: String?, catalogCurrency: String?) -> Result<Product, CatalogError> {
        if let error = map(record, defaultLanguage: defaultLanguage, catalogCurrency: catalogCurrency) { return .failure(error) }
        var attributes: [String: AttributeValue] = [:]
        for code in values.usedCodes(ranked: codes.rank) {
            attributes[codes.names[code]] = value(values.values[code]!, record)
        }
        return .success(Product(sku: sku, attributes: attributes))
    }

    private func value(_ value: MappedValues.Value, _ record: ProductRecord) -> AttributeValue {
        switch value {
        case .text(let range): .text(record.string(range))
        case .media(let range): .media(record.string(range))
        case .number(let number, let unit): .number(number, unit: record.string(unit))
        case .list(let ranges): .normalizedList(ranges.map(record.string))
        case .localized(let texts): .localizedText(Dictionary(uniqueKeysWithValues: values.usedLocales(texts, ranked: localeNames.rank).map { (localeCodes[$0], record.string(values.texts[texts][$0]!)) }))
        case .prices: .price(values.prices.sorted())
        }
    }

    /// Reads the record's operations into `values`; the row error, if one keeps the product out.
    private mutating func map(_ record: ProductRecord, defaultLanguage: String?, catalogCurrency: String?) -> CatalogError? {
        values.reset()
        var rowError: CatalogError?
        var lang: Range<Int>?
        var featureName: Range<Int>?
        var featureValues: [Range<Int>] = []
        var featureUnit: Range<Int>?
        var featureCount = 0
        var keywords: [Range<Int>] = []
        var priceAmount: Range<Int>?
        var priceCurrency: Range<Int>?
        var mimeType: Range<Int>?
        var mimeSource: Range<Int>?
        var mimePurpose: Range<Int>?
        var image: Range<Int>?

        record.bytes.withUnsafeBytes { bytes in
            record.forEach { operation in
                switch operation {
                case .start(let tag, let language):
                    switch tag {
                    case .descriptionShort, .descriptionLong, .featureValue:
                        lang = language
                    case .feature:
                        featureName = nil
                        featureValues.removeAll(keepingCapacity: true)
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
                case .end(let tag, let text, let line):
                    switch tag {
                    case .descriptionShort, .descriptionLong:
                        guard !text.isEmpty else { break }
                        let locale = locale(lang.map { UnsafeRawBufferPointer(rebasing: bytes[$0]) }, default: defaultLanguage)
                        guard locale >= 0 else {
                            let field = tag == .descriptionShort ? "DESCRIPTION_SHORT" : "DESCRIPTION_LONG"
                            let raw = lang.map(record.string) ?? defaultLanguage ?? "en"
                            rowError = CatalogError(.invalidValue, "\(field) has an unknown language '\(raw)'", context: .init(line: line, key: field))
                            break
                        }
                        values.setText(text, locale: locale, in: tag == .descriptionShort ? MappedValues.names : MappedValues.descriptions)
                    case .internationalPID:
                        if !text.isEmpty { values.set(Code.gtin, .text(text)) }
                    case .manufacturerName:
                        if !text.isEmpty { values.set(Code.brand, .text(text)) }
                    case .manufacturerPID:
                        if !text.isEmpty { values.set(Code.manufacturerPID, .text(text)) }
                    case .keyword:
                        if !text.isEmpty { keywords.append(text) }
                    case .featureName:
                        featureName = text
                    case .featureValue:
                        if !text.isEmpty { featureValues.append(text) }
                    case .featureUnit:
                        featureUnit = text.isEmpty ? nil : text
                    case .feature:
                        featureCount += 1
                        guard let featureName, !featureValues.isEmpty else { break }
                        let code = featureCode(UnsafeRawBufferPointer(rebasing: bytes[featureName]), ordinal: featureCount - 1)
                        if code >= 0 { values.set(code, featureValue(featureValues, unit: featureUnit, record)) }
                    case .priceAmount:
                        priceAmount = text
                    case .priceCurrency:
                        priceCurrency = text
                    case .price:
                        guard let rawAmount = priceAmount.map(record.string) else { break }
                        guard let amount = CanonicalDecimal(rawAmount) else {
                            rowError = CatalogError(.invalidValue, "PRICE_AMOUNT is '\(rawAmount)'; expected a number such as 12.50", context: .init(line: line, key: "PRICE_AMOUNT"))
                            break
                        }
                        let currency = (priceCurrency.map(record.string) ?? catalogCurrency ?? "EUR").uppercased()
                        if !values.prices.contains(where: { $0.currency == currency }) { values.prices.append(Money(amount: amount, currency: currency)) }
                    case .mimeType:
                        mimeType = text
                    case .mimeSource:
                        mimeSource = text
                    case .mimePurpose:
                        mimePurpose = text
                    case .mime:
                        if image == nil, let source = mimeSource, !source.isEmpty,
                           mimeType.map({ record.string($0).hasPrefix("image/") }) ?? true,
                           mimePurpose.map({ ["normal", "detail"].contains(record.string($0)) }) ?? true {
                            image = source
                        }
                    default:
                        break
                    }
                }
            }
        }
        if let rowError { return rowError }
        if values.hasTexts(MappedValues.names) { values.set(Code.name, .localized(MappedValues.names)) }
        if values.hasTexts(MappedValues.descriptions) { values.set(Code.description, .localized(MappedValues.descriptions)) }
        if !keywords.isEmpty { values.set(Code.keywords, .list(keywords)) }
        if !values.prices.isEmpty { values.set(Code.price, .prices) }
        if let image { values.set(Code.image, .media(image)) }
        return nil
    }

    /// Several values are a list; one numeric value with a unit a number (a decimal comma
    /// read as a point); anything else text.
    private func featureValue(_ values: [Range<Int>], unit: Range<Int>?, _ record: ProductRecord) -> MappedValues.Value {
        if values.count > 1 { return .list(values) }
        if let unit {
            let value = record.string(values[0])
            if let number = CanonicalDecimal(value.utf8.contains(UInt8(ascii: ",")) ? value.replacingOccurrences(of: ",", with: ".") : value) {
                return .number(number, unit: unit)
            }
        }
        return .text(values[0])
    }

    /// The code of a feature named `name` (`Farbe (Außen)` → `farbe_außen`); -1 when its name
    /// gives none.
    private mutating func featureCode(_ name: UnsafeRawBufferPointer, ordinal: Int) -> Int {
        if ordinal < recentFeatures.count, Self.equal(recentFeatures[ordinal].name, name) { return recentFeatures[ordinal].code }
        let string = String(decoding: name, as: UTF8.self)
        let code: Int
        if let known = codesByFeatureName[string] {
            code = known
        } else {
            let slug = string.slugified(separator: "_")
            if slug.isEmpty {
                code = -1
            } else if let known = codesByName[slug] {
                code = known
            } else {
                code = codes.add(slug)
                codesByName[slug] = code
            }
            codesByFeatureName[string] = code
        }
        if ordinal < recentFeatures.count {
            recentFeatures[ordinal] = (Array(name), code)
        } else if ordinal == recentFeatures.count {
            recentFeatures.append((Array(name), code))
        }
        return code
    }

    /// The number of the locale of a text in language `raw` (without one, the catalog's default
    /// language, else English); -1 for a language catalogd does not know.
    private mutating func locale(_ raw: UnsafeRawBufferPointer?, default defaultLanguage: String?) -> Int {
        guard let raw else { return locale(named: defaultLanguage ?? "en") }
        for known in languages where Self.equal(known.raw, raw) { return known.locale }
        let number = locale(named: String(decoding: raw, as: UTF8.self))
        if languages.count < 64 { languages.append((Array(raw), number)) }
        return number
    }

    private mutating func locale(named raw: String) -> Int {
        guard let locale = locales.locale(raw) else { return -1 }
        if let known = localeCodes.firstIndex(of: locale) { return known }
        localeCodes.append(locale)
        return localeNames.add(locale.identifier)
    }

    private static func equal(_ bytes: [UInt8], _ other: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count == other.count else { return false }
        guard let base = other.baseAddress, !bytes.isEmpty else { return true }
        return bytes.withUnsafeBytes { memcmp($0.baseAddress!, base, bytes.count) == 0 }
    }
}

/// The values the mapping settles on for one product, as ranges of its record's bytes, by
/// attribute code number; buffers reused product after product.
struct MappedValues {
    enum Value {
        case text(Range<Int>)
        case media(Range<Int>)
        case number(CanonicalDecimal, unit: Range<Int>)
        case list([Range<Int>])
        /// Localized texts: `names` or `descriptions`.
        case localized(Int)
        case prices
    }

    static let names = 0, descriptions = 1

    private(set) var values: [Value?] = []
    private var used: [Int] = []
    /// Names and descriptions, by locale number.
    private(set) var texts: [[Range<Int>?]] = [[], []]
    private var textLocales: [[Int]] = [[], []]
    var prices: [Money] = []

    mutating func reset() {
        for code in used { values[code] = nil }
        used.removeAll(keepingCapacity: true)
        for which in 0..<2 {
            for locale in textLocales[which] { texts[which][locale] = nil }
            textLocales[which].removeAll(keepingCapacity: true)
        }
        prices.removeAll(keepingCapacity: true)
    }

    /// A later value for the same code replaces an earlier one.
    mutating func set(_ code: Int, _ value: Value) {
        if code >= values.count { values += Array(repeating: nil, count: code - values.count + 1) }
        if values[code] == nil { used.append(code) }
        values[code] = value
    }

    mutating func setText(_ text: Range<Int>, locale: Int, in which: Int) {
        if locale >= texts[which].count { texts[which] += Array(repeating: nil, count: locale - texts[which].count + 1) }
        if texts[which][locale] == nil { textLocales[which].append(locale) }
        texts[which][locale] = text
    }

    func hasTexts(_ which: Int) -> Bool { !textLocales[which].isEmpty }

    /// The codes with a value, in the order of `ranked` (codes by bytewise rank).
    func usedCodes(ranked: [Int]) -> [Int] { Self.sorted(used, by: ranked) }

    func usedLocales(_ which: Int, ranked: [Int]) -> [Int] { Self.sorted(textLocales[which], by: ranked) }

    /// An insertion sort: a product has a few dozen codes, usually already nearly in order.
    private static func sorted(_ numbers: [Int], by rank: [Int]) -> [Int] {
        var numbers = numbers
        for index in numbers.indices.dropFirst() {
            let number = numbers[index]
            var position = index
            while position > 0, rank[numbers[position - 1]] > rank[number] {
                numbers[position] = numbers[position - 1]
                position -= 1
            }
            numbers[position] = number
        }
        return numbers
    }
}

/// Names numbered in the order they were added, with each one's rank in UTF-8 byte order, the
/// order canonical documents list keys in.
struct RankedNames {
    private(set) var names: [String] = []
    private(set) var rank: [Int] = []

    mutating func add(_ name: String) -> Int {
        names.append(name)
        let order = names.indices.sorted { names[$0].utf8.lexicographicallyPrecedes(names[$1].utf8) }
        rank = Array(repeating: 0, count: names.count)
        for (position, number) in order.enumerated() { rank[number] = position }
        return names.count - 1
    }
}

/// XML text as the mapping reads it.
enum XMLText {
    /// The range of `text` without leading and trailing ASCII whitespace, as
    /// `String.trimmingASCIIWhitespace` trims by characters. Where whitespace meets a non-ASCII
    /// byte (a combining mark may belong to the same character) the String trim decides.
    static func trimmed(_ text: UnsafeRawBufferPointer) -> Range<Int> {
        var start = 0
        var end = text.count
        while start < end, text[start].isASCIIWhitespace { start += 1 }
        while end > start, text[end - 1].isASCIIWhitespace { end -= 1 }
        let cutNextToNonASCII = (start > 0 && start < text.count && text[start] >= 0x80) || (end < text.count && end > 0 && text[end - 1] >= 0x80)
        guard cutNextToNonASCII else { return start..<end }
        let string = String(decoding: text, as: UTF8.self)
        let kept = string.boundsTrimmingASCIIWhitespace
        return string.utf8.distance(from: string.startIndex, to: kept.lowerBound)..<string.utf8.distance(from: string.startIndex, to: kept.upperBound)
    }
}
