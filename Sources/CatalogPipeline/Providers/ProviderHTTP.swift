package import CatalogCore
import Foundation

/// What the two HTTP providers share: sending a JSON body and mapping status codes and
/// transport errors onto `ProviderFailure`, so failover treats every provider alike.
enum ProviderHTTP {
    /// A configured base URL without its trailing slash, so paths can be appended.
    static func base(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    /// Sends the JSON body and returns the answer, whatever its status; transport errors
    /// become `ProviderFailure`s.
    static func post(_ transport: any HTTPTransport, url: String, headers: [(name: String, value: String)], body: [String: Any], timeout: Duration, provider: String) async throws -> HTTPResponseSpec {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        do {
            return try await transport.send(HTTPRequestSpec(
                method: "POST", url: url, headers: headers + [("content-type", "application/json")], body: Array(data), timeout: timeout
            ))
        } catch let error as HTTPTransportError {
            switch error.kind {
            case .timeout: throw ProviderFailure(.timeout, "\(provider): no answer within \(timeout)")
            case .connectionFailed, .other: throw ProviderFailure(.unavailable, "\(provider): \(error.message)")
            }
        }
    }

    /// The JSON object of a 2xx answer; any other status becomes the failure it stands for.
    static func object(from response: HTTPResponseSpec, provider: String) throws -> [String: Any] {
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard (200..<300).contains(response.status) else {
            throw failure(status: response.status, retryAfter: response.retryAfter(), message: errorMessage(object) ?? response.bodyExcerpt(), provider: provider)
        }
        guard let object else {
            throw ProviderFailure(.malformedResponse, "\(provider): the response body is not a JSON object")
        }
        return object
    }

    static func failure(status: Int, retryAfter: Double?, message: String, provider: String) -> ProviderFailure {
        let wait = retryAfter.map { Duration.milliseconds(Int64($0 * 1000)) }
        let text = "\(provider) answered \(status): \(message)"
        switch status {
        case 429: return ProviderFailure(.rateLimited, text, retryAfter: wait)
        case 529: return ProviderFailure(.overloaded, text, retryAfter: wait)
        case 408, 504: return ProviderFailure(.timeout, text)
        case 500...599: return ProviderFailure(.serverError, text, retryAfter: wait)
        default: return ProviderFailure(.rejected, text)
        }
    }

    /// What an answer's stop reason makes of it: cut off at the output limit (`truncated`, the
    /// API's name for it), or refused or filtered (`refused`); nil for an answer that ended.
    static func stopFailure(_ reason: String, truncated: String, refused: String, provider: String, request: ModelRequest, usage: TokenUsage) -> ProviderFailure? {
        switch reason {
        case truncated: ProviderFailure(.truncated, "\(provider): the answer stopped at max_tokens (\(request.maxOutputTokens)) and is cut off", usage: usage)
        case refused: ProviderFailure(.rejected, "\(provider): the answer was refused or filtered (\(reason))", usage: usage)
        default: nil
        }
    }

    /// Both APIs put the reason in `error.message`.
    static func errorMessage(_ object: [String: Any]?) -> String? {
        (object?["error"] as? [String: Any])?["message"] as? String
    }

    /// A token count as the APIs send it: a whole, non-negative JSON number. Anything else
    /// (a string, a fraction, a negative or absurd count) is nil, so a broken answer cannot
    /// put a wrong figure in the cost ledger.
    static func tokenCount(_ value: Any?) -> Int? {
        guard let number = value as? NSNumber, !(value is Bool) else { return nil }
        let double = number.doubleValue
        guard double >= 0, double <= Double(maximumTokenCount), double.rounded() == double else { return nil }
        return Int(double)
    }

    /// Far above any context window; a count beyond it is a broken answer.
    static let maximumTokenCount = 100_000_000
}

/// Reads one answer as a provider reads it, with no network: what the response corpus and the
/// fuzzer drive. One line: the text and usage, or the failure with its kind and retry-after.
package enum ModelAnswerReader {
    package static let providers = ["anthropic", "openai-compatible"]

    package static func read(_ response: HTTPResponseSpec, provider: String) -> String {
        let request = ModelRequest(model: "corpus-model", system: "You write product copy.", prompt: "Describe SKU-1.")
        do {
            let answer = switch provider {
            case "anthropic": try AnthropicProvider.decode(response, request: request)
            default: try OpenAICompatibleProvider.decode(response, request: request)
            }
            return "text \(answer.text.count) characters, \(answer.inputTokens) in, \(answer.outputTokens) out, model \(answer.model)"
        } catch let failure as ProviderFailure {
            return "failed: \(failure)" + (failure.retryAfter.map { " (retry after \($0))" } ?? "")
        } catch {
            return "failed with an unexpected error: \(error)"
        }
    }
}
