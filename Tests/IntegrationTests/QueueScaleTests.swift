import CatalogCore
@testable import CatalogStore
import CatalogTestSupport
import Foundation
import Testing

/// Issue 24: a claim that sorted the whole queue made a 100,000-SKU bulk quadratic (about 4
/// SKUs per second by 5,000 done). A long queue must drain at the pace of a short one: the
/// same 500 jobs are claimed and finished the way the worker does it, from a queue of 500
/// and from one of 50,000, and the long one may cost at most twice as much. Cost is counted
/// in SQLite's virtual-machine steps on the writer, not in seconds, so a busy machine cannot
/// make the test pass or fail (a ratio of times flaked with the whole suite running beside it).
/// The old claim read and sorted every queued job: a hundred times the steps at 50,000.
@Suite struct QueueScaleTests {
    @Test func aQueueOf50000DrainsAtThePaceOfAQueueOf500() async throws {
        let short = try await Queue(jobs: 500)
        let long = try await Queue(jobs: 50_000)
        // The second drain of each, when the first has left expired-lease bookkeeping behind
        // and both queues hold requeued jobs as well as first-time ones.
        for queue in [short, long] { _ = try await queue.drain(500) }
        let shortSteps = try await short.drain(500)
        let longSteps = try await long.drain(500)
        print("drain of 500: \(shortSteps) steps from 500 queued, \(longSteps) from 50,000")
        #expect(shortSteps > 0)
        #expect(longSteps < shortSteps * 2, "500 jobs took \(longSteps) SQLite steps from a queue of 50,000 and \(shortSteps) from a queue of 500")
    }

    /// A database with `jobs` snapshot jobs from two sources; a drain queues its SKUs again
    /// afterwards, so every run sees a queue of the same length.
    struct Queue {
        let directory = TemporaryDirectory("queue-scale")
        let database: CatalogDatabase

        init(jobs: Int) async throws {
            database = try CatalogDatabase(path: directory.path("catalog.sqlite").path)
            let skus = (0..<jobs).map { SKU("SKU-\($0)")! }
            for (index, source) in ["akeneo", "supplier"].enumerated() {
                _ = try await database.generationQueue.requestRegeneration(skus.enumerated().filter { $0.offset % 2 == index }.map(\.element), priority: .pimSnapshot, reason: "pim-added", source: source)
            }
        }

        /// Claims and finishes `count` jobs in the worker's batches; returns the SQLite steps
        /// it took.
        func drain(_ count: Int) async throws -> Int {
            let counter = try StepCounter(on: database)
            var finished: [GenerationJob] = []
            while finished.count < count {
                let jobs = try await database.generationQueue.claimQueuedJobs(limit: 32).map { try $0.decoded() }
                try await database.generationQueue.finishJobs(jobs.map { FinishedJob(job: $0, result: .productRemoved) }, target: "manual")
                finished += jobs
            }
            let took = counter.steps
            _ = try await database.generationQueue.requestRegeneration(finished.map(\.sku), priority: .pimSnapshot, reason: "pim-added", source: "akeneo")
            return took
        }
    }
}
