public import CatalogCore

/// What a merchant notices in generated copy, measured: words left in English under another
/// language, internal data and placeholders, meta lengths, readability, and how alike two
/// products' copy reads. The copy-quality benchmark reports these; none of it decides
/// anything in the pipeline.
public enum CopyQuality {
    /// Words catalogd itself translates (vocabulary values and features, phrasebook labels,
    /// yes/no) found in English in copy written in another language. `ignoring`: words of the
    /// product's own name and brand, which are not catalogd's to translate.
    public static func untranslated(_ copy: GeneratedCopy, ignoring: Set<String> = []) -> [String] {
        let language = copy.locale.language
        guard language != "en", let english = englishWords, let native = nativeWords[language] else { return [] }
        let words = Lexicon.words([copy.title, HTMLSanitizer.plainText(copy.bodyHTML), copy.metaTitle, copy.metaDescription].joined(separator: "\n"))
        return words.filter { english.contains($0) && !native.contains($0) && !ignoring.contains($0) }.uniqued()
    }

    /// The words catalogd writes in English: the vocabularies' English forms, the English
    /// phrasebook's labels and fixed words.
    static let englishWords: Set<String>? = {
        var words: Set<String> = ["yes", "no"]
        for vocabulary in [Vocabulary.colors, .materials, .features, .sizes] {
            for entry in vocabulary.entries { for form in entry.forms["en"] ?? [] { words.formUnion(Lexicon.words(Vocabulary.key(form))) } }
        }
        if let english = TemplatePhrasebook.forLanguage("en") {
            for label in english.labels.values { words.formUnion(Lexicon.words(label)) }
            words.formUnion(Lexicon.words(english.features))
        }
        return words
    }()

    /// Per language, the words that are its own even where English has them too ("Material"
    /// in German, "orange" in French, "Polyester" everywhere).
    static let nativeWords: [String: Set<String>] = {
        var native: [String: Set<String>] = [:]
        for language in TemplatePhrasebook.supportedLanguages {
            var words: Set<String> = []
            for vocabulary in [Vocabulary.colors, .materials, .features, .sizes] {
                for entry in vocabulary.entries { for form in entry.forms[language] ?? [] { words.formUnion(Lexicon.words(Vocabulary.key(form))) } }
            }
            if let phrases = TemplatePhrasebook.forLanguage(language) {
                for label in phrases.labels.values { words.formUnion(Lexicon.words(label)) }
                words.formUnion(Lexicon.words(([phrases.features, phrases.yes, phrases.no, phrases.by, phrases.discover] + phrases.order).joined(separator: " ")))
            }
            native[language] = words
        }
        return native
    }()

    /// Redaction placeholders (`[phone]`) anywhere in the copy.
    public static func placeholders(_ copy: GeneratedCopy) -> [String] {
        PIIScanner.placeholders(in: [copy.title, copy.bodyHTML, copy.metaTitle, copy.metaDescription].joined(separator: "\n")).map(PIIScanner.placeholder)
    }

    public static func metaWithinBounds(_ copy: GeneratedCopy, settings: SEOSettings = SEOSettings()) -> Bool {
        Text.width(copy.metaTitle) <= settings.metaTitleMaximum && settings.metaDescriptionRange.contains(Text.width(copy.metaDescription))
    }

    /// Why the meta fields are out of bounds ("title long", "description short", "description
    /// long"), or nil when they are within them.
    public static func metaMiss(_ copy: GeneratedCopy, settings: SEOSettings = SEOSettings()) -> String? {
        let width = Text.width(copy.metaDescription)
        if Text.width(copy.metaTitle) > settings.metaTitleMaximum { return "title long" }
        if width < settings.metaDescriptionRange.lowerBound { return "description short (\(width))" }
        if width > settings.metaDescriptionRange.upperBound { return "description long (\(width))" }
        return nil
    }

    /// Whether the body reads at the SEO agent's readability target for its language.
    public static func readable(_ copy: GeneratedCopy, settings: SEOSettings = SEOSettings()) -> Bool {
        Readability.score(HTMLSanitizer.plainText(copy.bodyHTML), language: copy.locale.language).value >= settings.minimumReadability
    }

    /// The body's word `size`-grams, for near-duplicate detection.
    public static func shingles(_ copy: GeneratedCopy, size: Int = 3) -> Set<String> {
        let words = Lexicon.words(HTMLSanitizer.plainText(copy.bodyHTML))
        guard words.count >= size else { return [words.joined(separator: " ")] }
        return Set((0...(words.count - size)).map { words[$0..<($0 + size)].joined(separator: " ") })
    }

    public static func jaccard(_ a: Set<String>, _ b: Set<String>) -> Double {
        guard !a.isEmpty || !b.isEmpty else { return 1 }
        return Double(a.intersection(b).count) / Double(a.union(b).count)
    }
}
