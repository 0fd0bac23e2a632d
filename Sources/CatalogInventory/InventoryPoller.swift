public import CatalogCore
import CatalogParsing
public import Foundation
public import Logging
public import ServiceLifecycle

/// One inventory feed to poll: an HTTP(S) URL, or a folder files are dropped in.
public struct InventorySource: Sendable {
    public enum Origin: Sendable, Hashable {
        case url(String)
        /// Each file is one delta, applied whole and moved to `processed/`, or moved to
        /// `quarantine/` with a `.reason` file; the format follows the extension (`.json`,
        /// `.xml`), else the source's format.
        case folder(URL)
    }

    public var name: String
    public var origin: Origin
    public var format: InventoryFormat
    public var mapping: InventoryFieldMapping
    public var interval: Duration
    public var timeout: Duration
    /// A source failing for longer than this raises an alert.
    public var alertAfter: Duration
    /// A source with nothing new (only 304s, or no file dropped) for longer than this raises
    /// an alert: an export job that stopped is as bad as one that fails. Nil: never.
    public var staleAfter: Duration?
    /// Sent as a header (e.g. an API key), never logged.
    public var headers: [(name: String, value: String)]

    public init(
        name: String, origin: Origin, format: InventoryFormat = .json, mapping: InventoryFieldMapping = InventoryFieldMapping(),
        interval: Duration = .seconds(30), timeout: Duration = .seconds(10), alertAfter: Duration = .seconds(900),
        staleAfter: Duration? = nil, headers: [(name: String, value: String)] = []
    ) {
        self.staleAfter = staleAfter
        self.name = name
        self.origin = origin
        self.format = format
        self.mapping = mapping
        self.interval = interval
        self.timeout = timeout
        self.alertAfter = alertAfter
        self.headers = headers
    }
}

