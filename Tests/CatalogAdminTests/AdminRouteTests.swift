@testable import CatalogAdmin
import CatalogConfiguration
import CatalogPipeline
import CatalogReview
import CatalogStore
import CatalogSystemd
import CatalogTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Testing

/// The admin port's routes through Hummingbird's router test client: which are open, which ask
/// for the token and how each answers a stranger, signing in, and the review pages' form rules.
/// (`AdminEndpointTests` checks the same port on the real daemon.)
@Suite struct AdminRouteTests {
    let directory = TemporaryDirectory()

    func app(token: String?, ready: Bool = true) async throws -> some ApplicationProtocol {
        let file = try directory.write("catalogd.toml", "state_dir = \"\(directory.path("state").path)\"\n")
        let environment = try CatalogEnvironment(configuration: try Configuration.load(file: file.path, environment: [:]))
        try await environment.database.seedReviewItems(skus: ["A-1"], target: "manual")
        let readiness = Readiness(expected: 1)
        if ready { readiness.arrive() }
        let review = ReviewRoutes(desk: ReviewDesk(configuration: environment.configuration, database: environment.database), logger: Logger(label: "test"))
        let router = AdminServer.router(
            metrics: DaemonMetrics(), database: environment.database, budget: CostBudget(), readiness: readiness, review: review, token: token
        )
        return Application(router: router)
    }

    @Test func healthChecksAreOpenAndMetricsAskForTheToken() async throws {
        try await app(token: "s3cret").test(.router) { client in
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(String(buffer: response.body) == "a bearer token is required\n")
            }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer wrong"]) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer s3cret"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("catalogd_products "))
            }
        }
    }

    @Test func withoutATokenEveryRouteIsOpen() async throws {
        try await app(token: nil).test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/review", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func readinessWaitsForTheWatchedFolders() async throws {
        try await app(token: nil, ready: false).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .serviceUnavailable)
                #expect(String(buffer: response.body).contains("not armed"))
            }
        }
    }

    /// A stranger gets the sign-in page; signing in with the token sets the session cookie,
    /// and the cookie opens the queue.
    @Test func theReviewPagesSignInWithTheToken() async throws {
        try await app(token: "s3cret").test(.router) { client in
            try await client.execute(uri: "/review", method: .get) { response in
                #expect(response.status == .unauthorized)
                #expect(response.headers[.wwwAuthenticate] == "Bearer realm=\"catalogd\"")
                #expect(String(buffer: response.body).contains("name=\"token\""))
            }
            try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "token=nope")) {
                #expect($0.status == .unauthorized)
            }
            let cookie = try await client.execute(uri: "/login", method: .post, headers: [.contentType: "application/x-www-form-urlencoded"], body: ByteBuffer(string: "token=s3cret")) { response in
                #expect(response.status == .seeOther)
                return response.headers[.setCookie] ?? ""
            }
            #expect(cookie.hasPrefix("catalogd_session=s3cret"))
            try await client.execute(uri: "/review", method: .get, headers: [.cookie: "catalogd_session=s3cret"]) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("A-1"))
            }
            // Decisions are behind the token too.
            try await client.execute(uri: "/review/1/approve", method: .post, body: ByteBuffer(string: "reviewer=ana")) { #expect($0.status == .unauthorized) }
        }
    }

    /// A decision without this process's form token, or posted from another site, changes
    /// nothing.
    @Test func aDecisionNeedsThePagesFormToken() async throws {
        try await app(token: nil).test(.router) { client in
            let form: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
            try await client.execute(uri: "/review/1/approve", method: .post, headers: form, body: ByteBuffer(string: "reviewer=ana&form_token=forged")) { response in
                #expect(response.status == .forbidden)
                #expect(String(buffer: response.body).contains("stale or came from another site"))
            }
            try await client.execute(uri: "/review/1", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains("open"), "still open")
            }
        }
    }
}
