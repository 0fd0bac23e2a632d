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

/// What a product's attributes establish, in the forms claims are compared against.
public struct Grounding: Sendable {
    var quantities: [Quantity] = []
    var colors: Set<String> = []
    var materials: Set<String> = []
    /// Yes/no features the product has, or that its values name ("recycled polyester").
    var features: Set<String> = []
    /// ISO codes of the countries the product's origin attributes name.
    var origins: Set<String> = []
    /// Every numeral in the attributes as written (a decimal stays whole: "1.5", never "5"),
    /// and each part of an identifier ("4711-22", "4711", "22"): a number in copy that is one
    /// of these is the product's own reference, not an invented figure.
    var numerals: Set<String> = []
    var words: Set<String> = []
    var corpus = ""

    public init(product: Product, extra: [String] = []) {
        var texts: [(text: String, language: String)] = [(product.sku.rawValue, "en")]
        if let family = product.family { texts.append((family, "en")) }
        texts += product.categories.map { ($0.replacing("_", with: " "), "en") }
        // Attribute codes ground words, not features: `dishwasher_safe: false` is no claim that it is.
        var codes: Set<String> = []
        for (code, value) in product.attributes {
            texts.append((code.replacing("_", with: " "), "en"))
            codes.insert(code.replacing("_", with: " "))
            // A yes/no feature the product has grounds its phrase in every language
            // ("compatível com indução" for induction_compatible).
            if let feature = Vocabulary.features.entry(attribute: code), Self.isTrue(value, code: code) {
                texts += feature.forms.flatMap { language, forms in forms.map { (Vocabulary.key($0), language) } }
            }
            if OriginClaims.attributeCodes.contains(code.lowercased()) {
                let values: [String] = switch value {
                case .text(let text): [text]
                case .localizedText(let localized): Array(localized.values)
                case .list(let list): list
                default: []
                }
                for text in values { origins.formUnion(OriginClaims.ids(inValue: text)) }
            }
            switch value {
            case .text(let text), .media(let text):
                texts.append((text, "en"))
            case .localizedText(let localized):
                texts += localized.map { ($0.value, $0.key.language) }
            case .list(let values):
                texts += values.map { ($0, "en") }
            case .number(let number, let unit):
                let decimals = number.description.split(separator: ".").dropFirst().first?.count ?? 0
                if let amount = Double(number.description), let quantity = Quantity(amount: amount, decimals: decimals, unit: unit) {
                    quantities.append(quantity)
                    // The bare number grounds a count too ("4 settings" from power_levels 4).
                    if unit != nil, let count = Quantity(amount: amount, decimals: decimals, unit: nil) { quantities.append(count) }
                }
                texts.append((number.description, "en"))
            case .price(let prices):
                texts += prices.map { ("\($0.amount) \($0.currency)", "en") }
            case .boolean:
                break
            }
        }
        texts += extra.map { ($0, "en") }
        for (text, language) in texts {
            // Text with a decimal-looking number may use either mark: both readings ground.
            let readings = Self.hasDecimalMark(text) ? Set([language, "en", "de"]) : [language]
            for reading in readings {
                quantities += QuantityScanner.scan(text, language: reading).map(\.quantity)
            }
            numerals.formUnion(Self.numerals(in: text))
            let textWords = Lexicon.words(text)
            colors.formUnion(Lexicon.colors.ids(inWords: textWords))
            materials.formUnion(Lexicon.materials.ids(inWords: textWords))
            if !codes.contains(text) { features.formUnion(Lexicon.features.ids(inWords: textWords)) }
            words.formUnion(textWords)
        }
        corpus = texts.map(\.text).joined(separator: "\n").lowercased()
    }

    /// Runs of digits, with a `.` or `,` between digits kept inside the run; an identifier's
    /// parts (split at `-`, `/` and spaces) as well as the whole.
    static func numerals(in text: String) -> Set<String> {
        guard text.utf8.contains(where: { (0x30...0x39).contains($0) }) else { return [] }
        var found: Set<String> = []
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            guard scalars[index].isASCIIDigit else { index += 1; continue }
            var end = index
            while end < scalars.count {
                if scalars[end].isASCIIDigit { end += 1; continue }
                if "-/.,".unicodeScalars.contains(scalars[end]), end + 1 < scalars.count, scalars[end + 1].isASCIIDigit { end += 1; continue }
                break
            }
            let run = String(String.UnicodeScalarView(scalars[index..<end]))
            found.insert(run)
            for part in run.split(whereSeparator: { $0 == "-" || $0 == "/" }) { found.insert(String(part)) }
            index = end
        }
        return found
    }

    static func isTrue(_ value: AttributeValue, code: String) -> Bool {
        switch value {
        case .boolean(let flag): flag
        case .text(let text): YesNo.flag(code: code, text: text, declared: true) == true
        case .number(let number, nil): YesNo.flag(code: code, text: number.description, declared: true) == true
        default: false
        }
    }

    static func hasDecimalMark(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count >= 3 else { return false }
        for index in 1..<(bytes.count - 1) where bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            if (0x30...0x39).contains(bytes[index - 1]) && (0x30...0x39).contains(bytes[index + 1]) { return true }
        }
        return false
    }

    func supports(_ claim: Quantity, phrase: String) -> Bool {
        if quantities.contains(where: { $0.grounds(claim) }) { return true }
        // A bare number grounds against any stated value (a count, a year in the name).
        if claim.dimension == .count {
            return quantities.contains { abs($0.value - claim.value) <= claim.tolerance + 1e-9 }
                || numerals.contains(phrase.filter { !$0.isWhitespace })
        }
        return false
    }

    /// `corpus` is lowercased once, when the grounding is built.
    func mentions(_ name: String) -> Bool {
        FactChecker.containsWord(name.lowercased(), in: corpus, caseSensitive: true)
    }
}

