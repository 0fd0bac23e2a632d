public import CatalogCore
import Foundation

/// One factual statement found in generated copy.
public struct Claim: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable {
        case quantity, color, material, certification, brand, compatibility, origin, feature
    }

    public let kind: Kind
    /// The words as they appear in the copy.
    public let phrase: String
}

/// What the fact check found: every claim, and those no attribute supports.
public struct FactCheckResult: Hashable, Sendable, Codable {
    public var claims: [Claim] = []
    public var ungrounded: [Claim] = []

    public var hallucinated: Bool { !ungrounded.isEmpty }
    /// Share of claims grounded; copy without factual claims scores 1.
    public var groundedShare: Double { claims.isEmpty ? 1 : Double(claims.count - ungrounded.count) / Double(claims.count) }
}

/// The hallucination detector: every number with its unit, colour, material, certification,
/// brand and compatibility claim in the copy must be supported by the SKU's attributes
/// (unit-aware: 1.2 kg is 1200 g; locale-aware decimals: 1,2 kg in German). Anything it
/// cannot ground is a hallucination.
public struct FactChecker: Sendable {
    /// Brands the catalog knows (from config): naming one the product's attributes do not
    /// mention is a claim about someone else's product.
    public var knownBrands: [String]

    public init(knownBrands: [String] = []) {
        self.knownBrands = knownBrands
    }

    static let certifications = [
        "CE", "FSC", "PEFC", "GOTS", "OEKO-TEX", "Energy Star", "TÜV", "GS", "RoHS", "UL", "ETL", "FCC",
        "Fairtrade", "EU Ecolabel", "Blauer Engel", "Nordic Swan", "bluesign", "Cradle to Cradle", "IP44",
        "IP54", "IP65", "IP67", "IP68", "ISO 9001", "ISO 14001", "Bio", "Organic", "Vegan",
    ]

    /// Each certification with the first word it is looked up by.
    static let certificationFirstWords = certifications.map { ($0, Lexicon.words($0).first) }

    static let compatibilityMarkers = [
        "compatible with", "works with", "fits", "designed for", "kompatibel mit", "passend für", "geeignet für",
        "passt zu", "compatible avec", "adapté à", "compatible con", "compatibile con", "compatibel met",
        "geschikt voor", "past op", "compatível com", "kompatybilny z", "kompatibel med", "yhteensopiva",
        "fonctionne avec", "funciona con", "funziona con", "werkt met", "funciona com",
    ]

    /// Japanese and Chinese put the object before the marker ("Alexaに対応"): the run of Latin
    /// letters, digits and spaces right before it.
    static let spacelessCompatibilityMarkers = ["に対応", "で使えます", "と互換", "に適合", "兼容", "适用"]

