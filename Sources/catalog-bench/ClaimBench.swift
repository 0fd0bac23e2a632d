import CatalogCore
import CatalogStore
import Foundation
import GRDB

/// `catalog-bench claim [QUEUED...]`: what one claim of the generation queue costs with
/// 1,000 to 1,000,000 jobs waiting. Each queue mixes a bulk snapshot from two PIM sources with
/// a trickle of deltas, so claims take turns between sources and priorities as in a real run;
/// every claim takes 32 jobs and hands them back untimed, so the queue keeps its length. The SKUs
/// are not zero-padded: jobs next in line are far apart in the SKU index, the costly case.
/// Target: a claim at 1,000,000 queued costs at most twice one at 1,000.
enum ClaimBench {
    static func run(sizes: [Int]) async throws {
        print("catalog-bench claim: one claim of 32 jobs by queue length (median and p90 of 1,000 claims, the queues taking turns)")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("claim-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var databases: [CatalogDatabase] = []
        for size in sizes {
            let path = directory.appendingPathComponent("catalog-\(size).sqlite").path
            let database = try CatalogDatabase(path: path)
            try fill(path, jobs: size)
            for _ in 0..<20 { try await database.generationQueue.releaseGenerationJobs(try await database.generationQueue.claimQueuedJobs(limit: 32).map(\.job)) }
            databases.append(database)
        }
        // Round by round, so whatever else the machine does slows every queue alike.
        var times = Array(repeating: [Double](), count: sizes.count)
        for _ in 0..<1_000 {
            for (index, database) in databases.enumerated() {
                let start = ContinuousClock.now
                let claimed = try await database.generationQueue.claimQueuedJobs(limit: 32)
                times[index].append((ContinuousClock.now - start).seconds * 1000)
                try await database.generationQueue.releaseGenerationJobs(claimed.map(\.job))
            }
        }
        var medians: [Int: Double] = [:]
        for (size, var sample) in zip(sizes, times) {
            sample.sort()
            medians[size] = sample[sample.count / 2]
            print(String(format: "  %9d queued   claim p50 %.3f ms   p90 %.3f ms", size, sample[sample.count / 2], sample[sample.count * 9 / 10]))
        }
        if let smallest = sizes.min(), let largest = sizes.max(), smallest != largest, let low = medians[smallest], let high = medians[largest] {
            print(String(format: "  %d vs %d queued: %.2fx (target <= 2x)", largest, smallest, high / low))
            Figures.record("claim", "claim at \(largest) queued / at \(smallest)", high / low, unit: "x", atMost: 2)
        }
    }

    /// `jobs` queued jobs: 95% a snapshot split between two sources, 5% deltas.
    static func fill(_ path: String, jobs: Int) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT INTO generation_jobs (sku, reason, priority, source, state, created_at, updated_at) VALUES (?, 'pim-added', ?, ?, 'queued', 0, 0)
                """)
            for index in 0..<jobs {
                let delta = index % 20 == 0
                try insert.execute(arguments: [
                    "SKU-\(index)", delta ? JobPriority.pimDelta.rawValue : JobPriority.pimSnapshot.rawValue, index % 2 == 0 ? "akeneo" : "supplier",
                ])
            }
        }
        try queue.close()
    }
}
