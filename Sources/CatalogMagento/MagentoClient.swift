package import CatalogCore
import Foundation

/// Why a Magento call failed. Permanent failures (a 4xx other than auth or rate limiting) will
/// not go away by retrying the same request; the rest are retried by the outbox.
public struct MagentoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// 0 when no HTTP response arrived.
    public let status: Int
    /// Magento's message with its parameters filled in.
    public let message: String
    /// No request reached Magento (the connection failed): safe to send again.
    let nothingWasSent: Bool

    init(status: Int, message: String, nothingWasSent: Bool = false) {
        self.status = status
        self.message = message
        self.nothingWasSent = nothingWasSent
    }

    public var isPermanent: Bool { (400..<500).contains(status) && ![401, 403, 408, 429].contains(status) }
    public var description: String { status == 0 ? "magento unreachable: \(message)" : "magento HTTP \(status): \(message)" }
}

/// How catalogd authenticates to Magento.
public enum MagentoCredentials: Sendable, Hashable {
    /// An integration's access token (System → Integrations), sent as a Bearer token.
    case integrationToken(String)
    /// An admin user: catalogd asks `POST /V1/integration/admin/token` for a token, keeps it,
    /// and asks again when Magento answers 401 (admin tokens expire, 4 h by default).
    case admin(username: String, password: String)
}

/// JSON over Magento's REST API with the store code in the path and token handling.
actor MagentoClient {
    let baseURL: String
    let credentials: MagentoCredentials
    let transport: any HTTPTransport
    let timeout: Duration
    let retry = InCallRetry()
    /// What the in-call retries sleep on.
    let time: Timekeeper
    private var adminToken: String?

    init(baseURL: String, credentials: MagentoCredentials, transport: any HTTPTransport, timeout: Duration, time: Timekeeper = .continuous) {
        self.time = time
        self.baseURL = baseURL.hasSuffix("/") ? String(baseURL.dropLast()) : baseURL
        self.credentials = credentials
        self.transport = transport
        self.timeout = timeout
    }

    /// Sends one request to `/rest/<store>/<path>` (or `/rest/<path>` for store-agnostic
    /// endpoints) and returns the decoded JSON body of a 2xx answer. A 502/503/504 or a
    /// connection that failed is tried again within the call (`InCallRetry`): every request
    /// catalogd sends Magento reads, or sets values by SKU, so a repeat changes nothing.
    func send(_ method: String, _ path: String, store: String?, body: JSON? = nil) async throws -> JSON {
        var refreshed = false
        var retries = 0
        while true {
            let token = try await bearerToken()
            let response: HTTPResponseSpec
            do {
                response = try await raw(method, path, store: store, body: body, token: token)
            } catch let error as MagentoError where error.nothingWasSent && retries < retry.retries {
                retries += 1
                try await time.sleep(for: retry.delay(beforeRetry: retries))
                continue
            }
            if response.status == 401, case .admin = credentials, !refreshed {
                adminToken = nil
                refreshed = true
                continue
            }
            if InCallRetry.gatewayStatuses.contains(response.status), retries < retry.retries {
                retries += 1
                try await time.sleep(for: retry.delay(beforeRetry: retries))
                continue
            }
            return try Self.decode(response, what: "\(method) \(path)")
        }
    }

    private func bearerToken() async throws -> String {
        switch credentials {
        case .integrationToken(let token):
            return token
        case .admin(let username, let password):
            if let adminToken { return adminToken }
            let response = try await raw("POST", MagentoAPI.Route.adminToken, store: nil, body: MagentoAPI.adminTokenBody(username: username, password: password), token: nil)
            guard let token = try Self.decode(response, what: "admin token").string else {
                throw MagentoError(status: response.status, message: "the admin token endpoint did not answer with a token")
            }
            adminToken = token
            return token
        }
    }

    private func raw(_ method: String, _ path: String, store: String?, body: JSON?, token: String?) async throws -> HTTPResponseSpec {
        let scope = store.map { "\(Self.escape($0))/" } ?? ""
        var headers: [(name: String, value: String)] = [("Accept", "application/json")]
        if let token { headers.append(("Authorization", "Bearer \(token)")) }
        var bytes: [UInt8]?
        if let body {
            headers.append(("Content-Type", "application/json"))
            // Sorted keys: the same request is the same bytes every time it is sent.
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            bytes = Array(try encoder.encode(body))
        }
        let request = HTTPRequestSpec(method: method, url: "\(baseURL)/rest/\(scope)\(path)", headers: headers, body: bytes, timeout: timeout)
        do {
            return try await transport.send(request)
        } catch {
            throw MagentoError(status: 0, message: "\(method) \(request.url): \(error)", nothingWasSent: InCallRetry.nothingWasSent(error))
        }
    }

    static func decode(_ response: HTTPResponseSpec, what: String) throws -> JSON {
        let json = try? JSONDecoder().decode(JSON.self, from: Data(response.body))
        guard (200..<300).contains(response.status) else {
            if let message = json?["message"]?.string {
                // Kept to a length a log line, an outbox row and a manual-queue reason can hold.
                let rendered = MagentoMessage.render(message, parameters: json?["parameters"])
                throw MagentoError(status: response.status, message: rendered.count > maxMessageLength ? rendered.prefix(maxMessageLength) + "…" : rendered)
            }
            throw MagentoError(status: response.status, message: "\(what): " + response.bodyExcerpt())
        }
        guard let json else {
            throw MagentoError(status: response.status, message: "\(what): the response is not JSON")
        }
        return json
    }

    static let maxMessageLength = 1_000

    /// A SKU or store code as one path segment.
    static func escape(_ segment: String) -> String {
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "/?#%")
        return segment.addingPercentEncoding(withAllowedCharacters: allowed) ?? segment
    }
}

/// Reads one answer as the client reads it, with no network: what the response corpus and
/// the fuzzer drive. One line: `json` with the top-level type, or `failed: …` with the error.
package enum MagentoAnswerReader {
    package static func read(_ response: HTTPResponseSpec) -> String {
        do {
            switch try MagentoClient.decode(response, what: "GET V1/products/SKU-1") {
            case .object: return "json object"
            case .array: return "json array"
            default: return "json scalar"
            }
        } catch {
            return "failed: \(error)"
        }
    }
}
