public import CatalogConfiguration
import CatalogCore
import CatalogHTTP
import CatalogMagento
import CatalogShopify
import Foundation

/// `catalogctl doctor`'s network checks: each configured provider and shop answers an
/// authenticated request with the configured credentials.
public enum Reachability {
    public struct Result: Sendable {
        public let name: String
        public let ok: Bool
        public let message: String
    }

    public static func check(_ configuration: Configuration) async -> [Result] {
        let transport = AsyncHTTPTransport()
        var results: [Result] = []
        for provider in configuration.generation.providers {
            results.append(await check(provider, transport: transport))
        }
        for target in configuration.publishing.makeTargets(transport: transport) {
            let name = "\(target.name) shop"
            do {
                switch target {
                case let shop as ShopifyTarget: results.append(Result(name: name, ok: true, message: try await shop.checkAccess()))
                case let shop as MagentoTarget: results.append(Result(name: name, ok: true, message: try await shop.checkAccess()))
                default: continue
                }
            } catch {
                results.append(Result(name: name, ok: false, message: "\(error)"))
            }
        }
        try? await transport.shutdown()
        return results
    }

    /// Lists the provider's models: cheap, authenticated, and nothing is generated or billed.
    static func check(_ provider: Configuration.Provider, transport: any HTTPTransport) async -> Result {
        let name = "provider \(provider.label)"
        guard let key = provider.apiKey ?? (provider.kind == .openAICompatible ? "" : nil) else {
            return Result(name: name, ok: false, message: "no API key readable (credentials are readable by root and the catalogd user)")
        }
        let base = provider.baseURL.hasSuffix("/") ? String(provider.baseURL.dropLast()) : provider.baseURL
        var headers: [(name: String, value: String)] = []
        let url: String
        switch provider.kind {
        case .anthropic:
            url = base + "/v1/models"
            headers = [("x-api-key", key), ("anthropic-version", "2023-06-01")]
        case .openAICompatible:
            url = base + "/models"
            if !key.isEmpty { headers = [("Authorization", "Bearer \(key)")] }
        }
        do {
            let response = try await transport.send(HTTPRequestSpec(url: url, headers: headers, timeout: .seconds(10)))
            switch response.status {
            case 200..<300: return Result(name: name, ok: true, message: "\(url) answers")
            case 401, 403: return Result(name: name, ok: false, message: "\(url) refused the API key (HTTP \(response.status))")
            default: return Result(name: name, ok: false, message: "\(url) answered HTTP \(response.status)")
            }
        } catch {
            return Result(name: name, ok: false, message: "\(url) unreachable: \(error)")
        }
    }
}
