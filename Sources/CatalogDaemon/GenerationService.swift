import CatalogCore
import CatalogPipeline
import CatalogStore
import Logging
import ServiceLifecycle

/// Turns queued generation jobs into copy and outbox rows. The copy, the outbox rows and the
/// job's completion are one transaction, so a crash either did all of it or none.
struct GenerationService: Service {
    let database: CatalogDatabase
    let pipeline: CopyPipeline
    let target: String
    let idleDelay: Duration
    let logger: Logger

    func run() async throws {
        await PollingLoop.run(
            idleDelay: idleDelay,
            shouldStop: { Task.isShuttingDownGracefully },
            onError: { logger.error("generation queue unavailable, retrying: \($0)", metadata: ["stage": "generate"]) },
            step: { try await drainOnce() }
        )
    }

    func drainOnce(batchSize: Int = 50) async throws -> Int {
        let jobs = try database.claimGenerationJobs(limit: batchSize)
        guard !jobs.isEmpty else { return 0 }
        var generated = 0
        var failed = 0
        for job in jobs {
            var logger = logger
            logger[metadataKey: "sku"] = "\(job.sku)"
            logger[metadataKey: "stage"] = "generate"
            guard let product = job.product else {
                try database.skipGeneration(job, reason: "product removed")
                continue
            }
            do {
                let copies = try await pipeline.run(product)
                try database.completeGeneration(job, copies: copies, productHash: product.contentHash, target: target)
                generated += 1
                logger.debug("generated copy", metadata: ["locales": "\(copies.map(\.locale.identifier).joined(separator: ","))"])
            } catch {
                try database.failGeneration(job, error: "\(error)")
                failed += 1
                logger.error("generation failed: \(error)")
            }
        }
        logger.info(
            "generated copy for \(generated) SKU(s) in \(pipeline.locales.map(\.identifier).joined(separator: ", ")); queued \(generated * pipeline.locales.count) item(s) for publishing to \(target)",
            metadata: ["stage": "generate", "generated": "\(generated)", "failed": "\(failed)", "target": "\(target)"]
        )
        return jobs.count
    }
}
