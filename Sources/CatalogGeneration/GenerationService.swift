public import CatalogCore
public import CatalogPipeline
public import CatalogStore
public import Logging
import Foundation
public import ServiceLifecycle

/// Turns queued generation jobs into copy through the agent pipeline, as a stream: claims
/// keep `concurrency` runs going, each run decodes its product and runs the pipeline on its
/// own core, and finished runs are committed in batches on the database's writer thread while
/// the next ones run. A run's copy, review items, deferred translations, trace, cost ledger and
/// the job's completion commit together, so a crash either did all of it or none.
public struct GenerationService: Service {
    let queue: GenerationQueue
    /// The generators, their spending, and the traces runs leave.
    let ledger: CopyLedger
    /// The attribute schema the writers read, reloaded when an import changes it.
    let imports: ImportLedger
    let pipeline: CopyPipeline
    let budget: CostBudget
    let target: String
    let idleDelay: Duration
    /// What the idle delay is slept on and runs are timed on.
    let time: Timekeeper
    /// SKUs run through the pipeline at once: the cores for the template, more for providers
    /// that spend their time waiting on the network.
    let concurrency: Int
    /// Each copy's availability sentence and handle, decided before its batch commits.
    let decider: CopyDecider
    let heartbeat: @Sendable () -> Void
    /// Called per SKU run with its outcome ("ok", "failed") and duration (metrics).
    public var onRun: @Sendable (String, Duration) -> Void = { _, _ in }
    /// Called with each phase of the work ("claim", "decode", "pipeline", "write") and the
    /// time it took (metrics: where a bulk run's time goes).
    public var onPhase: @Sendable (String, Duration) -> Void = { _, _ in }
    let logger: Logger
    /// The pipeline with the stored schema, kept across drains: a drain of one stock-triggered
    /// job would otherwise decode the whole schema again.
    private let withSchema = SchemaPipelineCache()

    /// Jobs per claim: enough that claims are a small share of the work, few enough that a
    /// sell-out queued meanwhile waits for one short claim, and that a claimed job starts well
    /// within its lease even behind slow providers.
    var claimSize: Int { max(concurrency * 8, 32) }

    public init(
        queue: GenerationQueue, ledger: CopyLedger, imports: ImportLedger, pipeline: CopyPipeline, budget: CostBudget, target: String, idleDelay: Duration, concurrency: Int,
        decider: CopyDecider, heartbeat: @escaping @Sendable () -> Void, logger: Logger, time: Timekeeper = .continuous
    ) {
        self.time = time
        self.queue = queue
        self.ledger = ledger
        self.imports = imports
        self.pipeline = pipeline
        self.budget = budget
        self.target = target
        self.idleDelay = idleDelay
        self.concurrency = concurrency
        self.decider = decider
        self.heartbeat = heartbeat
        self.logger = logger
    }

    public func run() async throws {
        do {
            try await ledger.registerGenerators(pipeline.generators)
        } catch {
            logger.error("cannot record the generators in the registry: \(error)", metadata: ["stage": "generate"])
        }
        await PollingLoop.run(
            idleDelay: idleDelay,
            time: time,
            shouldStop: { Task.isShuttingDownGracefully },
            heartbeat: heartbeat,
            onError: { logger.error("generation queue unavailable, retrying: \($0)", metadata: ["stage": "generate"]) },
            step: { try await drainOnce() }
        )
    }

    /// What a child task of `drainOnce` reports: a run finished, or a batch was committed.
    private enum Event: Sendable {
        case ran(FinishedJob, counts: [String: Int])
        case committed(Int)
        case claimed([ClaimedGenerationJob], preferred: GeneratorIdentity?, schemaVersion: Double?)
    }

