public import CatalogCore
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

    public init(channel: String = "ecommerce", localeMap: [String: LocaleCode] = [:]) {
        self.channel = channel
        self.localeMap = localeMap
    }

    public var format: ExportFormat { .akeneoJSONL }

    public func read<Source: ByteSource, Sink: RecordSink>(_ source: inout Source, into sink: inout Sink) throws {
        var lines = LineReader(source)
        defer { lines.deallocate() }
        var sawFirstLine = false
        try lines.forEachLine { bytes, line in
            var bytes = bytes
            if !sawFirstLine {
                sawFirstLine = true
                if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = UnsafeRawBufferPointer(rebasing: bytes[3...]) }
            }
            guard bytes.contains(where: { $0 != 0x20 && $0 != 0x09 }) else { return }
            do {
                let object: Any
                do {
                    object = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
                } catch {
                    guard String(validating: bytes, as: UTF8.self) != nil else {
                        throw CatalogError(.invalidUTF8, "the line is not valid UTF-8; re-export the file as UTF-8", context: .init(line: line))
                    }
                    throw CatalogError(.malformedJSON, "the line is not a JSON object (\(Self.reason(error)))", context: .init(line: line))
                }
                guard let product = object as? [String: Any] else {
                    throw CatalogError(.malformedJSON, "expected a JSON object per line, found \(type(of: object))", context: .init(line: line))
                }
                try sink.product(try makeProduct(product, line: line), line: line)
            } catch let error as CatalogError {
                try sink.rowError(error)
            }
        }
    }

    private func makeProduct(_ json: [String: Any], line: Int) throws -> Product {
        let values = json["values"] as? [String: Any] ?? [:]
        // Akeneo 7+ identifies products by uuid and keeps the SKU among the values.
        let rawIdentifier = json["identifier"] as? String
            ?? ((values["sku"] as? [[String: Any]])?.first?["data"] as? String)
        guard let rawIdentifier, let sku = SKU(rawIdentifier) else {
            throw CatalogError(.emptySKU, "the product has no \"identifier\"; every product needs one", context: .init(line: line, key: "identifier"))
        }
        var attributes: [String: AttributeValue] = [:]
        for (code, entries) in values where code != "sku" {
            guard let entries = entries as? [[String: Any]] else {
                throw CatalogError(.invalidValue, "values.\(code) must be a list of {locale, scope, data}", context: .init(line: line, sku: sku.rawValue, key: code))
            }
            var localized: [LocaleCode: String] = [:]
            for entry in entries {
                if let scope = entry["scope"] as? String, scope != channel { continue }
                let data = entry["data"]
                if let rawLocale = entry["locale"] as? String {
                    guard let locale = WatchedFolder.locale(rawLocale, localeMap) else {
                        throw CatalogError(.invalidValue, "values.\(code) has an invalid locale '\(rawLocale)'", context: .init(line: line, sku: sku.rawValue, key: code))
                    }
                    if let text = data as? String, !text.isEmpty { localized[locale] = text }
                    continue
                }
                if let value = try Self.value(data, code: code, sku: sku, line: line) { attributes[code] = value }
            }
            if !localized.isEmpty { attributes[code] = .localizedText(localized) }
        }
        let categories = (json["categories"] as? [Any])?.compactMap { $0 as? String } ?? []
        let enabled = json["enabled"].flatMap(Self.boolean) ?? true
        return Product(sku: sku, family: json["family"] as? String, enabled: enabled, categories: categories, attributes: attributes)
    }

    /// Maps one `data` field; nil for an empty value.
    private static func value(_ data: Any?, code: String, sku: SKU, line: Int) throws -> AttributeValue? {
        switch data {
        case nil, is NSNull:
            return nil
        case let text as String:
            return text.isEmpty ? nil : .text(text)
        case let number as NSNumber:
            if let flag = boolean(number) { return .boolean(flag) }
            return CanonicalDecimal(number.description).map { .number($0, unit: nil) }
        case let list as [Any]:
            if list.isEmpty { return nil }
            if let strings = list as? [String] { return .normalizedList(strings) }
            if let prices = list as? [[String: Any]] {
                return .price(try prices.map { entry in
                    guard let currency = entry["currency"] as? String, let amount = decimal(entry["amount"]) else {
                        throw CatalogError(.invalidValue, "values.\(code) price needs \"amount\" and \"currency\"", context: .init(line: line, sku: sku.rawValue, key: code))
                    }
                    return Money(amount: amount, currency: currency)
                })
            }
        case let object as [String: Any]:
            if let amount = decimal(object["amount"]) {
                return .number(amount, unit: object["unit"] as? String)
            }
        default:
            break
        }
        throw CatalogError(.invalidValue, "values.\(code) has data of an unsupported shape", context: .init(line: line, sku: sku.rawValue, key: code))
    }

    private static func decimal(_ value: Any?) -> CanonicalDecimal? {
        switch value {
        case let text as String: CanonicalDecimal(text)
        case let number as NSNumber: CanonicalDecimal(number.description)
        default: nil
        }
    }

    /// JSON `true`/`false` arrive as NSNumber on Linux; tell them from numbers by their type.
    private static func boolean(_ value: Any) -> Bool? {
        if let flag = value as? Bool, !(value is Int), !(value is Double) { return flag }
        if let number = value as? NSNumber, String(cString: number.objCType) == "c" { return number.boolValue }
        return nil
    }

    private static func reason(_ error: any Error) -> String {
        let text = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String ?? error.localizedDescription
        return text.count > 200 ? String(text.prefix(200)) + "…" : text
    }
}
