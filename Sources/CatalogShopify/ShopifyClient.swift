public import CatalogCore
import Foundation

/// Why a Shopify call failed. `isPermanent` errors will not go away by retrying the same item.
public struct ShopifyError: SiblingDependentError, Hashable, Sendable, CustomStringConvertible {
    public enum Code: String, Hashable, Sendable {
        /// No HTTP response (connection refused, timeout).
        case unreachable
        /// 5xx, 401/403, or 429 that did not clear.
        case http
        /// Shopify answered with another API version than the pinned one.
        case versionMismatch = "version-mismatch"
        /// Top-level GraphQL errors: the request itself is wrong (a bug, or the schema moved).
        case graphQL = "graphql"
        case invalidResponse = "invalid-response"
        /// A translation cannot be registered before the primary locale has content.
        case waitingForPrimary = "waiting-for-primary"
        /// A write answered 502/503/504: it may or may not have been applied. Read the shop
        /// before sending it again.
        case ambiguousWrite = "ambiguous-write"
    }

    public let code: Code
    public let message: String

    public var isPermanent: Bool { code == .versionMismatch || code == .graphQL }
    public var waitsForSibling: Bool { code == .waitingForPrimary }
    public var description: String { "shopify \(code.rawValue): \(message)" }
}

/// Sends Admin GraphQL requests to one shop at the pinned version, paced to the shop's cost
/// bucket: each request waits until the bucket (as last reported in `throttleStatus`, refilled
/// at its restore rate since) holds its expected cost, and THROTTLED or 429 answers wait and
/// retry rather than fail.
struct ShopifyClient: Sendable {
    let endpoint: String
    let accessToken: String
    let transport: any HTTPTransport
    let bucket: CostBucket
    let timeout: Duration
    /// Back-pressure retries within one call before it gives up as a transient failure.
    let maxThrottleRetries = 8
    /// Retries of a 502/503/504 or a refused connection within one call (`InCallRetry`).
    let gatewayRetry = InCallRetry()

    init(shopURL: String, accessToken: String, transport: any HTTPTransport, bucket: CostBucket, timeout: Duration) {
        let base = shopURL.hasSuffix("/") ? String(shopURL.dropLast()) : shopURL
        self.endpoint = "\(base)/admin/api/\(ShopifyAPI.pinnedVersion)/graphql.json"
        self.accessToken = accessToken
        self.transport = transport
        self.bucket = bucket
        self.timeout = timeout
    }

    func execute<Payload: Decodable>(_ document: String, operation: String, variables: [String: Any], as: Payload.Type) async throws -> Payload {
        let body = try JSONSerialization.data(withJSONObject: ["query": document, "operationName": operation, "variables": variables])
        let request = HTTPRequestSpec(
            method: "POST", url: endpoint,
            headers: [("Content-Type", "application/json"), ("Accept", "application/json"), ("X-Shopify-Access-Token", accessToken)],
            body: Array(body), timeout: timeout
        )
        var gatewayRetries = 0
        let isMutation = document.drop { $0.isWhitespace }.hasPrefix("mutation")
        for _ in 0...(maxThrottleRetries + gatewayRetry.retries) {
            let reserved = await bucket.reserve(for: operation)
            let response: HTTPResponseSpec
            do {
                response = try await transport.send(request)
            } catch where InCallRetry.nothingWasSent(error) && gatewayRetries < gatewayRetry.retries {
                // Nothing reached the shop: safe to send again after a short pause.
                await bucket.settle(operation: operation, reserved: reserved, cost: nil)
                gatewayRetries += 1
                try await bucket.time.sleep(for: gatewayRetry.delay(beforeRetry: gatewayRetries))
                continue
            } catch {
                await bucket.settle(operation: operation, reserved: reserved, cost: nil)
                throw ShopifyError(code: .unreachable, message: "\(endpoint): \(error)")
            }
            let reading = Self.read(response, endpoint: endpoint, operation: operation, as: Payload.self)
            await bucket.settle(operation: operation, reserved: reserved, cost: reading.cost)
            switch reading.answer {
            case .data(let payload):
                return payload
            case .failed(let error):
                throw error
            case .throttled(let wait):
                if let wait { await bucket.pause(seconds: wait) }
                continue
            case .gatewayBusy(let error):
                // A query is sent again after a short pause. A write is not: the shop may have
                // applied it before its front end failed, and the caller reads the product
                // first (re-sending identical mutations after "applied but 502" was 42 extra
                // writes in one run).
                if isMutation {
                    throw ShopifyError(code: .ambiguousWrite, message: "\(operation) may or may not have been applied: \(error.message)")
                }
                guard gatewayRetries < gatewayRetry.retries else { throw error }
                gatewayRetries += 1
                try await bucket.time.sleep(for: gatewayRetry.delay(beforeRetry: gatewayRetries))
                continue
            }
        }
        throw ShopifyError(code: .http, message: "\(operation): still throttled after \(maxThrottleRetries) waits")
    }

