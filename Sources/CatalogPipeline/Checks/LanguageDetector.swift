/// Tells which language copy is written in from its most frequent function words (and the
/// script, for Japanese and Chinese): enough to catch a provider answering in the wrong one.
enum LanguageDetector {
    static let functionWords: [String: Set<String>] = [
        "en": ["the", "and", "with", "for", "of", "is", "a", "to", "in", "your", "this", "by"],
        "de": ["der", "die", "das", "und", "mit", "für", "ist", "ein", "eine", "von", "aus", "sie", "den"],
        "fr": ["le", "la", "les", "et", "avec", "pour", "de", "est", "une", "un", "des", "du", "en"],
        "es": ["el", "la", "los", "las", "y", "con", "para", "de", "es", "una", "un", "del", "en"],
        "it": ["il", "la", "le", "e", "con", "per", "di", "è", "una", "un", "del", "della", "in"],
        "nl": ["de", "het", "en", "met", "voor", "van", "is", "een", "uit", "op", "in"],
        "pt": ["o", "a", "os", "as", "e", "com", "para", "de", "é", "um", "uma", "do", "da", "em", "no", "na", "ao", "que"],
        "pl": ["i", "w", "z", "na", "do", "jest", "dla", "się", "to", "oraz"],
        "sv": ["och", "med", "för", "är", "en", "ett", "av", "till", "på", "som"],
        "da": ["og", "med", "for", "er", "en", "et", "af", "til", "på", "som"],
        "nb": ["og", "med", "for", "er", "en", "et", "av", "til", "på", "som"],
        "fi": ["ja", "on", "tai", "kanssa", "joka", "se", "myös", "sekä"],
        "cs": ["a", "s", "pro", "je", "na", "v", "z", "se", "do", "ze"],
        "tr": ["ve", "ile", "için", "bir", "bu", "da", "de", "çok"],
    ]

    /// Each function word to the languages that use it: one lookup per word of the copy.
    static let languagesUsing: [String: [String]] = {
        var index: [String: [String]] = [:]
        for (language, words) in functionWords {
            for word in words { index[word, default: []].append(language) }
        }
        return index
    }()

    /// Whether `text` reads as `language`. Short or ambiguous text passes: only a clear
    /// majority of another language's function words fails it. `ignoring`: the words of the
    /// product's own title, which read as whatever the name happens to hold ("A-1" is a
    /// Portuguese article, "de" in "Article A-1 de Northpeak" is not the body's French).
    static func matches(_ text: String, language: String, ignoring: Set<String> = []) -> Bool {
        let scalars = text.unicodeScalars
        let kana = scalars.contains { (0x3040...0x30FF).contains($0.value) }
        let han = scalars.contains { (0x4E00...0x9FFF).contains($0.value) }
        if language == "ja" { return kana || han }
        if language == "zh" { return han && !kana }
        if kana || han { return false }
        let words = Lexicon.words(text).filter { !ignoring.contains($0) }
        guard words.count >= 8 else { return true }
        var scores: [String: Int] = [:]
        for word in words {
            for candidate in languagesUsing[word] ?? [] { scores[candidate, default: 0] += 1 }
        }
        let own = scores[language] ?? 0
        guard let best = scores.max(by: { $0.value < $1.value }), best.value >= 3 else { return true }
        // Close relatives (da/nb/sv) share function words; equal scores do not fail.
        return own * 2 >= best.value
    }
}
