import CatalogCore
public import CatalogReview
import CatalogStore
import Crypto
import Foundation
import Hummingbird
public import Logging
import NIOCore

/// The review pages on the admin port. Decisions are POSTed forms carrying a per-process form
/// token (a page on another site cannot post to the loopback port in the reviewer's name); who
/// decided comes from the form's reviewer field, remembered in a cookie, and goes to the audit
/// log as `web:NAME`.
public struct ReviewRoutes: Sendable {
    let desk: ReviewDesk
    let formToken: String
    let logger: Logger

    public init(desk: ReviewDesk, logger: Logger) {
        self.desk = desk
        self.logger = logger
        formToken = (0..<16).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
    }

    /// The pages and decisions; `router` is a group behind the admin token.
    func register(on router: RouterGroup<BasicRequestContext>) {
        registerHolds(on: router)
        router.get("/review") { request, _ in
            let query = request.uri.queryParameters
            let reason = query["reason"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let locale = query["locale"].map(String.init).flatMap { $0.isEmpty ? nil : $0 }
            let state = query["state"].map(String.init) ?? "open"
            let items = try await desk.list(reason: reason, locale: locale, state: state)
            let holds = ReviewPages.holds(try await desk.heldImports(), form: form(request))
            return Self.html(.ok, ReviewPages.list(
                items, reason: reason, locale: locale, state: state, notice: query["done"].map { String($0).removingPercentEncoding ?? String($0) }, holds: holds
            ))
        }
        router.get("/review/:id") { request, context in
            let id = try context.parameters.require("id", as: Int64.self)
            return try await page(id) { ReviewPages.item($0, form: form(request), notice: request.uri.queryParameters["done"].map { String($0).removingPercentEncoding ?? String($0) }) }
        }
        router.get("/review/:id/edit") { request, context in
            let id = try context.parameters.require("id", as: Int64.self)
            return try await page(id) { ReviewPages.edit($0, form: form(request)) }
        }
        router.post("/review/:id/:decision") { request, context in
            var request = request
            let id = try context.parameters.require("id", as: Int64.self)
            let decision = try context.parameters.require("decision")
            guard let fields = try await postedForm(&request, upTo: 1 << 20) else { return Self.staleForm() }
            let reviewer = (fields["reviewer"] ?? "").trimmingCharacters(in: .whitespaces)
            guard !reviewer.isEmpty else { return try await page(id, status: .badRequest) { ReviewPages.item($0, form: form(request), error: "Say who you are in the Reviewer field.") } }
            let actor = "web:\(reviewer)"
            do {
                switch decision {
                case "approve":
                    // A conflict's fields, each kept from the shop when its box is ticked.
                    let keepShop = Set(CopyField.allCases.filter { fields["keep_\($0.rawValue)"] != nil })
                    let detail = try await desk.approve(id, by: actor, keepShop: keepShop)
                    return try await next(after: detail, message: "#\(id) approved: \(detail.item.sku) [\(detail.item.locale)] is queued for \(desk.target)", reviewer: reviewer)
                case "reject":
                    let detail = try await desk.reject(id, by: actor, note: fields["note"] ?? "")
                    return try await next(after: detail, message: "#\(id) rejected", reviewer: reviewer)
                case "assign":
                    try await desk.assign(id, to: fields["assignee"] ?? "", by: actor)
                    return Self.redirect("/review/\(id)?done=" + Self.percent("assigned to \(fields["assignee"] ?? "")"), reviewer: reviewer)
                case "edit":
                    let legal = try await desk.edit(
                        id, title: fields["title"] ?? "", metaTitle: fields["meta_title"] ?? "", metaDescription: fields["meta_description"] ?? "",
                        bodyHTML: fields["body"] ?? "", by: actor
                    )
                    let note = legal.isEmpty ? "edit saved; approve it when it reads right" : "edit saved; it still matches legal-review rules: \(legal.joined(separator: "; "))"
                    return Self.redirect("/review/\(id)?done=" + Self.percent(note), reviewer: reviewer)
                default:
                    return Self.html(.notFound, ReviewPages.page("Not found", "<p>No such decision.</p>"))
                }
            } catch let error as ReviewError {
                logger.notice("review decision refused: \(error.message)", metadata: ["review": "\(id)", "actor": "\(actor)"])
                if decision == "edit" {
                    return try await page(id, status: .unprocessableContent) { ReviewPages.edit($0, form: form(request), error: error.message) }
                }
                return try await page(id, status: .conflict) { ReviewPages.item($0, form: form(request), error: error.message) }
            }
        }
    }

    /// Decisions on held imports, from the queue page.
    func registerHolds(on router: RouterGroup<BasicRequestContext>) {
        router.post("/imports/:id/:decision") { request, context in
            var request = request
            let id = try context.parameters.require("id", as: Int64.self)
            let decision = try context.parameters.require("decision")
            guard let fields = try await postedForm(&request, upTo: 1 << 16) else { return Self.staleForm() }
            let reviewer = (fields["reviewer"] ?? "").trimmingCharacters(in: .whitespaces)
            do {
                guard !reviewer.isEmpty else { throw ReviewError(message: "Say who you are in the Reviewer field.") }
                let message: String
                switch decision {
                case "approve": message = "import #\(id) applied: \(try await desk.approveHold(id, by: "web:\(reviewer)"))"
                case "reject": message = "import #\(id) rejected; the file is in \(try await desk.rejectHold(id, by: "web:\(reviewer)", note: fields["note"] ?? ""))"
                default: return Self.html(.notFound, ReviewPages.page("Not found", "<p>No such decision.</p>"))
                }
                return Self.redirect("/review?done=" + Self.percent(message), reviewer: reviewer)
            } catch {
                let message = (error as? ReviewError)?.message ?? (error as? CatalogError)?.message ?? "\(error)"
                return Self.html(.conflict, ReviewPages.page("Refused", "<p class=\"error\">\(ReviewPages.esc(message))</p><p><a href=\"/review\">Back to the queue</a></p>"))
            }
        }
    }

    /// A posted decision form's fields, or nil when it lacks this process's form token or came
    /// from another site.
    private func postedForm(_ request: inout Request, upTo limit: Int) async throws -> [String: String]? {
        let fields = Self.formFields(try await request.collectBody(upTo: limit))
        return fields["form_token"] == formToken && Self.sameOrigin(request) ? fields : nil
    }

    static func staleForm() -> Response {
        html(.forbidden, ReviewPages.page("Refused", "<p class=\"error\">This form is stale or came from another site. Reload the page and try again.</p>"))
    }

    /// After a decision: the next open item, or the queue when none is left.
    private func next(after detail: ReviewDetail, message: String, reviewer: String) async throws -> Response {
        let next = try await desk.list().first
        return Self.redirect((next.map { "/review/\($0.id)" } ?? "/review") + "?done=" + Self.percent(message), reviewer: reviewer)
    }

    private func page(_ id: Int64, status: HTTPResponse.Status = .ok, _ render: (ReviewDetail) -> String) async throws -> Response {
        do {
            return Self.html(status, render(try await desk.detail(id)))
        } catch let error as ReviewError {
            return Self.html(.notFound, ReviewPages.page("Not found", "<p class=\"error\">\(ReviewPages.esc(error.message))</p><p><a href=\"/review\">Back to the queue</a></p>"))
        }
    }

    private func form(_ request: Request) -> ReviewPages.FormContext {
        ReviewPages.FormContext(token: formToken, reviewer: request.cookies["catalogd_reviewer"]?.value.removingPercentEncoding ?? "")
    }

    static func signIn() -> Response {
        var response = html(.unauthorized, ReviewPages.login(error: nil))
        response.headers[.wwwAuthenticate] = "Bearer realm=\"catalogd\""
        return response
    }

    static func html(_ status: HTTPResponse.Status, _ page: String) -> Response {
        Response(
            status: status,
            headers: [.contentType: "text/html; charset=utf-8", .cacheControl: "no-store", .contentSecurityPolicy: "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"],
            body: .init(byteBuffer: ByteBuffer(string: page))
        )
    }

    static func redirect(_ location: String, reviewer: String) -> Response {
        var response = Response(status: .seeOther, headers: [.location: location])
        response.setCookie(Cookie(name: "catalogd_reviewer", value: percent(reviewer), maxAge: 30 * 86_400, path: "/", httpOnly: true))
        return response
    }

    static func percent(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// A POST without an Origin header (curl, old browsers) passes; one whose Origin names
    /// another host is refused.
    static func sameOrigin(_ request: Request) -> Bool {
        guard let origin = request.headers[.origin], let host = request.head.authority else { return true }
        guard let url = URL(string: origin), let originHost = url.host else { return false }
        return originHost + (url.port.map { ":\($0)" } ?? "") == host
    }

    /// application/x-www-form-urlencoded.
    static func formFields(_ buffer: ByteBuffer) -> [String: String] {
        var fields: [String: String] = [:]
        for pair in String(buffer: buffer).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ text: Substring) -> String { text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text) }
            fields[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return fields
    }
}
