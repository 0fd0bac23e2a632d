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
        let router = Self.router(metrics: metrics, database: database, budget: budget, readiness: readiness, review: review, token: token)
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

    /// Every route of the admin port. The health checks are open; `/metrics` and the review
    /// pages are behind the token (`AdminTokenMiddleware`), each answering a stranger its own way.
    static func router(
        metrics: DaemonMetrics, database: CatalogDatabase, budget: CostBudget, readiness: Readiness, review: ReviewRoutes?, token: String?
    ) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in
            (try? await database.status()) != nil ? Self.text(.ok, "ok\n") : Self.text(.serviceUnavailable, "database unavailable\n")
        }
        router.get("/readyz") { _, _ in
            readiness.isReady ? Self.text(.ok, "ready\n") : Self.text(.serviceUnavailable, "starting: watched folders not armed yet\n")
        }
        router.get("/") { _, _ in Response(status: .seeOther, headers: [.location: "/review"]) }
        router.post("/login") { request, _ in
            var request = request
            let fields = ReviewRoutes.formFields(try await request.collectBody(upTo: 1 << 16))
            guard let token, AdminTokenMiddleware<BasicRequestContext>.matches(fields["token"], token) else {
                return ReviewRoutes.html(.unauthorized, ReviewPages.login(error: token == nil ? "No token is configured; nothing to sign in to." : "That is not the admin token."))
            }
            var response = Response(status: .seeOther, headers: [.location: "/review"])
            response.setCookie(Cookie(name: sessionCookie, value: ReviewRoutes.percent(token), path: "/", httpOnly: true))
            return response
        }
        router.group()
            .add(middleware: AdminTokenMiddleware(token: token) { _ in Self.text(.unauthorized, "a bearer token is required\n") })
            .get("/metrics") { _, _ in
                let text = await metrics.scrape(database: database, budget: budget)
                return Response(
                    status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                    body: .init(byteBuffer: ByteBuffer(bytes: text))
                )
            }
        if let review {
            review.register(on: router.group().add(middleware: AdminTokenMiddleware(token: token) { _ in ReviewRoutes.signIn() }))
        }
        return router
    }

    private static func text(_ status: HTTPResponse.Status, _ body: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}
