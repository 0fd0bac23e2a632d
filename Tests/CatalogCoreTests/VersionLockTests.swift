import CatalogCore
import Foundation
import Testing

@Suite struct VersionLockTests {
    let lock = VersionLock(target: "shopify", api: "Admin GraphQL", version: "2026-10", endOfSupport: Date(timeIntervalSince1970: 1_822_348_800))

    @Test func warnsSixtyDaysBeforeTheEndOfSupport() {
        let day = 86_400.0
        #expect(lock.status(at: lock.endOfSupport.addingTimeInterval(-61 * day)) == .supported(daysLeft: 61))
        #expect(lock.status(at: lock.endOfSupport.addingTimeInterval(-60 * day)) == .endingSoon(daysLeft: 60))
        #expect(lock.status(at: lock.endOfSupport.addingTimeInterval(-0.5 * day)) == .endingSoon(daysLeft: 1))
        #expect(lock.status(at: lock.endOfSupport) == .ended(daysAgo: 0))
        #expect(lock.status(at: lock.endOfSupport.addingTimeInterval(3 * day)) == .ended(daysAgo: 3))
    }
}
