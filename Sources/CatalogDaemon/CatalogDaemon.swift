public import CatalogConfiguration
import CatalogConnections
import CatalogCore
import CatalogAdmin
import CatalogGeneration
import CatalogReview
import CatalogHTTP
import CatalogIngest
import CatalogInventory
import CatalogPipeline
import CatalogPublishing
import CatalogMagento
import CatalogShopify
import CatalogStore
import CatalogSystemd
import Foundation
public import Logging
import ServiceLifecycle
import UnixSignals

/// The composition root: the only place that knows every module. It reads the configuration,
/// builds each stage as a `Service`, and runs them in a `ServiceGroup` that shuts them down
/// gracefully on SIGTERM or SIGINT.
public enum CatalogDaemon {
    /// Runs until SIGTERM/SIGINT. SIGHUP re-reads the configuration through `reload`; a valid
    /// one restarts the services on it within this process.
    public static func run(configuration: Configuration, logger: Logger, reload: @escaping @Sendable () throws -> Configuration) async throws {
        var configuration = configuration
        let lock = try StateDirectoryLock(stateDirectory: configuration.stateDirectory)
        // SIGTERM/SIGINT are watched for the whole process, not per generation of services: a
        // stop that arrives while a reload swaps the services must still stop the daemon.
        let lifecycle = DaemonLifecycle()
        let answers = ReloadAnswers(stateDirectory: configuration.stateDirectory)
        let signals = Task {
            for await _ in await UnixSignalsSequence(trapping: .sigterm, .sigint) { await lifecycle.stop() }
        }
        defer { signals.cancel() }
        defer { withExtendedLifetime(lock) {} }
        // The lock is on this state directory: moving it takes a restart, not a reload.
        let locked = configuration.stateDirectory
        let reload: @Sendable () throws -> Configuration = {
            let next = try reload()
            guard next.stateDirectory.standardizedFileURL.path == locked.standardizedFileURL.path else {
                throw CatalogError(.configInvalidValue, "state_dir cannot change on reload (\(locked.path) -> \(next.stateDirectory.path)); restart catalogd to move it")
            }
            // A folder the daemon cannot write rejects the reload; it used to stop the daemon.
            for note in try FolderAccess.prepareWatchedFolders(of: next) { logger.warning("\(note)") }
            return next
        }
        while let next = try await runOnce(configuration: configuration, logger: logger, reload: reload, lifecycle: lifecycle, answers: answers) {
            configuration = next
        }
        logger.info("catalogd stopped")
    }

