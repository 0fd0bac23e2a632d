public import CatalogCore

/// Limits and health for each provider/model a pipeline calls: a requests- and
/// tokens-per-minute window that is never exceeded, and a circuit breaker that stops calling a
/// provider after repeated failures and lets one trial call through after a cool-down.
public actor ProviderGate {
    public struct Limits: Hashable, Sendable {
        public var requestsPerMinute: Int?
        public var tokensPerMinute: Int?
        public var failureThreshold: Int
        public var coolDown: Duration

        public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil, failureThreshold: Int = 5, coolDown: Duration = .seconds(30)) {
            self.requestsPerMinute = requestsPerMinute
            self.tokensPerMinute = tokensPerMinute
            self.failureThreshold = failureThreshold
            self.coolDown = coolDown
        }
    }

    private struct State {
        var sent: [(at: Duration, tokens: Int)] = []
        var circuit: CircuitBreaker
    }

    private let limits: [String: Limits]
    private let defaultLimits: Limits
    private var states: [String: State] = [:]
    /// Monotonic time for the windows and cool-downs.
    private let time: Timekeeper
    /// A minute plus a second: requests are counted when sent, the provider counts them when
    /// they arrive, and the first ones of a window may wait on new connections. Measured: with a
    /// 60 s window the fake server saw 315 requests in its busiest minute against a limit of 300.
    private let window = Duration.seconds(61)

    /// `time`: monotonic time for the windows and cool-downs; tests pass one they advance.
    public init(limits: [String: Limits] = [:], defaultLimits: Limits = Limits(), time: Timekeeper = .continuous) {
        self.limits = limits
        self.defaultLimits = defaultLimits
        self.time = time
    }

    /// Seconds on the gate's monotonic clock, for the circuit breakers.
    private var now: Double {
        time.now.seconds
    }

    private func currentState(_ label: String) -> State {
        if let state = states[label] { return state }
        let limits = self.limits[label] ?? defaultLimits
        return State(circuit: CircuitBreaker(failureThreshold: limits.failureThreshold, coolDown: limits.coolDown.seconds))
    }

    /// Whether `label`'s circuit lets a call through now (closed, or half-open for one trial).
    public func admits(_ label: String) -> Bool {
        var state = currentState(label)
        defer { states[label] = state }
        return state.circuit.admits(at: now)
    }

    public func isOpen(_ label: String) -> Bool {
        currentState(label).circuit.isOpen(at: now)
    }

    /// Waits until a request of `tokens` fits both per-minute windows, then counts it.
    public func acquire(_ label: String, tokens: Int) async throws {
        let limits = self.limits[label] ?? defaultLimits
        while true {
            let now = time.now
            var state = currentState(label)
            state.sent.removeAll { now - $0.at >= window }
            states[label] = state
            let requestsFull = limits.requestsPerMinute.map { state.sent.count >= $0 } ?? false
            let tokensFull = limits.tokensPerMinute.map { state.sent.reduce(0) { $0 + $1.tokens } + tokens > $0 && !state.sent.isEmpty } ?? false
            if !requestsFull && !tokensFull {
                states[label]?.sent.append((now, tokens))
                return
            }
            // The oldest request leaves the window first.
            let wait = (state.sent.first?.at ?? now) + window - now
            try await time.sleep(for: max(wait, .milliseconds(5)))
        }
    }

    public func succeeded(_ label: String) {
        var state = currentState(label)
        state.circuit.succeeded()
        states[label] = state
    }

    public func failed(_ label: String) {
        var state = currentState(label)
        state.circuit.failed(at: now)
        states[label] = state
    }
}

/// Runs `operation`, failing with a timeout if it takes longer than `limit` by `time`'s clock.
func withTimeout<T: Sendable>(
    _ limit: Duration, time: Timekeeper, _ operation: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await time.sleep(for: limit)
            throw ProviderFailure(.timeout, "no answer within \(limit)")
        }
        defer { group.cancelAll() }
        return try await group.next()!
    }
}
