import Foundation
import Hummingbird
import Logging

/// Faults a loopback fake injects before it handles a request.
public struct FakeServerFaults: Sendable {
    /// Share of requests answered 502/503 before anything runs.
    public var serverErrorRate: Double = 0
    /// Share of requests that hang past the client's timeout.
    public var timeoutRate: Double = 0
    public var timeoutDelay: Duration = .seconds(5)
    /// Every request answered 503 (the shop is down).
    public var down = false
    /// How long the shop takes to answer a request that runs (a real one takes 100 ms or
    /// more); zero answers at once.
    public var latency: Duration = .zero
    /// Share of requests that run (a write lands) and are then answered 502 by the front end:
    /// the client cannot tell whether its write was applied.
    public var appliedButFailedRate: Double = 0

    public init(
        serverErrorRate: Double = 0, timeoutRate: Double = 0, timeoutDelay: Duration = .seconds(5), down: Bool = false, latency: Duration = .zero,
        appliedButFailedRate: Double = 0
    ) {
        self.appliedButFailedRate = appliedButFailedRate
        self.serverErrorRate = serverErrorRate
        self.timeoutRate = timeoutRate
        self.timeoutDelay = timeoutDelay
        self.down = down
        self.latency = latency
    }

    /// `delay`: the request runs after that long (past the client's timeout for a hang).
    enum Fault { case none, serverError(Int), delay(Duration), down }

    /// What happens to the next request; deterministic for a given generator.
    func roll(_ random: inout SeededGenerator) -> Fault {
        if down { return .down }
        let roll = Double.random(in: 0..<1, using: &random)
        if roll < serverErrorRate { return .serverError(roll < serverErrorRate / 2 ? 502 : 503) }
        if roll < serverErrorRate + timeoutRate { return .delay(timeoutDelay) }
        return latency > .zero ? .delay(latency) : .none
    }

    /// Whether the request that just ran is answered 502 all the same.
    func failsAfterRunning(_ random: inout SeededGenerator) -> Bool {
        appliedButFailedRate > 0 && Double.random(in: 0..<1, using: &random) < appliedButFailedRate
    }
}

/// Runs a Hummingbird router on an ephemeral loopback port.
struct LoopbackServer {
    private(set) var port = 0
    private var task: Task<Void, any Error>?

    mutating func start(_ router: Router<BasicRequestContext>, label: String) async {
        let running = AsyncStream<Int>.makeStream()
        var logger = Logger(label: label)
        logger.logLevel = .critical
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in running.continuation.yield(channel.localAddress?.port ?? 0) },
            logger: logger
        )
        task = Task { try await app.runService(gracefulShutdownSignals: []) }
        var ports = running.stream.makeAsyncIterator()
        port = await ports.next() ?? 0
    }

    func stop() async {
        task?.cancel()
        _ = try? await task?.value
    }
}

/// A small deterministic generator, so fault injection repeats run to run.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
