/// The retry every shop adapter makes inside one call, before the outbox's slower retries
/// take over: a 502, 503 or 504 (a gateway or the shop's front end answered for it) and a
/// connection that failed before any request was sent are tried again after a short pause,
/// 0.2 s and then 0.4 s by default. Timeouts are not: the request may still be running, and
/// the call has used its time.
///
/// One policy for Shopify and Magento, so a shop whose front end drops 30% of requests costs
/// a few hundred milliseconds per call instead of the outbox's backoff, and a target's circuit
/// sees a call fail only when its retries did.
public struct InCallRetry: Sendable, Hashable {
    public var retries: Int
    public var backoff: Duration

    public init(retries: Int = 2, backoff: Duration = .milliseconds(100)) {
        self.retries = retries
        self.backoff = backoff
    }

    public static let gatewayStatuses: Set<Int> = [502, 503, 504]

    /// The pause before retry `number` (1, 2, …): backoff × 2^number.
    public func delay(beforeRetry number: Int) -> Duration {
        backoff * (1 << min(number, 16))
    }

    /// Whether no request reached the server, so sending it again cannot repeat a write.
    public static func nothingWasSent(_ error: any Error) -> Bool {
        (error as? HTTPTransportError)?.kind == .connectionFailed
    }
}
