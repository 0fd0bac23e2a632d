public import CatalogCore

/// The offline, deterministic generator and catalogd's embedded default: the same attributes
/// always give the same copy, byte for byte, and every statement in it comes from an attribute.
///
/// It writes no claim it cannot ground; where a locale has no phrasebook it throws rather than
/// publish English under a German locale.
public struct TemplateProvider: TextGenerator {
    public let identity = GeneratorIdentity(name: "template", version: "1")

    /// Attributes that are rendered on their own (title, intro) or that would make copy go stale
    /// (prices), so they are left out of the details list.
    static let excludedFromDetails: Set<String> = [
        "name", "title", "description", "short_description", "meta_title", "meta_description",
        "price", "special_price", "cost", "image", "images", "picture", "url_key",
        "care_instructions", "care", "washing_instructions",
    ]

    public static var supportedLanguages: [String] { TemplatePhrasebook.supportedLanguages }

    /// The PIM's attribute types, labels and option labels, when it sent them.
    public var schema: AttributeSchema
    /// Identifier codes (`ean`, `mpn`) the shop wants in the copy; by default none.
    public var identifiers: Set<String>

    public init(schema: AttributeSchema = .empty, identifiers: Set<String> = []) {
        self.schema = schema
        self.identifiers = Set(identifiers.map { $0.lowercased() })
    }

    public func generate(_ request: GenerationRequest) async throws -> GeneratedCopy {
        try render(request)
    }

    /// Synchronous core of `generate`, used directly by tests and benchmarks.
    public func render(_ request: GenerationRequest) throws -> GeneratedCopy {
        let product = request.product
        let locale = request.locale
        guard let phrases = TemplatePhrasebook.forLanguage(locale.language) else {
            throw CatalogError(
                .generationFailed,
                "the template generator has no phrasebook for '\(locale)' (it has: \(TemplatePhrasebook.supportedLanguages.joined(separator: ", ")))",
                context: .init(sku: product.sku.rawValue, key: "locale")
            )
        }
        // Names and brands are plain text; a PIM that sends `Fish &amp; Chips` means `Fish & Chips`.
        let name = Self.plain(product.text("name", in: locale) ?? product.anyLocaleText("name") ?? product.sku.rawValue)
        let brand = product.text("brand", in: locale).map(Self.plain)
        let description = product.text("description", in: locale) ?? product.text("short_description", in: locale)

        // The brand once: a name that already carries it is not followed by "by Brand".
        let namesBrand = brand.map { name.range(of: $0, options: [.caseInsensitive, .diacriticInsensitive]) != nil } ?? true
        let title = namesBrand ? name : "\(name) \(phrases.by) \(brand!)"
        // Care features ("spülmaschinenfest") and the PIM's care text make a care line of
        // their own; the details list keeps the rest.
        let care = careLine(product, locale: locale)
        let listedAsCare = Set(care.features.map { Self.capitalized($0, language: locale.language) })
        let details = detailLines(product, locale: locale, phrases: phrases).filter { !listedAsCare.contains($0.label) }

        var html = "<h2>\(HTML.escape(name))</h2>\n"
        // Where the PIM has no description in the language, sentences from the attributes.
        // The title (with its brand) where the language has a word for "by"; the name alone
        // where the phrasebook joins them with a dash (Japanese, Chinese, Finnish, Turkish).
        let written = description == nil ? introduction(product, name: phrases.by == "–" ? name : title, locale: locale, details: details) : nil
        if let description {
            // PIM rich text is parsed and kept as the allowed tags; plain text is escaped.
            for block in RichText.blocks(description) { html += block.html + "\n" }
        } else if let written {
            html += "<p>\(HTML.escape(written))</p>\n"
        }
        let marks = Punctuation.of(locale.language)
        let careText = (care.features + care.instructions).joined(separator: marks.valueSeparator)
        if !careText.isEmpty, let label = phrases.labels["care"] {
            html += "<p><strong>\(HTML.escape(label))\(marks.colon)</strong>\(marks.afterColon)\(HTML.escape(careText))\(marks.fullStop)</p>\n"
        }
        if !details.isEmpty {
            html += "<h3>\(HTML.escape(phrases.features))</h3>\n<ul>\n"
            for (label, value) in details {
                html += value.isEmpty ? "<li>\(HTML.escape(label))</li>\n" : "<li><strong>\(HTML.escape(label))\(marks.colon)</strong>\(marks.afterColon)\(HTML.escape(value))</li>\n"
            }
            html += "</ul>\n"
        }

        let metaTitle = Text.truncate(namesBrand || brand == nil ? name : "\(name) | \(brand!)", to: 60)
        var facts = details + listedAsCare.sorted().map { (label: $0, value: "") }
        if let brand, let label = phrases.labels["brand"] { facts.append((label, brand)) }
        let metaDescription = Self.metaDescription(
            name: name, title: title, description: description.map(RichText.plainText) ?? written, facts: facts, phrases: phrases, marks: marks
        )

        return GeneratedCopy(
            sku: product.sku, locale: locale, title: title, bodyHTML: html,
            metaTitle: metaTitle, metaDescription: metaDescription, generator: identity
        )
    }

