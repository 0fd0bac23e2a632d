public import CatalogCore

/// The embedded default target: with no shop configured, every item goes to the manual queue
/// for export.
public struct ManualQueueTarget: PreviewingTarget {
    public let name = "manual"
    static let reason = "no shop is configured; export with `catalogctl queue export`"

    public init() {}

    public func publish(_ item: PublishItem) async throws -> PublishOutcome {
        .needsManualHandling(reason: Self.reason)
    }

    public func preview(_ item: PublishItem) async throws -> [PublishPreview] {
        [PublishPreview(item, scope: nil, action: .manual, reason: Self.reason)]
    }
}
