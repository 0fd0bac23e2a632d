public import CatalogCore

/// The embedded default target: with no shop configured, every item goes to the manual queue
/// for export.
public struct ManualQueueTarget: PreviewingTarget {
    public let name = "manual"
    static let reason = "no shop is configured; export with `catalogctl queue export`"

    public init() {}

    public func publish(_ item: PublishItem) async throws -> PublishOutcome {
        // An experiment's variant B is only shown by a shop's storefront snippet; the export
        // carries the product's own copy.
        if item.slot == .variantB { return .publishedWithNote("variant B copy is pushed to shops only; not exported") }
        return .needsManualHandling(reason: Self.reason)
    }

    public func preview(_ item: PublishItem) async throws -> [PublishPreview] {
        [PublishPreview(item, scope: nil, action: .manual, reason: Self.reason)]
    }
}
