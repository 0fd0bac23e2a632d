import Foundation

/// A typed attribute value in the canonical product model every reader maps into.
///
/// Values are normalised on construction (decimals canonicalised, lists sorted and de-duplicated)
/// so that two exports describing the same product produce the same content hash.
public enum AttributeValue: Hashable, Sendable {
    case text(String)
    case localizedText([LocaleCode: String])
    case number(CanonicalDecimal, unit: String?)
    case price([Money])
    case list([String])
    case boolean(Bool)
    case media(String)

    /// A multi-select or category list; order carries no meaning in a PIM, so it is dropped.
    public static func normalizedList(_ values: [String]) -> AttributeValue {
        .list(Array(Set(values.map { $0.trimmingASCIIWhitespace() }.filter { !$0.isEmpty })).sorted())
    }

    /// The value in canonical order: prices by currency, list entries sorted and unique.
    public var normalized: AttributeValue {
        switch self {
        case .price(let prices): .price(prices.sorted())
        case .list(let values): .list(Array(Set(values)).sorted())
        default: self
        }
    }

    /// The text an operator or a generator would read for this value in `locale`.
    public func displayText(in locale: LocaleCode) -> String? {
        switch self {
        case .text(let value), .media(let value):
            return value
        case .localizedText(let values):
            return values.text(preferring: locale)
        case .number(let value, let unit):
            return unit.map { "\(value) \(MeasurementUnits.symbol(for: $0))" } ?? value.description
        case .price(let prices):
            return prices.map { "\($0.amount) \($0.currency)" }.joined(separator: ", ")
        case .list(let values):
            return values.isEmpty ? nil : values.joined(separator: ", ")
        case .boolean(let value):
            return value ? "yes" : "no"
        }
    }
}

extension Dictionary where Key == LocaleCode, Value == String {
    /// Exact locale first, then any region of the same language; nil when the language is absent,
    /// so a generator never presents English text as German.
    public func text(preferring locale: LocaleCode) -> String? {
        if let exact = self[locale] { return exact }
        return self.filter { $0.key.language == locale.language }.min { $0.key < $1.key }?.value
    }
}

/// A decimal kept in canonical textual form (`12.50` and `12.5` are the same value).
///
/// Parsed by hand: plain decimal notation only (no exponent, no thousands separators, `.` as
/// the decimal point), which is what PIM exports write; Foundation's `Decimal(string:)` costs
/// more than the rest of a CSV row.
public struct CanonicalDecimal: Hashable, Sendable, CustomStringConvertible {
    public let description: String

    public init?(_ raw: String) {
        var utf8 = Substring(raw).utf8[...]
        while let first = utf8.first, first == 0x20 || first == 0x09 { utf8 = utf8.dropFirst() }
        while let last = utf8.last, last == 0x20 || last == 0x09 { utf8 = utf8.dropLast() }
        var negative = false
        if let sign = utf8.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            utf8 = utf8.dropFirst()
        }
        var integer: [UInt8] = []
        var fraction: [UInt8] = []
        var seenPoint = false
        for byte in utf8 {
            if byte == UInt8(ascii: ".") {
                guard !seenPoint else { return nil }
                seenPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                if seenPoint { fraction.append(byte) } else { integer.append(byte) }
            } else {
                return nil
            }
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        while integer.count > 1, integer.first == UInt8(ascii: "0") { integer.removeFirst() }
        if integer.isEmpty { integer = [UInt8(ascii: "0")] }
        while fraction.last == UInt8(ascii: "0") { fraction.removeLast() }
        var text = integer
        if !fraction.isEmpty { text += [UInt8(ascii: ".")] + fraction }
        let isZero = text.allSatisfy { $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: ".") }
        if negative && !isZero { text.insert(UInt8(ascii: "-"), at: 0) }
        self.description = String(decoding: text, as: UTF8.self)
    }
}

/// An amount in one currency, as Akeneo's `price-EUR` columns carry it.
public struct Money: Hashable, Sendable, Codable, Comparable {
    public let amount: CanonicalDecimal
    public let currency: String

