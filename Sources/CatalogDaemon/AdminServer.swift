import CatalogPipeline
import CatalogStore
import CatalogSystemd
import Foundation
import Hummingbird
import Logging
import NIOCore
import ServiceLifecycle

/// The admin port (loopback by default): `/metrics` for Prometheus, `/healthz` (the database
/// answers) and `/readyz` (every watched folder is armed). A port already in use is logged and
/// the daemon carries on without it.
struct AdminServer: Service {
    let host: String
    let port: Int
    let metrics: DaemonMetrics
    let database: CatalogDatabase
    let budget: CostBudget
    let readiness: Readiness
    let logger: Logger

    func run() async throws {
        let router = Router()
        router.get("/metrics") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: metrics.scrape(database: database, budget: budget)))
            )
        }
        router.get("/healthz") { _, _ in
            (try? database.status()) != nil ? Self.text(.ok, "ok\n") : Self.text(.serviceUnavailable, "database unavailable\n")
        }
        router.get("/readyz") { _, _ in
            readiness.isReady ? Self.text(.ok, "ready\n") : Self.text(.serviceUnavailable, "starting: watched folders not armed yet\n")
        }
        var quiet = logger
        quiet.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "catalogd"),
            onServerRunning: { channel in
                logger.info("admin endpoints on http://\(host):\(channel.localAddress?.port ?? port) (/metrics, /healthz, /readyz)")
            },
            logger: quiet
        )
        do {
            try await app.runService(gracefulShutdownSignals: [])
        } catch {
            logger.error("admin port \(host):\(port) unavailable, carrying on without /metrics: \(error)")
        }
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
