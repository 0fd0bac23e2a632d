public import CatalogCore
import Foundation

/// What the executor wrote for one locale, and how.
public struct Draft: Sendable {
    public var copy: GeneratedCopy
    public var keywords: [String]
    /// Nil when the template wrote it.
    public var model: ModelOption?

    /// A model's answer as copy for `product` in `locale`: HTML reduced to the allow-list, the
    /// model's keywords or, without any, the product's.
    init(_ payload: CopyPayload, product: Product, locale: LocaleCode, model: ModelOption) {
        copy = GeneratedCopy(
            sku: product.sku, locale: locale, title: payload.title, bodyHTML: HTMLSanitizer.sanitize(payload.bodyHTML),
            metaTitle: payload.metaTitle, metaDescription: payload.metaDescription, generator: model.generator
        )
        keywords = payload.keywords.isEmpty ? SEOAnalysis.keywords(for: product, locale: locale) : payload.keywords
        self.model = model
    }

    /// The template's copy for `product` in `locale`.
    init(template: TemplateProvider, product: Product, locale: LocaleCode) throws {
        copy = try template.render(GenerationRequest(product: product, locale: locale))
        keywords = SEOAnalysis.keywords(for: product, locale: locale)
        model = nil
    }
}

/// Calls the provider, sanitises its HTML to the allow-list and extracts keywords.
/// Recovery: a timeout is retried with a shorter prompt; a draft flagged as hallucinating is
/// regenerated with a stricter prompt (the pipeline asks, once); when every model fails the
/// template writes the copy. (A failed translation falls back to the source language and is
/// queued: see `TranslationAgent`.)
public struct Executor: PipelineAgent {
    public enum Instruction: Hashable, Sendable {
        /// The previous draft stated these ungrounded claims.
        case strict(ungrounded: [String])
        case simplify
        case rebalance(keyword: String, atMost: Int)
    }

    public struct Input: Sendable {
        public var product: Product
        public var locale: LocaleCode
        public var plan: Plan
        public var instructions: [Instruction]

        public init(product: Product, locale: LocaleCode, plan: Plan, instructions: [Instruction] = []) {
            self.product = product
            self.locale = locale
            self.plan = plan
            self.instructions = instructions
        }
    }

    public static let name = "executor"

    public var caller: ModelCaller
    public var template: TemplateProvider

    public init(caller: ModelCaller = ModelCaller(), template: TemplateProvider = TemplateProvider()) {
        self.caller = caller
        self.template = template
    }

    public func run(_ input: Input, trace: inout PipelineTrace) async throws -> Draft {
        guard case .models(let options) = input.plan.route else {
            return try renderTemplate(input, trace: &trace, reason: "planned")
        }
        let answer = await caller.complete(agent: Self.name, locale: input.locale, action: "generate", options: options, trace: &trace) { model, shorter in
            ModelRequest(model: model, system: Self.system(input.locale), prompt: Self.prompt(input, shorter: shorter), output: CopyPayload.output)
        } accept: { try CopyPayload($0.text) }
        guard let answer else {
            return try renderTemplate(input, trace: &trace, reason: "every model failed")
        }
        return Draft(answer.value, product: input.product, locale: input.locale, model: answer.option)
    }

    func renderTemplate(_ input: Input, trace: inout PipelineTrace, reason: String) throws -> Draft {
        let draft = try Draft(template: template, product: input.product, locale: input.locale)
        trace.record(PipelineStep(agent: Self.name, locale: input.locale, action: "generate", outcome: "template", detail: ["reason": reason], provider: "template", model: template.identity.description))
        return draft
    }

    static func system(_ locale: LocaleCode) -> String {
        """
        You write product copy for an online shop in the language of locale \(locale.identifier). \
        State only facts given in the attributes: never invent numbers, units, materials, colours, \
        certifications, brands or compatibility. No health, environmental or superlative claims. \
        \(CopyPayload.format)
        """
    }

    static func prompt(_ input: Executor.Input, shorter: Bool) -> String {
        let product = input.product
        var lines = ["Product \(product.sku.rawValue)" + (product.family.map { " (family \($0))" } ?? "") + "."]
        lines.append("Attributes:")
        let attributes = product.attributes.sorted { $0.key < $1.key }.compactMap { code, value -> String? in
            guard let text = value.displayText(in: input.locale) ?? value.displayText(in: input.plan.sourceLocale) else { return nil }
            return "- \(code): \(shorter ? String(text.prefix(200)) : text)"
        }
        lines += shorter ? Array(attributes.prefix(15)) : attributes
        if !shorter, let reference = input.plan.reference {
            lines.append("Reference text (for tone and structure only; its facts are not the product's):\n\(reference.prefix(2_000))")
        }
        for instruction in input.instructions {
            switch instruction {
            case .strict(let ungrounded):
                lines.append("Your previous draft stated things the attributes do not support: \(ungrounded.joined(separator: ", ")). Leave out every fact that is not an attribute.")
            case .simplify:
                lines.append("Use short sentences and common words.")
            case .rebalance(let keyword, let atMost):
                lines.append("Use the word \"\(keyword)\" at most \(atMost) times.")
            }
        }
        return lines.joined(separator: "\n")
    }
}
