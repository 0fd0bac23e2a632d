public import CatalogCore
import Foundation

/// A shop that records what it receives and answers from a script: fail the first N pushes,
/// or send everything to manual handling. Used to test the outbox without a network.
public final class RecordingCommerceTarget: CommerceTarget, @unchecked Sendable {
    // @unchecked: mutable state is guarded by `lock`.
    public struct PushFailed: Error, CustomStringConvertible {
        public let description = "HTTP 503 from the fake shop"
    }

    public let name: String
    private let lock = NSLock()
    private var failuresLeft: Int
    private let manualReason: String?
    private var received: [PublishItem] = []

    public init(name: String = "fake-shop", failFirst: Int = 0, manualReason: String? = nil) {
        self.name = name
        self.failuresLeft = failFirst
        self.manualReason = manualReason
    }

    public var publishedItems: [PublishItem] { lock.withLock { received } }

    public func publish(_ item: PublishItem) async throws -> PublishOutcome {
        try lock.withLock {
            if failuresLeft > 0 {
                failuresLeft -= 1
                throw PushFailed()
            }
            if let manualReason { return .needsManualHandling(reason: manualReason) }
            received.append(item)
            return .published
        }
    }
}
