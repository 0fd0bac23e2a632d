import Foundation
import Hummingbird

/// Admits a request that carries the admin token, as a bearer header (Prometheus, scripts) or as
/// the session cookie the sign-in page sets (a browser); answers any other with `denied`. With
/// no token configured every request is admitted: the admin port listens on loopback unless
/// told otherwise.
struct AdminTokenMiddleware<Context: RequestContext>: RouterMiddleware {
    let token: String?
    let denied: @Sendable (Request) -> Response

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard Self.admits(request, token: token) else { return denied(request) }
        return try await next(request, context)
    }

    static func admits(_ request: Request, token: String?) -> Bool {
        guard let token else { return true }
        let bearer = request.headers[.authorization].map { $0.hasPrefix("Bearer ") ? String($0.dropFirst(7)) : "" }
        return matches(bearer ?? request.cookies[sessionCookie]?.value, token)
    }

    /// Constant-time comparison, so the token cannot be guessed byte by byte from timings.
    static func matches(_ offered: String?, _ token: String) -> Bool {
        guard let offered = offered?.removingPercentEncoding ?? offered else { return false }
        let a = Array(offered.utf8), b = Array(token.utf8)
        guard a.count == b.count else { return false }
        return zip(a, b).reduce(0) { $0 | ($1.0 ^ $1.1) } == 0
    }
}

/// The cookie a browser signed in with the admin token carries.
let sessionCookie = "catalogd_session"
