public import CatalogCore

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

        public init(product: Product, spend: CostBudget.Spend = .init()) {
            self.product = product
            self.spend = spend
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

    public init(locales: [LocaleCode], options: [ModelOption] = [], budget: CostBudget = CostBudget(), references: (any ReferenceLibrary)? = nil, groundingConfidence: Double = 0.8, retryBase: Duration = .milliseconds(200), outputTokensPerLocale: Int = 700) {
        self.locales = locales
        self.options = options
        self.budget = budget
        self.references = references
        self.groundingConfidence = groundingConfidence
        self.retryBase = retryBase
        self.outputTokensPerLocale = outputTokensPerLocale
    }

    public func run(_ input: Input, trace: inout PipelineTrace) async throws -> Plan {
        let product = input.product
        let reference = await fetchReference(product.sku, trace: &trace)
        let extracted = AttributeExtractor.extract(from: product, reference: reference)
        let grounds = extracted.filter { $0.confidence >= groundingConfidence }
        trace.record(PipelineStep(agent: Self.name, action: "extract-attributes", outcome: "ok", detail: [
            "extracted": extracted.map { "\($0.code)=\($0.value) (\($0.source), \(Int(($0.confidence * 100).rounded()))%)" }.joined(separator: "; "),
            "grounding": grounds.map(\.code).joined(separator: ", "),
        ]))
        let grounding = Grounding(product: product, extra: grounds.map { "\($0.code) \($0.value)" })

        let (route, estimate) = chooseRoute(product: product, reference: reference, spend: input.spend, trace: &trace)
        let source = locales.first ?? LocaleCode("en")!
        return Plan(
            sourceLocale: source, targetLocales: Array(locales.dropFirst()), fields: Self.fields, route: route,
            estimatedCostUSD: estimate, reference: reference, extracted: extracted, grounding: grounding
        )
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

    private func chooseRoute(product: Product, reference: String?, spend: CostBudget.Spend, trace: inout PipelineTrace) -> (Plan.Route, Double) {
        guard !options.isEmpty else {
            trace.record(PipelineStep(agent: Self.name, action: "choose-route", outcome: "template", detail: ["reason": "no provider configured", "locales": locales.map(\.identifier).joined(separator: ",")]))
            return (.template(reason: "no provider configured"), 0)
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