/// Polls one inventory feed with conditional requests (ETag / Last-Modified), applies each new
/// response whole through `apply`, backs off while the source fails, and alerts (with a stable
/// MESSAGE_ID) once it has failed for longer than `alertAfter`.
public actor InventoryPoller: Service {
    public enum Result: Hashable, Sendable {
        case notModified
        case applied([StockChange], warnings: [String])
        case failed(String)
    }

    let source: InventorySource
    let transport: any HTTPTransport
    let apply: @Sendable ([StockLevel]) async throws -> [StockChange]
    /// Called after a poll applied changes; they are in the store (the daemon reads its stock
    /// reactions back from there, so a crash between the two loses nothing).
    let onChanges: @Sendable () async -> Void
    let logger: Logger
    private var etag: String?
    private var lastModified: String?
    /// The poll interval, the failing and stale alerts: all on this clock.
    let time: Timekeeper
    private var failingSince: Duration?
    private var failures = 0
    private var alerted = false
    /// When the source last delivered something new (or when polling started).
    private var freshAt: Duration
    private var staleAlerted = false

    public init(
        source: InventorySource, transport: any HTTPTransport, logger: Logger,
        apply: @escaping @Sendable ([StockLevel]) async throws -> [StockChange], onChanges: @escaping @Sendable () async -> Void = {},
        time: Timekeeper = .continuous
    ) {
        self.time = time
        self.freshAt = time.now
        self.source = source
        self.transport = transport
        self.apply = apply
        self.onChanges = onChanges
        var logger = logger
        logger[metadataKey: "source"] = "\(source.name)"
        logger[metadataKey: "stage"] = "inventory"
        self.logger = logger
    }

    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            _ = await pollOnce()
            try? await cancelWhenGracefulShutdown { try await self.time.sleep(for: self.nextDelay()) }
        }
    }

    /// The interval with ±10% jitter; doubled per consecutive failure, up to 10 minutes.
    func nextDelay() -> Duration {
        let base = source.interval * (1 << min(failures, 5))
        let capped = min(base, max(source.interval, .seconds(600)))
        return capped * Double.random(in: 0.9...1.1)
    }

    public func pollOnce() async -> Result {
        let result: Result = switch source.origin {
        case .url(let url): await poll(url)
        case .folder(let folder): await scan(folder)
        }
        await record(result)
        return result
    }

    private func poll(_ url: String) async -> Result {
        var headers = source.headers + [("Accept", source.format == .xml ? "application/xml, text/xml" : "application/json")]
        if let etag { headers.append(("If-None-Match", etag)) }
        if let lastModified { headers.append(("If-Modified-Since", lastModified)) }
        do {
            let response = try await transport.send(HTTPRequestSpec(url: url, headers: headers, timeout: source.timeout))
            switch response.status {
            case 304:
                return .notModified
            case 200:
                let (levels, warnings) = try InventoryFeed.parse(Data(response.body), format: source.format, mapping: source.mapping)
                let changes = try await apply(levels)
                etag = response.header("ETag")
                lastModified = response.header("Last-Modified")
                return .applied(changes, warnings: warnings)
            default:
                return .failed("HTTP \(response.status) from \(url)")
            }
        } catch let error as InventoryFeedError {
            return .failed("rejected the whole response from \(url): \(error)")
        } catch {
            return .failed("\(url): \(error)")
        }
    }

    /// Applies every file waiting in the folder, oldest first. A file that cannot be used is
    /// quarantined with its reason and the others still apply; only a folder that cannot be
    /// read counts as a failing source.
    private func scan(_ folder: URL) async -> Result {
        let files: [URL]
        do {
            files = try FileManager.default.contentsOfDirectory(at: folder, includingPropertiesForKeys: [.contentModificationDateKey, .isRegularFileKey])
                .filter { FolderWatcher.isCandidate($0.lastPathComponent) && (try? $0.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true }
                .sorted { (Self.modified($0), $0.lastPathComponent) < (Self.modified($1), $1.lastPathComponent) }
        } catch {
            return .failed("cannot read the folder \(folder.path): \(error.localizedDescription)")
        }
        guard !files.isEmpty else { return .notModified }
        var changes: [StockChange] = []
        var warnings: [String] = []
        for file in files {
            let format = InventoryFormat(rawValue: file.pathExtension.lowercased()) ?? source.format
            do {
                let (levels, fileWarnings) = try InventoryFeed.parse(try Data(contentsOf: file), format: format, mapping: source.mapping)
                changes += try await apply(levels)
                warnings += fileWarnings.map { "\(file.lastPathComponent) \($0)" }
                try Self.move(file, to: "processed")
            } catch let error as InventoryFeedError {
                quarantine(file, reason: error.message)
            } catch {
                // The database refused the stock: leave the file for the next scan.
                return .failed("\(file.lastPathComponent): \(error)")
            }
        }
        return .applied(changes, warnings: warnings)
    }

    private func quarantine(_ file: URL, reason: String) {
        logger.error("inventory file quarantined, nothing from it applied: \(file.lastPathComponent): \(reason)", metadata: [
            "message_id": "\(JournalMessageID.importQuarantined)", "file": "\(file.lastPathComponent)",
        ])
        do {
            let moved = try Self.move(file, to: "quarantine")
            try Data("\(reason)\n".utf8).write(to: moved.appendingPathExtension("reason"))
        } catch {
            logger.error("cannot move \(file.lastPathComponent) to quarantine: \(error)")
        }
    }

    /// Moves a file into a subfolder, prefixed with the time so a name dropped twice keeps both.
    @discardableResult
    static func move(_ file: URL, to subfolder: String) throws -> URL {
        let folder = file.deletingLastPathComponent().appendingPathComponent(subfolder, isDirectory: true)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let stamp = Int(Date().timeIntervalSince1970 * 1000)
        let destination = folder.appendingPathComponent("\(stamp)-\(file.lastPathComponent)")
        try FileManager.default.moveItem(at: file, to: destination)
        return destination
    }

    private static func modified(_ file: URL) -> Date {
        (try? file.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }

    private func record(_ result: Result) async {
        switch result {
        case .failed(let reason):
            failures += 1
            let since = failingSince ?? time.now
            failingSince = since
            logger.warning("inventory poll failed (\(failures) in a row), nothing applied: \(reason)")
            if !alerted, time.since(since) >= source.alertAfter {
                alerted = true
                logger.error("inventory source has been failing for more than \(source.alertAfter): \(reason)", metadata: ["message_id": "\(JournalMessageID.inventorySourceFailing)"])
            }
        case .notModified, .applied:
            if failures > 0 { logger.notice("inventory source answers again after \(failures) failed poll(s)") }
            failures = 0
            failingSince = nil
            alerted = false
            if case .notModified = result, let staleAfter = source.staleAfter, !staleAlerted, time.since(freshAt) >= staleAfter {
                staleAlerted = true
                logger.error("inventory source has had nothing new for more than \(staleAfter); is the export still running?", metadata: [
                    "message_id": "\(JournalMessageID.inventorySourceStale)",
                ])
            }
            if case .applied(let changes, let warnings) = result {
                freshAt = time.now
                staleAlerted = false
                for warning in warnings.prefix(5) { logger.warning("\(warning)") }
                if !changes.isEmpty {
                    logger.info("stock changed for \(changes.count) SKU(s)")
                    await onChanges()
                }
            }
        }
    }
}