    /// Runs jobs until the queue is empty (or the daemon stops); returns how many it finished.
    /// The next claim is made, beside the runs, once fewer than a claim's worth of jobs wait,
    /// so the workers never wait for the writer and urgent jobs queued meanwhile are picked up
    /// within a claim or two. At most one claim and one commit are in flight; whatever
    /// finished while a commit ran goes into the next, which is due once a claim's worth has
    /// finished, or an urgent job, or the oldest has waited 200 ms.
    func drainOnce() async throws -> Int {
        try await queue.requeueDueTranslations()
        var waiting = try await claim()[...]
        guard !waiting.isEmpty else { return 0 }
        var moreQueued = waiting.count == claimSize
        var finished: [FinishedJob] = []
        var committing = false
        var claiming = false
        var handled = 0
        var summary = RunSummary()
        var spend = CostBudget.Spend(try await ledger.costTotals())
        // A generator promoted with `catalogctl generators promote` leads the route; read again
        // with each claim, so a promotion takes effect during a long bulk run.
        var preferred = try await ledger.activeGenerator()
        // The PIM's attribute schema, read again when an import changed it (checked per claim).
        var schemaVersion = try await imports.attributeSchemaVersion()
        var current = try await pipelineWithSchema(version: schemaVersion)
        do {
            try await withThrowingTaskGroup(of: Event.self) { group in
                var running = 0
                var finishedSince: Duration?
                func commit() {
                    let batch = finished
                    finished.removeAll(keepingCapacity: true)
                    committing = true
                    group.addTask {
                        let start = time.now
                        try await decider.deciding {
                            let decisions = try await decider.decide(batch.flatMap(\.copiesToStore))
                            try await queue.finishJobs(batch, target: target, decisions: decisions)
                        }
                        onPhase("write", time.since(start))
                        return .committed(batch.count)
                    }
                }
                while true {
                    if !claiming, moreQueued, waiting.count < claimSize, !Task.isShuttingDownGracefully {
                        claiming = true
                        group.addTask {
                            let jobs = try await claim()
                            // A generator promoted with `catalogctl generators promote` meanwhile leads from here.
                            return .claimed(jobs, preferred: try await ledger.activeGenerator(), schemaVersion: try await imports.attributeSchemaVersion())
                        }
                    }
                    // A full batch, the last runs, an urgent job or 200 ms of waiting: commit.
                    if !committing, let first = finishedSince,
                       finished.count >= claimSize || running == 0 || finished.contains(where: { $0.job.priority <= .inventory })
                        || time.since(first) >= .milliseconds(200) {
                        commit()
                        finishedSince = nil
                    }
                    // Runs wait while finished work piles up behind a slow commit: memory stays bounded.
                    while running < concurrency, finished.count < claimSize * 2, !Task.isShuttingDownGracefully, let next = waiting.popFirst() {
                        running += 1
                        let preferred = preferred
                        let pipeline = current
                        let spend = spend
                        group.addTask { await run(next, pipeline: pipeline, preferred: preferred, spend: spend) }
                    }
                    guard let event = try await group.next() else { break }
                    switch event {
                    case .ran(let job, let counts):
                        running -= 1
                        finished.append(job)
                        finishedSince = finishedSince ?? time.now
                        summary.add(counts, failed: job.isFailure)
                    case .claimed(let jobs, let latest, let version):
                        claiming = false
                        moreQueued = jobs.count == claimSize
                        waiting += jobs
                        preferred = latest
                        if version != schemaVersion {
                            schemaVersion = version
                            current = try await pipelineWithSchema(version: version)
                        }
                    case .committed(let count):
                        committing = false
                        handled += count
                        // A bulk run is one long drain: each commit is the watchdog's sign of progress.
                        heartbeat()
                        spend = await alertOnBudget(before: spend)
                        summary.logIfDue(logger: logger, target: target)
                    }
                }
            }
        } catch {
            // A claim or commit failed (the database refused a write): jobs not started go back
            // at once if it lets us; runs that did not commit are redone after their lease.
            try? await queue.releaseGenerationJobs(waiting.map(\.job))
            throw error
        }
        // Claimed but not started (a graceful stop): back to the queue at once, not after the lease.
        try await queue.releaseGenerationJobs(waiting.map(\.job))
        summary.log(logger: logger, target: target)
        return handled
    }

    /// The configured pipeline with the attribute schema imported from the PIM, if any, at
    /// `version` (`attributeSchemaVersion()`): read and decoded only when the version changed.
    private func pipelineWithSchema(version: Double?) async throws -> CopyPipeline {
        guard let version else { return pipeline }
        if let cached = withSchema.pipeline(at: version) { return cached }
        guard let stored = try await imports.attributeSchema() else { return pipeline }
        // An imported Akeneo export wins over the configuration's [schema].
        let merged = pipeline.with(schema: pipeline.executor.template.schema.merging(stored.schema))
        withSchema.keep(merged, at: stored.version)
        return merged
    }

    private func claim() async throws -> [ClaimedGenerationJob] {
        let start = time.now
        defer { onPhase("claim", time.since(start)) }
        return try await queue.claimQueuedJobs(limit: claimSize)
    }

