/// A stock-keeping unit: the identifier a product is known by in the PIM and in every shop.
///
/// SKUs are compared exactly (case-sensitive) because Shopify and Magento both treat them so.
public struct SKU: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let rawValue: String

    /// Returns nil for an empty or whitespace-only identifier; surrounding whitespace is trimmed
    /// because spreadsheet exports often pad cells.
    public init?(_ raw: String) {
        let trimmed = raw.trimmingASCIIWhitespace()
        guard !trimmed.isEmpty else { return nil }
        self.rawValue = trimmed
    }

    public var description: String { rawValue }

    public static func < (lhs: SKU, rhs: SKU) -> Bool { lhs.rawValue < rhs.rawValue }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let sku = SKU(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "empty SKU"))
        }
        self = sku
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

extension String {
    /// Trims spaces, tabs, CR and LF without pulling in Foundation's CharacterSet machinery.
    public func trimmingASCIIWhitespace() -> String {
        // Most values need no trimming: answer without a copy.
        guard let firstByte = utf8.first, let lastByte = utf8.last else { return self }
        if !firstByte.isASCIIWhitespace && !lastByte.isASCIIWhitespace { return self }
        return String(self[boundsTrimmingASCIIWhitespace])
    }

    /// What `trimmingASCIIWhitespace` keeps. It trims whole characters: a space followed by a
    /// combining mark is one character, and not whitespace.
    public var boundsTrimmingASCIIWhitespace: Range<String.Index> {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" || $0 == "\r\n" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return startIndex..<startIndex
        }
        return first..<index(after: last)
    }

    /// Lowercase letters and digits, every run of anything else one `separator`, none at the
    /// ends: `Farbe (Außen)` → `farbe_außen` with "_", `Shoe / Blue XL` → `shoe-blue-xl` with "-".
    public func slugified(separator: Character) -> String {
        var slug = ""
        var pendingSeparator = false
        for scalar in lowercased().unicodeScalars {
            if scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                if pendingSeparator && !slug.isEmpty { slug.append(separator) }
                slug.unicodeScalars.append(scalar)
                pendingSeparator = false
            } else {
                pendingSeparator = true
            }
        }
        return slug
    }
}

extension UInt8 {
    /// Space, tab, carriage return or line feed: what `trimmingASCIIWhitespace` trims.
    public var isASCIIWhitespace: Bool { self == 0x20 || self == 0x09 || self == 0x0D || self == 0x0A }
}

extension Array where Element == UInt8 {
    /// Appends raw bytes as typed ones: Array copies a typed buffer in one `memcpy`, where a
    /// raw buffer goes through the generic element-by-element path. Hot readers append
    /// millions of short texts.
    @inlinable
    public mutating func append(bytes: UnsafeRawBufferPointer) {
        append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
    }

    /// Appends `value` as four little-endian bytes.
    @inlinable
    public mutating func append(littleEndian value: UInt32) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
        append(UInt8(truncatingIfNeeded: value >> 16))
        append(UInt8(truncatingIfNeeded: value >> 24))
    }
}
