/// Which generator produced a piece of copy; part of provenance and of the idempotency key.
public struct GeneratorIdentity: Hashable, Sendable, Codable, CustomStringConvertible {
    public let name: String
    public let version: String

    public init(name: String, version: String) {
        self.name = name
        self.version = version
    }

    public var description: String { "\(name)@\(version)" }
}

/// Publishable copy for one product in one locale.
public struct GeneratedCopy: Hashable, Sendable, Codable {
    public var sku: SKU
    public var locale: LocaleCode
    public var title: String
    /// Sanitised HTML: only the tags the generator is allowed to emit.
    public var bodyHTML: String
    public var metaTitle: String
    public var metaDescription: String
    public var generator: GeneratorIdentity

    public init(sku: SKU, locale: LocaleCode, title: String, bodyHTML: String, metaTitle: String, metaDescription: String, generator: GeneratorIdentity) {
        self.sku = sku
        self.locale = locale
        self.title = title
        self.bodyHTML = bodyHTML
        self.metaTitle = metaTitle
        self.metaDescription = metaDescription
        self.generator = generator
    }

    /// Hex SHA-256 over the published fields, so the same copy pushed twice has the same key.
    public var contentHash: ContentHash {
        Self.contentHash(title: title, bodyHTML: bodyHTML, metaTitle: metaTitle, metaDescription: metaDescription)
    }

    /// The same hash over copy read back from a shop, for the drift check.
    public static func contentHash(title: String, bodyHTML: String, metaTitle: String, metaDescription: String) -> ContentHash {
        ContentHash(of: Data([title, bodyHTML, metaTitle, metaDescription].joined(separator: "\u{1F}").utf8))
    }
}

public struct GenerationRequest: Hashable, Sendable {
    public var product: Product
    public var locale: LocaleCode

    public init(product: Product, locale: LocaleCode) {
        self.product = product
        self.locale = locale
    }
}

/// Writes product copy. The offline template generator is the embedded default; LLM providers
/// conform too.
public protocol TextGenerator: Sendable {
    var identity: GeneratorIdentity { get }
    func generate(_ request: GenerationRequest) async throws -> GeneratedCopy
}

import struct Foundation.Data
