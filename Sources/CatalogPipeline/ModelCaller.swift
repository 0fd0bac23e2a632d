public import CatalogCore
import Foundation

/// Calls models in failover order through the gate (rate limits, circuit breakers), with the
/// provider-level recoveries every agent shares: a timeout is retried once with the shorter
/// prompt, a 429/529 with a short `retry-after` is retried after it, anything else moves to the
/// next model. Every attempt is a trace step with its tokens and cost.
public struct ModelCaller: Sendable {
    public var gate: ProviderGate
    public var timeout: Duration
    /// A `retry-after` longer than this moves on to the next model instead of waiting.
    public var maxRetryAfter: Duration

    public init(gate: ProviderGate = ProviderGate(), timeout: Duration = .seconds(30), maxRetryAfter: Duration = .seconds(10)) {
        self.gate = gate
        self.timeout = timeout
        self.maxRetryAfter = maxRetryAfter
    }

    public struct Answer: Sendable {
        public let response: ModelResponse
        public let option: ModelOption
        public let costUSD: Double
    }

    /// `makeRequest(shorter)` builds the request for a model name; nil when every model failed.
    public func complete(agent: String, locale: LocaleCode?, action: String, options: [ModelOption], trace: inout PipelineTrace, makeRequest: (_ model: String, _ shorter: Bool) -> ModelRequest) async -> Answer? {
        for option in options {
            guard await gate.admits(option.label) else {
                trace.record(PipelineStep(agent: agent, locale: locale, action: action, outcome: "circuit-open", detail: ["next": "failover"], provider: option.model.provider, model: option.name))
                continue
            }
            var shorter = false
            var retriedAfterWait = false
            while true {
                let request = makeRequest(option.name, shorter)
                do {
                    try await gate.acquire(option.label, tokens: request.prompt.count / 4 + request.maxOutputTokens)
                    let model = option.model
                    let response = try await withTimeout(timeout) { try await model.complete(request) }
                    await gate.succeeded(option.label)
                    let cost = option.price.cost(input: response.inputTokens, output: response.outputTokens)
                    trace.record(PipelineStep(
                        agent: agent, locale: locale, action: action, outcome: shorter ? "ok-shorter-prompt" : "ok",
                        provider: option.model.provider, model: response.model.isEmpty ? option.name : response.model,
                        inputTokens: response.inputTokens, outputTokens: response.outputTokens, costUSD: cost
                    ))
                    return Answer(response: response, option: option, costUSD: cost)
                } catch let failure as ProviderFailure {
                    await gate.failed(option.label)
                    if failure.kind == .timeout, !shorter {
                        trace.record(PipelineStep(agent: agent, locale: locale, action: action, outcome: "timeout", detail: ["recovery": "retry with a shorter prompt"], provider: option.model.provider, model: option.name))
                        shorter = true
                        continue
                    }
                    if failure.kind == .rateLimited || failure.kind == .overloaded, !retriedAfterWait, let wait = failure.retryAfter, wait <= maxRetryAfter {
                        trace.record(PipelineStep(agent: agent, locale: locale, action: action, outcome: failure.kind.rawValue, detail: ["recovery": "retry after \(wait)"], provider: option.model.provider, model: option.name))
                        retriedAfterWait = true
                        try? await Task.sleep(for: wait)
                        continue
                    }
                    trace.record(PipelineStep(agent: agent, locale: locale, action: action, outcome: failure.kind.rawValue, detail: ["error": failure.message, "recovery": "failover"], provider: option.model.provider, model: option.name))
                    break
                } catch {
                    await gate.failed(option.label)
                    trace.record(PipelineStep(agent: agent, locale: locale, action: action, outcome: "error", detail: ["error": "\(error)", "recovery": "failover"], provider: option.model.provider, model: option.name))
                    break
                }
            }
        }
        return nil
    }
}

/// The JSON object every copy prompt asks for, read leniently (a code fence around it, prose
/// before it) but strictly typed.
struct CopyPayload {
    var title: String
    var bodyHTML: String
    var metaTitle: String
    var metaDescription: String
    var keywords: [String]

    init?(_ text: String) {
        guard let start = text.firstIndex(of: "{"), let end = text.lastIndex(of: "}"), start < end,
              let object = try? JSONSerialization.jsonObject(with: Data(text[start...end].utf8)) as? [String: Any],
              let title = object["title"] as? String, !title.isEmpty,
              let body = object["body_html"] as? String, !body.isEmpty
        else { return nil }
        self.title = title
        self.bodyHTML = body
        self.metaTitle = object["meta_title"] as? String ?? ""
        self.metaDescription = object["meta_description"] as? String ?? ""
        self.keywords = object["keywords"] as? [String] ?? []
    }

    static let format = """
        Answer with one JSON object and nothing else: {"title": string, "body_html": string, \
        "meta_title": string (at most 60 characters), "meta_description": string (120 to 156 characters), \
        "keywords": [string]}. body_html may use only <p>, <ul>, <li>, <strong>, <em>, <h2>, <h3> and <br>.
        """
}
