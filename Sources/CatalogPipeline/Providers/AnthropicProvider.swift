public import CatalogCore
import Foundation

/// The Anthropic Messages API (`POST /v1/messages`, `anthropic-version: 2023-06-01`): text and
/// image URLs in, text and token usage out. 429 is rate limiting and 529 overload, each with
/// its `retry-after`.
public struct AnthropicProvider: LanguageModel {
    public let provider = "anthropic"
    public let supportsVision = true
    public var baseURL: String
    public var apiKey: String
    public var timeout: Duration
    public var transport: any HTTPTransport

    public static let apiVersion = "2023-06-01"

    public init(baseURL: String = "https://api.anthropic.com", apiKey: String, timeout: Duration = .seconds(60), transport: any HTTPTransport) {
        self.baseURL = ProviderHTTP.base(baseURL)
        self.apiKey = apiKey
        self.timeout = timeout
        self.transport = transport
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        var content: [[String: Any]] = [["type": "text", "text": request.prompt]]
        for url in request.imageURLs {
            content.append(["type": "image", "source": ["type": "url", "url": url]])
        }
        var body: [String: Any] = [
            "model": request.model, "max_tokens": request.maxOutputTokens, "system": request.system,
            "messages": [["role": "user", "content": content]],
        ]
        if let output = request.output {
            // Tool use as structured output: one tool whose input schema is the answer's, and
            // the model made to call it.
            body["tools"] = [["name": output.name, "description": output.description, "input_schema": output.schema.foundationObject]]
            body["tool_choice"] = ["type": "tool", "name": output.name]
        }
        let response = try await ProviderHTTP.post(
            transport, url: baseURL + "/v1/messages",
            headers: [("x-api-key", apiKey), ("anthropic-version", Self.apiVersion)],
            body: body, timeout: timeout, provider: provider
        )
        return try Self.decode(response, request: request)
    }

    /// A Messages answer as text and usage, or the failure it stands for.
    static func decode(_ response: HTTPResponseSpec, request: ModelRequest) throws -> ModelResponse {
        let object = try ProviderHTTP.object(from: response, provider: "anthropic")
        if object["type"] as? String == "error" {
            // Errors normally come with a 4xx/5xx status; one inside a 200 is still an error.
            throw ProviderFailure(.serverError, "anthropic answered an error with status \(response.status): \(ProviderHTTP.errorMessage(object) ?? "no message")")
        }
        guard let blocks = object["content"] as? [[String: Any]] else {
            throw ProviderFailure(.malformedResponse, "anthropic: the response has no content array")
        }
        guard let usage = object["usage"] as? [String: Any],
              let input = ProviderHTTP.tokenCount(usage["input_tokens"]), let output = ProviderHTTP.tokenCount(usage["output_tokens"])
        else {
            throw ProviderFailure(.malformedResponse, "anthropic: the response has no usable usage.input_tokens and usage.output_tokens")
        }
        let used = TokenUsage(input: input, output: output)
        let reason = object["stop_reason"] as? String ?? "none"
        if let failure = ProviderHTTP.stopFailure(reason, truncated: "max_tokens", refused: "refusal", provider: "anthropic", request: request, usage: used) {
            throw failure
        }
        let text: String
        if let output = request.output {
            // The answer is the forced tool call's input, as JSON.
            guard let call = blocks.first(where: { $0["type"] as? String == "tool_use" && $0["name"] as? String == output.name }),
                  let arguments = call["input"] as? [String: Any],
                  let data = try? JSONSerialization.data(withJSONObject: arguments, options: [.sortedKeys])
            else {
                throw ProviderFailure(.malformedResponse, "anthropic: the response has no \(output.name) tool call with an input object (stop_reason \(reason))", usage: used)
            }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = blocks.filter { $0["type"] as? String == "text" }.compactMap { $0["text"] as? String }.joined()
        }
        guard !text.isEmpty else {
            throw ProviderFailure(.malformedResponse, "anthropic: the response has no text (stop_reason \(reason))", usage: used)
        }
        return ModelResponse(text: text, inputTokens: input, outputTokens: output, model: object["model"] as? String ?? request.model)
    }
}
