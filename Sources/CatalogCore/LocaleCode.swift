/// A locale as catalogd uses it: a language, optionally with a region (`de`, `de-CH`).
///
/// PIMs spell locales `de_DE` (Akeneo) or `de-DE` (BCP 47); both normalise to `de-DE` so
/// configuration, attributes and generated copy compare equal whatever the source wrote.
public struct LocaleCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let identifier: String

    /// Accepts `ll`, `ll_RR` or `ll-RR` (language two or three letters, region two letters or
    /// three digits); anything else is rejected so a typo in config fails at startup.
    public init?(_ raw: String) {
        let parts = raw.split(whereSeparator: { $0 == "_" || $0 == "-" }).map(String.init)
        guard (1...2).contains(parts.count),
              (2...3).contains(parts[0].count), parts[0].allSatisfy({ $0.isASCII && $0.isLetter })
        else { return nil }
        var normalized = parts[0].lowercased()
        if parts.count == 2 {
            let region = parts[1]
            let isAlpha = region.count == 2 && region.allSatisfy { $0.isASCII && $0.isLetter }
            let isNumeric = region.count == 3 && region.allSatisfy { $0.isASCII && $0.isNumber }
            guard isAlpha || isNumeric else { return nil }
            normalized += "-" + region.uppercased()
        }
        self.identifier = normalized
    }

    /// The language subtag (`de` for `de-CH`), which is what the template generator keys on.
    public var language: String {
        String(identifier.prefix { $0 != "-" })
    }

    public var description: String { identifier }

    public static func < (lhs: LocaleCode, rhs: LocaleCode) -> Bool { lhs.identifier < rhs.identifier }

    public init(from decoder: any Decoder) throws {
        let raw = try decoder.singleValueContainer().decode(String.self)
        guard let code = LocaleCode(raw) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "invalid locale \(raw)"))
        }
        self = code
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(identifier)
    }
}
