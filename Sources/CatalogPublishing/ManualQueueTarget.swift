public import CatalogCore

/// The embedded default target: with no shop configured, every item goes to the manual queue
/// for export. A whole claim is handed over at once (one transaction for the batch), so a bulk
/// run's copy reaches the queue as fast as it is written.
public struct ManualQueueTarget: PreviewingTarget, BatchCommerceTarget {
    public let name = "manual"
    public let batchThreshold = 1
    static let reason = "no shop is configured; export with `catalogctl queue export`"

    public init() {}

    public func publish(batch: [PublishItem]) async -> [Result<PublishOutcome, any Error>] {
        batch.map { .success(outcome(for: $0)) }
    }

    public func publish(_ item: PublishItem) async throws -> PublishOutcome {
        outcome(for: item)
    }

    func outcome(for item: PublishItem) -> PublishOutcome {
        // An experiment's variant B is only shown by a shop's storefront snippet; the export
        // carries the product's own copy.
        if item.slot == .variantB { return .publishedWithNote("variant B copy is pushed to shops only; not exported") }
        return .needsManualHandling(reason: Self.reason)
    }

    public func preview(_ item: PublishItem) async throws -> [PublishPreview] {
        [PublishPreview(item, scope: nil, action: .manual, reason: Self.reason)]
    }
}
