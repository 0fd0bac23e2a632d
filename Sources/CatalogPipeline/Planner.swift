public import CatalogCore
import Foundation

/// The plan for one SKU: which locales and fields, which models in which order (or the
/// template), what it should cost, and what it is grounded in.
public struct Plan: Sendable {
    public enum Route: Sendable {
        /// Models in failover order; the template is always the last resort.
        case models([ModelOption])
        case template(reason: String)
    }

    public var sourceLocale: LocaleCode
    public var targetLocales: [LocaleCode]
    public var fields: [String]
    public var route: Route
    public var estimatedCostUSD: Double
    /// Reference text for the prompt; nil: the generic prompt.
    public var reference: String?
    public var extracted: [ExtractedAttribute]
    /// Extracted values confident enough to ground claims.
    public var grounding: Grounding
}

/// Decomposes a job. Recovery: the reference fetch is retried three times with exponential
/// backoff, and without reference text the generic prompt is used; an estimate over budget
/// takes the cheapest model that fits, and the template when none does.
public struct Planner: PipelineAgent {
    public struct Input: Sendable {
        public var product: Product
        public var spend: CostBudget.Spend
        /// The registry's active generator: its model goes first when it is configured.
        public var preferred: GeneratorIdentity?
        /// Units sold per day over the inventory window (0 without a feed): the queue already
        /// took bestsellers first; the trace says why this SKU came when it did.
        public var velocity: Double

        public init(product: Product, spend: CostBudget.Spend = .init(), preferred: GeneratorIdentity? = nil, velocity: Double = 0) {
            self.product = product
            self.spend = spend
            self.preferred = preferred
            self.velocity = velocity
        }
    }

    public static let name = "planner"
    public static let fields = ["title", "body_html", "meta_title", "meta_description"]

    public var locales: [LocaleCode]
    public var options: [ModelOption]
    public var budget: CostBudget
    public var references: (any ReferenceLibrary)?
    public var groundingConfidence: Double
    public var retryBase: Duration
    /// Output tokens a locale's copy takes, for the estimate.
    public var outputTokensPerLocale: Int
    /// Calls a vision-capable model on the product image; nil: no image extraction.
    public var vision: ModelCaller?

    public init(locales: [LocaleCode], options: [ModelOption] = [], budget: CostBudget = CostBudget(), references: (any ReferenceLibrary)? = nil, groundingConfidence: Double = 0.8, retryBase: Duration = .milliseconds(200), outputTokensPerLocale: Int = 700, vision: ModelCaller? = nil) {
        self.locales = locales
        self.options = options
        self.budget = budget
        self.references = references
        self.groundingConfidence = groundingConfidence
        self.retryBase = retryBase
        self.outputTokensPerLocale = outputTokensPerLocale
        self.vision = vision
    }

    public func run(_ input: Input, trace: inout PipelineTrace) async throws -> Plan {
        let product = input.product
        if input.velocity > 0 {
            trace.record(PipelineStep(agent: Self.name, action: "demand", outcome: "selling", detail: ["velocity": String(format: "%.1f units/day", input.velocity)]))
        }
        let reference = await fetchReference(product.sku, trace: &trace)
        var extracted = AttributeExtractor.extract(from: product, reference: reference)
        let (route, estimate) = chooseRoute(product: product, reference: reference, spend: input.spend, preferred: input.preferred, trace: &trace)
        if case .models(let options) = route {
            extracted += await extractFromImage(product, options: options, known: extracted, trace: &trace)
        }
        let grounds = extracted.filter { $0.confidence >= groundingConfidence }
        trace.record(PipelineStep(agent: Self.name, action: "extract-attributes", outcome: "ok", detail: [
            "extracted": extracted.map { "\($0.code)=\($0.value) (\($0.source), \(Int(($0.confidence * 100).rounded()))%)" }.joined(separator: "; "),
            "grounding": grounds.map(\.code).joined(separator: ", "),
        ]))
        let grounding = Grounding(product: product, extra: grounds.map { "\($0.code) \($0.value)" })

        let source = locales.first ?? LocaleCode("en")!
        return Plan(
            sourceLocale: source, targetLocales: Array(locales.dropFirst()), fields: Self.fields, route: route,
            estimatedCostUSD: estimate, reference: reference, extracted: extracted, grounding: grounding
        )
    }