    /// One job: its product decoded, the pipeline run (and an experiment's variant B). `spend`
    /// is the ledger's totals as of the drain's last commit, the newest spending a run could
    /// see anyway: runs in flight have not committed theirs. Reading it again per SKU cost a
    /// reader hop per run, and with one run per core each hop left a core idle.
    private func run(_ claimed: ClaimedGenerationJob, pipeline: CopyPipeline, preferred: GeneratorIdentity?, spend: CostBudget.Spend) async -> Event {
        let start = time.now
        let job: GenerationJob
        do {
            job = try claimed.decoded()
        } catch {
            onRun("failed", time.since(start))
            log(failure: error, sku: claimed.job.sku)
            return .ran(FinishedJob(job: claimed.job, result: .failed("cannot read the stored product: \(error)")), counts: [:])
        }
        let decoded = time.now
        onPhase("decode", decoded - start)
        defer { onPhase("pipeline", time.since(decoded)) }
        guard let product = job.product else {
            return .ran(FinishedJob(job: job, result: .productRemoved), counts: [:])
        }
        do {
            // A SKU in a running experiment: its own copy comes from variant A's generator,
            // variant B's beside it.
            let experiment = job.experiment
            var outcome = try await pipeline.run(product, spend: spend, preferred: experiment?.a ?? preferred, velocity: job.velocity)
            var variant: [GeneratedCopy] = []
            if let experiment {
                variant = try await variantB(experiment.b, for: product, pipeline: pipeline, spend: spend, velocity: job.velocity, into: &outcome)
            }
            onRun("ok", time.since(start))
            var logger = logger
            logger[metadataKey: "sku"] = "\(job.sku)"
            logger[metadataKey: "stage"] = "generate"
            return .ran(FinishedJob(job: job, result: .ran(outcome, variantB: variant)), counts: report(outcome, logger: logger))
        } catch {
            onRun("failed", time.since(start))
            log(failure: error, sku: job.sku)
            return .ran(FinishedJob(job: job, result: .failed("\(error)")), counts: [:])
        }
    }

    private func log(failure error: any Error, sku: SKU) {
        logger.error("generation failed: \(error)", metadata: ["sku": "\(sku)", "stage": "generate"])
    }

    /// A period's alert is logged once: by the commit that crosses its threshold.
    private func alertOnBudget(before: CostBudget.Spend) async -> CostBudget.Spend {
        guard let totals = try? await ledger.costTotals() else { return before }
        let after = CostBudget.Spend(totals)
        for period in budget.alerts(for: after) where !budget.alerts(for: before).contains(period) {
            logger.warning("\(period) LLM budget at \(Int(budget.alertShare * 100))% or more", metadata: [
                "message_id": "\(JournalMessageID.budgetAlert)", "period": "\(period)",
                "spent": "\(period == "daily" ? after.today : after.month)",
            ])
        }
        return after
    }

    /// For a SKU in a running experiment: the copy variant B's generator writes, run through
    /// the same agents (its steps and costs join the run's trace). Only publishable copy that
    /// B itself wrote counts; if the route fell back to another generator, B is not configured
    /// and there is no variant to show.
    private func variantB(_ generator: GeneratorIdentity, for product: Product, pipeline: CopyPipeline, spend: CostBudget.Spend, velocity: Double, into outcome: inout PipelineOutcome) async throws -> [GeneratedCopy] {
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

    /// Logs what needs a person's attention in one run; returns its locales' outcomes.
    private func report(_ outcome: PipelineOutcome, logger: Logger) -> [String: Int] {
        var counts: [String: Int] = [:]
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
        return counts
    }
}

/// The outcomes of a drain's runs, logged as one line every ten seconds of a long run and at
/// its end, instead of a line per claim.
private struct RunSummary {
    private var skus = 0
    private var counts: [String: Int] = [:]
    private var since = ContinuousClock.now

    mutating func add(_ outcome: [String: Int], failed: Bool) {
        skus += 1
        counts.merge(outcome, uniquingKeysWith: +)
        if failed { counts["failed", default: 0] += 1 }
    }

    mutating func logIfDue(logger: Logger, target: String) {
        if ContinuousClock.now - since >= .seconds(10) { log(logger: logger, target: target) }
    }

    mutating func log(logger: Logger, target: String) {
        defer { self = RunSummary() }
        guard skus > 0 else { return }
        logger.info(
            "pipeline ran for \(skus) SKU(s): \(counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", "))",
            metadata: ["stage": "generate", "target": "\(target)"]
        )
    }
}

extension FinishedJob {
    var isFailure: Bool {
        if case .failed = result { true } else { false }
    }

    /// The copy a run stores, in the order the store writes it (`recordRun`: published copy,
    /// variant B, proposals held for review), with the handles proposed: what is decided
    /// before the batch commits.
    var copiesToStore: [(copy: GeneratedCopy, handle: String?)] {
        guard case .ran(let outcome, let variantB) = result else { return [] }
        return outcome.toPublish.map { ($0.copy, $0.handle) } + variantB.map { ($0, nil) } + outcome.reviews.map { ($0.copy, nil) }
    }
}

extension CostBudget.Spend {
    /// The ledger's totals, as the budget reads them.
    init(_ totals: CostTotals) {
        self.init(today: totals.today, month: totals.month)
    }
}

/// The last pipeline built with a stored schema, and the schema version it was built from.
private final class SchemaPipelineCache: @unchecked Sendable {
    // @unchecked: `entry` is guarded by `lock`.
    private let lock = NSLock()
    private var entry: (version: Double, pipeline: CopyPipeline)?

    func pipeline(at version: Double) -> CopyPipeline? {
        lock.withLock { entry?.version == version ? entry?.pipeline : nil }
    }

    func keep(_ pipeline: CopyPipeline, at version: Double) {
        lock.withLock { entry = (version, pipeline) }
    }
}
