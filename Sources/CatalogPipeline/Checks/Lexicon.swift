/// Words that carry facts in product copy, per language, mapped to language-neutral ids: a
/// claim of "schwarz" in German copy is grounded by a PIM colour "Black".
///
/// Matching is by word, allowing the short inflection endings of the supported languages
/// (rot → rote, roten; negro → negra; nero → nera); German and Dutch compounds match by
/// their first or last part (Edelstahlgehäuse → stainless steel).
struct Lexicon: Sendable {
    let entries: [(id: String, words: [String])]
    /// Ids one id implies: stainless steel is steel.
    let implies: [String: [String]]
    /// Single-word terms → entry index; the first entry listing a word owns it.
    private let single: [String: Int]
    /// `single` plus every term with each inflection ending: one lookup per word.
    private let inflected: [String: Int]
    /// Multi-word terms, matched on word windows.
    private let multi: [(words: [String], entry: Int)]
    /// Each form a multi-word term's first word can take (with every inflection ending) to the
    /// terms starting so: a window is only compared where its first word fits.
    private let multiByFirstWord: [String: [Int]]
    private let longestSingle: Int
    /// For terms long enough to form compounds: their first (last) four scalars, packed, to
    /// the lengths of the terms that start (end) so, longest first. A word is looked up only
    /// at those lengths, so most words cost no string at all.
    private let compoundPrefixLengths: [UInt64: [Int]]
    private let compoundSuffixLengths: [UInt64: [Int]]

    /// `agreeing`: the terms are adjectives that agree with their noun (colours): besides the
    /// endings, "rosso" is also read as "rossa", "grigio" as "grigia", "rood" as "rode",
    /// "grijs" as "grijze", "blanc" as "blanche".
    init(entries: [(id: String, words: [String])], implies: [String: [String]], agreeing: Bool = false) {
        self.entries = entries
        self.implies = implies
        var single: [String: Int] = [:]
        var multi: [(words: [String], entry: Int)] = []
        for (index, entry) in entries.enumerated() {
            for term in entry.words {
                // As copy is read: "coupe-vent" is the words "coupe vent", "all'induzione" "all induzione".
                let parts = Self.words(term)
                guard !parts.isEmpty else { continue }
                let term = parts.joined(separator: " ")
                if parts.count == 1 {
                    if single[term] == nil { single[term] = index }
                } else {
                    multi.append((parts, index))
                }
            }
        }
        self.single = single
        var inflected = single
        for (term, entry) in single {
            for ending in Self.endings where !ending.isEmpty && inflected[term + ending] == nil {
                inflected[term + ending] = entry
            }
        }
        if agreeing {
            for (term, entry) in single {
                for form in Self.agreements(of: term) where inflected[form] == nil { inflected[form] = entry }
            }
        }
        self.inflected = inflected
        self.multi = multi
        var multiByFirstWord: [String: [Int]] = [:]
        for (index, term) in multi.enumerated() {
            for ending in Self.endings { multiByFirstWord[term.words[0] + ending, default: []].append(index) }
        }
        self.multiByFirstWord = multiByFirstWord.mapValues { Array(Set($0)).sorted() }
        self.longestSingle = single.keys.map(\.unicodeScalars.count).max() ?? 0
        let long = single.keys.map { Array($0.unicodeScalars) }.filter { $0.count >= 4 }
        self.compoundPrefixLengths = Dictionary(grouping: long) { Self.pack($0[..<4]) }.mapValues { Set($0.map(\.count)).sorted(by: >) }
        self.compoundSuffixLengths = Dictionary(grouping: long) { Self.pack($0[($0.count - 4)...]) }.mapValues { Set($0.map(\.count)).sorted(by: >) }
    }

    /// Four scalars in one key, 16 bits each: lossy, so a hit is only a candidate that the
    /// dictionary of terms confirms.
    private static func pack<Scalars: Sequence<Unicode.Scalar>>(_ scalars: Scalars) -> UInt64 {
        scalars.reduce(0) { $0 << 16 | UInt64($1.value & 0xFFFF) }
    }