    /// Search engines show 120–156 characters of a meta description (in `Text.width`: a CJK
    /// character counts two).
    static let metaDescriptionRange = 120...156

    /// The meta description from the strongest facts, in whole sentences: the description's
    /// opening sentences, then the facts they do not already state, until it is long enough;
    /// a closing line where the facts run out. Never the title again when the description
    /// names the product, and cut only where a sentence or a list item ends (a word boundary
    /// with "…" only when one sentence alone is too long).
    static func metaDescription(name: String, title: String, description: String?, facts: [(label: String, value: String)], phrases: TemplatePhrasebook, marks: Punctuation) -> String {
        let range = metaDescriptionRange
        let sentences = description.map(Text.sentences) ?? []
        var text = ""
        var short: Bool { Text.width(text) < range.lowerBound }
        func append(_ piece: String) -> Bool {
            let candidate = text.isEmpty ? piece : text + marks.sentenceGap + piece
            guard Text.width(candidate) <= range.upperBound else { return false }
            text = candidate
            return true
        }
        // The title leads unless the description already names the product.
        if !(sentences.first.map { Text.contains($0.lowercased(), name.lowercased()) } ?? false) {
            // "ご覧ください：" takes no space after its full-width colon.
            let gap = phrases.discover.hasSuffix("：") ? "" : " "
            _ = append(phrases.discover + gap + title + marks.fullStop)
        }
        for sentence in sentences where short {
            // A list item of the description ("Care: wipe clean") ends as a sentence does.
            let ended = sentence.last.map { ".!?。！？…".contains($0) } ?? true
            if !append(ended ? sentence : sentence + marks.fullStop) { break }
        }
        // Facts the sentences already state ("in polyester, colour green") are not listed again.
        let said = text.lowercased()
        let unsaid = facts.filter { !Text.contains(said, ($0.value.isEmpty ? $0.label : $0.value).lowercased()) }
        let stated = text
        var list: [String] = []
        for fact in unsaid where short {
            let item = fact.value.isEmpty ? fact.label : fact.label + marks.colon + marks.afterColon + fact.value
            text = stated
            guard append((list + [item]).joined(separator: marks.listSeparator) + marks.fullStop) else {
                text = stated
                if !list.isEmpty { _ = append(list.joined(separator: marks.listSeparator) + marks.fullStop) }
                break
            }
            list.append(item)
        }
        if short { _ = phrases.order.first(where: append) }
        if text.isEmpty { return Text.truncate(sentences.first ?? title, to: range.upperBound - 1) }
        return text
    }

    static let colourCodes = ["color", "colour", "farbe", "couleur"]
    static let materialCodes = ["material", "materials", "main_material", "upper_material", "fabric", "material_upper"]
    /// Codes PIMs use for an attribute the phrasebook labels under another code.
    static let labelAliases = ["colour": "color", "materials": "material", "main_material": "material", "fabric": "material", "origin": "country_of_origin"]

