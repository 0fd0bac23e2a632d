public import CatalogCore
public import CatalogConfiguration
import CatalogExperiments
public import CatalogStore
public import Logging
public import ServiceLifecycle

/// Checks every generator's quality week over week (evaluator confidence, review approval
/// rate). Drift is logged with a stable MESSAGE_ID, once per generator and measure until it
/// recovers; with `rollback`, an active generator that drifts is rolled back to the one before.
public actor QualityWatch: Service {
    let database: CatalogDatabase
    let rule: QualityDrift
    let rollback: Bool
    let interval: Duration
    let logger: Logger
    let time: Timekeeper
    private var reported: Set<String> = []

    public init(database: CatalogDatabase, settings: Configuration.Quality, logger: Logger, time: Timekeeper = .continuous) {
        self.time = time
        self.database = database
        rule = QualityDrift(threshold: settings.driftThreshold)
        rollback = settings.rollback
        interval = settings.checkInterval
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            _ = await checkOnce()
            try? await cancelWhenGracefulShutdown { try await self.time.sleep(for: self.interval) }
        }
    }

    /// One check; returns what drifted.
    func checkOnce() async -> [QualityDrift.Finding] {
        let findings: [QualityDrift.Finding]
        do {
            findings = rule.findings(try await database.copyLedger.generatorQuality())
        } catch {
            logger.warning("quality check skipped: \(error)")
            return []
        }
        let keys = Set(findings.map { "\($0.generator) \($0.measure)" })
        reported.formIntersection(keys)
        for finding in findings where !reported.contains("\(finding.generator) \(finding.measure)") {
            reported.insert("\(finding.generator) \(finding.measure)")
            logger.error("quality drift: \(finding.description)", metadata: [
                "message_id": "\(JournalMessageID.qualityDrift)", "generator": "\(finding.generator)",
            ])
            guard rollback, let active = try? await database.copyLedger.activeGenerator(), active.description == finding.generator else { continue }
            do {
                let previous = try await database.copyLedger.rollbackGenerator()
                try await database.recordAudit(actor: "catalogd", action: "generator-rollback", subject: previous.description, detail: "quality drift: \(finding.description)")
                logger.warning("rolled back from \(active) to \(previous) after quality drift", metadata: ["generator": "\(previous)"])
            } catch {
                logger.error("cannot roll back \(active) after quality drift: \(error)")
            }
        }
        return findings
    }
}
