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
    private let keptReason: String?
    private var received: [PublishItem] = []
    private var calls = 0

    public init(name: String = "fake-shop", failFirst: Int = 0, manualReason: String? = nil, keptReason: String? = nil) {
        self.name = name
        self.failuresLeft = failFirst
        self.manualReason = manualReason
        self.keptReason = keptReason
    }

    public var publishedItems: [PublishItem] { lock.withLock { received } }
    /// Every call, failed or not.
    public var attempts: Int { lock.withLock { calls } }

    public func publish(_ item: PublishItem) async throws -> PublishOutcome {
        try lock.withLock {
            calls += 1
            if let keptReason { return .keptShopCopy(reason: keptReason) }
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

/// The same scripted shop, able to take batches: records each batch's size.
public final class RecordingBatchTarget: BatchCommerceTarget, @unchecked Sendable {
    // @unchecked: mutable state is guarded by `lock`.
    public let shop: RecordingCommerceTarget
    public let batchThreshold: Int
    private let lock = NSLock()
    private var sizes: [Int] = []

    public init(shop: RecordingCommerceTarget, batchThreshold: Int) {
        self.shop = shop
        self.batchThreshold = batchThreshold
    }

    public var name: String { shop.name }
    public var batchSizes: [Int] { lock.withLock { sizes } }

    public func publish(_ item: PublishItem) async throws -> PublishOutcome {
        try await shop.publish(item)
    }

    public func publish(batch: [PublishItem]) async -> [Result<PublishOutcome, any Error>] {
        lock.withLock { sizes.append(batch.count) }
        var results: [Result<PublishOutcome, any Error>] = []
        for item in batch {
            do { results.append(.success(try await shop.publish(item))) } catch { results.append(.failure(error)) }
        }
        return results
    }
}
