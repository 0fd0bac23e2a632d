public import CatalogCore
public import CatalogParsing
import Foundation

/// Reads Akeneo's standard format, one product per line (the API's and the JSON export's
/// shape): `identifier`, `family`, `categories`, `enabled` and
/// `values: {code: [{locale, scope, data}]}`, with prices and metrics as structured data.
///
/// Each line is parsed on its own with `JSONSerialization` (Codable is several times slower
/// on `values`' mixed types), so a broken line is one skipped row, not a lost file.
public struct AkeneoJSONLReader: ExportReader {
    public let channel: String
    public let localeMap: [String: LocaleCode]
    /// Whether lines of the usual shape are mapped straight from their bytes
    /// (`AkeneoLineMapper`); false sends every line through the reference path, which the
    /// fuzz target and the tests compare it with.
    public var mapsDirectly = true

    public init(channel: String = "ecommerce", localeMap: [String: LocaleCode] = [:]) {
        self.channel = channel
        self.localeMap = localeMap
    }

    public var format: ExportFormat { .akeneoJSONL }

    /// Part of every line fingerprint: bump it whenever the mapping from a line to a `Product`
    /// changes, so stored fingerprints stop matching and every product is built anew.
    public static let mappingVersion = 1

    /// What, besides a line's bytes, decides the product built from it.
    private var settingsDigest: [UInt8] {
        let locales = localeMap.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        return ContentHash(of: Data("akeneo-jsonl/\(Self.mappingVersion)\u{1F}\(channel)\u{1F}\(locales)".utf8)).bytes
    }

    public func read<Source: ByteSource, Sink: RecordSink>(_ source: inout Source, into sink: inout Sink) throws {
        var lines = LineReader(source)
        defer { lines.deallocate() }
        var sawFirstLine = false
        let settings = settingsDigest
        var locales = LocaleResolver(map: localeMap)
        var writer = CanonicalJSONWriter(capacity: 8192)
        var mapper = AkeneoLineMapper(channel: channel, locales: LocaleResolver(map: localeMap))
        try lines.forEachLine { bytes, line in
            var bytes = bytes
            if !sawFirstLine {
                sawFirstLine = true
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            }
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
            // A line identical to the one a product was last imported from is that product:
            // it is reported unchanged without being parsed in full.
            let fingerprint = RowFingerprint(settings: settings, record: bytes)
            if let identifier = JSONParser.topLevelString("identifier", in: bytes), let sku = SKU(identifier),
               sink.knownFingerprint(of: sku) == fingerprint {
                try sink.unchanged(sku, line: line)
                return
            }
            do {
                if mapsDirectly, let document = mapper.document(bytes) {
                    try sink.document(document, line: line, fingerprint: fingerprint)
                    return
                }
                let object: JSONValue
                do throws(JSONParser.Failure) {
                    object = try JSONParser.parse(bytes)
                } catch {
                    if error.reason.contains("UTF-8") {
                        throw CatalogError(.invalidUTF8, "the line is not valid UTF-8 (at byte \(error.offset + 1)); re-export the file as UTF-8", context: .init(line: line, column: error.offset + 1))
                    }
                    throw CatalogError(.malformedJSON, "the line is not a JSON object: \(error.reason) at byte \(error.offset + 1)", context: .init(line: line, column: error.offset + 1))
                }
                guard let product = object.object else {
                    throw CatalogError(.malformedJSON, "expected a JSON object per line", context: .init(line: line))
                }
                try sink.document(try makeDocument(product, line: line, locales: &locales, writer: &writer), line: line, fingerprint: fingerprint)
            } catch let error as CatalogError {
                try sink.rowError(error)
            }
        }
    }