    /// What the product is made of and its colour, then its highlights, in the language's
    /// sentences (a realisation chosen by the SKU); nil when the attributes say neither.
    private func introduction(_ product: Product, name: String, locale: LocaleCode, details: [(label: String, value: String)]) -> String? {
        let language = locale.language
        guard let sentences = TemplateSentences.forLanguage(language) else { return nil }
        func value(_ codes: [String]) -> String? {
            for code in codes {
                guard let raw = product.attributes[code]?.displayText(in: locale).map(Self.plain), !raw.isEmpty else { continue }
                let text = Self.listParts(raw).map { valueText(code, $0, language: language) }.joined(separator: sentences.comma)
                // Values stand in a sentence: lowercase where the language does not capitalise nouns.
                return language == "de" || text.uppercased() == text ? text : text.prefix(1).lowercased() + text.dropFirst()
            }
            return nil
        }
        let seed = Self.seed(product.sku.rawValue)
        func pick(_ options: [String]) -> String { options[seed % options.count] }
        let colour = value(Self.colourCodes)
        let material = value(Self.materialCodes)
        var text: String
        switch (colour, material) {
        case let (colour?, material?): text = pick(sentences.both).replacingOccurrences(of: "{colour}", with: colour).replacingOccurrences(of: "{material}", with: material)
        case let (colour?, nil): text = pick(sentences.colourOnly).replacingOccurrences(of: "{colour}", with: colour)
        case let (nil, material?): text = pick(sentences.materialOnly).replacingOccurrences(of: "{material}", with: material)
        case (nil, nil): text = ""
        }
        let features = details.filter { $0.value.isEmpty }.map { language == "de" ? $0.label.prefix(1).lowercased() + $0.label.dropFirst() : $0.label.lowercased() }
        if !features.isEmpty {
            let highlight = (seed / 7) % sentences.highlights.count
            text += (text.isEmpty ? "" : (["ja", "zh"].contains(language) ? "" : " ")) + sentences.highlights[highlight].replacingOccurrences(of: "{list}", with: sentences.join(Array(features.prefix(4))))
        }
        guard !text.isEmpty else { return nil }
        return text.replacingOccurrences(of: "{name}", with: name)
    }

    /// Yes/no features the vocabulary files under care, and care instructions the PIM wrote in
    /// the shop's language.
    static let careFeatures: Set<String> = ["dishwasher-safe", "machine-washable", "oven-safe"]
    static let careCodes = ["care_instructions", "care", "washing_instructions"]

    /// The care line's parts: features as the vocabulary writes them in running text
    /// ("spülmaschinenfest"), then the PIM's own care text in this locale (never another
    /// language's).
    private func careLine(_ product: Product, locale: LocaleCode) -> (features: [String], instructions: [String]) {
        let language = locale.language
        var features: [String] = []
        for code in product.attributes.keys.sorted() {
            guard let entry = Vocabulary.features.entry(attribute: code), Self.careFeatures.contains(entry.id), let value = product.attributes[code],
                  Grounding.isTrue(value, code: code), let phrase = Vocabulary.features.written(entry, language: language) else { continue }
            features.append(phrase)
        }
        let instructions = Self.careCodes.compactMap { code -> String? in
            guard case .localizedText(let texts)? = product.attributes[code] ?? nil else {
                // Plain text is in the PIM's language: English pages only.
                if language == "en", case .text(let text)? = product.attributes[code] { return Self.plain(text) }
                return nil
            }
            return texts.first { $0.key.language == language }.map { Self.plain($0.value) }
        }
        return (features, instructions)
    }

    /// A stable number from the SKU (FNV-1a): the same product always gets the same
    /// realisation, neighbouring products different ones.
    static func seed(_ sku: String) -> Int {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in sku.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return Int(hash % 1_000_003)
    }

    /// A one-line value as text: entities decoded, tags dropped; markup with no text at all
    /// (`<script>…</script>` as a name) is kept as the text it is, escaped when written.
    static func plain(_ value: String) -> String {
        let text = RichText.plainText(value)
        return text.isEmpty ? value : text
    }