    /// Colour and material words in any language (for attribute values), from the vocabulary
    /// tables the writer uses too.
    static let colors = Vocabulary.colors.lexicon
    static let materials = Vocabulary.materials.lexicon
    static let features = Vocabulary.features.lexicon
    /// Per copy language: that language's words and English ones.
    static let colorsByLanguage = Dictionary(uniqueKeysWithValues: TemplatePhrasebook.supportedLanguages.map { ($0, Vocabulary.colors.lexicon(for: $0)) })
    static let materialsByLanguage = Dictionary(uniqueKeysWithValues: TemplatePhrasebook.supportedLanguages.map { ($0, Vocabulary.materials.lexicon(for: $0)) })
    static let featuresByLanguage = Dictionary(uniqueKeysWithValues: TemplatePhrasebook.supportedLanguages.map { ($0, Vocabulary.features.lexicon(for: $0)) })

    /// The ids `text` mentions, with the words that mention them, in entry order.
    func mentions(in text: String) -> [(id: String, phrase: String)] {
        mentions(inWords: Self.words(text))
    }

    func mentions(inWords words: [String]) -> [(id: String, phrase: String)] {
        var phrases: [Int: String] = [:]
        for (entry, phrase) in multiMatches(words) where phrases[entry] == nil { phrases[entry] = phrase }
        for word in words {
            if let entry = entry(for: word), phrases[entry] == nil { phrases[entry] = word }
        }
        let found = phrases.sorted { $0.key < $1.key }.map { (id: entries[$0.key].id, phrase: $0.value) }
        // A more specific id found in the same words (stainless steel) hides the general one.
        return found.filter { mention in
            !found.contains { implies[$0.id]?.contains(mention.id) == true && $0.phrase.contains(mention.phrase) }
        }
    }

    /// Each multi-word term's first window in `words`, in term order.
    private func multiMatches(_ words: [String]) -> [(Int, String)] {
        var first: [Int: String] = [:]
        for (start, word) in words.enumerated() {
            for index in multiByFirstWord[word] ?? [] where first[index] == nil {
                let term = multi[index].words
                guard start + term.count <= words.count else { continue }
                let window = words[start..<(start + term.count)]
                if zip(window.dropFirst(), term.dropFirst()).allSatisfy({ $0 == $1 || Self.inflection(of: $0, base: $1) }) {
                    first[index] = window.joined(separator: " ")
                }
            }
        }
        return first.sorted { $0.key < $1.key }.map { (multi[$0.key].entry, $0.value) }
    }

    /// The entry a word names: exactly, with an inflection ending, or as part of a compound.
    private func entry(for word: String) -> Int? {
        if let known = inflected[word] { return known }
        // Compounds (Edelstahlgehäuse, Holzrahmen): a known term of four letters or more
        // starting or ending a word at least three letters longer.
        let view = word.unicodeScalars
        guard word.utf8.count >= 7, view.count >= 7 else { return nil }
        // The ends are looked up before the word is copied into scalars: most words match neither.
        let prefixLengths = compoundPrefixLengths[Self.pack(view.prefix(4))] ?? []
        let suffixLengths = compoundSuffixLengths[Self.pack(view.suffix(4))] ?? []
        guard !prefixLengths.isEmpty || !suffixLengths.isEmpty else { return nil }
        let scalars = Array(view)
        func text(_ slice: ArraySlice<Unicode.Scalar>) -> String { String(String.UnicodeScalarView(slice)) }
        // Longest part first, the start before the end, as `single` would be probed at every
        // length from the longest term down to four.
        for length in Set(prefixLengths + suffixLengths).sorted(by: >) where length <= scalars.count - 3 {
            if prefixLengths.contains(length), let prefix = single[text(scalars[..<length])] { return prefix }
            if suffixLengths.contains(length), let suffix = single[text(scalars[(scalars.count - length)...])] { return suffix }
        }
        return nil
    }

    private static func inflection(of word: String, base: String) -> Bool {
        word.hasPrefix(base) && endings.contains(String(word.dropFirst(base.count)))
    }

    /// Every id `text` grounds, including implied ones.
    func ids(in text: String) -> Set<String> {
        ids(inWords: Self.words(text))
    }

    func ids(inWords words: [String]) -> Set<String> {
        var ids = Set(mentions(inWords: words).map(\.id))
        for id in ids { ids.formUnion(implies[id] ?? []) }
        return ids
    }

