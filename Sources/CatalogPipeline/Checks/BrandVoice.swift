import Foundation

/// A tenant's voice: words it likes and avoids, how it addresses customers per language,
/// punctuation limits and a length range. Copy is scored against it and every deduction is
/// explained, with suggested edits a person (or a regeneration) can apply.
public struct BrandVoiceProfile: Hashable, Sendable, Codable {
    public enum Formality: String, Hashable, Sendable, Codable, CaseIterable { case formal, informal, any }

    public var toneWords: [String]
    public var bannedWords: [String]
    /// Banned or weak word → the word to use instead.
    public var preferredWords: [String: String]
    public var formality: [String: Formality]
    public var maxExclamations: Int
    public var maxEmoji: Int
    public var minWords: Int
    public var maxWords: Int

    public init(toneWords: [String] = [], bannedWords: [String] = [], preferredWords: [String: String] = [:], formality: [String: Formality] = ["de": .formal, "fr": .formal, "es": .formal, "it": .formal, "nl": .formal], maxExclamations: Int = 1, maxEmoji: Int = 0, minWords: Int = 20, maxWords: Int = 400) {
        self.toneWords = toneWords
        self.bannedWords = bannedWords
        self.preferredWords = preferredWords
        self.formality = formality
        self.maxExclamations = maxExclamations
        self.maxEmoji = maxEmoji
        self.minWords = minWords
        self.maxWords = maxWords
    }
}

public struct BrandVoiceResult: Hashable, Sendable, Codable {
    /// 1 is on voice; each finding deducts.
    public var score: Double
    public var findings: [String]
    public var suggestedEdits: [String]

    public var matches: Bool { findings.isEmpty }
}

public struct BrandVoice: Sendable {
    public var profile: BrandVoiceProfile

    public init(profile: BrandVoiceProfile = BrandVoiceProfile()) {
        self.profile = profile
    }

    /// Pronouns that mark the informal and the formal address, per language.
    static let address: [String: (informal: [String], formal: [String])] = [
        "de": (["du", "dich", "dir", "dein", "deine", "deinen", "deinem", "deiner"], ["sie", "ihnen", "ihr", "ihre", "ihren", "ihrem"]),
        "fr": (["tu", "toi", "ton", "ta", "tes"], ["vous", "votre", "vos"]),
        "es": (["tú", "tu", "tus", "te", "ti"], ["usted", "ustedes", "su", "sus"]),
        "it": (["tu", "tuo", "tua", "tuoi", "tue", "ti"], ["lei", "suo", "sua", "suoi"]),
        "nl": (["je", "jij", "jouw", "jou"], ["u", "uw"]),
    ]

    public func score(_ text: String, language: String) -> BrandVoiceResult {
        let words = Lexicon.words(text)
        var findings: [String] = []
        var edits: [String] = []
        var score = 1.0

        for banned in profile.bannedWords where FactChecker.containsWord(banned, in: text, caseSensitive: false) {
            findings.append("uses the banned word \"\(banned)\"")
            edits.append(profile.preferredWords[banned].map { "replace \"\(banned)\" with \"\($0)\"" } ?? "remove \"\(banned)\"")
            score -= 0.15
        }
        for (weak, preferred) in profile.preferredWords where !profile.bannedWords.contains(weak) && FactChecker.containsWord(weak, in: text, caseSensitive: false) {
            findings.append("prefers \"\(preferred)\" to \"\(weak)\"")
            edits.append("replace \"\(weak)\" with \"\(preferred)\"")
            score -= 0.05
        }
        let exclamations = text.filter { $0 == "!" }.count
        if exclamations > profile.maxExclamations {
            findings.append("\(exclamations) exclamation marks (at most \(profile.maxExclamations))")
            edits.append("end sentences with a full stop instead of \"!\"")
            score -= 0.1
        }
        // No emoji below U+231A: most copy is decided without a property lookup.
        let emoji = text.unicodeScalars.reduce(0) { $0 + ($1.value >= 0x231A && $1.properties.isEmojiPresentation ? 1 : 0) }
        if emoji > profile.maxEmoji {
            findings.append("\(emoji) emoji (at most \(profile.maxEmoji))")
            edits.append("remove the emoji")
            score -= 0.1
        }
        if words.count < profile.minWords || words.count > profile.maxWords {
            findings.append("\(words.count) words (expected \(profile.minWords)–\(profile.maxWords))")
            edits.append(words.count < profile.minWords ? "add detail from the attributes" : "shorten the copy")
            score -= 0.1
        }
        if let wanted = profile.formality[language], wanted != .any, let pronouns = Self.address[language] {
            let wrong = wanted == .formal ? pronouns.informal : pronouns.formal
            // German "Sie" is also "they"/"she"; only its capitalised mid-sentence form is formal,
            // so the formal check for German is on the informal pronouns alone.
            let found = words.filter { wrong.contains($0) && !(language == "de" && wanted == .informal) }
            if let first = found.first {
                findings.append("addresses the customer \(wanted == .formal ? "informally" : "formally") (\"\(first)\")")
                edits.append("address the customer \(wanted == .formal ? "formally" : "informally")")
                score -= 0.15
            }
        }
        if !profile.toneWords.isEmpty, !profile.toneWords.contains(where: { FactChecker.containsWord($0, in: text, caseSensitive: false) }) {
            findings.append("none of the tone words (\(profile.toneWords.joined(separator: ", ")))")
            score -= 0.05
        }
        return BrandVoiceResult(score: max(0, score), findings: findings, suggestedEdits: edits)
    }
}
