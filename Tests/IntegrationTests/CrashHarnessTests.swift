import CatalogTestSupport
import Foundation
import Testing

/// Issue 10's crash harness, the seeded subset CI runs: 400 SKUs in three locales, five
/// SIGKILLs at seeded moments of a mixed workload (snapshot, delta folder, stock files,
/// `catalogctl regenerate`, a changed snapshot, a bad file). The shop must end up exactly as
/// after the same workload without kills. The long run is `catalog-bench crash` (20 kills,
/// 5,000 SKUs).
@Suite(.serialized) struct CrashHarnessTests {
    let directory = TemporaryDirectory("catalogd-crash-harness")

    @Test func killedAtRandomTheDaemonEndsWhereAnUninterruptedOneDoes() async throws {
        var options = CrashHarness.Options(
            catalogd: try Executables.url("catalogd"), catalogctl: try Executables.url("catalogctl"), directory: directory.url
        )
        options.skus = 400
        options.kills = 5
        options.seed = 2026
        options.longestRun = .milliseconds(2_000)
        let outcome = try await CrashHarness(options: options).run()
        #expect(outcome.problems.isEmpty, "\(outcome.problems.joined(separator: "\n"))")
        #expect(outcome.crashed.kills == 5)
        #expect(outcome.crashed.shop.count == 400)
    }
}
