public import CatalogCore
public import Foundation
public import Logging
public import ServiceLifecycle

/// One inventory feed to poll.
public struct InventorySource: Sendable {
    public var name: String
    public var url: String
    public var mapping: InventoryFieldMapping
    public var interval: Duration
    public var timeout: Duration
    /// A source failing (or unchanged-and-unreachable) for longer than this raises an alert.
    public var alertAfter: Duration
    /// Sent as a header (e.g. an API key), never logged.
    public var headers: [(name: String, value: String)]

    public init(
        name: String, url: String, mapping: InventoryFieldMapping = InventoryFieldMapping(), interval: Duration = .seconds(30),
        timeout: Duration = .seconds(10), alertAfter: Duration = .seconds(900), headers: [(name: String, value: String)] = []
    ) {
        self.name = name
        self.url = url
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
    let apply: @Sendable ([StockLevel]) throws -> [StockChange]
    let onChanges: @Sendable ([StockChange]) -> Void
    let logger: Logger
    private var etag: String?
    private var lastModified: String?
    private var failingSince: ContinuousClock.Instant?
    private var failures = 0
    private var alerted = false

    public init(
        source: InventorySource, transport: any HTTPTransport, logger: Logger,
        apply: @escaping @Sendable ([StockLevel]) throws -> [StockChange], onChanges: @escaping @Sendable ([StockChange]) -> Void = { _ in }
    ) {
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
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: self.nextDelay()) }
        }
    }

    /// The interval with ±10% jitter; doubled per consecutive failure, up to 10 minutes.
    func nextDelay() -> Duration {
        let base = source.interval * (1 << min(failures, 5))
        let capped = min(base, max(source.interval, .seconds(600)))
        return capped * Double.random(in: 0.9...1.1)
    }

    public func pollOnce() async -> Result {
        var headers = source.headers + [("Accept", "application/json")]
        if let etag { headers.append(("If-None-Match", etag)) }
        if let lastModified { headers.append(("If-Modified-Since", lastModified)) }
        let result: Result
        do {
            let response = try await transport.send(HTTPRequestSpec(url: source.url, headers: headers, timeout: source.timeout))
            switch response.status {
            case 304:
                result = .notModified
            case 200:
                let (levels, warnings) = try InventoryFeed.parseJSON(Data(response.body), mapping: source.mapping)
                let changes = try apply(levels)
                etag = response.header("ETag")
                lastModified = response.header("Last-Modified")
                result = .applied(changes, warnings: warnings)
            default:
                result = .failed("HTTP \(response.status) from \(source.url)")
            }
        } catch let error as InventoryFeedError {
            result = .failed("rejected the whole response from \(source.url): \(error)")
        } catch {
            result = .failed("\(source.url): \(error)")
        }
        record(result)
        return result
    }

    private func record(_ result: Result) {
        switch result {
        case .failed(let reason):
            failures += 1
            let since = failingSince ?? .now
            failingSince = since
            logger.warning("inventory poll failed (\(failures) in a row), nothing applied: \(reason)")
            if !alerted, ContinuousClock.now - since >= source.alertAfter {
                alerted = true
                logger.error("inventory source has been failing for more than \(source.alertAfter): \(reason)", metadata: ["message_id": "\(JournalMessageID.inventorySourceFailing)"])
            }
        case .notModified, .applied:
            if failures > 0 { logger.notice("inventory source answers again after \(failures) failed poll(s)") }
            failures = 0
            failingSince = nil
            alerted = false
            if case .applied(let changes, let warnings) = result {
                for warning in warnings.prefix(5) { logger.warning("\(warning)") }
                if !changes.isEmpty {
                    logger.info("stock changed for \(changes.count) SKU(s)")
                    onChanges(changes)
                }
            }
        }
    }
}