    /// One generation of the services; returns the configuration to restart on after a reload,
    /// nil after a shutdown.
    static func runOnce(
        configuration: Configuration, logger: Logger, reload: @escaping @Sendable () throws -> Configuration, lifecycle: DaemonLifecycle,
        answers: ReloadAnswers
    ) async throws -> Configuration? {
        var logger = logger
        logger[metadataKey: "tenant"] = "\(configuration.tenant)"
        let environment = try CatalogEnvironment(configuration: configuration)
        let database = environment.database
        for note in environment.folderNotes { logger.warning("\(note)") }
        // This process holds the state lock, so any lease still held was left by one that died.
        let recovered = try database.recoverLeases()
        if recovered.pushes + recovered.jobs > 0 {
            logger.notice("resuming work an unclean stop left in flight", metadata: ["pushes": "\(recovered.pushes)", "jobs": "\(recovered.jobs)"])
        }

        let metrics = DaemonMetrics()
        let heartbeats = Heartbeats()
        let readiness = Readiness(expected: configuration.watches.count)
        let inboxes = configuration.watches.map { folder in
            var ingestLogger = logger.with(stage: "ingest")
            ingestLogger[metadataKey: "source"] = "\(folder.source)"
            return InboxService(
                importer: environment.makeImporter(for: folder, logger: ingestLogger),
                inbox: folder.path,
                rescanInterval: configuration.ingest.rescanInterval,
                logger: ingestLogger,
                onArmed: { readiness.arrive() },
                heartbeat: { heartbeats.beat("ingest \(folder.path.lastPathComponent)") },
                onImported: { metrics.imported($0, duration: $1) }
            )
        }
        // One HTTP client for every outbound call, closed after the services stop.
        let transport = AsyncHTTPTransport()
        // Copy tells the stock only while feeds keep it current.
        let decider = CopyDecider(database: database, availability: configuration.availabilityTriggers)
        let reactions = StockReactions(
            stock: database.stock, queue: database.generationQueue, decider: decider, triggers: configuration.stockTriggers,
            target: configuration.publishing.target, logger: logger.with(stage: "inventory")
        )
        var generation = GenerationService(
            queue: database.generationQueue, ledger: database.copyLedger, imports: database.imports,
            pipeline: configuration.generation.makePipeline(transport: transport),
            budget: configuration.generation.budget,
            target: configuration.publishing.target,
            idleDelay: .milliseconds(200),
            concurrency: configuration.generation.concurrency,
            decider: decider,
            heartbeat: { heartbeats.beat("generate") },
            logger: logger.with(stage: "generate")
        )
        generation.onRun = { metrics.generated($0, duration: $1) }
        generation.onPhase = { metrics.generationPhase($0, $1) }
        let targets = configuration.publishing.makeTargets(transport: transport)
        let outbox = OutboxService(
            outbox: database.outbox, review: database.review,
            targets: targets,
            primaryLocale: configuration.publishing.primaryLocale,
            retry: configuration.publishing.retry,
            circuit: configuration.publishing.circuit,
            idleDelay: .milliseconds(200),
            heartbeat: { heartbeats.beat("publish") },
            onResult: { metrics.published(target: $0, outcome: $1, duration: $2) },
            logger: logger.with(stage: "publish")
        )

        // Only the shop being published to is polled for drift.
        let drift = ShopDriftService(
            shopState: database.shopState,
            targets: configuration.publishing.driftPollInterval == nil ? [] : targets.filter { $0.name == configuration.publishing.target },
            primaryLocale: configuration.publishing.primaryLocale,
            interval: configuration.publishing.driftPollInterval ?? .seconds(300),
            logger: logger.with(stage: "drift")
        )

        let systemd = SystemdService(
            isReloading: { lifecycle.isReloading }, onReady: { answers.ready() },
            heartbeats: heartbeats, readiness: readiness, stuckAfter: configuration.systemd.stuckAfter,
            statusInterval: configuration.systemd.statusInterval,
            status: { await statusLine(database: database, folders: configuration.watches.count) },
            logger: logger.with(stage: "systemd")
        )

        logger.info("catalogd starting", metadata: [
            "state_dir": "\(configuration.stateDirectory.path)",
            "watching": "\(configuration.watches.map(\.path.path).joined(separator: ","))",
            "generator": "\(configuration.generation.generator)",
            "providers": "\(configuration.generation.providers.map(\.label).joined(separator: ","))",
            "locales": "\(configuration.generation.locales.map(\.identifier).joined(separator: ","))",
            "target": "\(configuration.publishing.target)",
        ])
        let reloader = ReloadService(
            reload: reload, lifecycle: lifecycle, answers: answers, notifier: SystemdNotifier(),
            status: { await statusLine(database: database, folders: configuration.watches.count) }, logger: logger.with(stage: "reload")
        )
        let admin = configuration.admin.port.map { port in
            AdminServer(
                host: configuration.admin.host, port: port, metrics: metrics, database: database,
                budget: configuration.generation.budget, readiness: readiness,
                review: ReviewRoutes(desk: ReviewDesk(configuration: configuration, database: database), logger: logger.with(stage: "review")),
                token: configuration.admin.token, logger: logger.with(stage: "admin")
            )
        }
        // Inventory feeds: stock changes are recorded, and the ones the triggers name rewrite the
        // availability sentence or queue a regeneration, ahead of PIM work.
        let pollers = configuration.inventory.map { source in
            InventoryPoller(
                source: source, transport: transport, logger: logger,
                apply: { try await database.stock.applyStock($0, source: source.name) },
                onChanges: { await reactions.catchUp() }
            )
        }
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = inboxes.map { .init(service: $0) }
        services += pollers.map { .init(service: $0) }
        services += [.init(service: generation), .init(service: outbox), .init(service: systemd)]
        services.append(.init(service: QualityWatch(database: database, settings: configuration.generation.quality, logger: logger.with(stage: "quality"))))
        if drift.isActive { services.append(.init(service: drift)) }
        services.append(.init(service: reloader, successTerminationBehavior: .ignore))
        if let admin { services.append(.init(service: admin, successTerminationBehavior: .ignore)) }
        // Stock changes recorded before a kill, whose copy change was never queued.
        await reactions.catchUp()
        let group = ServiceGroup(
            configuration: .init(services: services, gracefulShutdownSignals: [], logger: logger)
        )
        await lifecycle.attach(group)
        do {
            try await group.run()
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try? await transport.shutdown()
        return lifecycle.next
    }
}

/// systemd's STATUS= line: "watching 2 folders, 0 imports running, outbox 12, manual 1, review 3".
func statusLine(database: CatalogDatabase, folders: Int) async -> String {
    guard let status = try? await database.status() else { return "watching \(folders) folder(s); database busy" }
    let running = status.imports.filter { ["claimed", "parsing", "applied"].contains($0.key) }.values.reduce(0, +)
    let waiting = status.outbox.filter { ["pending", "in_flight"].contains($0.key) }.values.reduce(0, +)
    let generating = status.generationJobs.filter { ["queued", "running"].contains($0.key) }.values.reduce(0, +)
    return "watching \(folders) folder\(folders == 1 ? "" : "s"), \(running) import\(running == 1 ? "" : "s") running, "
        + "\(generating) to generate, outbox \(waiting), manual \(status.manualQueueOpen), review \(status.reviewOpen)"
}

extension Logger {
    func with(stage: String) -> Logger {
        var copy = self
        copy[metadataKey: "stage"] = "\(stage)"
        return copy
    }
}

extension CatalogDaemon {
    /// Installs the process-wide log handler once: plain text on stderr, which journald captures
    /// when running under systemd.
    /// Native journal entries under systemd (structured fields, MESSAGE_ID), plain text on
    /// stderr otherwise.
    public static func bootstrapLogging(level: Logger.Level) {
        if JournalLogHandler.journalIsAvailable() {
            LoggingSystem.bootstrap { label in JournalLogHandler(label: label, level: level) }
            return
        }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
    }
}

extension CatalogDaemon {
    /// An error a restart cannot fix, because the configuration names something unusable (a
    /// folder the unit may not write): the daemon exits 78, which the units do not restart.
    public static func isConfigurationProblem(_ error: any Error) -> Bool {
        guard let error = error as? CatalogError else { return false }
        return [.configInvalidValue, .configUnknownKey, .configSyntax, .configUnreadable].contains(error.code)
    }
}