    /// Identifiers are for systems, not shoppers: left out of the details.
    static let identifiers: Set<String> = ["ean", "gtin", "gtin13", "gtin14", "upc", "isbn", "mpn", "sku", "model_number", "article_number", "supplier_reference"]

    /// One line per customer-facing attribute: a label and its value, or for a true yes/no
    /// attribute the feature alone ("wasserdicht"; false ones are not features). The schema's
    /// types, labels and option labels win where the PIM sent them; values and features the
    /// vocabularies know are written in the shop's language. Outside English, an attribute
    /// with no label in the language is left out rather than labelled in English.
    private func detailLines(_ product: Product, locale: LocaleCode, phrases: TemplatePhrasebook) -> [(label: String, value: String)] {
        let language = locale.language
        let marks = Punctuation.of(language)
        let order = product.attributes.map { (rank: Self.detailRank($0.key, $0.value), code: $0.key) }.sorted { ($0.rank, $0.code) < ($1.rank, $1.code) }.map(\.code)
        return order.compactMap { code in
            let shown = identifiers.contains(code.lowercased())
            guard !Self.excludedFromDetails.contains(code), shown || !Self.identifiers.contains(code), code != "brand", let value = product.attributes[code] else { return nil }
            let kind = schema.kind(of: code)
            if let kind, [.price, .media, .date].contains(kind) || (kind == .identifier && !shown) { return nil }
            // A feature the vocabulary names (`vegan`) is a yes/no attribute whatever its code looks like.
            let yesNo = kind == .boolean || (kind == nil && Vocabulary.features.entry(attribute: code) != nil)
            // A country of origin as the language names it: "IT" is "Italien" on a German page.
            if OriginClaims.attributeCodes.contains(code.lowercased()) {
                guard let raw = value.displayText(in: locale), let label = phrases.labels["country_of_origin"] else { return nil }
                let countries = OriginClaims.ids(inValue: Self.plain(raw))
                guard countries.count == 1, let entry = Vocabulary.countries.entries.first(where: { $0.id == countries.first }),
                      let country = Vocabulary.countries.written(entry, language: language) else { return nil }
                return (label, country)
            }
            // An identifier's acronym (EAN, MPN) reads the same in every language.
            let localLabel = schema.label(of: code, language: language) ?? phrases.labels[Self.labelAliases[code] ?? code] ?? (shown && code.count <= 5 ? code.uppercased() : nil)
            func feature(_ flag: Bool) -> (label: String, value: String)? {
                guard flag else { return nil }
                let named = Vocabulary.features.entry(attribute: code) ?? schema.label(of: code, language: "en").flatMap(Vocabulary.features.entry(named:))
                if let named, let phrase = Vocabulary.features.written(named, language: language) { return (Self.capitalized(phrase, language: language), "") }
                return (localLabel ?? (language == "en" ? Text.humanize(code) : nil)).map { ($0, "") }
            }
            let text: String?
            switch value {
            case .boolean(let flag):
                return feature(flag)
            case .number(let number, let unit):
                if unit == nil, let flag = YesNo.flag(code: code, text: number.description, declared: yesNo) { return feature(flag) }
                // Numbers as the locale writes them: 1,5 kg in German, 1.5 kg in English.
                let amount = LocaleNumber.format(number.description, language: language)
                text = unit.map { "\(amount) \(MeasurementUnits.symbol(for: $0))" } ?? amount
            case .list(let options):
                text = options.map { valueText(code, $0, language: language) }.joined(separator: marks.valueSeparator)
            default:
                guard let raw = value.displayText(in: locale).map(Self.plain) else { return nil }
                if let flag = YesNo.flag(code: code, text: raw, declared: yesNo) { return feature(flag) }
                switch kind {
                case .simpleSelect?: text = valueText(code, raw, language: language)
                case .multiSelect?: text = raw.split(separator: ",").map { valueText(code, $0.trimmingCharacters(in: .whitespaces), language: language) }.joined(separator: marks.valueSeparator)
                default: text = Self.listParts(raw).map { valueText(code, $0, language: language) }.joined(separator: marks.valueSeparator)
                }
            }
            guard let text, !text.isEmpty, let label = localLabel ?? (language == "en" ? Text.humanize(code) : nil) else { return nil }
            return (label, text)
        }
    }