    /// What one answer from the Admin API means for the call that sent it.
    struct Reading<Payload> {
        enum Answer {
            case data(Payload)
            case failed(ShopifyError)
            /// Back-pressure: pause this long (nil: the bucket's own pacing is enough) and send again.
            case throttled(wait: Double?)
            /// 502/503/504 from the edge: the request did not run. The error is for when the
            /// short retries are used up.
            case gatewayBusy(ShopifyError)
        }

        let answer: Answer
        /// The cost extension, when the answer carried one.
        let cost: QueryCost?
    }

    /// Reads an answer without side effects, so every byte sequence a shop or a broken proxy
    /// can send maps onto one `Reading` (the response corpus and the fuzzer drive this).
    static func read<Payload: Decodable>(_ response: HTTPResponseSpec, endpoint: String, operation: String, as: Payload.Type) -> Reading<Payload> {
        func failed(_ code: ShopifyError.Code, _ message: String, cost: QueryCost? = nil) -> Reading<Payload> {
            Reading(answer: .failed(ShopifyError(code: code, message: message)), cost: cost)
        }
        // Built only for an answer that is an HTTP failure: not on every successful call.
        func httpError() -> ShopifyError {
            ShopifyError(code: .http, message: "HTTP \(response.status) from \(endpoint): \(response.bodyExcerpt(300))")
        }
        if InCallRetry.gatewayStatuses.contains(response.status) {
            return Reading(answer: .gatewayBusy(httpError()), cost: nil)
        }
        if let served = response.header("X-Shopify-API-Version"), served != ShopifyAPI.pinnedVersion {
            return failed(
                .versionMismatch,
                "the shop answered with Admin API \(served) but \(VersionLock.mismatchMarker) \(ShopifyAPI.pinnedVersion) "
                    + "(Shopify serves the oldest supported version when the requested one is gone); "
                    + "writes are stopped and work goes to the manual queue until catalogd is upgraded"
            )
        }
        switch response.status {
        case 200:
            break
        case 429:
            return Reading(answer: .throttled(wait: response.retryAfter(limit: maxRetryAfter) ?? 1), cost: nil)
        default:
            return Reading(answer: .failed(httpError()), cost: nil)
        }
        let envelope: Envelope<Payload>
        do {
            envelope = try JSONDecoder().decode(Envelope<Payload>.self, from: Data(response.body))
        } catch {
            return failed(.invalidResponse, "\(operation): the response does not match the pinned schema: \(DecodingProblem(error))")
        }
        let cost = envelope.extensions?.cost
        let errors = envelope.errors ?? []
        if errors.contains(where: { $0.extensions?.code == "THROTTLED" }) {
            return Reading(answer: .throttled(wait: nil), cost: cost)
        }
        if !errors.isEmpty {
            return failed(.graphQL, "\(operation): " + errors.map(\.message).joined(separator: "; "), cost: cost)
        }
        guard let data = envelope.data else {
            return failed(.invalidResponse, "\(operation): neither data nor errors in the response", cost: cost)
        }
        return Reading(answer: .data(data), cost: cost)
    }

