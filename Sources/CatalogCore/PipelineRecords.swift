/// The records the copy pipeline produces for one SKU: what each agent decided (the trace),
/// what became of each locale, and the incidents worth an operator's attention. Plain values,
/// so the store can keep them and `catalogctl` can show them without the pipeline.

/// One decision an agent took for a SKU: what it did, how it came out, why, and what it cost.
/// `catalogctl products show SKU --trace` prints these in order.
public struct PipelineStep: Hashable, Sendable, Codable {
    public var agent: String
    public var locale: String?
    public var action: String
    public var outcome: String
    /// Inputs, outputs and scores, as short operator-readable values (never PII).
    public var detail: [String: String]
    public var provider: String?
    public var model: String?
    public var inputTokens: Int
    public var outputTokens: Int
    public var costUSD: Double

    public init(agent: String, locale: LocaleCode? = nil, action: String, outcome: String, detail: [String: String] = [:], provider: String? = nil, model: String? = nil, inputTokens: Int = 0, outputTokens: Int = 0, costUSD: Double = 0) {
        self.agent = agent
        self.locale = locale?.identifier
        self.action = action
        self.outcome = outcome
        self.detail = detail
        self.provider = provider
        self.model = model
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.costUSD = costUSD
    }
}

public struct PipelineTrace: Hashable, Sendable {
    public private(set) var steps: [PipelineStep] = []

    public init() {}

    public mutating func record(_ step: PipelineStep) {
        steps.append(step)
    }

    public var costUSD: Double { steps.reduce(0) { $0 + $1.costUSD } }
}

/// A PII finding or policy block worth an operator's attention. It names kinds and rules,
/// never the personal data itself.
public struct Incident: Hashable, Sendable, Codable {
    public enum Kind: String, Hashable, Sendable, Codable { case piiInOutput = "pii-in-output", policyBlock = "policy-block" }

    public let kind: Kind
    public let sku: SKU
    public let locale: LocaleCode?
    public let detail: String

    public init(kind: Kind, sku: SKU, locale: LocaleCode?, detail: String) {
        self.kind = kind
        self.sku = sku
        self.locale = locale
        self.detail = detail
    }
}

/// Why copy waits for a person.
public enum ReviewReason: String, Hashable, Sendable, Codable, CaseIterable {
    case lowConfidence = "low-confidence"
    case hallucination
    case legal
    case translationQuality = "translation-quality"
    /// A person edited the copy in the shop since catalogd's last push: choose theirs or ours.
    case cmsConflict = "cms-conflict"
    /// Personal data was redacted from the copy or its input, and a placeholder such as
    /// `[phone]` would have reached the shop.
    case personalData = "personal-data"
}

/// Copy a person must decide on, with everything they need to.
public struct ReviewRequest: Hashable, Sendable {
    public var locale: LocaleCode
    public var reason: ReviewReason
    public var why: String
    public var scores: [String: Double]
    public var copy: GeneratedCopy
    public var suggestedEdits: [String]

    public init(locale: LocaleCode, reason: ReviewReason, why: String, scores: [String: Double], copy: GeneratedCopy, suggestedEdits: [String]) {
        self.locale = locale
        self.reason = reason
        self.why = why
        self.scores = scores
        self.copy = copy
        self.suggestedEdits = suggestedEdits
    }
}

/// What became of each locale of one SKU.
public enum LocaleResult: Hashable, Sendable {
    case publish(GeneratedCopy, handle: String)
    case review(ReviewRequest)
    case blocked(String)
    /// A translation queued for a later attempt.
    case deferred(String)
}

public struct PipelineOutcome: Sendable {
    public var sku: SKU
    public var results: [(locale: LocaleCode, result: LocaleResult)]
    public var incidents: [Incident]
    public var trace: PipelineTrace
    public var route: String

    public init(sku: SKU, results: [(locale: LocaleCode, result: LocaleResult)], incidents: [Incident], trace: PipelineTrace, route: String) {
        self.sku = sku
        self.results = results
        self.incidents = incidents
        self.trace = trace
        self.route = route
    }

    public var publishable: [GeneratedCopy] {
        toPublish.map(\.copy)
    }

    /// The copy to publish with its handle, in the results' order: the order the store writes
    /// it in, and the order its handles are decided in.
    public var toPublish: [(copy: GeneratedCopy, handle: String)] {
        results.compactMap { if case .publish(let copy, let handle) = $0.result { (copy, handle) } else { nil } }
    }

    /// The copy held for a person, in the results' order.
    public var reviews: [ReviewRequest] {
        results.compactMap { if case .review(let request) = $0.result { request } else { nil } }
    }

    public var handles: [LocaleCode: String] {
        Dictionary(results.compactMap { if case .publish(_, let handle) = $0.result { ($0.locale, handle) } else { nil } }, uniquingKeysWith: { $1 })
    }
}

