public import CatalogCore

/// Runs the six agents for one SKU: plan, redact, write the source locale, check and score it,
/// then translate and check every other locale. Every decision lands in the trace; every
/// locale ends publishable, in review, blocked or deferred, never silently dropped.
public struct CopyPipeline: Sendable {
    public var planner: Planner
    public var guardrail: Guardrail
    public var executor: Executor
    public var seo: SEOAgent
    public var evaluator: Evaluator
    public var translation: TranslationAgent

    public init(planner: Planner, guardrail: Guardrail = Guardrail(), executor: Executor = Executor(), seo: SEOAgent = SEOAgent(), evaluator: Evaluator = Evaluator(), translation: TranslationAgent = TranslationAgent()) {
        self.planner = planner
        self.guardrail = guardrail
        self.executor = executor
        self.seo = seo
        self.evaluator = evaluator
        self.translation = translation
    }

    /// The embedded default: template copy in `locales`, default checks.
    public static func offline(locales: [LocaleCode]) -> CopyPipeline {
        CopyPipeline(planner: Planner(locales: locales))
    }

    public var locales: [LocaleCode] { planner.locales }

    /// This pipeline with the PIM's attribute schema for its template writers.
    public func with(schema: AttributeSchema) -> CopyPipeline {
        var pipeline = self
        pipeline.executor.template.schema = schema
        pipeline.translation.template.schema = schema
        return pipeline
    }

    /// The generators this pipeline can write with, for the registry: its models, then the template.
    public var generators: [(identity: GeneratorIdentity, provider: String, model: String)] {
        planner.options.map { ($0.generator, $0.model.provider, $0.name) } + [(executor.template.identity, "template", "template")]
    }

    public func run(_ product: Product, spend: CostBudget.Spend = .init(), preferred: GeneratorIdentity? = nil, velocity: Double = 0) async throws -> PipelineOutcome {
        var trace = PipelineTrace()
        let plan = try await planner.run(.init(product: product, spend: spend, preferred: preferred, velocity: velocity), trace: &trace)
        let prompted = guardrail.redactInput(product, trace: &trace)
        var incidents: [Incident] = []
        var results: [(LocaleCode, LocaleResult)] = []

        let sourceDraft = try await executor.run(.init(product: prompted, locale: plan.sourceLocale, plan: plan), trace: &trace)
        let (sourceResult, finalSource) = try await finish(sourceDraft, product: product, prompted: prompted, plan: plan, translated: false, incidents: &incidents, trace: &trace)
        results.append((plan.sourceLocale, sourceResult))

        for locale in plan.targetLocales {
            // Model copy is translated from the source; if that was refused, so are its translations.
            if finalSource.model != nil, case .blocked(let reason) = sourceResult {
                results.append((locale, .blocked("the source copy was blocked: \(reason)")))
                continue
            }
            switch try await translation.run(.init(source: finalSource, product: prompted, locale: locale, plan: plan), trace: &trace) {
            case .deferred(let reason):
                results.append((locale, .deferred(reason)))
            case .translated(let draft):
                let (result, _) = try await finish(draft, product: product, prompted: prompted, plan: plan, translated: true, incidents: &incidents, trace: &trace)
                results.append((locale, result))
            }
        }
        let route: String = switch plan.route {
        case .models(let options): options.first?.label ?? "template"
        case .template: "template"
        }
        return PipelineOutcome(sku: product.sku, results: results, incidents: incidents, trace: trace, route: route)
    }

    /// Guardrail, SEO and evaluation for one locale's draft, with the rewrites their recovery
    /// rules call for (each at most once).
    private func finish(_ first: Draft, product: Product, prompted: Product, plan: Plan, translated: Bool, incidents: inout [Incident], trace: inout PipelineTrace) async throws -> (LocaleResult, Draft) {
        var draft = first
        var rewritten = false
        var regenerated = false
        while true {
            let locale = draft.copy.locale
            let verdict = guardrail.checkOutput(draft.copy, product: product, trace: &trace)
            incidents += verdict.incidents
            if let block = verdict.blocks.first {
                return (.blocked(block.description), draft)
            }
            draft.copy = verdict.copy
            let optimized = try await seo.run(.init(draft: draft, product: product), trace: &trace)
            draft.copy = optimized.copy
            // Rewrites are the executor's; a translation is not re-prompted for style.
            if !optimized.rewrites.isEmpty, !rewritten, !translated {
                rewritten = true
                draft = try await executor.run(.init(product: prompted, locale: locale, plan: plan, instructions: optimized.rewrites), trace: &trace)
                continue
            }
            let evaluation = try await evaluator.run(.init(copy: draft.copy, seo: optimized.report, grounding: plan.grounding), trace: &trace)
            let scores = ["confidence": evaluation.confidence, "grounded": evaluation.facts.groundedShare, "voice": evaluation.voice.score, "seo": evaluation.seoScore]
            func review(_ reason: ReviewReason, _ why: String) -> LocaleResult {
                .review(ReviewRequest(locale: locale, reason: reason, why: why, scores: scores, copy: draft.copy, suggestedEdits: evaluation.voice.suggestedEdits))
            }
            if evaluation.facts.hallucinated {
                let claims = evaluation.facts.ungrounded.map(\.phrase)
                if draft.model != nil, !regenerated, !translated {
                    regenerated = true
                    trace.record(PipelineStep(agent: Evaluator.name, locale: locale, action: "recover", outcome: "regenerate", detail: ["ungrounded": claims.joined(separator: ", "), "recovery": "stricter prompt"]))
                    draft = try await executor.run(.init(product: prompted, locale: locale, plan: plan, instructions: [.strict(ungrounded: claims)]), trace: &trace)
                    continue
                }
                trace.record(PipelineStep(agent: Evaluator.name, locale: locale, action: "recover", outcome: "blocked", detail: ["ungrounded": claims.joined(separator: ", "), "recovery": "review"]))
                return (review(.hallucination, "claims not in the attributes: \(claims.joined(separator: ", "))"), draft)
            }
            if !evaluation.languageMatches {
                return (review(translated ? .translationQuality : .lowConfidence, "the copy is not written in \(locale.identifier)"), draft)
            }
            // A placeholder for redacted personal data never reaches a shop: a person removes
            // it or fixes the attribute it came from.
            let redacted = PIIScanner.placeholders(in: [draft.copy.title, draft.copy.bodyHTML, draft.copy.metaTitle, draft.copy.metaDescription].joined(separator: "\n"))
            if !redacted.isEmpty {
                let names = redacted.map(PIIScanner.placeholder).joined(separator: ", ")
                trace.record(PipelineStep(agent: Guardrail.name, locale: locale, action: "placeholder-check", outcome: "review", detail: ["placeholders": names]))
                return (review(.personalData, "personal data was redacted and the copy would show \(names); edit the copy or the product attribute it came from"), draft)
            }
            if !verdict.legalReviews.isEmpty {
                return (review(.legal, verdict.legalReviews.map(\.description).joined(separator: "; ")), draft)
            }
            if evaluation.confidence < evaluator.threshold {
                return (review(translated ? .translationQuality : .lowConfidence, String(format: "confidence %.2f is below %.2f", evaluation.confidence, evaluator.threshold)), draft)
            }
            return (.publish(draft.copy, handle: optimized.handle), draft)
        }
    }
}
