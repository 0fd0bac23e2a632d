import Foundation

/// Writes a product's canonical JSON by hand: keys sorted bytewise, no insignificant
/// whitespace, strings escaped one way only. It is the input of the content hash, so it must
/// never depend on a JSON library's formatting choices, and it is on the ingest hot path,
/// where a generic encoder costs more than parsing the export.
///
/// The output decodes with `JSONDecoder` into the same `Product` (see `Product.decode`).
struct CanonicalJSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    mutating func write(_ product: Product) {
        byte(UInt8(ascii: "{"))
        key("attributes", first: true)
        byte(UInt8(ascii: "{"))
        for (index, code) in product.attributes.keys.sorted(by: Self.bytewise).enumerated() {
            key(code, first: index == 0)
            write(product.attributes[code]!)
        }
        byte(UInt8(ascii: "}"))
        key("categories")
        array(product.categories)
        key("enabled")
        literal(product.enabled ? "true" : "false")
        if let family = product.family {
            key("family")
            string(family)
        }
        key("sku")
        string(product.sku.rawValue)
        byte(UInt8(ascii: "}"))
    }

    private mutating func write(_ value: AttributeValue) {
        byte(UInt8(ascii: "{"))
        switch value {
        case .text(let text):
            typed("text", then: { $0.string(text) })
        case .media(let url):
            typed("media", then: { $0.string(url) })
        case .boolean(let flag):
            typed("boolean", then: { $0.literal(flag ? "true" : "false") })
        case .list(let values):
            typed("list", then: { $0.array(values) })
        case .number(let number, let unit):
            key("type", first: true)
            string("number")
            if let unit {
                key("unit")
                string(unit)
            }
            key("value")
            string(number.description)
        case .price(let prices):
            typed("price") { writer in
                writer.byte(UInt8(ascii: "["))
                for (index, money) in prices.sorted().enumerated() {
                    if index > 0 { writer.byte(UInt8(ascii: ",")) }
                    writer.byte(UInt8(ascii: "{"))
                    writer.key("amount", first: true)
                    writer.string(money.amount.description)
                    writer.key("currency")
                    writer.string(money.currency)
                    writer.byte(UInt8(ascii: "}"))
                }
                writer.byte(UInt8(ascii: "]"))
            }
        case .localizedText(let texts):
            typed("localizedText") { writer in
                writer.byte(UInt8(ascii: "{"))
                let sorted = texts.map { ($0.key.identifier, $0.value) }.sorted { Self.bytewise($0.0, $1.0) }
                for (index, (locale, text)) in sorted.enumerated() {
                    writer.key(locale, first: index == 0)
                    writer.string(text)
                }
                writer.byte(UInt8(ascii: "}"))
            }
        }
        byte(UInt8(ascii: "}"))
    }

    /// `"type":"…","value":…` — the two keys every non-number attribute has, in sorted order.
    private mutating func typed(_ type: String, then value: (inout CanonicalJSONWriter) -> Void) {
        key("type", first: true)
        string(type)
        key("value")
        value(&self)
    }

    private mutating func array(_ values: [String]) {
        byte(UInt8(ascii: "["))
        for (index, value) in values.enumerated() {
            if index > 0 { byte(UInt8(ascii: ",")) }
            string(value)
        }
        byte(UInt8(ascii: "]"))
    }

    private mutating func key(_ name: String, first: Bool = false) {
        if !first { byte(UInt8(ascii: ",")) }
        string(name)
        byte(UInt8(ascii: ":"))
    }

    private mutating func literal(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    private mutating func byte(_ value: UInt8) {
        bytes.append(value)
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        // Fast path: most strings need no escaping and are appended in one copy.
        var text = text
        let copied: Bool = text.withUTF8 { buffer in
            guard !buffer.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else { return false }
            bytes.append(contentsOf: buffer)
            return true
        }
        if copied {
            bytes.append(UInt8(ascii: "\""))
            return
        }
        for unit in text.utf8 {
            switch unit {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(unit)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(unit)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0x00..<0x20:
                bytes.append(contentsOf: Array("\\u00".utf8))
                bytes.append(Self.hexDigits[Int(unit >> 4)])
                bytes.append(Self.hexDigits[Int(unit & 0x0F)])
            default:
                bytes.append(unit)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// UTF-8 byte order (which is code point order), independent of Unicode normalisation
    /// tables, so hashes never change with a Swift upgrade.
    static func bytewise(_ lhs: String, _ rhs: String) -> Bool {
        var lhs = lhs
        var rhs = rhs
        return lhs.withUTF8 { left in
            rhs.withUTF8 { right in
                let common = min(left.count, right.count)
                let order = common == 0 ? 0 : memcmp(left.baseAddress!, right.baseAddress!, common)
                return order != 0 ? order < 0 : left.count < right.count
            }
        }
    }
}
