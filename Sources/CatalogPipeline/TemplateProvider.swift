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
    ]

    public static var supportedLanguages: [String] { TemplatePhrasebook.supportedLanguages }

    public init() {}

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
        let name = product.text("name", in: locale) ?? product.anyLocaleText("name") ?? product.sku.rawValue
        let brand = product.text("brand", in: locale)
        let description = product.text("description", in: locale) ?? product.text("short_description", in: locale)

        let title = brand.map { "\(name) \(phrases.by) \($0)" } ?? name
        let details = detailLines(product, locale: locale, phrases: phrases)

        var html = "<h2>\(HTML.escape(name))</h2>\n"
        if let description {
            html += "<p>\(HTML.escape(description))</p>\n"
        }
        if !details.isEmpty {
            html += "<h3>\(HTML.escape(phrases.features))</h3>\n<ul>\n"
            for (label, value) in details {
                html += "<li><strong>\(HTML.escape(label)):</strong> \(HTML.escape(value))</li>\n"
            }
            html += "</ul>\n"
        }

        let metaTitle = Text.truncate(brand.map { "\(name) | \($0)" } ?? name, to: 60)
        let summary = description ?? details.prefix(3).map { "\($0.label): \($0.value)" }.joined(separator: ", ")
        let metaDescription = Text.truncate(summary.isEmpty ? "\(phrases.discover) \(title)." : "\(phrases.discover) \(title). \(summary)", to: 155)

        return GeneratedCopy(
            sku: product.sku, locale: locale, title: title, bodyHTML: html,
            metaTitle: metaTitle, metaDescription: metaDescription, generator: identity
        )
    }

    private func detailLines(_ product: Product, locale: LocaleCode, phrases: TemplatePhrasebook) -> [(label: String, value: String)] {
        product.attributes.keys.sorted().compactMap { code in
            guard !Self.excludedFromDetails.contains(code), code != "brand", let value = product.attributes[code] else { return nil }
            let text: String?
            switch value {
            case .boolean(let flag):
                text = flag ? phrases.yes : phrases.no
            case .number(let number, let unit):
                // Numbers as the locale writes them: 1,5 kg in German, 1.5 kg in English.
                let amount = LocaleNumber.format(number.description, language: locale.language)
                text = unit.map { "\(amount) \(MeasurementUnits.symbol(for: $0))" } ?? amount
            default:
                text = value.displayText(in: locale)
            }
            guard let text, !text.isEmpty else { return nil }
            return (phrases.labels[code] ?? Text.humanize(code), text)
        }
    }
}

extension Product {
    /// A localised value in any language: product names are often brand names that read the
    /// same everywhere, so a missing translation falls back to the first language present.
    func anyLocaleText(_ code: String) -> String? {
        if case .localizedText(let texts) = attributes[code] {
            return texts.sorted { $0.key < $1.key }.first?.value
        }
        return nil
    }
}