    /// The line's canonical document, written on the reader's thread without a `Product`.
    /// Values are mapped in the line's order, so the first bad one is the one reported and a
    /// code given twice keeps its later value; then they are written in the document's key
    /// order. (A dictionary keeps the codes: Swift compares them by canonical equivalence, as
    /// decoding the document into a `Product` will.)
    private func makeDocument(_ json: JSONObject, line: Int, locales: inout LocaleResolver, writer: inout CanonicalJSONWriter) throws -> CanonicalDocument {
        let values = json["values"]?.object ?? JSONObject()
        // Akeneo 7+ identifies products by uuid and keeps the SKU among the values.
        let rawIdentifier = json["identifier"]?.string ?? values["sku"]?.array?.first?["data"]?.string
        guard let rawIdentifier, let sku = SKU(rawIdentifier) else {
            throw CatalogError(.emptySKU, "the product has no \"identifier\"; every product needs one", context: .init(line: line, key: "identifier"))
        }
        var attributes: [String: AttributeValue] = [:]
        attributes.reserveCapacity(values.count)
        for (code, entries) in values where code != "sku" {
            guard let entries = entries.array else {
                throw CatalogError(.invalidValue, "values.\(code) must be a list of {locale, scope, data}", context: .init(line: line, sku: sku.rawValue, key: code))
            }
            var localized: [LocaleCode: String] = [:]
            for entry in entries {
                if let scope = entry["scope"]?.string, scope != channel { continue }
                let data = entry["data"]
                if let rawLocale = entry["locale"]?.string {
                    guard let locale = locales.locale(rawLocale) else {
                        throw CatalogError(.invalidValue, "values.\(code) has an invalid locale '\(rawLocale)'", context: .init(line: line, sku: sku.rawValue, key: code))
                    }
                    if let text = data?.string, !text.isEmpty { localized[locale] = text }
                    continue
                }
                if let value = try Self.value(data, code: code, sku: sku, line: line) { attributes[code] = value }
            }
            if !localized.isEmpty { attributes[code] = .localizedText(localized) }
        }
        writer.reset()
        writer.beginDocument()
        for (code, value) in CanonicalJSONWriter.sortedBytewise(attributes.lazy.map { ($0.key, $0.value) }) {
            writer.attribute(code, value.normalized)
        }
        let categories = json["categories"]?.array?.compactMap(\.string) ?? []
        var enabled = true
        if case .bool(let flag) = json["enabled"] { enabled = flag }
        writer.endDocument(categories: Array(Set(categories)).sorted(), enabled: enabled, family: json["family"]?.string, sku: sku)
        return CanonicalDocument(sku: sku, json: writer.finishedDocument)
    }

    /// Maps one `data` field; nil for an empty value.
    private static func value(_ data: JSONValue?, code: String, sku: SKU, line: Int) throws -> AttributeValue? {
        switch data {
        case nil, .null?:
            return nil
        case .string(let text)?:
            return text.isEmpty ? nil : .text(text)
        case .bool(let flag)?:
            return .boolean(flag)
        case .number(let text)?:
            guard let number = CanonicalDecimal(text) else {
                throw CatalogError(.invalidValue, "values.\(code) is \(text); write numbers in plain decimal notation", context: .init(line: line, sku: sku.rawValue, key: code))
            }
            return .number(number, unit: nil)
        case .array(let list)?:
            if list.isEmpty { return nil }
            if case .string = list[0] { return .normalizedList(list.compactMap(\.string)) }
            return .price(try list.map { entry in
                guard let currency = entry["currency"]?.string, let amount = decimal(entry["amount"]) else {
                    throw CatalogError(.invalidValue, "values.\(code) price needs \"amount\" and \"currency\"", context: .init(line: line, sku: sku.rawValue, key: code))
                }
                return Money(amount: amount, currency: currency)
            })
        case .object?:
            if let amount = decimal(data?["amount"]) {
                return .number(amount, unit: data?["unit"]?.string)
            }
        }
        throw CatalogError(.invalidValue, "values.\(code) has data of an unsupported shape", context: .init(line: line, sku: sku.rawValue, key: code))
    }

    private static func decimal(_ value: JSONValue?) -> CanonicalDecimal? {
        switch value {
        case .string(let text)?, .number(let text)?: CanonicalDecimal(text)
        default: nil
        }
    }
}
