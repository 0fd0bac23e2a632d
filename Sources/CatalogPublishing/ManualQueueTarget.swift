public import CatalogCore

/// The publish target when no shop is configured (the embedded default): every item goes to the
/// manual queue, from which `catalogctl queue export` writes files the shops' importers accept.
public struct ManualQueueTarget: CommerceTarget {
    public let name = "manual"

    public init() {}

    public func publish(_ item: PublishItem) async throws -> PublishOutcome {
        .needsManualHandling(reason: "no shop is configured; export with `catalogctl queue export`")
    }
}
