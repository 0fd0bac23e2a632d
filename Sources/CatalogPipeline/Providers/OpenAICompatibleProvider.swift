public import CatalogCore
import Foundation

/// Any OpenAI-compatible Chat Completions server (`POST {base}/chat/completions`): OpenAI,
/// vLLM, llama.cpp's server, Ollama. The base URL includes the version path
/// (`https://api.openai.com/v1`, `http://127.0.0.1:11434/v1`); the key is optional for local
/// servers.
public struct OpenAICompatibleProvider: LanguageModel {
    public let provider = "openai-compatible"
    public var supportsVision: Bool
    public var baseURL: String
    public var apiKey: String?
    public var timeout: Duration
    public var transport: any HTTPTransport

    public init(baseURL: String, apiKey: String? = nil, supportsVision: Bool = false, timeout: Duration = .seconds(60), transport: any HTTPTransport) {
        self.baseURL = ProviderHTTP.base(baseURL)
        self.apiKey = apiKey
        self.supportsVision = supportsVision
        self.timeout = timeout
        self.transport = transport
    }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let user: Any
        if request.imageURLs.isEmpty || !supportsVision {
            user = request.prompt
        } else {
            user = [["type": "text", "text": request.prompt]] + request.imageURLs.map { ["type": "image_url", "image_url": ["url": $0]] }
        }
        var body: [String: Any] = [
            "model": request.model, "max_tokens": request.maxOutputTokens,
            "messages": [["role": "system", "content": request.system], ["role": "user", "content": user]],
        ]
        if let output = request.output {
            // Structured Outputs: the server holds the model to the schema (OpenAI, vLLM and
            // llama.cpp's server honour it; a server that ignores it is still read strictly).
            body["response_format"] = [
                "type": "json_schema",
                "json_schema": ["name": output.name, "description": output.description, "strict": true, "schema": output.schema.foundationObject],
            ]
        }
        let response = try await ProviderHTTP.post(
            transport, url: baseURL + "/chat/completions",
            headers: apiKey.map { [("authorization", "Bearer \($0)")] } ?? [],
            body: body, timeout: timeout, provider: provider
        )
        return try Self.decode(response, request: request)
    }

    /// A Chat Completions answer as text and usage, or the failure it stands for.
    static func decode(_ response: HTTPResponseSpec, request: ModelRequest) throws -> ModelResponse {
        let object = try ProviderHTTP.object(from: response, provider: "openai-compatible")
        if let message = ProviderHTTP.errorMessage(object) {
            // vLLM and some proxies report errors in a 200 body.
            throw ProviderFailure(.serverError, "openai-compatible answered an error with status \(response.status): \(message)")
        }
        guard let choices = object["choices"] as? [[String: Any]], let message = choices.first?["message"] as? [String: Any] else {
            throw ProviderFailure(.malformedResponse, "openai-compatible: the response has no choices[0].message")
        }
        if let refusal = message["refusal"] as? String {
            throw ProviderFailure(.rejected, "openai-compatible: the model refused: \(refusal)")
        }
        // Some local servers omit usage; the ledger then estimates four characters a token.
        // A usage that is there but broken is an error, not an estimate.
        let text = message["content"] as? String ?? ""
        let usage = object["usage"] as? [String: Any]
        let input = try usage.map { try count($0, "prompt_tokens") } ?? (request.system.count + request.prompt.count) / 4
        let output = try usage.map { try count($0, "completion_tokens") } ?? text.count / 4
        let used = TokenUsage(input: input, output: output)
        let reason = choices.first?["finish_reason"] as? String ?? "none"
        if let failure = ProviderHTTP.stopFailure(reason, truncated: "length", refused: "content_filter", provider: "openai-compatible", request: request, usage: used) {
            throw failure
        }
        guard !text.isEmpty else {
            throw ProviderFailure(.malformedResponse, "openai-compatible: choices[0].message.content is missing or empty (finish_reason \(reason))", usage: used)
        }
        return ModelResponse(text: text, inputTokens: input, outputTokens: output, model: object["model"] as? String ?? request.model)
    }

    private static func count(_ usage: [String: Any], _ key: String) throws -> Int {
        guard let count = ProviderHTTP.tokenCount(usage[key]) else {
            throw ProviderFailure(.malformedResponse, "openai-compatible: usage.\(key) is not a whole, non-negative number")
        }
        return count
    }
}
