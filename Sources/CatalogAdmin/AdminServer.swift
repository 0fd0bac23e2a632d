public import CatalogPipeline
public import CatalogStore
public import CatalogSystemd
import Foundation
import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle

/// The admin port (loopback by default): `/metrics` for Prometheus, `/healthz` (the database
/// answers) and `/readyz` (every watched folder is armed). A port already in use is logged and
/// the daemon carries on without it.
public struct AdminServer: Service {
    let host: String
    let port: Int
    let metrics: DaemonMetrics
    let database: CatalogDatabase
    let budget: CostBudget
    let readiness: Readiness
    /// The review pages, and the token every page but the health checks asks for (nil: none).
    let review: ReviewRoutes?
    let token: String?
    let logger: Logger

    public init(
        host: String, port: Int, metrics: DaemonMetrics, database: CatalogDatabase, budget: CostBudget, readiness: Readiness,
        review: ReviewRoutes?, token: String?, logger: Logger
    ) {
        self.host = host
        self.port = port
        self.metrics = metrics
        self.database = database
        self.budget = budget
        self.readiness = readiness
        self.review = review
        self.token = token
        self.logger = logger
    }

    public func run() async throws {
        let router = Router()
        let authorized: @Sendable (Request) -> Bool = { [token] request in
            guard let token else { return true }
            let bearer = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : "" }
            return Self.matches(bearer ?? request.cookies["catalogd_session"]?.value, token)
        }
        router.get("/metrics") { request, _ in
            guard authorized(request) else { return Self.text(.unauthorized, "a bearer token is required\n") }
            return Response(
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
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/review"]) }
        router.post("/login") { request, _ in
            var request = request
            let fields = ReviewRoutes.formFields(try await request.collectBody(upTo: 1 << 16))
            guard let token, Self.matches(fields["token"], token) else {
                return ReviewRoutes.html(.unauthorized, ReviewPages.login(error: token == nil ? "No token is configured; nothing to sign in to." : "That is not the admin token."))
            }
            var response = Response(status: .seeOther, headers: [.location: "/review"])
            response.setCookie(Cookie(name: "catalogd_session", value: ReviewRoutes.percent(token), path: "/", httpOnly: true))
            return response
        }
        review?.register(on: router, authorized: authorized)
        var quiet = logger
        quiet.logLevel = .warning
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "catalogd"),
            onServerRunning: { channel in
                logger.info("admin endpoints on http://\(host):\(channel.localAddress?.port ?? port) (/metrics, /healthz, /readyz, /review)")
            },
            logger: quiet
        )
        do {
            try await app.runService(gracefulShutdownSignals: [])
        } catch {
            logger.error("admin port \(host):\(port) unavailable, carrying on without /metrics: \(error)")
        }
    }

    /// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
    static func matches(_ offered: String?, _ token: String) -> Bool {
        guard let offered = offered?.removingPercentEncoding ?? offered else { return false }
        let a = Array(offered.utf8), b = Array(token.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
