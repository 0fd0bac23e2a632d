public import CatalogCore
public import Foundation

/// Reads analytics exports into per-day, per-SKU, per-variant conversion rows.
///
/// - `ga4-csv`: a GA4 exploration downloaded as CSV (comment lines start with `#`), with
///   Date, Item ID, a variant column (`catalogd_variant` or Item variant), Items viewed,
///   Items added to cart, Items purchased and Item revenue.
/// - `ga4-bigquery`: the BigQuery export's event rows as JSON lines (`event_date`,
///   `event_name` view_item / add_to_cart / purchase, `items[]` with `item_id`, the variant in
///   `item_variant` or an item parameter `catalogd_variant`, `quantity`, `price`, `item_revenue`).
/// - `csv`: `date,sku,variant,views,add_to_carts,purchases,revenue`.
///
/// Variant labels are `A` and `B` (`catalogd-a` and `catalogd-b` are read as such); rows for
/// any other variant (a size, a colour) are not catalogd's and are counted as ignored.
public enum ConversionImport {
    public enum Format: String, Sendable, CaseIterable {
        case ga4CSV = "ga4-csv"
        case ga4BigQuery = "ga4-bigquery"
        case csv
    }

    public struct Result: Sendable {
        public var rows: [ConversionRow]
        public var ignored: Int
    }

    public struct ImportError: Error, CustomStringConvertible, Sendable {
        public let description: String
    }

