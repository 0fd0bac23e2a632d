public import CatalogCore
import Foundation

/// A front end that answers 502, then 503, for the first `failures` attempts of every distinct
/// request before passing it on: the request never ran. What a shop behind a struggling load
/// balancer looks like to an adapter that retries within a call.
public final class GatewayFaultTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: `attempts` is guarded by `lock`.
    private let wrapped: any HTTPTransport
    private let failures: Int
    private let lock = NSLock()
    private var attempts: [String: Int] = [:]
    private var refused = 0

    public init(_ wrapped: any HTTPTransport, failures: Int) {
        self.wrapped = wrapped
        self.failures = failures
    }

    /// Attempts answered 502/503 so far.
    public var gatewayErrors: Int { lock.withLock { refused } }

    public func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseSpec {
        let key = "\(request.method) \(request.url) \(request.body.map { ContentHash(of: $0).hex } ?? "")"
        let attempt: Int = lock.withLock {
            attempts[key, default: 0] += 1
            return attempts[key]!
        }
        guard attempt > failures else {
            lock.withLock { refused += 1 }
            return HTTPResponseSpec(status: attempt.isMultiple(of: 2) ? 503 : 502, headers: [("Content-Type", "text/html")], body: Array("<html><body>Bad Gateway</body></html>".utf8))
        }
        return try await wrapped.send(request)
    }
}
