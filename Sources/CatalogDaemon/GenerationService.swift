import CatalogCore
import CatalogPipeline
import CatalogStore
import Logging
import ServiceLifecycle

/// Turns queued generation jobs into copy through the agent pipeline. A run's copy, review
/// items, deferred translations, trace, cost ledger and the job's completion are one
/// transaction, so a crash either did all of it or none.
struct GenerationService: Service {
    let database: CatalogDatabase
    let pipeline: CopyPipeline
    let budget: CostBudget
    let target: String
    let idleDelay: Duration
    /// SKUs run through the pipeline at once: the cores for the template, more for providers
    /// that spend their time waiting on the network.
    let concurrency: Int
    /// The availability sentence for the SKU's stock, applied as the copy is queued.
    var stamp: AvailabilityStamp?
    let heartbeat: @Sendable () -> Void
    /// Called per SKU run with its outcome ("ok", "failed") and duration (metrics).
    var onRun: @Sendable (String, Duration) -> Void = { _, _ in }
    let logger: Logger

    func run() async throws {
        do {
            try database.registerGenerators(pipeline.generators)
        } catch {
            logger.error("cannot record the generators in the registry: \(error)", metadata: ["stage": "generate"])
        }
        await PollingLoop.run(
            idleDelay: idleDelay,
            shouldStop: { Task.isShuttingDownGracefully },
            heartbeat: heartbeat,
            onError: { logger.error("generation queue unavailable, retrying: \($0)", metadata: ["stage": "generate"]) },
            step: { try await drainOnce() }
        )
    }

    /// One claim: a few jobs per worker, so a sell-out or a manual request queued meanwhile
    /// waits for at most one short batch, not a long one.
    func drainOnce() async throws -> Int {
        try database.requeueDueTranslations()
        let jobs = try database.claimGenerationJobs(limit: max(concurrency * 4, 8))
        guard !jobs.isEmpty else { return 0 }
        var counts: [String: Int] = [:]
        let before = CostBudget.Spend(try database.costTotals())
        // A generator promoted with `catalogctl generators promote` leads the route.
        let preferred = try database.activeGenerator()
        try await withThrowingTaskGroup(of: (GenerationJob, Result<(PipelineOutcome, [GeneratedCopy]), any Error>?).self) { group in
            var pending = jobs[...]
            func startNext() {
                guard let job = pending.popFirst() else { return }
                group.addTask {
                    guard let product = job.product else { return (job, nil) }
                    let start = ContinuousClock.now
                    do {
                        let spend = CostBudget.Spend(try database.costTotals())
                        // A SKU in a running experiment: its own copy comes from variant A's
                        // generator, variant B's beside it.
                        let experiment = job.experiment
                        var outcome = try await pipeline.run(product, spend: spend, preferred: experiment?.a ?? preferred, velocity: job.velocity)
                        var variant: [GeneratedCopy] = []
                        if let experiment {
                            variant = try await variantB(experiment.b, for: product, spend: spend, velocity: job.velocity, into: &outcome)
                        }
                        onRun("ok", ContinuousClock.now - start)
                        return (job, .success((outcome, variant)))
                    } catch {
                        onRun("failed", ContinuousClock.now - start)
                        return (job, .failure(error))
                    }
                }
            }
            for _ in 0..<max(1, concurrency) { startNext() }
            while let (job, result) = try await group.next() {
                startNext()
                var logger = logger
                logger[metadataKey: "sku"] = "\(job.sku)"
                logger[metadataKey: "stage"] = "generate"
                switch result {
                case nil:
                    try database.skipGeneration(job, reason: "product removed")
                case .success(let (outcome, variant))?:
                    try database.completePipelineRun(job, outcome: outcome, productHash: job.product!.contentHash, target: target, stamp: stamp, variantB: variant)
                    report(outcome, logger: logger, counts: &counts)
                case .failure(let error)?:
                    try database.failGeneration(job, error: "\(error)")
                    counts["failed", default: 0] += 1
                    logger.error("generation failed: \(error)")
                }
            }
        }
        // A period's alert is logged once: by the batch that crosses its threshold.
        let after = CostBudget.Spend(try database.costTotals())
        for period in budget.alerts(for: after) where !budget.alerts(for: before).contains(period) {
            logger.warning("\(period) LLM budget at \(Int(budget.alertShare * 100))% or more", metadata: [
                "message_id": "\(JournalMessageID.budgetAlert)", "period": "\(period)",
                "spent": "\(period == "daily" ? after.today : after.month)",
            ])
        }
        logger.info(
            "pipeline ran for \(jobs.count) SKU(s): \(counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))",
            metadata: ["stage": "generate", "target": "\(target)"]
        )
        return jobs.count
    }

    /// For a SKU in a running experiment: the copy variant B's generator writes, run through
    /// the same agents (its steps and costs join the run's trace). Only publishable copy that
    /// B itself wrote counts; if the route fell back to another generator, B is not configured
    /// and there is no variant to show.
    private func variantB(_ generator: GeneratorIdentity, for product: Product, spend: CostBudget.Spend, velocity: Double, into outcome: inout PipelineOutcome) async throws -> [GeneratedCopy] {
        let variant = try await pipeline.run(product, spend: spend, preferred: generator, velocity: velocity)
        for step in variant.trace.steps { outcome.trace.record(step) }
        let copies = variant.results.compactMap { entry -> GeneratedCopy? in
            if case .publish(let copy, _) = entry.result, copy.generator == generator { copy } else { nil }
        }
        if copies.count < variant.results.count {
            logger.warning("experiment variant \(generator) produced publishable copy for \(copies.count) of \(variant.results.count) locale(s); the rest show variant A", metadata: [
                "sku": "\(product.sku)", "stage": "generate",
            ])
        }
        return copies
    }

    private func report(_ outcome: PipelineOutcome, logger: Logger, counts: inout [String: Int]) {
        for (locale, result) in outcome.results {
            switch result {
            case .publish:
                counts["published", default: 0] += 1
            case .review(let request):
                counts["to review", default: 0] += 1
                logger.notice("copy needs review: \(request.why)", metadata: ["locale": "\(locale)", "reason": "\(request.reason.rawValue)"])
            case .blocked(let reason):
                counts["blocked", default: 0] += 1
                logger.error("publication blocked: \(reason)", metadata: ["locale": "\(locale)", "message_id": "\(JournalMessageID.policyBlock)"])
            case .deferred(let reason):
                counts["deferred", default: 0] += 1
                logger.warning("translation queued for later: \(reason)", metadata: ["locale": "\(locale)"])
            }
        }
        for incident in outcome.incidents where incident.kind == .piiInOutput {
            // The incident names kinds only; the personal data itself is never logged.
            logger.warning("PII in generated copy was redacted: \(incident.detail)", metadata: [
                "locale": "\(incident.locale?.identifier ?? "-")", "message_id": "\(JournalMessageID.piiIncident)",
            ])
        }
    }
}

extension CostBudget.Spend {
    /// The ledger's totals, as the budget reads them.
    init(_ totals: CostTotals) {
        self.init(today: totals.today, month: totals.month)
    }
}
