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
        let body: [String: Any] = [
            "model": request.model, "max_tokens": request.maxOutputTokens,
            "messages": [["role": "system", "content": request.system], ["role": "user", "content": user]],
        ]
        let object = try await ProviderHTTP.post(
            transport, url: baseURL + "/chat/completions",
            headers: apiKey.map { [("authorization", "Bearer \($0)")] } ?? [],
            body: body, timeout: timeout, provider: provider
        )
        guard let choices = object["choices"] as? [[String: Any]], let message = choices.first?["message"] as? [String: Any],
              let text = message["content"] as? String
        else {
            throw ProviderFailure(.malformedResponse, "openai-compatible: the response has no choices[0].message.content")
        }
        // Some local servers omit usage; the ledger then estimates four characters a token.
        let usage = object["usage"] as? [String: Any]
        let input = ProviderHTTP.integer(usage?["prompt_tokens"]) ?? (request.system.count + request.prompt.count) / 4
        let output = ProviderHTTP.integer(usage?["completion_tokens"]) ?? text.count / 4
        return ModelResponse(text: text, inputTokens: input, outputTokens: output, model: object["model"] as? String ?? request.model)
    }
}