    /// Attributes visible in the product image, through the first vision-capable model. They
    /// carry the model's confidence capped at 0.7, so by default they enrich the prompt but
    /// ground nothing; a failed call only costs the extraction.
    private func extractFromImage(_ product: Product, options: [ModelOption], known: [ExtractedAttribute], trace: inout PipelineTrace) async -> [ExtractedAttribute] {
        guard let vision, let image = Self.imageURL(product) else { return [] }
        let capable = options.filter(\.model.supportsVision)
        guard !capable.isEmpty else { return [] }
        let answer = await vision.complete(agent: Self.name, locale: nil, action: "extract-from-image", options: capable, trace: &trace) { model, _ in
            ModelRequest(
                model: model,
                system: """
                    List product attributes visible in the image as one JSON object: \
                    {"attributes": [{"code": string, "value": string, "confidence": number between 0 and 1}]}. \
                    Only what is visible (colour, material, shape, parts); nothing else.
                    """,
                prompt: "Product \(product.sku.rawValue)" + (product.family.map { " (family \($0))" } ?? "") + ".",
                maxOutputTokens: 400, imageURLs: [image], output: Self.imageAttributes
            )
        } accept: { response in
            let text = response.text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                  let entries = object["attributes"] as? [[String: Any]]
            else { throw ImageAttributesInvalid() }
            return entries.compactMap { entry -> ExtractedAttribute? in
                guard let code = (entry["code"] as? String)?.slugified(separator: "_"), !code.isEmpty, let value = entry["value"] as? String, !value.isEmpty else { return nil }
                let confidence = min(0.7, max(0, (entry["confidence"] as? Double) ?? 0.5))
                return ExtractedAttribute(code: code, value: value, source: "image", confidence: confidence)
            }
        }
        return (answer?.value ?? []).filter { found in product.attributes[found.code] == nil && !known.contains { $0.code == found.code } }
    }

    private struct ImageAttributesInvalid: Error, CustomStringConvertible {
        let description = #"the answer is not the JSON object {"attributes": [...]} that was asked for"#
    }

    /// The answer's schema, for the APIs that enforce one.
    static let imageAttributes = StructuredOutput(
        name: "image_attributes",
        description: "Product attributes visible in the image, each with the model's confidence.",
        schema: .object([
            "type": .string("object"),
            "properties": .object([
                "attributes": .object([
                    "type": .string("array"),
                    "items": .object([
                        "type": .string("object"),
                        "properties": .object([
                            "code": .object(["type": .string("string")]),
                            "value": .object(["type": .string("string")]),
                            "confidence": .object(["type": .string("number")]),
                        ]),
                        "required": .array([.string("code"), .string("value"), .string("confidence")]),
                        "additionalProperties": .bool(false),
                    ]),
                ]),
            ]),
            "required": .array([.string("attributes")]),
            "additionalProperties": .bool(false),
        ])
    )

    static func imageURL(_ product: Product) -> String? {
        for code in ["image", "images", "picture", "main_image"] {
            if case .media(let url)? = product.attributes[code], url.hasPrefix("http://") || url.hasPrefix("https://") { return url }
        }
        return nil
    }

    private func fetchReference(_ sku: SKU, trace: inout PipelineTrace) async -> String? {
        guard let references else { return nil }
        var delay = retryBase
        for attempt in 1...4 {
            do {
                let text = try references.referenceText(for: sku)
                trace.record(PipelineStep(agent: Self.name, action: "fetch-reference", outcome: text == nil ? "none" : "ok", detail: ["attempt": "\(attempt)", "path": text == nil ? "generic prompt" : "reference prompt"]))
                return text
            } catch {
                guard attempt < 4 else {
                    trace.record(PipelineStep(agent: Self.name, action: "fetch-reference", outcome: "failed", detail: ["attempts": "\(attempt)", "error": "\(error)", "path": "generic prompt"]))
                    return nil
                }
                trace.record(PipelineStep(agent: Self.name, action: "fetch-reference", outcome: "retry", detail: ["attempt": "\(attempt)", "backoff": "\(delay)", "error": "\(error)"]))
                try? await Task.sleep(for: delay)
                delay *= 2
            }
        }
        return nil
    }

