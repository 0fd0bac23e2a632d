public import Foundation
import Crypto

/// A product in catalogd's canonical model, independent of the format it arrived in.
public struct Product: Hashable, Sendable, Codable {
    public var sku: SKU
    public var family: String?
    public var enabled: Bool
    /// Category codes, sorted and unique: their order in an export carries no meaning.
    public var categories: [String]
    public var attributes: [String: AttributeValue]

    public init(sku: SKU, family: String? = nil, enabled: Bool = true, categories: [String] = [], attributes: [String: AttributeValue] = [:]) {
        self.sku = sku
        self.family = family
        self.enabled = enabled
        self.categories = Array(Set(categories)).sorted()
        self.attributes = attributes.mapValues(\.normalized)
    }

    /// The canonical serialisation: sorted keys, normalised values. Two exports that describe
    /// the same product byte-for-byte differently still produce identical canonical JSON.
    public func canonicalJSON() -> Data {
        var writer = CanonicalJSONWriter()
        writer.write(self)
        return Data(writer.bytes)
    }

    public var contentHash: ContentHash { ContentHash(of: canonicalJSON()) }

    /// Text of `code` in `locale`, falling back to an unlocalised value.
    public func text(_ code: String, in locale: LocaleCode) -> String? {
        attributes[code]?.displayText(in: locale).flatMap { $0.isEmpty ? nil : $0 }
    }

    public static func decode(canonicalJSON data: Data) throws -> Product {
        try JSONDecoder().decode(Product.self, from: data)
    }
}

/// A product already in its canonical JSON, as `Product.canonicalJSON()` would write it: what a
/// reader that maps columns straight to the document hands on, so the hot path never builds the
/// `Product` value.
public struct CanonicalDocument: Hashable, Sendable {
    public let sku: SKU
    public let json: [UInt8]
    /// Taken where the document is written, on the reader's thread, so the thread that stores
    /// documents only stores them.
    public let contentHash: ContentHash

    public init(sku: SKU, json: [UInt8]) {
        self.sku = sku
        self.json = json
        self.contentHash = ContentHash(of: json)
    }

    public init(_ product: Product) {
        self.init(sku: product.sku, json: Array(product.canonicalJSON()))
    }

    public func product() throws -> Product {
        try Product.decode(canonicalJSON: Data(json))
    }
}

/// SHA-256 of a product's canonical JSON: the unit of "did this product change?".
public struct ContentHash: Hashable, Sendable, Codable, CustomStringConvertible {
    public let bytes: [UInt8]

    public init(of data: Data) {
        self.bytes = Array(SHA256.hash(data: data))
    }

    public init(of bytes: [UInt8]) {
        self.bytes = bytes.withUnsafeBytes { Array(SHA256.hash(data: $0)) }
    }

    public init?(bytes: [UInt8]) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses the 64-digit form `hex` produces (as stored in a shop's provenance field).
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 64 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(32)
        for index in stride(from: 0, to: 64, by: 2) {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
        }
        self.bytes = bytes
    }

    public var hex: String { bytes.map { String($0, radix: 16).leftPadded(to: 2) }.joined() }
    public var description: String { hex }
}

extension String {
    func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