    static func spacelessCompatibilityObjects(in text: String) -> [String] {
        var objects: [String] = []
        for marker in spacelessCompatibilityMarkers {
            var searchFrom = text.startIndex
            while let range = text.range(of: marker, range: searchFrom..<text.endIndex) {
                searchFrom = range.upperBound
                let before = text[..<range.lowerBound].reversed().prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == " " || $0 == "-") }
                let object = String(before.reversed()).trimmingCharacters(in: .whitespaces)
                if !object.isEmpty { objects.append(object) }
            }
        }
        return objects
    }

    /// Checks `text` (plain text, not HTML), written in `language`, against `product`.
    /// `extra` holds grounding beyond the PIM's attributes (extracted attributes above the
    /// grounding confidence).
    public func check(_ text: String, language: String, product: Product, extra: [String] = []) -> FactCheckResult {
        check(text, language: language, grounding: Grounding(product: product, extra: extra))
    }

    /// Checks against grounding built once per product and reused for every locale.
    public func check(_ text: String, language: String, grounding: Grounding) -> FactCheckResult {
        var result = FactCheckResult()
        func record(_ claim: Claim, grounded: Bool) {
            guard !result.claims.contains(claim) else { return }
            result.claims.append(claim)
            if !grounded { result.ungrounded.append(claim) }
        }
        for (phrase, quantity) in QuantityScanner.scan(text, language: language) {
            record(Claim(kind: .quantity, phrase: phrase), grounded: grounding.supports(quantity, phrase: phrase))
        }
        let words = Lexicon.words(text)
        let spaceless = language == "ja" || language == "zh"
        let colors = spaceless ? Vocabulary.colors.substringMentions(in: text, language: language) : (Lexicon.colorsByLanguage[language] ?? Lexicon.colors).mentions(inWords: words)
        for mention in colors {
            record(Claim(kind: .color, phrase: mention.phrase), grounded: grounding.colors.contains(mention.id))
        }
        let materials = spaceless ? Vocabulary.materials.substringMentions(in: text, language: language) : (Lexicon.materialsByLanguage[language] ?? Lexicon.materials).mentions(inWords: words)
        for mention in materials {
            record(Claim(kind: .material, phrase: mention.phrase), grounded: grounding.materials.contains(mention.id))
        }
        // Yes/no features ("dishwasher-safe", "winddicht") the product must have; "not
        // dishwasher-safe" states that it has not.
        let features = spaceless ? Vocabulary.features.substringMentions(in: text, language: language) : (Lexicon.featuresByLanguage[language] ?? Lexicon.features).mentions(inWords: words)
        for mention in features where spaceless || !Self.negated(mention.phrase, in: words, language: language) {
            record(Claim(kind: .feature, phrase: mention.phrase), grounded: grounding.features.contains(mention.id))
        }
        // Where it was made: against the country-of-origin attribute; none, no grounding.
        for claim in OriginClaims.find(in: text, words: words, language: language) {
            record(Claim(kind: .origin, phrase: claim.phrase), grounded: grounding.origins.contains(claim.country))
        }
        // Names are looked up by their first word before the exact, case-aware check.
        let lowercasedWords = Set(words)
        func mentioned(_ name: String, firstWord: String?, caseSensitive: Bool) -> Bool {
            // Japanese and Chinese run names into the words around them ("FSC認証取得").
            if spaceless { return text.range(of: name, options: caseSensitive ? [] : .caseInsensitive) != nil }
            guard let firstWord, lowercasedWords.contains(firstWord) else { return false }
            return Self.containsWord(name, in: text, caseSensitive: caseSensitive)
        }
        for (certification, firstWord) in Self.certificationFirstWords where mentioned(certification, firstWord: firstWord, caseSensitive: certification.count <= 3) {
            record(Claim(kind: .certification, phrase: certification), grounded: grounding.mentions(certification))
        }
        for brand in knownBrands where mentioned(brand, firstWord: Lexicon.words(brand).first, caseSensitive: false) {
            record(Claim(kind: .brand, phrase: brand), grounded: grounding.mentions(brand))
        }
        for object in Self.compatibilityObjects(in: text, words: lowercasedWords) + (spaceless ? Self.spacelessCompatibilityObjects(in: text) : []) {
            let significant = Lexicon.words(object).filter { $0.count > 1 && !Self.stopwords.contains($0) }
            guard !significant.isEmpty else { continue }
            record(Claim(kind: .compatibility, phrase: object), grounded: significant.allSatisfy(grounding.words.contains))
        }
        return result
    }

    /// Words that negate what follows them, per language.
    static let negations: [String: Set<String>] = [
        "en": ["not", "no", "never", "isn"], "de": ["nicht", "kein", "keine", "nie"], "fr": ["pas", "non", "jamais"], "es": ["no", "nunca"],
        "it": ["non", "mai"], "nl": ["niet", "geen", "nooit"], "pt": ["não", "nunca"], "pl": ["nie"], "sv": ["inte", "ej"], "da": ["ikke"],
        "nb": ["ikke"], "fi": ["ei"], "cs": ["není", "ne"], "tr": ["değil", "değildir"],
    ]

    /// Whether a negation stands within the two words before `phrase`'s first word, or right
    /// after it (Turkish "... değildir").
    static func negated(_ phrase: String, in words: [String], language: String) -> Bool {
        guard let negations = negations[language], let first = Lexicon.words(phrase).first else { return false }
        for index in words.indices where words[index] == first {
            let before = words[max(0, index - 2)..<index]
            let after = words[(index + 1)..<min(words.count, index + 1 + Lexicon.words(phrase).count)]
            if before.contains(where: negations.contains) || (language == "tr" && after.contains(where: negations.contains)) { return true }
        }
        return false
    }

    static let stopwords: Set<String> = [
        "the", "a", "an", "and", "or", "all", "most", "any", "your", "der", "die", "das", "den", "dem", "alle", "und", "oder",
        "le", "la", "les", "un", "une", "et", "ou", "tous", "el", "los", "las", "y", "il", "lo", "gli", "de", "het", "en", "of",
    ]

    /// The words after a compatibility marker, up to punctuation or four words.
    static let compatibilityMarkerWords = compatibilityMarkers.map { ($0, Lexicon.words($0)) }

    static func compatibilityObjects(in text: String) -> [String] {
        compatibilityObjects(in: text, words: Set(Lexicon.words(text)))
    }

    /// `words`: the text's words, lowercased, as the caller already has them.
    static func compatibilityObjects(in text: String, words: Set<String>) -> [String] {
        // Most copy has no marker at all: look for the words before searching the text.
        let candidates = compatibilityMarkerWords.filter { $0.1.allSatisfy(words.contains) }.map(\.0)
        guard !candidates.isEmpty else { return [] }
        let lower = text.lowercased()
        var objects: [String] = []
        for marker in candidates {
            var searchFrom = lower.startIndex
            while let range = lower.range(of: marker, range: searchFrom..<lower.endIndex) {
                searchFrom = range.upperBound
                // Whole words only ("outfits" is not "fits").
                if range.lowerBound > lower.startIndex, lower[lower.index(before: range.lowerBound)].isLetter { continue }
                let rest = text[range.upperBound...].prefix { !".,;:!?()\n".contains($0) }
                let words = rest.split(separator: " ").prefix(4)
                // What a product works with has a name: a capital or a digit ("Philips Hue",
                // "E27", "USB-C"), not "fits under shelves".
                guard words.contains(where: { $0.contains(where: { $0.isUppercase || $0.isNumber }) }) else { continue }
                objects.append(words.joined(separator: " "))
            }
        }
        return objects
    }

    static func containsWord(_ word: String, in text: String, caseSensitive: Bool) -> Bool {
        let haystack = caseSensitive ? text : text.lowercased()
        let needle = caseSensitive ? word : word.lowercased()
        var searchFrom = haystack.startIndex
        while let range = haystack.range(of: needle, range: searchFrom..<haystack.endIndex) {
            let before = range.lowerBound == haystack.startIndex ? nil : haystack[haystack.index(before: range.lowerBound)]
            let after = range.upperBound == haystack.endIndex ? nil : haystack[range.upperBound]
            if !(before?.isLetter ?? false) && !(before?.isNumber ?? false) && !(after?.isLetter ?? false) && !(after?.isNumber ?? false) {
                return true
            }
            searchFrom = range.upperBound
        }
        return false
    }
}
