public import CatalogCore
import CatalogParsing
public import Foundation

/// The shapes an inventory feed comes in.
public enum InventoryFormat: String, Hashable, Sendable, CaseIterable {
    case json
    case xml
}

/// How an inventory feed names its fields. JSON: dotted paths reach into nested objects
/// (`stock.available`) and `items` is where the list of lines is (empty: the document is the
/// list). XML: `items` is the element of one line (default `item`), fields are child elements
/// (dotted for grandchildren) or attributes of the line element (`@sku`).
public struct InventoryFieldMapping: Hashable, Sendable {
    public var items: String
    public var sku: String
    public var quantity: String
    public var location: String?
    public var updatedAt: String?
    /// A field that marks a SKU discontinued: true, "yes", "1" or "discontinued".
    public var discontinued: String?

    public init(
        items: String = "", sku: String = "sku", quantity: String = "quantity", location: String? = "location",
        updatedAt: String? = "updated_at", discontinued: String? = "discontinued"
    ) {
        self.items = items
        self.sku = sku
        self.quantity = quantity
        self.location = location
        self.updatedAt = updatedAt
        self.discontinued = discontinued
    }
}

/// Why a feed was rejected. A feed is taken whole or not at all: half-applied stock would be
/// worse than stale stock.
public struct InventoryFeedError: Error, Hashable, Sendable, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}

/// Reads an inventory feed into stock levels, all or nothing. A negative quantity (backorders)
/// counts as none available; a quantity that is not a whole number, or beyond 64 bits, a
/// missing SKU, a truncated document or non-UTF-8 bytes reject the whole feed.
public enum InventoryFeed {
    public static func parse(_ data: Data, format: InventoryFormat, mapping: InventoryFieldMapping) throws -> (levels: [StockLevel], warnings: [String]) {
        switch format {
        case .json: try parseJSON(data, mapping: mapping)
        case .xml: try parseXML(data, mapping: mapping)
        }
    }

