public import CatalogCore
import Foundation

/// Reads Google Merchant products in the Content API's JSON form: an array of product
/// resources, or an object holding them under `resources`, `items` or `entries`, fields in
/// camelCase (`offerId`, `imageLink`, `price: {value, currency}`).
///
/// The document is parsed whole, since JSON arrays do not stream with Foundation; Merchant
/// JSON feeds are far smaller than PIM exports, and the JSONL form streams instead.
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
        let document: Any
        do {
            document = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw CatalogError(.malformedJSON, "the feed is not valid JSON: \(error)")
        }
        let items: [Any]
        if let array = document as? [Any] {
            items = array
        } else if let object = document as? [String: Any], let list = (object["resources"] ?? object["items"] ?? object["entries"]) as? [Any] {
            items = list
        } else {
            throw CatalogError(.missingField, "expected an array of products, or an object with a \"resources\" or \"items\" array")
        }
        for (index, item) in items.enumerated() {
            let position = index + 1  // JSON has no useful lines; errors name the item's position
            guard let object = item as? [String: Any] else {
                try sink.rowError(CatalogError(.malformedJSON, "item \(position) is not an object", context: .init(line: position)))
                continue
            }
            let itemLocale = (object["contentLanguage"] as? String).flatMap { WatchedFolder.locale($0, localeMap) } ?? locale
            var fields = MerchantFields(locale: itemLocale)
            for (key, value) in object.sorted(by: { $0.key < $1.key }) {
                let name = key == "offerId" ? "id" : MerchantFields.snakeCase(key)
                switch value {
                case let text as String:
                    if key != "id" || object["offerId"] == nil { fields.set(name, text, line: position) }
                case let price as [String: Any] where name == "price" || name == "sale_price":
                    let amount = (price["value"] as? String) ?? (price["value"] as? NSNumber)?.description ?? ""
                    fields.set(name, "\(amount) \(price["currency"] as? String ?? "")", line: position)
                case let list as [String]:
                    for entry in list { fields.set(name, entry, line: position) }
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
