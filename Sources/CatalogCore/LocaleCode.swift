/// A locale as catalogd uses it: a language, optionally with a region (`de`, `de-CH`).
///
/// PIMs spell locales `de_DE` (Akeneo) or `de-DE` (BCP 47); both normalise to `de-DE` so
/// configuration, attributes and generated copy compare equal whatever the source wrote.
public struct LocaleCode: Hashable, Comparable, Sendable, Codable, CustomStringConvertible {
    public let identifier: String

    /// Accepts `ll`, `ll_RR` or `ll-RR` (language two or three letters, region two letters or
    /// three digits); anything else is rejected so a typo in config fails at startup.
    public init?(_ raw: String) {
        // Byte checks, not Character properties: this runs for every localised value read.
        let utf8 = Array(raw.utf8)
        let separator = utf8.firstIndex { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") } ?? utf8.endIndex
        let language = utf8[..<separator]
        guard (2...3).contains(language.count), language.allSatisfy(Self.isASCIILetter) else { return nil }
        var normalized = language.map { $0 | 0x20 }
        if separator < utf8.endIndex {
            let region = utf8[(separator + 1)...]
            let isAlpha = region.count == 2 && region.allSatisfy(Self.isASCIILetter)
            let isNumeric = region.count == 3 && region.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
            guard isAlpha || isNumeric else { return nil }
            normalized.append(UInt8(ascii: "-"))
            normalized.append(contentsOf: region.map { Self.isASCIILetter($0) ? $0 & ~0x20 : $0 })
        }
        self.identifier = String(decoding: normalized, as: UTF8.self)
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
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