    /// Lowercased runs of letters and digits. Scalar by scalar with an ASCII fast path, each
    /// word gathered as UTF-8 bytes: every check reads copy through this, so it must pay
    /// neither for grapheme breaking nor for appending scalars to a String one at a time.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        current.reserveCapacity(32)
        for scalar in text.unicodeScalars {
            let value = scalar.value
            if value < 0x80 {
                if (0x61...0x7A).contains(value) || (0x30...0x39).contains(value) {
                    current.append(UInt8(value))
                    continue
                }
                if (0x41...0x5A).contains(value) {
                    current.append(UInt8(value + 0x20))
                    continue
                }
            } else if value >= 0xC0 && value <= 0xFF && value != 0xD7 && value != 0xF7 {
                // Latin-1 letters, most of European copy's non-ASCII: À–Þ lowercase at +0x20,
                // ß–ÿ already are. No property lookup.
                Self.append(Unicode.Scalar(value <= 0xDE ? value + 0x20 : value)!, to: &current)
                continue
            } else if scalar.properties.isAlphabetic {
                // Most letters outside ASCII are already lowercase: no mapping string needed.
                if scalar.properties.isLowercase || !scalar.properties.changesWhenLowercased {
                    Self.append(scalar, to: &current)
                } else {
                    for lower in scalar.properties.lowercaseMapping.unicodeScalars { Self.append(lower, to: &current) }
                }
                continue
            } else if scalar.properties.numericType != nil {
                Self.append(scalar, to: &current)
                continue
            } else if (0x300...0x36F).contains(value), !current.isEmpty {
                Self.append(scalar, to: &current)  // a combining mark stays with its letter
                continue
            }
            if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        if !current.isEmpty { words.append(String(decoding: current, as: UTF8.self)) }
        return words
    }

    /// Passed `inout` rather than captured, so the buffer needs no runtime exclusivity checks.
    private static func append(_ scalar: Unicode.Scalar, to buffer: inout [UInt8]) {
        if scalar.isASCII {
            buffer.append(UInt8(scalar.value))
        } else {
            UTF8.encode(scalar) { buffer.append($0) }
        }
    }

    /// Forms an adjective takes in agreement that its endings do not cover: Italian, Spanish
    /// and Portuguese change the final vowel (rosso → rossa, rossi; grigio → grigia; bianco →
    /// bianchi); Dutch shortens a long vowel (rood → rode), voices s (grijs → grijze) and
    /// doubles after a short one (wit → witte); French blanc → blanche.
    static func agreements(of term: String) -> [String] {
        let vowels: Set<Character> = ["a", "e", "i", "o", "u"]
        var forms: [String] = []
        if term.hasSuffix("io") {
            let stem = term.dropLast(2)
            forms += [stem + "ia", stem + "ie", stem + "i"]
        } else if term.hasSuffix("co") {
            let stem = term.dropLast()
            forms += [stem + "a", stem + "as", stem + "he", stem + "hi"]
        } else if term.hasSuffix("o") {
            let stem = term.dropLast()
            forms += [stem + "a", stem + "as", stem + "i", stem + "e"]
        } else if term.hasSuffix("e") {
            forms.append(term.dropLast() + "i")
        }
        let letters = Array(term)
        if letters.count >= 3, let last = letters.last, !vowels.contains(last) {
            let before = letters[letters.count - 2], earlier = letters[letters.count - 3]
            if before == earlier, vowels.contains(before) { forms.append(String(letters.dropLast(2)) + String(last) + "e") }
            if vowels.contains(before), !vowels.contains(earlier) { forms.append(term + String(last) + "e") }
        }
        if term.hasSuffix("ijs") { forms.append(term.dropLast() + "ze") }
        if term.hasSuffix("c") { forms += [term + "he", term + "hes"] }
        return forms
    }

    private static let endings: Set<String> = ["", "e", "en", "er", "es", "em", "s", "a", "o", "as", "os", "i", "n", "r", "t", "ne", "na"]
}

/// How the checks read copy scalar by scalar (see `Lexicon.words`).
extension Unicode.Scalar {
    var isASCIIDigit: Bool { (0x30...0x39).contains(value) }
    /// A letter; ASCII ones without a Unicode property lookup.
    var isLetter: Bool { isASCII ? (value | 0x20 >= 0x61 && value | 0x20 <= 0x7A) : properties.isAlphabetic }
    /// A letter, or a combining mark, which belongs to the letter before it.
    var isLetterOrMark: Bool { isLetter || (0x300...0x36F).contains(value) }
}
