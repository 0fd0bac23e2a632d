/// Builds Akeneo CSV exports for tests: a header and rows, `;`-separated, quoted where needed.
public struct AkeneoCSV: Sendable {
    public var header: [String]
    public var rows: [[String]]

    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// A small catalog shaped like a real Akeneo export: localised names and descriptions,
    /// a scoped column for another channel, prices in two currencies and a metric with its unit.
    public static func catalog(skus: [String]) -> AkeneoCSV {
        var csv = AkeneoCSV(header: [
            "sku", "categories", "enabled", "family", "brand", "color",
            "description-en_US-ecommerce", "description-de_DE-ecommerce", "description-en_US-print",
            "name-en_US", "name-de_DE", "name-fr_FR", "price-EUR", "price-USD", "weight", "weight-unit",
        ])
        for sku in skus {
            csv.rows.append([
                sku, "outdoor,sale", "1", "gear", "Northpeak", "Blue",
                "Sturdy \(sku) for rainy days.", "Robustes \(sku) für Regentage.", "print only",
                "Item \(sku)", "Artikel \(sku)", "Article \(sku)", "19.90", "21.00", "250", "GRAM",
            ])
        }
        return csv
    }

    /// Sets `column` of the row whose first field is `sku`.
    public mutating func set(_ column: String, of sku: String, to value: String) {
        guard let columnIndex = header.firstIndex(of: column), let rowIndex = rows.firstIndex(where: { $0.first == sku }) else {
            preconditionFailure("no column \(column) or SKU \(sku) in the fixture")
        }
        rows[rowIndex][columnIndex] = value
    }

    public mutating func remove(sku: String) {
        rows.removeAll { $0.first == sku }
    }

    public var text: String {
        ([header] + rows).map { $0.map(Self.quote).joined(separator: ";") }.joined(separator: "\n") + "\n"
    }

    static func quote(_ field: String) -> String {
        guard field.contains(where: { $0 == ";" || $0 == "\"" || $0 == "\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}

import Foundation