    public init(amount: CanonicalDecimal, currency: String) {
        self.amount = amount
        self.currency = currency.uppercased()
    }

    public static func < (lhs: Money, rhs: Money) -> Bool { lhs.currency < rhs.currency }
}

extension CanonicalDecimal: Codable {
    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let value = CanonicalDecimal(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a decimal: \(raw)"))
        }
        self = value
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension AttributeValue: Codable {
    private enum Kind: String, Codable { case text, localizedText, number, price, list, boolean, media }
    private enum CodingKeys: String, CodingKey { case type, value, unit }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .type) {
        case .text: self = .text(try container.decode(String.self, forKey: .value))
        case .media: self = .media(try container.decode(String.self, forKey: .value))
        case .boolean: self = .boolean(try container.decode(Bool.self, forKey: .value))
        case .list: self = .list(try container.decode([String].self, forKey: .value))
        case .price: self = .price(try container.decode([Money].self, forKey: .value))
        case .number:
            self = .number(
                try container.decode(CanonicalDecimal.self, forKey: .value),
                unit: try container.decodeIfPresent(String.self, forKey: .unit)
            )
        case .localizedText:
            let raw = try container.decode([String: String].self, forKey: .value)
            var values: [LocaleCode: String] = [:]
            for (key, text) in raw {
                guard let locale = LocaleCode(key) else {
                    throw DecodingError.dataCorruptedError(forKey: .value, in: container, debugDescription: "invalid locale \(key)")
                }
                values[locale] = text
            }
            self = .localizedText(values)
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .text(let value):
            try container.encode(Kind.text, forKey: .type)
            try container.encode(value, forKey: .value)
        case .media(let value):
            try container.encode(Kind.media, forKey: .type)
            try container.encode(value, forKey: .value)
        case .boolean(let value):
            try container.encode(Kind.boolean, forKey: .type)
            try container.encode(value, forKey: .value)
        case .list(let values):
            try container.encode(Kind.list, forKey: .type)
            try container.encode(values, forKey: .value)
        case .price(let prices):
            try container.encode(Kind.price, forKey: .type)
            try container.encode(prices.sorted(), forKey: .value)
        case .number(let value, let unit):
            try container.encode(Kind.number, forKey: .type)
            try container.encode(value, forKey: .value)
            try container.encodeIfPresent(unit, forKey: .unit)
        case .localizedText(let values):
            try container.encode(Kind.localizedText, forKey: .type)
            try container.encode(Dictionary(uniqueKeysWithValues: values.map { ($0.key.identifier, $0.value) }), forKey: .value)
        }
    }
}

/// Symbols for Akeneo's measurement unit codes, so copy says `310 g`, not `310 GRAM`.
public enum MeasurementUnits {
    public static func symbol(for code: String) -> String {
        symbols[code.uppercased()] ?? code
    }

    private static let symbols: [String: String] = [
        "MILLIGRAM": "mg", "GRAM": "g", "KILOGRAM": "kg", "OUNCE": "oz", "POUND": "lb",
        "MILLIMETER": "mm", "CENTIMETER": "cm", "METER": "m", "INCH": "in", "FOOT": "ft",
        "MILLILITER": "ml", "CENTILITER": "cl", "LITER": "l", "CUBIC_METER": "m³",
        "WATT": "W", "KILOWATT": "kW", "VOLT": "V", "MILLIAMPEREHOUR": "mAh", "LUMEN": "lm",
        "CELSIUS": "°C", "FAHRENHEIT": "°F", "SQUARE_METER": "m²",
    ]
}

extension AttributeValue {
    /// One line for a person reading an attribute (catalogctl, the review pages): every
    /// locale's text for localised values, else the English display text.
    public var summary: String {
        switch self {
        case .localizedText(let texts):
            texts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " | ")
        default:
            displayText(in: LocaleCode("en")!) ?? ""
        }
    }
}