    /// Tokens a prompt for `product` costs, roughly: four characters a token.
    func estimatedInputTokens(_ product: Product, reference: String?) -> Int {
        let attributes = product.attributes.reduce(0) { total, entry in
            total + entry.key.count + (entry.value.displayText(in: locales.first ?? LocaleCode("en")!)?.count ?? 0) + 8
        }
        return 400 + (attributes + (reference?.count ?? 0)) / 4
    }

    private func chooseRoute(product: Product, reference: String?, spend: CostBudget.Spend, preferred: GeneratorIdentity?, trace: inout PipelineTrace) -> (Plan.Route, Double) {
        // A promoted generator leads the failover order; the configured order follows.
        var options = self.options
        if let preferred, let index = options.firstIndex(where: { $0.generator == preferred }) {
            options.insert(options.remove(at: index), at: 0)
        }
        guard !options.isEmpty else {
            trace.record(PipelineStep(agent: Self.name, action: "choose-route", outcome: "template", detail: ["reason": "no provider configured", "locales": locales.map(\.identifier).joined(separator: ",")]))
            return (.template(reason: "no provider configured"), 0)
        }
        if let preferred, preferred.name == TemplateProvider().identity.name {
            trace.record(PipelineStep(agent: Self.name, action: "choose-route", outcome: "template", detail: ["reason": "the template generator is promoted"]))
            return (.template(reason: "the template generator is promoted"), 0)
        }
        let inputTokens = estimatedInputTokens(product, reference: reference)
        // The source locale is written from the attributes; each other locale is a translation
        // whose input is the source copy.
        func estimate(_ option: ModelOption) -> Double {
            let source = option.price.cost(input: inputTokens, output: outputTokensPerLocale)
            let translation = option.price.cost(input: outputTokensPerLocale + 200, output: outputTokensPerLocale)
            return source + translation * Double(max(0, locales.count - 1))
        }
        let allowance = budget.allowance(after: spend)
        let byPrice = options.sorted { estimate($0) < estimate($1) }
        let preferred = options[0]
        let chosen: ModelOption?
        if estimate(preferred) <= min(budget.perSKUTarget, allowance) {
            chosen = preferred
        } else {
            // Over the target: the cheapest model within the target, else within the cap.
            chosen = byPrice.first { estimate($0) <= min(budget.perSKUTarget, allowance) } ?? byPrice.first { estimate($0) <= allowance }
        }
        guard let chosen else {
            let reason = allowance <= 0 ? "budget exhausted" : String(format: "estimated $%.4f over the $%.2f allowance for every model", estimate(byPrice[0]), allowance)
            trace.record(PipelineStep(agent: Self.name, action: "choose-route", outcome: "template", detail: ["reason": reason]))
            return (.template(reason: reason), 0)
        }
        // Failover order: the chosen model first, then the others that fit the allowance.
        let fallbacks = options.filter { $0.label != chosen.label && estimate($0) <= allowance }
        let cost = estimate(chosen)
        trace.record(PipelineStep(agent: Self.name, action: "choose-route", outcome: chosen.label == preferred.label ? "primary" : "cheaper-model", detail: [
            "model": chosen.label, "estimate": String(format: "$%.4f", cost), "allowance": String(format: "$%.4f", allowance),
            "failover": (fallbacks.map(\.label) + ["template"]).joined(separator: " → "),
        ], provider: chosen.model.provider, model: chosen.name))
        return (.models([chosen] + fallbacks), cost)
    }
}
