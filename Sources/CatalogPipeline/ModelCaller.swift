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
    /// Sleeps on the injected clock: the timeout and the wait a `retry-after` asks for.
    private let time: Timekeeper

    /// `time`: what the timeout and `retry-after` waits are measured on; tests pass a clock
    /// they advance.
    public init(gate: ProviderGate = ProviderGate(), timeout: Duration = .seconds(30), maxRetryAfter: Duration = .seconds(10), time: Timekeeper = .continuous) {
        self.gate = gate
        self.timeout = timeout
        self.maxRetryAfter = maxRetryAfter
        self.time = time
    }

    public struct Answer<Value: Sendable>: Sendable {
        public let response: ModelResponse
        public let option: ModelOption
        public let costUSD: Double
        /// What `accept` made of the response.
        public let value: Value
    }

    /// `makeRequest(shorter)` builds the request for a model name; `accept` reads the answer
    /// and throws when it is not what was asked for (broken or incomplete JSON): that is a
    /// failure of the provider like any other, counted by its circuit, charged as a failed
    /// call and followed by the next model. Nil when every model failed.
    public func complete<Value: Sendable>(
        agent: String, locale: LocaleCode?, action: String, options: [ModelOption], trace: inout PipelineTrace,
        makeRequest: (_ model: String, _ shorter: Bool) -> ModelRequest, accept: (ModelResponse) throws -> Value
    ) async -> Answer<Value>? {
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
                    let response = try await withTimeout(timeout, time: time) { try await model.complete(request) }
                    let value: Value
                    do {
                        value = try accept(response)
                    } catch {
                        throw ProviderFailure(.malformedResponse, "\(option.label): \(error)", usage: TokenUsage(input: response.inputTokens, output: response.outputTokens))
                    }
                    await gate.succeeded(option.label)
                    let cost = option.price.cost(input: response.inputTokens, output: response.outputTokens)
                    trace.record(PipelineStep(
                        agent: agent, locale: locale, action: action, outcome: shorter ? "ok-shorter-prompt" : "ok",
                        provider: option.model.provider, model: response.model.isEmpty ? option.name : response.model,
                        inputTokens: response.inputTokens, outputTokens: response.outputTokens, costUSD: cost
                    ))
                    return Answer(response: response, option: option, costUSD: cost, value: value)
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
                        try? await time.sleep(for: wait)
                        continue
                    }
                    // Tokens the provider reports for a call it answered badly were still used:
                    // the ledger charges them, against the failed call.
                    let usage = failure.usage ?? TokenUsage(input: 0, output: 0)
                    trace.record(PipelineStep(
                        agent: agent, locale: locale, action: action, outcome: failure.kind.rawValue, detail: ["error": failure.message, "recovery": "failover"],
                        provider: option.model.provider, model: option.name,
                        inputTokens: usage.input, outputTokens: usage.output, costUSD: option.price.cost(input: usage.input, output: usage.output)
                    ))
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

/// The JSON object every copy prompt asks for, held to its schema: the API is asked for it
/// as structured output, and the answer is read strictly (no prose around it, every field
/// present with its type), so a cut-off or garbled answer is a failed call, not copy.
struct CopyPayload: Sendable {
    var title: String
    var bodyHTML: String
    var metaTitle: String
    var metaDescription: String
    var keywords: [String]

    struct Invalid: Error, CustomStringConvertible {
        let description: String
    }

    /// Reads `text`: one JSON object, optionally in a Markdown code fence (local servers that
    /// ignore `response_format` add one).
    init(_ text: String) throws {
        var json = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if json.hasPrefix("```") {
            guard let open = json.firstIndex(of: "\n"), json.hasSuffix("```"), json.count > 6 else { throw Invalid(description: "an unterminated code fence") }
            json = String(json[json.index(after: open)..<json.index(json.endIndex, offsetBy: -3)]).trimmingCharacters(in: .whitespacesAndNewlines)
        }
        guard json.hasPrefix("{") else { throw Invalid(description: "the answer is not a JSON object (\(text.prefix(40).debugDescription)…)") }
        guard let object = try? JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any] else {
            throw Invalid(description: "the answer is not a complete JSON object (cut off or garbled)")
        }
        func string(_ key: String, nonEmpty: Bool) throws -> String {
            guard let value = object[key] as? String else { throw Invalid(description: "\(key): a string is required") }
            if nonEmpty, value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { throw Invalid(description: "\(key): must not be empty") }
            return value
        }
        title = try string("title", nonEmpty: true)
        bodyHTML = try string("body_html", nonEmpty: true)
        metaTitle = try string("meta_title", nonEmpty: false)
        metaDescription = try string("meta_description", nonEmpty: false)
        guard let keywords = object["keywords"] as? [String] else { throw Invalid(description: "keywords: an array of strings is required") }
        self.keywords = keywords
        let unknown = Set(object.keys).subtracting(["title", "body_html", "meta_title", "meta_description", "keywords"])
        guard unknown.isEmpty else { throw Invalid(description: "unknown fields \(unknown.sorted().joined(separator: ", "))") }
    }

    static let format = """
        Answer with one JSON object and nothing else: {"title": string, "body_html": string, \
        "meta_title": string (at most 60 characters), "meta_description": string (120 to 156 characters), \
        "keywords": [string]}. body_html may use only <p>, <ul>, <li>, <strong>, <em>, <h2>, <h3> and <br>.
        """

    /// The same object as a schema, for the APIs that enforce one.
    static let output = StructuredOutput(
        name: "product_copy",
        description: "Product copy for one locale: title, body HTML, meta title and description, keywords.",
        schema: .object([
            "type": .string("object"),
            "properties": .object([
                "title": .object(["type": .string("string")]),
                "body_html": .object(["type": .string("string")]),
                "meta_title": .object(["type": .string("string")]),
                "meta_description": .object(["type": .string("string")]),
                "keywords": .object(["type": .string("array"), "items": .object(["type": .string("string")])]),
            ]),
            "required": .array(["title", "body_html", "meta_title", "meta_description", "keywords"].map(JSON.string)),
            "additionalProperties": .bool(false),
        ])
    )
}
