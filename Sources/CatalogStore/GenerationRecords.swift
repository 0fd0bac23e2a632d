public import CatalogCore
import Foundation
import GRDB

/// What `rewriteAvailability` did: copies whose sentence it rewrote, jobs it raised (queued or
/// running: their commit is decided on the new stock), and SKUs that have neither and need a
/// full generation.
public struct AvailabilityRewrite: Hashable, Sendable {
    public var rewritten = 0
    public var runningJobsRaised = 0
    public var withoutCopy: [SKU] = []
}

/// Copy last queued for a target, as an availability rewrite reads it.
public struct QueuedCopy: Hashable, Sendable {
    public let outboxID: Int64
    public let item: PublishItem
    /// The product's hash the copy was generated from.
    public let productHash: ContentHash
}

/// A claimed request to (re)generate copy for one SKU.
public struct GenerationJob: Hashable, Sendable {
    public let id: Int64
    public let sku: SKU
    public let reason: String
    public let priority: JobPriority
    public let attempts: Int
    /// Units sold per day (stock feeds), 0 when unknown.
    public var velocity: Double = 0
    /// The running experiment the SKU is in, if any: its own copy comes from variant A's
    /// generator, and variant B's is written beside it.
    public var experiment: ExperimentVariants? = nil
    /// Nil when the product was removed after the job was queued: there is nothing to write.
    public internal(set) var product: Product?
}

/// A job as a claim hands it over: its product still as the stored document, so decoding
/// happens on the worker's core, outside the write transaction every worker waits for.
public struct ClaimedGenerationJob: Sendable {
    /// The job; its `product` is nil until `decoded()`.
    public let job: GenerationJob
    let document: String?

    /// The job with its product; throws when the stored document cannot be read.
    public func decoded() throws -> GenerationJob {
        var job = job
        job.product = try document.map { try Product.decode(canonicalJSON: Data($0.utf8)) }
        return job
    }
}

/// What a worker did with a claimed job, for `finishJobs`.
public struct FinishedJob: Sendable {
    public enum Result: Sendable {
        /// The pipeline ran; `variantB` is an experiment's challenger copy.
        case ran(PipelineOutcome, variantB: [GeneratedCopy])
        /// The product was removed after the job was queued: nothing to write.
        case productRemoved
        /// The run (or decoding the product) failed: retried until the attempts run out.
        case failed(String)
    }

    public let job: GenerationJob
    public let result: Result
    /// What a run's record needs that takes a core to work out (the product's hash, the
    /// trace's JSON): done here, on the worker, not in the writer's transaction, which every
    /// worker waits on. Nil unless the pipeline ran on a product.
    let prepared: (productHash: ContentHash, steps: String)?

    public init(job: GenerationJob, result: Result) {
        self.job = job
        self.result = result
        if case .ran(let outcome, _) = result, let product = job.product {
            prepared = (product.contentHash, CatalogDatabase.json(outcome.trace.steps))
        } else {
            prepared = nil
        }
    }
}
