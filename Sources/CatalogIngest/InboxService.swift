public import CatalogCore
import CatalogParsing
public import Foundation
public import Logging
public import ServiceLifecycle

/// The watched inbox: imports what is already there at startup, then every file that lands,
/// one at a time in arrival order. A periodic rescan retries files whose import was deferred and
/// catches anything an inotify overflow dropped.
public struct InboxService: Service {
    let importer: FileImporter
    let inbox: URL
    let rescanInterval: Duration
    let logger: Logger
    /// Called after each file, for readiness and tests.
    let onOutcome: @Sendable (URL, ImportOutcome) -> Void
    /// Called once the folder is watched (systemd readiness).
    let onArmed: @Sendable () -> Void
    /// Called on every wake (a file, a rescan): the watchdog's sign of life.
    let heartbeat: @Sendable () -> Void
    /// Called after each file with how long it took (metrics).
    let onImported: @Sendable (ImportOutcome, Duration) -> Void
    /// What the rescan interval and import durations are measured on.
    let time: Timekeeper

    public init(
        importer: FileImporter, inbox: URL, rescanInterval: Duration = .seconds(30), logger: Logger,
        onArmed: @escaping @Sendable () -> Void = {}, heartbeat: @escaping @Sendable () -> Void = {},
        onImported: @escaping @Sendable (ImportOutcome, Duration) -> Void = { _, _ in },
        onOutcome: @escaping @Sendable (URL, ImportOutcome) -> Void = { _, _ in },
        time: Timekeeper = .continuous
    ) {
        self.time = time
        self.importer = importer
        self.inbox = inbox
        self.rescanInterval = rescanInterval
        self.logger = logger
        self.onArmed = onArmed
        self.heartbeat = heartbeat
        self.onImported = onImported
        self.onOutcome = onOutcome
    }

    private enum Wake: Sendable { case file(URL), rescan }

    public func run() async throws {
        let watcher = try FolderWatcher(directory: inbox)
        logger.info("watching inbox", metadata: ["inbox": "\(inbox.path)"])
        onArmed()
        heartbeat()
        let (wakes, continuation) = AsyncStream.makeStream(of: Wake.self)
        continuation.yield(.rescan)
        let forwarder = Task {
            for await event in watcher.events() {
                switch event {
                case .fileReady(let url): continuation.yield(.file(url))
                case .overflow: continuation.yield(.rescan)
                }
            }
        }
        let ticker = Task { [rescanInterval, time] in
            while !Task.isCancelled {
                try await time.sleep(for: rescanInterval)
                continuation.yield(.rescan)
            }
        }
        defer {
            forwarder.cancel()
            ticker.cancel()
        }
        for await wake in wakes.cancelOnGracefulShutdown() {
            heartbeat()
            switch wake {
            case .file(let url): await process(url)
            case .rescan:
                for url in scan() {
                    guard !Task.isShuttingDownGracefully else { break }
                    await process(url)
                }
            }
        }
    }

    /// Inbox files in the order they arrived (modification time, then name).
    func scan() -> [URL] {
        let keys: [URLResourceKey] = [.contentModificationDateKey, .isRegularFileKey]
        let urls = (try? FileManager.default.contentsOfDirectory(at: inbox, includingPropertiesForKeys: keys)) ?? []
        return urls
            .filter { FolderWatcher.isCandidate($0.lastPathComponent) }
            .compactMap { url -> (URL, Date)? in
                guard let values = try? url.resourceValues(forKeys: Set(keys)), values.isRegularFile == true else { return nil }
                return (url, values.contentModificationDate ?? .distantPast)
            }
            .sorted { $0.1 == $1.1 ? $0.0.lastPathComponent < $1.0.lastPathComponent : $0.1 < $1.1 }
            .map(\.0)
    }

    private func process(_ url: URL) async {
        // The same file can be announced twice (an event and a rescan); once imported it is gone.
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory), !isDirectory.boolValue else { return }
        let importer = importer
        // An import can take seconds; it runs off the cooperative pool. A shutdown waits for it:
        // every step is recorded, so even a kill would only replay it.
        let start = time.now
        let outcome = await runBlocking { importer.importFile(at: url, disposition: .move) }
        onImported(outcome, time.since(start))
        onOutcome(url, outcome)
    }
}
