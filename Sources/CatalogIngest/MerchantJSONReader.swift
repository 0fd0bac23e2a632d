public import CatalogCore
public import CatalogParsing
import Foundation

/// Reads Google Merchant products in the Content API's JSON form: an array of product
/// resources, or an object holding them under `resources`, `items` or `entries`, fields in
/// camelCase (`offerId`, `imageLink`, `price: {value, currency}`).
///
/// The document is parsed whole (a JSON array does not stream); Merchant JSON feeds are far
/// smaller than PIM exports, and the Akeneo JSONL form streams instead.
public struct MerchantJSONReader: ExportReader {
    public let locale: LocaleCode
    public let localeMap: [String: LocaleCode]

    public init(locale: LocaleCode, localeMap: [String: LocaleCode] = [:]) {
        self.locale = locale
        self.localeMap = localeMap
    }

    public var format: ExportFormat { .merchantJSON }

    public func read<Source: ByteSource, Sink: RecordSink>(_ source: inout Source, into sink: inout Sink) throws {
        var data = Data()
        let buffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let count = try source.read(into: buffer)
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        let parsed = data.withUnsafeBytes { bytes in
            Result { () throws(JSONParser.Failure) in try JSONParser.parse(bytes) }
        }
        let document: JSONValue
        switch parsed {
        case .success(let value): document = value
        case .failure(let error): throw CatalogError(.malformedJSON, "the feed is not valid JSON: \(error.reason) at byte \(error.offset + 1)")
        }
        guard let items = document.array ?? (document["resources"] ?? document["items"] ?? document["entries"])?.array else {
            throw CatalogError(.missingField, "expected an array of products, or an object with a \"resources\" or \"items\" array")
        }
        var locales = LocaleResolver(map: localeMap)
        for (index, item) in items.enumerated() {
            let position = index + 1  // JSON has no useful lines; errors name the item's position
            guard let object = item.object else {
                try sink.rowError(CatalogError(.malformedJSON, "item \(position) is not an object", context: .init(line: position)))
                continue
            }
            let itemLocale = object["contentLanguage"]?.string.flatMap { locales.locale($0) } ?? locale
            var fields = MerchantFields(locale: itemLocale)
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                let name = key == "offerId" ? "id" : MerchantFields.snakeCase(key)
                switch value {
                case .string(let text):
                    if key != "id" || object["offerId"] == nil { fields.set(name, text, line: position) }
                case .object(let price) where name == "price" || name == "sale_price":
                    let amount = price["value"]?.string ?? { if case .number(let text)? = price["value"] { return text } else { return "" } }()
                    fields.set(name, "\(amount) \(price["currency"]?.string ?? "")", line: position)
                case .array(let list):
                    for entry in list { if let text = entry.string { fields.set(name, text, line: position) } }
                default:
                    continue
                }
            }
            switch fields.product(line: position) {
            case .success(let product): try sink.product(product, line: position)
            case .failure(let error): try sink.rowError(error)
            }
        }
    }
}