    /// The longest `Retry-After` a 429 is allowed to impose on the bucket.
    static let maxRetryAfter = 60.0

    struct Envelope<Payload: Decodable>: Decodable {
        let data: Payload?
        let errors: [ErrorBody]?
        let extensions: Extensions?
    }

    struct ErrorBody: Decodable {
        struct Extensions: Decodable { let code: String? }
        let message: String
        let extensions: Extensions?
    }

    struct Extensions: Decodable {
        let cost: QueryCost?
    }
}

struct QueryCost: Decodable, Sendable {
    struct ThrottleStatus: Decodable, Sendable {
        let maximumAvailable: Double
        let currentlyAvailable: Double
        let restoreRate: Double

        /// A bucket a shop could have: the client paces by it, so a broken answer (a negative
        /// or zero size, more available than the maximum) must not stall or flood the client.
        var isPlausible: Bool {
            (1...1_000_000).contains(maximumAvailable) && (0...maximumAvailable).contains(currentlyAvailable)
                && (1...1_000_000).contains(restoreRate)
        }
    }

    let requestedQueryCost: Double?
    let actualQueryCost: Double?
    let throttleStatus: ThrottleStatus
}

/// The client's model of the shop's leaky bucket. Shopify checks a query's *requested* cost
/// against what is available and refunds the difference to the actual cost afterwards, so each
/// request reserves the requested cost last seen for its operation.
actor CostBucket {
    private var maximum: Double
    private var available: Double
    private var restoreRate: Double
    /// What the bucket refills on, and what every wait of the client sleeps on.
    nonisolated let time: Timekeeper
    private var observedAt: Duration
    private var inFlight: Double = 0
    private var requested: [String: Double] = [:]
    private var pausedUntil: Duration?
    /// Seconds of restore held back for the time between the shop's measurement and ours.
    static let latencyAllowance = 0.05

    init(maximum: Double = 1000, restoreRate: Double = 100, time: Timekeeper = .continuous) {
        self.maximum = maximum
        self.available = maximum
        self.restoreRate = restoreRate
        self.time = time
        self.observedAt = time.now
    }

    /// Waits until the bucket holds the operation's expected cost, then takes it.
    func reserve(for operation: String) async -> Double {
        let cost = min(requested[operation] ?? 10, maximum)
        while true {
            if let pausedUntil, pausedUntil > time.now {
                try? await time.sleep(for: pausedUntil - time.now)
                continue
            }
            let now = time.now
            let level = min(maximum, available + restoreRate * (now - observedAt).seconds) - inFlight
            // The shop measured `available` when it handled the last request, a round trip
            // before `observedAt`: keep that much restore in hand so the estimate never runs
            // ahead of the shop's bucket.
            let needed = min(cost + restoreRate * Self.latencyAllowance, maximum)
            if level >= needed {
                inFlight += cost
                return cost
            }
            try? await time.sleep(for: .seconds((needed - level) / max(restoreRate, 1)))
        }
    }

    /// Records the shop's answer: the bucket level it reported (minus what other requests still
    /// hold) and this operation's requested cost for next time.
    func settle(operation: String, reserved: Double, cost: QueryCost?) {
        inFlight -= reserved
        guard let cost, cost.throttleStatus.isPlausible else { return }
        maximum = cost.throttleStatus.maximumAvailable
        restoreRate = cost.throttleStatus.restoreRate
        available = cost.throttleStatus.currentlyAvailable
        observedAt = time.now
        if let requestedCost = cost.requestedQueryCost, requestedCost >= 0 { requested[operation] = requestedCost }
    }

    func pause(seconds: Double) {
        pausedUntil = time.now + .seconds(seconds)
    }
}