    /// Where an attribute stands in the details list: what it is made of and its colour, then
    /// its features, then its measurements, then the rest, where it was made last.
    static func detailRank(_ code: String, _ value: AttributeValue) -> Int {
        let code = code.lowercased()
        if materialCodes.contains(code) { return 0 }
        if colourCodes.contains(code) { return 1 }
        if OriginClaims.attributeCodes.contains(code) { return 5 }
        switch value {
        case .boolean: return 2
        case .number(_, let unit?): return unit.isEmpty ? 4 : 3
        case .text(let text) where YesNo.flag(code: code, text: text, declared: Vocabulary.features.entry(attribute: code) != nil) != nil: return 2
        default: return 4
        }
    }

    /// A value as the shop's language writes it: the schema's option label, else the
    /// vocabularies' word ("Blue" → "Blau"), else the value as it came.
    private func valueText(_ attribute: String, _ value: String, language: String) -> String {
        if let label = schema.optionLabel(attribute: attribute, option: value, language: language) { return label }
        for vocabulary in Vocabulary.values {
            guard let entry = vocabulary.entry(named: value) else { continue }
            // Already in the shop's language ("Blue" on an English page): as the PIM wrote it,
            // unless the language capitalises it ("polyester" on a German page is "Polyester").
            if let form = entry.forms[language]?.first(where: { Vocabulary.key($0) == Vocabulary.key(value) }) {
                let written = form.hasPrefix("~") ? String(form.dropFirst()) : form
                return written.first?.isUppercase == true ? written : value
            }
            if let word = vocabulary.written(entry, language: language) { return word }
        }
        return value
    }

    /// "Blue / White", "cotton, elastane" and "Polyester; down fill" are lists when every part is a known word;
    /// anything else is one value.
    static func listParts(_ raw: String) -> [String] {
        let parts = raw.split(whereSeparator: { $0 == "," || $0 == "/" || $0 == ";" }).map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count > 1, parts.allSatisfy({ part in Vocabulary.values.contains { $0.entry(named: part) != nil } }) else { return [raw] }
        return parts
    }

    /// A list item starts with a capital where the script has them.
    static func capitalized(_ phrase: String, language: String) -> String {
        guard let first = phrase.first, first.isLowercase else { return phrase }
        return first.uppercased() + phrase.dropFirst()
    }
}

/// Yes/no values a PIM exports as text or numbers (`1`/`0` from Akeneo's CSV, `true`, `yes`):
/// read as booleans where the code or the value says so, never rendered as "1".
enum YesNo {
    static let words: [String: Bool] = ["true": true, "false": false, "yes": true, "no": false]
    static let booleanCodePrefixes = ["is_", "has_", "with_", "can_", "supports_", "includes_"]
    static let booleanCodeSuffixes = ["proof", "able", "_resistant", "_safe", "_included", "_compatible", "_certified", "less", "_ready"]

    /// `declared`: the schema says the attribute is a boolean.
    static func flag(code: String, text: String, declared: Bool = false) -> Bool? {
        // "false" is the longest yes/no word: anything longer is a value, not a flag.
        guard text.utf8.count <= 7 else { return nil }
        let value = text.filter { !$0.isWhitespace }.lowercased()
        if let flag = words[value] { return flag }
        guard value == "1" || value == "0" else { return nil }
        let code = code.lowercased()
        let looksBoolean = declared || booleanCodePrefixes.contains { code.hasPrefix($0) } || booleanCodeSuffixes.contains { code.hasSuffix($0) }
        return looksBoolean ? value == "1" : nil
    }
}

extension Product {
    /// A localised value in any language: product names are often brand names that read the
    /// same everywhere, so a missing translation falls back to English, else to the first
    /// language present (never German under Spanish because "de" sorts before "en").
    func anyLocaleText(_ code: String) -> String? {
        if case .localizedText(let texts) = attributes[code] {
            return texts.first { $0.key.language == "en" }?.value ?? texts.sorted { $0.key < $1.key }.first?.value
        }
        return nil
    }
}
