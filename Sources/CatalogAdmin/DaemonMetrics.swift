import CatalogCore
public import CatalogIngest
import CatalogPipeline
import CatalogStore
import Foundation
import Prometheus

/// The Prometheus metrics on the admin port. Counters and histograms are recorded as work
/// happens; queue depths, costs and budget use are read from the database at scrape time, so
/// they are right after a restart. Label sets are bounded: stages, targets, outcomes, states,
/// providers; never SKUs.
public final class DaemonMetrics: @unchecked Sendable {
    // @unchecked: `stateGauges` is guarded by `lock`; the registry is thread-safe.
    let registry = PrometheusCollectorRegistry()
    private let lock = NSLock()
    /// Per state gauge, the states seen so far: a state that empties is reported as 0.
    private var stateGauges: [String: Set<String>] = [:]
    private let stageBuckets: [Duration] = [.milliseconds(5), .milliseconds(25), .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(15), .seconds(60)]

    public init() {}

    public func imported(_ outcome: ImportOutcome, duration: Duration) {
        let (label, rows): (String, Int) = switch outcome {
        case .applied(let summary, _): ("applied", summary.added + summary.changed + summary.removed + summary.unchanged)
        case .held(let summary, _, _): ("held", summary.added + summary.changed + summary.removed + summary.unchanged)
        case .quarantined: ("quarantined", 0)
        case .deferred: ("deferred", 0)
        }
        registry.makeCounter(name: "catalogd_imports_total", labels: [("outcome", label)], help: "Files imported, by outcome").increment()
        registry.makeCounter(name: "catalogd_import_rows_total", help: "Rows read from applied or held imports").increment(by: Int64(rows))
        stage("ingest", duration)
    }

    public func generated(_ outcome: String, duration: Duration) {
        registry.makeCounter(name: "catalogd_generation_runs_total", labels: [("outcome", outcome)], help: "Pipeline runs, by outcome").increment()
        stage("generate", duration)
    }

    /// Where the generation worker's time goes: claims, decoding products, the pipeline and
    /// commits, as seconds per phase; claims also as a histogram (their cost must not grow
    /// with the queue).
    public func generationPhase(_ phase: String, _ duration: Duration) {
        registry.makeCounter(name: "catalogd_generation_seconds_total", labels: [("phase", phase)], help: "Generation worker time by phase (claim, decode, pipeline, write)")
            .increment(by: duration.seconds)
        if phase == "claim" {
            registry.makeDurationHistogram(name: "catalogd_generation_claim_seconds", buckets: claimBuckets, help: "Time per generation queue claim").record(duration)
        }
    }

    private let claimBuckets: [Duration] = [.microseconds(250), .milliseconds(1), .milliseconds(2.5), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(100), .milliseconds(500)]

    public func published(target: String, outcome: String, duration: Duration?) {
        registry.makeCounter(name: "catalogd_publish_results_total", labels: [("target", target), ("outcome", outcome)], help: "Publish attempts, by target and outcome").increment()
        if let duration { stage("publish", duration) }
    }

    private func stage(_ stage: String, _ duration: Duration) {
        registry.makeDurationHistogram(name: "catalogd_stage_duration_seconds", labels: [("stage", stage)], buckets: stageBuckets, help: "Time per file (ingest), per SKU (generate) and per item (publish)").record(duration)
    }

    /// Refreshes the gauges from the database, then renders the exposition text.
    func scrape(database: CatalogDatabase, budget: CostBudget) async -> [UInt8] {
        if let status = try? await database.status() {
            gauges("catalogd_outbox_items", "Outbox rows by state", label: "state", status.outbox)
            gauges("catalogd_generation_jobs", "Generation jobs by state", label: "state", status.generationJobs)
            gauges("catalogd_import_files", "Import files by state", label: "state", status.imports)
            registry.makeGauge(name: "catalogd_manual_queue_open", help: "Manual queue entries waiting for a person").set(Double(status.manualQueueOpen))
            registry.makeGauge(name: "catalogd_review_queue_open", help: "Review items waiting for a person").set(Double(status.reviewOpen))
            registry.makeGauge(name: "catalogd_products", help: "Live products").set(Double(status.products))
        }
        if let queued = try? await database.generationQueue.queuedJobsByPriority() {
            for priority in JobPriority.allCases {
                registry.makeGauge(name: "catalogd_generation_queue", labels: [("priority", priority.name)], help: "Queued generation jobs by priority").set(Double(queued[priority] ?? 0))
            }
        }
        if let totals = try? await database.copyLedger.costTotals() {
            registry.makeGauge(name: "catalogd_cost_usd", labels: [("period", "today")], help: "Provider cost in USD").set(totals.today)
            registry.makeGauge(name: "catalogd_cost_usd", labels: [("period", "month")], help: "Provider cost in USD").set(totals.month)
            if let daily = budget.daily, daily > 0 {
                registry.makeGauge(name: "catalogd_budget_used_ratio", labels: [("period", "day")], help: "Share of the cost budget used").set(totals.today / daily)
            }
            if let monthly = budget.monthly, monthly > 0 {
                registry.makeGauge(name: "catalogd_budget_used_ratio", labels: [("period", "month")], help: "Share of the cost budget used").set(totals.month / monthly)
            }
        }
        for line in (try? await database.copyLedger.costs(by: .model)) ?? [] {
            registry.makeGauge(name: "catalogd_provider_calls", labels: [("route", line.key)], help: "Provider calls in the cost ledger, by provider/model").set(Double(line.calls))
        }
        // Outcomes (success, timeout, rate-limited, circuit-open, …) of the last 24 hours.
        var outcomes: [String: [String: Int]] = [:]
        for row in (try? await database.copyLedger.providerCallOutcomes()) ?? [] { outcomes[row.route, default: [:]][row.outcome] = row.count }
        for (route, counts) in outcomes {
            gauges("catalogd_provider_outcomes_24h", "Provider call outcomes in the last 24 hours, by route", label: "outcome", counts, extra: [("route", route)])
        }
        return registry.emitToBuffer()
    }

    private func gauges(_ name: String, _ help: String, label: String, _ values: [String: Int], extra: [(String, String)] = []) {
        let series = name + extra.map { "|\($0.1)" }.joined()
        let keys = lock.withLock { () -> Set<String> in
            stateGauges[series, default: []].formUnion(values.keys)
            return stateGauges[series] ?? []
        }
        for key in keys {
            registry.makeGauge(name: name, labels: extra + [(label, key)], help: help).set(Double(values[key] ?? 0))
        }
    }
}
