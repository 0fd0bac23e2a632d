public import CatalogCore
import Foundation

/// Copy for the other locales, adapted to each: units, number formats and formality.
/// Recovery: provider down → the translation is queued for later (the shop shows the source
/// language meanwhile); low quality → translator review (decided with the evaluator); a
/// cultural mismatch → adapted (decimal marks and imperial units rewritten, a formality
/// mismatch re-prompted once).
public struct TranslationAgent: PipelineAgent {
    public struct Input: Sendable {
        public var source: Draft
        public var product: Product
        public var locale: LocaleCode
        public var plan: Plan

        public init(source: Draft, product: Product, locale: LocaleCode, plan: Plan) {
            self.source = source
            self.product = product
            self.locale = locale
            self.plan = plan
        }
    }

    public enum Output: Sendable {
        case translated(Draft)
        /// Queued for a later attempt, with the reason.
        case deferred(String)
    }

    public static let name = "translation"

    public var caller: ModelCaller
    public var template: TemplateProvider
    public var voice: BrandVoice

    public init(caller: ModelCaller = ModelCaller(), template: TemplateProvider = TemplateProvider(), voice: BrandVoice = BrandVoice()) {
        self.caller = caller
        self.template = template
        self.voice = voice
    }

    public func run(_ input: Input, trace: inout PipelineTrace) async throws -> Output {
        // Template copy is written natively in every locale: nothing to translate.
        guard input.source.model != nil, case .models(let options) = input.plan.route else {
            let draft = try Draft(template: template, product: input.product, locale: input.locale)
            trace.record(PipelineStep(agent: Self.name, locale: input.locale, action: "localize", outcome: "template", provider: "template", model: template.identity.description))
            return .translated(draft)
        }
        var formality: BrandVoiceProfile.Formality? = voice.profile.formality[input.locale.language]
        var reprompted = false
        while true {
            guard let answer = await caller.complete(agent: Self.name, locale: input.locale, action: "translate", options: options, trace: &trace, makeRequest: { model, shorter in
                ModelRequest(model: model, system: Self.system(input.locale, formality: formality), prompt: Self.prompt(input.source.copy, shorter: shorter), output: CopyPayload.output)
            }, accept: { try CopyPayload($0.text) }) else {
                trace.record(PipelineStep(agent: Self.name, locale: input.locale, action: "translate", outcome: "deferred", detail: ["reason": "every provider failed", "recovery": "queued; the shop shows the source language meanwhile"]))
                return .deferred("every provider failed")
            }
            var draft = Draft(answer.value, product: input.product, locale: input.locale, model: answer.option)
            let adapted = CulturalAdapter.adapt(draft.copy, language: input.locale.language)
            if adapted != draft.copy {
                trace.record(PipelineStep(agent: Self.name, locale: input.locale, action: "adapt", outcome: "adapted", detail: ["what": "number formats and units for \(input.locale.identifier)"]))
                draft.copy = adapted
            }
            let formal = voice.score(HTMLSanitizer.plainText(draft.copy.bodyHTML), language: input.locale.language).findings.first { $0.hasPrefix("addresses the customer") }
            if let formal, !reprompted {
                trace.record(PipelineStep(agent: Self.name, locale: input.locale, action: "adapt", outcome: "formality", detail: ["finding": formal, "recovery": "translate again with the profile's formality"]))
                formality = formality ?? .formal
                reprompted = true
                continue
            }
            return .translated(draft)
        }
    }

    static func system(_ locale: LocaleCode, formality: BrandVoiceProfile.Formality?) -> String {
        let address = switch formality {
        case .formal?: " Address the customer formally."
        case .informal?: " Address the customer informally."
        default: ""
        }
        return """
            Translate product copy into the language of locale \(locale.identifier) for shoppers there: \
            write numbers the way the locale does, keep every fact and add none.\(address) \(CopyPayload.format)
            """
    }

    static func prompt(_ copy: GeneratedCopy, shorter: Bool) -> String {
        let object: [String: String] = [
            "title": copy.title, "body_html": shorter ? String(copy.bodyHTML.prefix(1_500)) : copy.bodyHTML,
            "meta_title": copy.metaTitle, "meta_description": copy.metaDescription,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        return "Source copy (\(copy.locale.identifier)):\n" + String(decoding: data, as: UTF8.self)
    }
}

/// Deterministic adaptation a translation may miss: the locale's decimal mark in measured
/// values, and metric units outside the countries that use imperial ones.
enum CulturalAdapter {
    static let imperial: [String: (unit: String, factor: Double)] = [
        "lb": ("kg", 0.45359237), "lbs": ("kg", 0.45359237), "oz": ("g", 28.349523), "in": ("cm", 2.54), "ft": ("m", 0.3048),
    ]

    static func adapt(_ copy: GeneratedCopy, language: String) -> GeneratedCopy {
        var copy = copy
        copy.title = adapt(copy.title, language: language)
        copy.bodyHTML = adapt(copy.bodyHTML, language: language)
        copy.metaDescription = adapt(copy.metaDescription, language: language)
        return copy
    }

    static func adapt(_ text: String, language: String) -> String {
        guard language != "en" else { return text }
        var result = text
        for (phrase, _) in QuantityScanner.scan(text, language: "en").reversed() {
            let parts = phrase.split(separator: " ")
            guard parts.count == 2, let range = result.range(of: phrase) else { continue }
            let numeral = String(parts[0])
            let unit = String(parts[1])
            var replacement = phrase
            if let metric = imperial[unit.lowercased()], let value = Double(numeral.replacingOccurrences(of: ",", with: "")) {
                let converted = (value * metric.factor * 10).rounded() / 10
                let formatted = converted == converted.rounded() ? String(Int(converted)) : String(converted)
                replacement = "\(LocaleNumber.format(formatted, language: language)) \(metric.unit)"
            } else if LocaleNumber.decimalComma.contains(language), !numeral.contains(","),
                      let fraction = numeral.split(separator: ".").dropFirst().first, fraction.count != 3 {
                // "1.2 kg" is English; "1.200 g" may already be German thousands: left alone.
                replacement = "\(numeral.replacingOccurrences(of: ".", with: ",")) \(unit)"
            }
            result.replaceSubrange(range, with: replacement)
        }
        return result
    }
}
