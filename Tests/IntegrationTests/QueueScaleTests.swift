import CatalogCore
import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// Issue 24: a claim that sorted the whole queue made a 100,000-SKU bulk quadratic (about 4
/// SKUs per second by 5,000 done). A long queue must drain at the pace of a short one: the
/// same 500 jobs are claimed and finished the way the worker does it, from a queue of 500
/// and from one of 50,000, and the long one may take at most twice as long. A ratio, not a
/// time, and the best of five runs each, taken in turn, so a loaded machine slows both sides alike.
@Suite(.serialized) struct QueueScaleTests {
    @Test func aQueueOf50000DrainsAtThePaceOfAQueueOf500() async throws {
        let short = try Queue(jobs: 500)
        let long = try Queue(jobs: 50_000)
        // A round each to warm the caches, then five in turn; the suite runs beside others.
        _ = try await short.drain(500)
        _ = try await long.drain(500)
        var shortest = Duration.seconds(3_600)
        var longest = Duration.seconds(3_600)
        for _ in 0..<5 {
            shortest = min(shortest, try await short.drain(500))
            longest = min(longest, try await long.drain(500))
        }
        #expect(longest < shortest * 2, "500 jobs took \(longest) from a queue of 50,000 and \(shortest) from a queue of 500")
    }

    /// A database with `jobs` snapshot jobs from two sources; a drain queues its SKUs again
    /// afterwards, so every run sees a queue of the same length.
    struct Queue {
        let directory = TemporaryDirectory("queue-scale")
        let database: CatalogDatabase

        init(jobs: Int) throws {
            database = try CatalogDatabase(path: directory.path("catalog.sqlite").path)
            let skus = (0..<jobs).map { SKU("SKU-\($0)")! }
            for (index, source) in ["akeneo", "supplier"].enumerated() {
                _ = try database.requestRegeneration(skus.enumerated().filter { $0.offset % 2 == index }.map(\.element), priority: .pimSnapshot, reason: "pim-added", source: source)
            }
        }

        /// Claims and finishes `count` jobs in the worker's batches; returns the time it took.
        func drain(_ count: Int) async throws -> Duration {
            var finished: [GenerationJob] = []
            let start = ContinuousClock.now
            while finished.count < count {
                let jobs = try await database.claimQueuedJobs(limit: 32).map { try $0.decoded() }
                try await database.finishJobs(jobs.map { FinishedJob(job: $0, result: .productRemoved) }, target: "manual")
                finished += jobs
            }
            let took = ContinuousClock.now - start
            _ = try database.requestRegeneration(finished.map(\.sku), priority: .pimSnapshot, reason: "pim-added", source: "akeneo")
            return took
        }
    }
}
