import CatalogTestSupport
import Foundation

/// `catalog-bench crash [KILLS] [SKUS] [SEED]`: issue 10's long crash run. The release
/// `catalogd` and `catalogctl` (built next to this binary: `swift build -c release --product
/// catalogd --product catalogctl`) take the crash harness's mixed workload twice, once without
/// kills and once killed with SIGKILL KILLS times (default 20, 5,000 SKUs, seed 1); the two shops
/// must end up the same. Prints what it found and exits 1 if the promise did not hold.
enum CrashBench {
    static func run(kills: Int, skus: Int, seed: UInt64) async throws {
        let folder = Bundle.main.executableURL!.deletingLastPathComponent()
        let catalogd = folder.appendingPathComponent("catalogd"), catalogctl = folder.appendingPathComponent("catalogctl")
        guard FileManager.default.isExecutableFile(atPath: catalogd.path), FileManager.default.isExecutableFile(atPath: catalogctl.path) else {
            print("catalog-bench crash: build the executables first: swift build -c release --product catalogd && swift build -c release --product catalogctl")
            exit(2)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-crash-\(UUID().uuidString)")
        var options = CrashHarness.Options(catalogd: catalogd, catalogctl: catalogctl, directory: directory)
        options.kills = kills
        options.skus = skus
        options.seed = seed
        options.progress = { print($0) }
        let outcome = try await CrashHarness(options: options).run()
        let problems = outcome.problems
        Figures.record("crash", "SIGKILLs survived (\(skus) SKUs x 3 locales)", Double(outcome.crashed.kills), unit: "kills", atLeast: 20)
        Figures.record("crash", "SKU/locale differences from the uninterrupted run", Double(outcome.mismatches.count), unit: "", atMost: 0)
        print("  shop: \(outcome.crashed.shop.count) products compared; \(outcome.mismatches.count) differences; integrity \(outcome.crashed.integrity); files lost \(outcome.crashed.lostFiles.count)")
        if problems.isEmpty {
            print("crash run passed")
        } else {
            print("crash run FAILED (state and logs in \(directory.path)):")
            for problem in problems { print("  - \(problem)") }
            Figures.flush()
            exit(1)
        }
        try? FileManager.default.removeItem(at: directory)
    }
}
