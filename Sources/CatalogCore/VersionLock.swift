public import Foundation

/// An adapter pinned to one version of a shop's API, and how long that version is supported.
public struct VersionLock: Hashable, Sendable, Codable {
    public enum Status: Hashable, Sendable {
        case supported(daysLeft: Int)
        /// Within the warning window: plan the upgrade.
        case endingSoon(daysLeft: Int)
        case ended(daysAgo: Int)
    }

    /// Every adapter's version-mismatch reason contains this, so the outbox can log such a
    /// manual-queue entry under its own MESSAGE_ID.
    public static let mismatchMarker = "catalogd is pinned to"

    /// The target's name as configured (`shopify`, `magento`).
    public let target: String
    public let api: String
    public let version: String
    public let endOfSupport: Date

    public init(target: String, api: String, version: String, endOfSupport: Date) {
        self.target = target
        self.api = api
        self.version = version
        self.endOfSupport = endOfSupport
    }

    /// `catalogctl doctor` warns `warningDays` (60) before the end of support.
    public func status(at now: Date, warningDays: Int = 60) -> Status {
        let days = Int((endOfSupport.timeIntervalSince(now) / 86_400).rounded(.up))
        if days <= 0 { return .ended(daysAgo: -days) }
        return days <= warningDays ? .endingSoon(daysLeft: days) : .supported(daysLeft: days)
    }
}
