public import CatalogCore

/// How good a locale's copy is, and why.
public struct Evaluation: Hashable, Sendable {
    public var facts: FactCheckResult
    public var voice: BrandVoiceResult
    public var seoScore: Double
    public var languageMatches: Bool
    public var confidence: Double
}

/// Fact check against the attributes, brand voice, SEO score, and one confidence from them.
/// Recovery (decided with the pipeline): confidence below the threshold → review queue; a
/// hallucination → flag and regenerate once with a stricter prompt, then block and review;
/// a brand-voice mismatch → the suggested edits travel with the copy.
public struct Evaluator: PipelineAgent {
    public struct Input: Sendable {
        public var copy: GeneratedCopy
        public var seo: SEOReport
        public var grounding: Grounding

        public init(copy: GeneratedCopy, seo: SEOReport, grounding: Grounding) {
            self.copy = copy
            self.seo = seo
            self.grounding = grounding
        }
    }

    public static let name = "evaluator"

    public var facts: FactChecker
    public var voice: BrandVoice
    public var threshold: Double

    public init(facts: FactChecker = FactChecker(), voice: BrandVoice = BrandVoice(), threshold: Double = 0.70) {
        self.facts = facts
        self.voice = voice
        self.threshold = threshold
    }

    public func run(_ input: Input, trace: inout PipelineTrace) async throws -> Evaluation {
        let copy = input.copy
        let language = copy.locale.language
        let body = HTMLSanitizer.plainText(copy.bodyHTML)
        let text = [copy.title, body, copy.metaTitle, copy.metaDescription].joined(separator: "\n")
        let facts = facts.check(text, language: language, grounding: input.grounding)
        let voice = voice.score(body, language: language)
        let languageMatches = LanguageDetector.matches(body, language: language, ignoring: Set(Lexicon.words(copy.title)))
        // Facts weigh most: ungrounded copy cannot reach the threshold whatever its style.
        var confidence = 0.5 * facts.groundedShare + 0.2 * voice.score + 0.2 * input.seo.score + (languageMatches ? 0.1 : 0)
        if facts.hallucinated { confidence = min(confidence, 0.5) }
        if !languageMatches { confidence = min(confidence, 0.3) }
        let evaluation = Evaluation(facts: facts, voice: voice, seoScore: input.seo.score, languageMatches: languageMatches, confidence: confidence)
        var detail = [
            "confidence": String(format: "%.2f", confidence), "grounded": "\(facts.claims.count - facts.ungrounded.count)/\(facts.claims.count)",
            "voice": String(format: "%.2f", voice.score), "seo": String(format: "%.2f", input.seo.score),
        ]
        if facts.hallucinated { detail["ungrounded"] = facts.ungrounded.map(\.phrase).joined(separator: ", ") }
        if !voice.findings.isEmpty {
            detail["voice findings"] = voice.findings.joined(separator: "; ")
            detail["suggested edits"] = voice.suggestedEdits.joined(separator: "; ")
        }
        if !languageMatches { detail["language"] = "not \(language)" }
        let outcome = facts.hallucinated ? "hallucination" : (!languageMatches ? "wrong-language" : (confidence < threshold ? "low-confidence" : "pass"))
        trace.record(PipelineStep(agent: Self.name, locale: copy.locale, action: "evaluate", outcome: outcome, detail: detail))
        return evaluation
    }
}
