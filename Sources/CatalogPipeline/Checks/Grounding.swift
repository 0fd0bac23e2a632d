public import CatalogCore
import Foundation

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
