public import CatalogCore
public import Foundation

/// A clock tests set and advance by hand, so leases and backoff are checked without sleeping.
public final class FixedClock: WallClock, @unchecked Sendable {
    // @unchecked: `current` is guarded by `lock`.
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.current = start
    }

    public func now() -> Date {
        lock.withLock { current }
    }

    public func advance(by seconds: TimeInterval) {
        lock.withLock { current += seconds }
    }
}