    public static func parseJSON(_ data: Data, mapping: InventoryFieldMapping) throws -> (levels: [StockLevel], warnings: [String]) {
        guard String(data: data, encoding: .utf8) != nil else {
            throw InventoryFeedError(message: "the response is not UTF-8")
        }
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: data, options: [])
        } catch {
            // Foundation's own message ("The data is not in the correct format") adds nothing.
            throw InventoryFeedError(message: "the response is not complete JSON (\(data.count) bytes)")
        }
        guard let lines = value(at: mapping.items, in: root) as? [Any] else {
            throw InventoryFeedError(message: mapping.items.isEmpty ? "expected a JSON array of stock lines" : "expected an array of stock lines at '\(mapping.items)'")
        }
        var builder = LevelBuilder(mapping: mapping, capacity: lines.count)
        // Each field's path split once, not once per line.
        let paths = [mapping.sku, mapping.quantity, mapping.location, mapping.updatedAt, mapping.discontinued].map { $0?.split(separator: ".").map(String.init) }
        for (index, line) in lines.enumerated() {
            guard let object = line as? [String: Any] else {
                throw InventoryFeedError(message: "line \(index + 1): expected an object")
            }
            let fields = paths.map { $0.flatMap { value(at: $0, in: object) } }
            try builder.add(line: index + 1, sku: fields[0], quantity: fields[1], location: fields[2], updatedAt: fields[3], discontinued: fields[4])
        }
        return (builder.levels, builder.warnings)
    }

    /// Streams the document through libxml2 with the network off and entities never expanded,
    /// like the BMEcat reader.
    public static func parseXML(_ data: Data, mapping: InventoryFieldMapping) throws -> (levels: [StockLevel], warnings: [String]) {
        guard String(data: data, encoding: .utf8) != nil else {
            throw InventoryFeedError(message: "the response is not UTF-8")
        }
        let itemElement = mapping.items.isEmpty ? "item" : mapping.items
        var builder = LevelBuilder(mapping: mapping, capacity: 0)
        do {
            let stream = try XMLStream(DataByteSource(data), root: nil)
            // Inside a line: its attributes, the path of open child elements, their texts.
            var fields: [String: String]?
            var path: [String] = []
            var text = ""
            var lineNumber = 0
            while let event = try stream.next() {
                switch event {
                case .start(let name):
                    if fields == nil {
                        guard name == itemElement else { continue }
                        lineNumber = stream.line
                        var attributes: [String: String] = [:]
                        for key in [mapping.sku, mapping.quantity, mapping.location, mapping.updatedAt, mapping.discontinued].compactMap({ $0 }) where key.hasPrefix("@") {
                            attributes[key] = stream.attribute(String(key.dropFirst()))
                        }
                        fields = attributes
                        path = []
                    } else {
                        path.append(name)
                        text = ""
                    }
                case .text(let fragment):
                    if fields != nil { text += fragment }
                case .end(let name):
                    guard let current = fields else { continue }
                    if path.isEmpty, name == itemElement {
                        func field(_ key: String?) -> Any? { key.flatMap { current[$0] } }
                        try builder.add(
                            line: lineNumber, element: itemElement, sku: field(mapping.sku), quantity: field(mapping.quantity),
                            location: field(mapping.location), updatedAt: field(mapping.updatedAt), discontinued: field(mapping.discontinued)
                        )
                        fields = nil
                    } else if !path.isEmpty {
                        let key = path.joined(separator: ".")
                        fields?[key] = text.trimmingCharacters(in: .whitespacesAndNewlines)
                        path.removeLast()
                        text = ""
                    }
                }
            }
        } catch let error as CatalogError {
            throw InventoryFeedError(message: "the response is not usable XML: \(error)")
        }
        return (builder.levels, builder.warnings)
    }

    /// Turns one line's fields into a stock level, with the checks both formats share.
    struct LevelBuilder {
        let mapping: InventoryFieldMapping
        var levels: [StockLevel] = []
        var warnings: [String] = []
        let dates = ISO8601DateFormatter()

        init(mapping: InventoryFieldMapping, capacity: Int) {
            self.mapping = mapping
            levels.reserveCapacity(capacity)
        }

        mutating func add(line number: Int, element: String? = nil, sku rawSKU: Any?, quantity rawQuantity: Any?, location: Any?, updatedAt: Any?, discontinued: Any?) throws {
            let line = element.map { "line \(number) (<\($0)>)" } ?? "line \(number)"
            guard let skuText = (rawSKU as? String) ?? (rawSKU as? NSNumber).map({ $0.stringValue }), let sku = SKU(skuText) else {
                throw InventoryFeedError(message: "\(line): missing or empty '\(mapping.sku)'")
            }
            var quantity = try InventoryFeed.quantity(rawQuantity, field: mapping.quantity, line: line)
            if quantity < 0 {
                warnings.append("\(line): \(sku) has quantity \(quantity) (backorders); counted as 0 available")
                quantity = 0
            }
            let place = (location as? String) ?? location.map { "\($0)" } ?? ""
            let date = (updatedAt as? String).flatMap { dates.date(from: $0) }
            levels.append(StockLevel(sku: sku, location: place, quantity: quantity, updatedAt: date, discontinued: discontinued.map(InventoryFeed.isTrue) ?? false))
        }
    }

    static func isTrue(_ raw: Any) -> Bool {
        if let flag = raw as? Bool { return flag }
        if let number = raw as? NSNumber { return number.intValue != 0 }
        guard let text = raw as? String else { return false }
        return ["true", "yes", "1", "discontinued", "y"].contains(text.trimmingCharacters(in: .whitespaces).lowercased())
    }

    static func quantity(_ raw: Any?, field: String, line: String) throws -> Int64 {
        switch raw {
        case let number as NSNumber:
            // JSONSerialization hands huge integers over as Double: reject what does not fit.
            let double = number.doubleValue
            guard double.rounded() == double, abs(double) < 9.2e18 else {
                throw InventoryFeedError(message: "\(line): '\(field)' is \(number), not a whole number of units that fits 64 bits")
            }
            return number.int64Value
        case let text as String:
            guard let value = Int64(text.trimmingCharacters(in: .whitespaces)) else {
                throw InventoryFeedError(message: "\(line): '\(field)' is \"\(text)\", not a whole number of units")
            }
            return value
        default:
            throw InventoryFeedError(message: "\(line): missing '\(field)'")
        }
    }

    static func value(at path: String, in object: Any) -> Any? {
        value(at: path.split(separator: ".").map(String.init), in: object)
    }

    static func value(at path: [String], in object: Any) -> Any? {
        var current: Any? = object
        for key in path {
            current = (current as? [String: Any])?[key]
        }
        return current
    }
}
