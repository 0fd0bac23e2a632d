/// Stops calling something that keeps failing: after `failureThreshold` consecutive failures the
/// circuit opens for `coolDown` seconds, then lets one trial call through (half-open); the
/// trial's success closes it, its failure opens it again. Time is passed in as seconds on
/// whatever clock the owner uses, so tests can drive it without sleeping.
public struct CircuitBreaker: Hashable, Sendable {
    public let failureThreshold: Int
    public let coolDown: Double
    public private(set) var consecutiveFailures = 0
    public private(set) var openUntil: Double?
    private var trialInFlight = false

    public init(failureThreshold: Int = 5, coolDown: Double = 30) {
        self.failureThreshold = failureThreshold
        self.coolDown = coolDown
    }

    /// Whether a call may go through now; in the half-open state only the first caller may.
    public mutating func admits(at now: Double) -> Bool {
        guard let openUntil else { return true }
        guard now >= openUntil, !trialInFlight else { return false }
        trialInFlight = true
        return true
    }

    public func isOpen(at now: Double) -> Bool {
        guard let openUntil else { return false }
        return now < openUntil || trialInFlight
    }

    public mutating func succeeded() {
        consecutiveFailures = 0
        openUntil = nil
        trialInFlight = false
    }

    public mutating func failed(at now: Double) {
        consecutiveFailures += 1
        if trialInFlight || consecutiveFailures >= failureThreshold {
            openUntil = now + coolDown
        }
        trialInFlight = false
    }
}
