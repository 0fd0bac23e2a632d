public import CatalogCore
import Foundation

/// The SEO rules copy is held to; every number is configurable per tenant.
public struct SEOSettings: Hashable, Sendable {
    public var densityRange: ClosedRange<Double>
    public var metaTitleMaximum: Int
    public var metaDescriptionRange: ClosedRange<Int>
    public var minimumWords: Int
    public var minimumReadability: Double

    public init(densityRange: ClosedRange<Double> = 0.005...0.03, metaTitleMaximum: Int = 60, metaDescriptionRange: ClosedRange<Int> = 120...156, minimumWords: Int = 20, minimumReadability: Double = 30) {
        self.densityRange = densityRange
        self.metaTitleMaximum = metaTitleMaximum
        self.metaDescriptionRange = metaDescriptionRange
        self.minimumWords = minimumWords
        self.minimumReadability = minimumReadability
    }
}

public struct SEOReport: Hashable, Sendable, Codable {
    public enum Issue: Hashable, Sendable, Codable {
        case keywordStuffing(keyword: String, density: Double)
        case keywordMissing(keyword: String)
        case readabilityLow(score: Double, formula: String)
        case metaTitleTooLong(length: Int)
        case metaDescriptionOutOfRange(length: Int)
        case missingMeta
        case tooShort(words: Int)
    }

    public var keywords: [String]
    public var wordCount: Int
    public var density: [String: Double]
    public var readability: Readability.Score
    public var issues: [Issue]

    /// 1 with no issues; each issue deducts.
    public var score: Double { max(0, 1 - 0.1 * Double(issues.count)) }
}

public enum SEOAnalysis {
    /// Target keywords: the product's name words, its brand and its category, in `locale`.
    public static func keywords(for product: Product, locale: LocaleCode) -> [String] {
        var keywords: [String] = []
        if let name = product.text("name", in: locale) {
            keywords += Lexicon.words(name).filter { $0.count >= 4 && !FactChecker.stopwords.contains($0) && !$0.allSatisfy(\.isNumber) }.prefix(2)
        }
        if let brand = product.text("brand", in: locale) { keywords += Lexicon.words(brand).prefix(1) }
        return keywords.uniqued()
    }

    public static func analyze(_ copy: GeneratedCopy, keywords: [String], settings: SEOSettings) -> SEOReport {
        let language = copy.locale.language
        let text = HTMLSanitizer.plainText(copy.bodyHTML)
        let words = Lexicon.words(text)
        var density: [String: Double] = [:]
        var issues: [SEOReport.Issue] = []
        for keyword in keywords {
            let count = words.filter { $0 == keyword }.count
            let share = words.isEmpty ? 0 : Double(count) / Double(words.count)
            density[keyword] = share
            // Short copy may name its product twice whatever the share says.
            if count > allowedMentions(words: words.count, settings: settings) {
                issues.append(.keywordStuffing(keyword: keyword, density: share))
            }
        }
        // The primary keyword (the first) must appear at all; the density floor applies to it.
        if let primary = keywords.first, let share = density[primary], share < settings.densityRange.lowerBound {
            issues.append(.keywordMissing(keyword: primary))
        }
        let readability = Readability.score(text, language: language)
        if readability.value < settings.minimumReadability {
            issues.append(.readabilityLow(score: readability.value, formula: readability.formula))
        }
        if copy.metaTitle.isEmpty || copy.metaDescription.isEmpty {
            issues.append(.missingMeta)
        } else {
            if Text.width(copy.metaTitle) > settings.metaTitleMaximum { issues.append(.metaTitleTooLong(length: Text.width(copy.metaTitle))) }
            if !settings.metaDescriptionRange.contains(Text.width(copy.metaDescription)) {
                issues.append(.metaDescriptionOutOfRange(length: Text.width(copy.metaDescription)))
            }
        }
        if words.count < settings.minimumWords { issues.append(.tooShort(words: words.count)) }
        return SEOReport(keywords: keywords, wordCount: words.count, density: density, readability: readability, issues: issues)
    }

    /// `text` with the accents of Latin letters stripped, by table, when every letter is ASCII
    /// or in the table: European titles (most handles) skip ICU's transforms. Nil otherwise.
    static func latinFolded(_ text: String) -> String? {
        var folded = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if scalar.isASCII {
                folded.append(scalar)
            } else if let ascii = latinFolds[scalar] {
                folded.append(contentsOf: ascii.unicodeScalars)
            } else {
                return nil
            }
        }
        return String(folded)
    }

    /// Latin-1 and Latin Extended-A letters whose accents ICU strips down to ASCII, as ICU
    /// strips them (computed once from it, so both paths give the same handle).
    static let latinFolds: [Unicode.Scalar: String] = {
        var table: [Unicode.Scalar: String] = [:]
        for value in UInt32(0xC0)...0x17F {
            guard let scalar = Unicode.Scalar(value), scalar.properties.isAlphabetic,
                  let stripped = String(scalar).applyingTransform(.stripDiacritics, reverse: false), stripped.utf8.allSatisfy({ $0 < 0x80 }), !stripped.isEmpty
            else { continue }
            table[scalar] = stripped
        }
        return table
    }()

    /// How often a keyword may appear in copy of `words` words before it counts as stuffing.
    public static func allowedMentions(words: Int, settings: SEOSettings) -> Int {
        max(2, Int((settings.densityRange.upperBound * Double(words)).rounded(.up)))
    }

    /// A URL handle for `title` in a locale: lowercase, hyphenated; scripts without letters a
    /// URL can carry fall back to the SKU.
    public static func handle(title: String, sku: SKU) -> String {
        var title = title.lowercased()
        var folded = title
        if !title.utf8.allSatisfy({ $0 < 0x80 }) {
            for (letter, ascii) in ["ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th", "ı": "i"] {
                title = title.replacing(letter, with: ascii)
            }
            folded = latinFolded(title) ?? title.applyingTransform(.toLatin, reverse: false)?.applyingTransform(.stripDiacritics, reverse: false) ?? title
        }
        let slug = String(folded.slugified(separator: "-").unicodeScalars.filter { $0.isASCII })
        let cleaned = slug.split(separator: "-").joined(separator: "-")
        return cleaned.isEmpty ? sku.rawValue.slugified(separator: "-") : cleaned
    }
}
