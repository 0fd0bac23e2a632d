public import struct Foundation.Date

/// The time source for leases, timestamps and archive names; tests use a fixed clock.
public protocol WallClock: Sendable {
    func now() -> Date
}

public struct SystemWallClock: WallClock {
    public init() {}
    public func now() -> Date { Date() }
}
