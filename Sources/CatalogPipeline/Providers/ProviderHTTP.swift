public import CatalogCore
import Foundation

/// What the two HTTP providers share: sending a JSON body and mapping status codes and
/// transport errors onto `ProviderFailure`, so failover treats every provider alike.
enum ProviderHTTP {
    /// A configured base URL without its trailing slash, so paths can be appended.
    static func base(_ url: String) -> String {
        url.hasSuffix("/") ? String(url.dropLast()) : url
    }

    static func post(_ transport: any HTTPTransport, url: String, headers: [(name: String, value: String)], body: [String: Any], timeout: Duration, provider: String) async throws -> [String: Any] {
        let data = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let response: HTTPResponseSpec
        do {
            response = try await transport.send(HTTPRequestSpec(
                method: "POST", url: url, headers: headers + [("content-type", "application/json")], body: Array(data), timeout: timeout
            ))
        } catch let error as HTTPTransportError {
            switch error.kind {
            case .timeout: throw ProviderFailure(.timeout, "\(provider): no answer within \(timeout)")
            case .connectionFailed, .other: throw ProviderFailure(.unavailable, "\(provider): \(error.message)")
            }
        }
        let object = try? JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any]
        guard (200..<300).contains(response.status) else {
            throw failure(status: response.status, retryAfter: response.header("retry-after"), message: errorMessage(object) ?? String(decoding: response.body.prefix(200), as: UTF8.self), provider: provider)
        }
        guard let object else {
            throw ProviderFailure(.malformedResponse, "\(provider): the response body is not a JSON object")
        }
        return object
    }

    static func failure(status: Int, retryAfter: String?, message: String, provider: String) -> ProviderFailure {
        let wait = retryAfter.flatMap(Double.init).map { Duration.milliseconds(Int64($0 * 1000)) }
        let text = "\(provider) answered \(status): \(message)"
        switch status {
        case 429: return ProviderFailure(.rateLimited, text, retryAfter: wait)
        case 529: return ProviderFailure(.overloaded, text, retryAfter: wait)
        case 408, 504: return ProviderFailure(.timeout, text)
        case 500...599: return ProviderFailure(.serverError, text, retryAfter: wait)
        default: return ProviderFailure(.rejected, text)
        }
    }

    /// Both APIs put the reason in `error.message`.
    static func errorMessage(_ object: [String: Any]?) -> String? {
        (object?["error"] as? [String: Any])?["message"] as? String
    }

    static func integer(_ value: Any?) -> Int? {
        (value as? Int) ?? (value as? NSNumber)?.intValue
    }
}
