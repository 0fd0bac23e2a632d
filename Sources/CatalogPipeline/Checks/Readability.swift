import Foundation

/// Readability with the formula that fits the language: Flesch (en), Amstad (de), Kandel–Moles
/// (fr), Fernández Huerta (es), Flesch–Vacca (it), Douma (nl); a sentence- and word-length
/// proxy on the same 0–100 scale elsewhere. Higher reads more easily.
public enum Readability {
    public struct Score: Hashable, Sendable, Codable {
        public let value: Double
        public let formula: String
    }

    public static func score(_ text: String, language: String) -> Score {
        let sentences = max(1, sentenceCount(text))
        let words = Lexicon.words(text).filter { $0.unicodeScalars.contains(where: \.isLetter) }
        guard !words.isEmpty else { return Score(value: 100, formula: "empty") }
        let wordCount = Double(words.count)
        let asl = wordCount / Double(sentences)
        let vowels = Self.vowels[language] ?? Self.defaultVowels
        let syllables = Double(words.map { syllableCount($0, vowels: vowels, language: language) }.reduce(0, +))
        let asw = syllables / wordCount
        let value: Double
        let formula: String
        switch language {
        case "en": (value, formula) = (206.835 - 1.015 * asl - 84.6 * asw, "Flesch")
        case "de": (value, formula) = (180 - asl - 58.5 * asw, "Amstad")
        case "fr": (value, formula) = (207 - 1.015 * asl - 73.6 * asw, "Kandel–Moles")
        case "es": (value, formula) = (206.84 - 0.60 * (asw * 100) - 1.02 * (Double(sentences) / wordCount * 100), "Fernández Huerta")
        case "it": (value, formula) = (217 - 1.3 * asl - 0.6 * (asw * 100), "Flesch–Vacca")
        case "nl": (value, formula) = (206.835 - 0.93 * asl - 77 * asw, "Douma")
        case "ja", "zh":
            let characters = Double(text.filter { $0.isLetter }.count)
            (value, formula) = (100 - max(0, characters / Double(sentences) - 30) * 1.5, "sentence-length proxy")
        default:
            let averageLength = Double(words.map(\.count).reduce(0, +)) / wordCount
            (value, formula) = (100 - 2 * max(0, asl - 10) - 10 * max(0, averageLength - 5), "sentence/word-length proxy")
        }
        return Score(value: min(100, max(0, value)), formula: formula)
    }

    /// Sentences that contain a letter, ended by . ! ? (and their CJK forms) or a line break.
    static func sentenceCount(_ text: String) -> Int {
        var count = 0
        var sawLetter = false
        for scalar in text.unicodeScalars {
            switch scalar {
            case ".", "!", "?", "\n", "。", "！", "？":
                if sawLetter { count += 1 }
                sawLetter = false
            default:
                if !sawLetter, scalar.isLetter {
                    sawLetter = true
                }
            }
        }
        return count + (sawLetter ? 1 : 0)
    }

    static let defaultVowels = Vowels("aeiouy")
    static let vowels: [String: Vowels] = [
        "de": Vowels("aeiouyäöü"), "fr": Vowels("aeiouyéèêëàâîïôûùü"), "es": Vowels("aeiouáéíóúü"),
        "it": Vowels("aeiouàèéìíòóù"), "nl": Vowels("aeiouyëïé"),
    ]

    /// A language's vowels as a bit per scalar below U+0180 (every vowel listed is), so a
    /// scalar is tested without hashing it: readability reads every word of every copy.
    struct Vowels: Sendable {
        private var bits: [UInt64] = Array(repeating: 0, count: 6)

        init(_ letters: String) {
            for scalar in letters.unicodeScalars where scalar.value < 0x180 {
                bits[Int(scalar.value >> 6)] |= 1 << UInt64(scalar.value & 63)
            }
        }

        func contains(_ scalar: Unicode.Scalar) -> Bool {
            scalar.value < 0x180 && bits[Int(scalar.value >> 6)] & (1 << UInt64(scalar.value & 63)) != 0
        }
    }

    /// Vowel groups, with the language's silent endings and diphthongs counted once.
    static func syllableCount(_ word: String, vowels: Vowels, language: String) -> Int {
        var count = 0
        var previousWasVowel = false
        // By scalar: words come lowercased and precomposed from Lexicon.words (a decomposed
        // accent follows its vowel, which counts).
        for scalar in word.unicodeScalars {
            let isVowel = vowels.contains(scalar)
            if isVowel && !previousWasVowel { count += 1 }
            previousWasVowel = isVowel
        }
        if (language == "en" || language == "fr"), word.unicodeScalars.count > 3, word.hasSuffix("e"), !word.hasSuffix("le"), count > 1 { count -= 1 }
        return max(1, count)
    }
}
