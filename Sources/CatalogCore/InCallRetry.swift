/// The retry every shop adapter makes inside one call, before the outbox's slower retries
/// take over: a 502, 503 or 504 (a gateway or the shop's front end answered for it) and a
/// connection that failed before any request was sent are tried again after a short pause,
/// 50, 100 and 200 ms by default. A front end's 502 is usually one bad backend or one dropped
/// connection, and the next try lands elsewhere. The pauses are short because a target's
/// calls are made one after another: every pause is time its whole queue waits. Timeouts are
/// not retried: the request may still be running, and the call has used its time.
///
/// One policy for Shopify and Magento, so a shop whose front end drops 30% of requests costs
/// about 30 ms per call instead of the outbox's backoff (5 s and more), and a target's
/// circuit sees a call fail only when its retries did.
public struct InCallRetry: Sendable, Hashable {
    public var retries: Int
    public var backoff: Duration

    public init(retries: Int = 3, backoff: Duration = .milliseconds(25)) {
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
