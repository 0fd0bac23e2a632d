public import CatalogCore
public import Foundation

/// How an inventory feed names its fields. Dotted paths reach into nested objects
/// (`stock.available`); `items` is where the list of lines is (empty: the document is the list).
public struct InventoryFieldMapping: Hashable, Sendable {
    public var items: String
    public var sku: String
    public var quantity: String
    public var location: String?
    public var updatedAt: String?

    public init(items: String = "", sku: String = "sku", quantity: String = "quantity", location: String? = "location", updatedAt: String? = "updated_at") {
        self.items = items
        self.sku = sku
        self.quantity = quantity
        self.location = location
        self.updatedAt = updatedAt
    }
}

/// Why a feed was rejected. A feed is taken whole or not at all: half-applied stock would be
/// worse than stale stock.
public struct InventoryFeedError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Reads an inventory feed (JSON) into stock levels, all or nothing. A negative quantity
/// (backorders) counts as none available; a quantity that is not a whole number, or beyond
/// 64 bits, a missing SKU, a truncated document or non-UTF-8 bytes reject the whole feed.
public enum InventoryFeed {
    public static func parseJSON(_ data: Data, mapping: InventoryFieldMapping) throws -> (levels: [StockLevel], warnings: [String]) {
        guard String(data: data, encoding: .utf8) != nil else {
            throw InventoryFeedError(message: "the response is not UTF-8")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            throw InventoryFeedError(message: "the response is not complete JSON (\(data.count) bytes): \(error.localizedDescription)")
        }
        guard let lines = value(at: mapping.items, in: root) as? [Any] else {
            throw InventoryFeedError(message: mapping.items.isEmpty ? "expected a JSON array of stock lines" : "expected an array of stock lines at '\(mapping.items)'")
        }
        var levels: [StockLevel] = []
        levels.reserveCapacity(lines.count)
        var warnings: [String] = []
        let dates = ISO8601DateFormatter()
        for (index, line) in lines.enumerated() {
            guard let object = line as? [String: Any] else {
                throw InventoryFeedError(message: "line \(index + 1): expected an object")
            }
            let rawSKU = value(at: mapping.sku, in: object)
            guard let skuText = (rawSKU as? String) ?? (rawSKU as? NSNumber).map({ $0.stringValue }), let sku = SKU(skuText) else {
                throw InventoryFeedError(message: "line \(index + 1): missing or empty '\(mapping.sku)'")
            }
            var quantity = try Self.quantity(value(at: mapping.quantity, in: object), field: mapping.quantity, line: index + 1)
            if quantity < 0 {
                warnings.append("line \(index + 1): \(sku) has quantity \(quantity) (backorders); counted as 0 available")
                quantity = 0
            }
            let location = mapping.location.flatMap { value(at: $0, in: object) }.map { "\($0)" } ?? ""
            let updatedAt = mapping.updatedAt.flatMap { value(at: $0, in: object) as? String }.flatMap { dates.date(from: $0) }
            levels.append(StockLevel(sku: sku, location: location, quantity: quantity, updatedAt: updatedAt))
        }
        return (levels, warnings)
    }

    static func quantity(_ raw: Any?, field: String, line: Int) throws -> Int64 {
        switch raw {
        case let number as NSNumber:
            // JSONSerialization hands huge integers over as Double: reject what does not fit.
            let double = number.doubleValue
            guard double.rounded() == double, abs(double) < 9.2e18 else {
                throw InventoryFeedError(message: "line \(line): '\(field)' is \(number), not a whole number of units that fits 64 bits")
            }
            return number.int64Value
        case let text as String:
            guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw InventoryFeedError(message: "line \(line): '\(field)' is \"\(text)\", not a whole number of units")
            }
            return value
        default:
            throw InventoryFeedError(message: "line \(line): missing '\(field)'")
        }
    }

    static func value(at path: String, in object: Any) -> Any? {
        guard !path.isEmpty else { return object }
        var current: Any? = object
        for key in path.split(separator: ".") {
            current = (current as? [String: Any])?[String(key)]
        }
        return current
    }
}