/// Finds numbers with their units in text: `1,2 kg`, `30 x 20 x 10 cm` (each dimension gets
/// the trailing unit), `100 %`, `2 400 mAh`.
enum QuantityScanner {
    /// Han, kana and the CJK punctuation around them: scripts that write no spaces.
    static func isCJK(_ scalar: Unicode.Scalar) -> Bool {
        (0x3000...0x30FF).contains(scalar.value) || (0x4E00...0x9FFF).contains(scalar.value) || (0xFF00...0xFFEF).contains(scalar.value)
    }

    static func scan(_ text: String, language: String) -> [(phrase: String, quantity: Quantity)] {
        // Most texts a grounding reads (codes, names, categories) have no numeral at all.
        guard text.utf8.contains(where: { (0x30...0x39).contains($0) }) else { return [] }
        // Scalars, not Characters: grapheme breaking is most of the cost, and every mark this
        // reads (digits, separators, unit letters, °, %) is one scalar.
        let scalars = Array(text.unicodeScalars)
        func slice(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        var results: [(String, Quantity)] = []
        var pending: [(numeral: String, value: Double, decimals: Int)] = []
        var index = 0

        func flush(unit: String?) {
            for entry in pending {
                let phrase = unit.map { "\(entry.numeral) \($0)" } ?? entry.numeral
                if let quantity = Quantity(amount: entry.value, decimals: entry.decimals, unit: unit) {
                    results.append((phrase, quantity))
                } else if let count = Quantity(amount: entry.value, decimals: entry.decimals, unit: nil) {
                    results.append((entry.numeral, count))
                }
            }
            pending.removeAll()
        }

        while index < scalars.count {
            let scalar = scalars[index]
            guard scalar.isASCIIDigit else {
                index += 1
                continue
            }
            // A numeral starts at a digit not glued to a word: model names like "X200" and the
            // second part of "4711-22" are text, all of their digits ("00", "2" are no numbers).
            if index > 0, scalars[index - 1].isLetterOrMark && !Self.isCJK(scalars[index - 1]) || scalars[index - 1] == "-" {
                while index < scalars.count, scalars[index].isASCIIDigit || ((scalars[index] == "." || scalars[index] == ",") && index + 1 < scalars.count && scalars[index + 1].isASCIIDigit) {
                    index += 1
                }
                continue
            }
            var end = index
            while end < scalars.count {
                let next = scalars[end]
                if next.isASCIIDigit { end += 1; continue }
                // Separators count only between digits (1.234,5 / 1 234 / 1,2).
                if (next == "." || next == "," || next == " " || next == "\u{00A0}" || next == "\u{202F}"),
                   end + 1 < scalars.count, scalars[end + 1].isASCIIDigit {
                    // A space groups thousands only when exactly three digits follow.
                    if next == " " || next == "\u{00A0}" || next == "\u{202F}" {
                        let digits = scalars[(end + 1)...].prefix(while: \.isASCIIDigit).count
                        guard digits == 3 else { break }
                    }
                    end += 1
                    continue
                }
                break
            }
            let numeral = slice(index..<end)
            index = end
            guard let parsed = LocaleNumber.parse(Substring(numeral), language: language) else { continue }
            pending.append((numeral, parsed.value, parsed.decimals))
            // The unit: letters (or °, %, ") right after the numeral, possibly after a space.
            var cursor = index
            while cursor < scalars.count, scalars[cursor] == " " || scalars[cursor] == "\u{00A0}" { cursor += 1 }
            // A dimension chain: 30 x 20 x 10 cm.
            if cursor < scalars.count, scalars[cursor] == "x" || scalars[cursor] == "×",
               cursor + 1 < scalars.count, scalars[cursor + 1] == " " || scalars[cursor + 1].isASCIIDigit {
                index = cursor + 1
                continue
            }
            var unitEnd = cursor
            while unitEnd < scalars.count, scalars[unitEnd].isLetterOrMark || scalars[unitEnd] == "°" || scalars[unitEnd] == "%" || scalars[unitEnd] == "\"" {
                unitEnd += 1
                if scalars[unitEnd - 1] == "%" || scalars[unitEnd - 1] == "\"" { break }
            }
            // Japanese and Chinese run the unit into the next word ("1200gです", "2年保証"): the
            // longest known unit at the start of the run is the unit.
            if unitEnd > cursor, Quantity.unit(named: slice(cursor..<unitEnd)) == nil, scalars[cursor..<unitEnd].contains(where: Self.isCJK) {
                var end = unitEnd - 1
                while end > cursor, Quantity.unit(named: slice(cursor..<end)) == nil { end -= 1 }
                unitEnd = end > cursor ? end : cursor
            }
            var unit = unitEnd > cursor ? slice(cursor..<unitEnd) : nil
            // "in" is an inch only in English and only where no word follows it: "Storm Shell 2
            // in navy", "Shell 2 in die Kapuze" name no length.
            if unit?.lowercased() == "in", language != "en" || (unitEnd + 1 < scalars.count && scalars[unitEnd] == " " && scalars[unitEnd + 1].isLetterOrMark) {
                unit = nil
            }
            if let unit, Quantity.unit(named: unit) != nil {
                flush(unit: unit)
                index = unitEnd
            } else {
                flush(unit: nil)
            }
        }
        flush(unit: nil)
        return results
    }
}