    public static func parse(_ data: Data, format: Format) throws -> Result {
        guard let text = String(data: data, encoding: .utf8) else { throw ImportError(description: "the file is not UTF-8") }
        var totals: [String: ConversionRow] = [:]
        var ignored = 0
        func add(day: String, sku: String, variant rawVariant: String, views: Int, carts: Int, purchases: Int, revenue: Double) {
            guard let variant = label(rawVariant), !sku.isEmpty else { ignored += 1; return }
            let key = "\(day)\u{1}\(sku)\u{1}\(variant)"
            var row = totals[key] ?? ConversionRow(day: day, sku: sku, variant: variant, views: 0, addToCarts: 0, purchases: 0, revenue: 0)
            row.views += views
            row.addToCarts += carts
            row.purchases += purchases
            row.revenue += revenue
            totals[key] = row
        }
        switch format {
        case .ga4CSV, .csv:
            let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.hasPrefix("#") && !$0.trimmingCharacters(in: .whitespaces).isEmpty }
            guard let headerLine = lines.first else { throw ImportError(description: "the file has no header row") }
            let header = fields(headerLine).map { $0.lowercased().trimmingCharacters(in: .whitespaces) }
            func column(_ names: [String]) throws -> Int {
                guard let index = header.firstIndex(where: names.contains) else {
                    throw ImportError(description: "no column named \(names.map { "'\($0)'" }.joined(separator: " or ")) in the header (\(header.joined(separator: ", ")))")
                }
                return index
            }
            let ga4 = format == .ga4CSV
            let date = try column(ga4 ? ["date"] : ["date", "day"])
            let sku = try column(ga4 ? ["item id"] : ["sku", "item_id"])
            let variant = try column(ga4 ? ["catalogd_variant", "item variant"] : ["variant"])
            let views = try column(ga4 ? ["items viewed"] : ["views"])
            let carts = try column(ga4 ? ["items added to cart"] : ["add_to_carts", "add-to-carts"])
            let purchases = try column(ga4 ? ["items purchased"] : ["purchases"])
            let revenue = try column(ga4 ? ["item revenue"] : ["revenue"])
            for (index, line) in lines.dropFirst().enumerated() {
                let values = fields(line)
                let lineNumber = index + 2
                guard values.count >= header.count else { throw ImportError(description: "line \(lineNumber): expected \(header.count) fields, found \(values.count)") }
                let item = values[sku].trimmingCharacters(in: .whitespaces)
                if item.isEmpty || item == "(not set)" || item.lowercased().hasPrefix("grand total") { ignored += 1; continue }
                guard let day = normalizedDay(values[date]) else { throw ImportError(description: "line \(lineNumber): '\(values[date])' is not a date (YYYYMMDD or YYYY-MM-DD)") }
                func count(_ column: Int) throws -> Int {
                    guard let value = Int(values[column].replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)), value >= 0 else {
                        throw ImportError(description: "line \(lineNumber): '\(values[column])' in '\(header[column])' is not a count")
                    }
                    return value
                }
                guard let money = Double(values[revenue].replacingOccurrences(of: ",", with: "").trimmingCharacters(in: .whitespaces)) else {
                    throw ImportError(description: "line \(lineNumber): '\(values[revenue])' is not an amount")
                }
                add(day: day, sku: item, variant: values[variant], views: try count(views), carts: try count(carts), purchases: try count(purchases), revenue: money)
            }
        case .ga4BigQuery:
            for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
                    throw ImportError(description: "line \(index + 1): not a JSON object")
                }
                guard let rawDay = event["event_date"] as? String, let day = normalizedDay(rawDay), let name = event["event_name"] as? String else {
                    throw ImportError(description: "line \(index + 1): missing event_date or event_name")
                }
                guard ["view_item", "add_to_cart", "purchase"].contains(name) else { continue }
                for item in event["items"] as? [[String: Any]] ?? [] {
                    let sku = (item["item_id"] as? String) ?? ""
                    let parameter = (item["item_params"] as? [[String: Any]])?.first { $0["key"] as? String == "catalogd_variant" }
                    let variant = ((parameter?["value"] as? [String: Any])?["string_value"] as? String) ?? (item["item_variant"] as? String) ?? ""
                    let quantity = (item["quantity"] as? NSNumber)?.intValue ?? 1
                    let revenue = (item["item_revenue"] as? NSNumber)?.doubleValue ?? ((item["price"] as? NSNumber)?.doubleValue ?? 0) * Double(quantity)
                    switch name {
                    case "view_item": add(day: day, sku: sku, variant: variant, views: 1, carts: 0, purchases: 0, revenue: 0)
                    case "add_to_cart": add(day: day, sku: sku, variant: variant, views: 0, carts: quantity, purchases: 0, revenue: 0)
                    default: add(day: day, sku: sku, variant: variant, views: 0, carts: 0, purchases: quantity, revenue: revenue)
                    }
                }
            }
        }
        return Result(rows: totals.values.sorted { ($0.day, $0.sku, $0.variant) < ($1.day, $1.sku, $1.variant) }, ignored: ignored)
    }

    /// `A`, `b`, `catalogd-a` → `A`; anything else is not a catalogd variant.
    static func label(_ raw: String) -> String? {
        var value = raw.trimmingCharacters(in: .whitespaces).lowercased()
        if value.hasPrefix("catalogd-") { value.removeFirst("catalogd-".count) }
        return ["a", "b"].contains(value) ? value.uppercased() : nil
    }

    static func normalizedDay(_ raw: String) -> String? {
        let value = raw.trimmingCharacters(in: .whitespaces)
        let digits = value.filter(\.isNumber)
        guard digits.count == 8, value.count == 8 || value.count == 10 else { return nil }
        return "\(digits.prefix(4))-\(digits.dropFirst(4).prefix(2))-\(digits.suffix(2))"
    }

    /// One CSV line: comma-separated, fields optionally quoted with "" as an escaped quote.
    static func fields(_ line: String) -> [String] {
        var result: [String] = []
        var current = ""
        var quoted = false
        var iterator = line.makeIterator()
        while let character = iterator.next() {
            if quoted {
                if character == "\"" {
                    if let next = iterator.next() {
                        if next == "\"" { current.append("\"") } else { quoted = false; if next == "," { result.append(current); current = "" } else { current.append(next) } }
                    } else {
                        quoted = false
                    }
                } else {
                    current.append(character)
                }
            } else if character == "\"" {
                quoted = true
            } else if character == "," {
                result.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        result.append(current)
        return result
    }
}
