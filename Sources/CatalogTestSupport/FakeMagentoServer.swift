import CatalogCore
import CatalogOpenAPI
public import Foundation
import Hummingbird
import NIOCore

/// A loopback Magento REST API that behaves like a 2.4 install where catalogd depends on it:
/// admin tokens from `POST /V1/integration/admin/token` (which expire) and integration tokens,
/// `/rest/<store code>/V1/…` scopes (`all` is global; no code means the default store view),
/// every request body checked against the pinned OpenAPI subset in `adapters/magento/` and
/// answered with Magento's own messages (`message` with `%1` or `%name` placeholders and
/// `parameters`), url_key uniqueness per store view, searches by SKU, and the asynchronous bulk
/// API with per-operation statuses 1–5, plus injected faults.
public final class FakeMagentoServer: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`.
    public let integrationToken: String
    public let adminUser: (username: String, password: String)
    private let document: OpenAPIDocument
    private let lock = NSLock()
    private var state: FakeMagentoStore
    private var faultSettings = FakeServerFaults()
    private var random = SeededGenerator(seed: 11)
    private var adminTokens: Set<String> = []
    private var issuedTokens = 0
    private var bulks: [String: Bulk] = [:]
    private var bulkRetriableRate = 0.0
    /// Whether the `async.operations.all` consumer runs. When it does not (no cron, consumers
    /// not started), Magento accepts bulks and reports their operations open for ever.
    private var consumersRunning = true
    /// Store and SKU of operations already failed retriably: a second run succeeds.
    private var failedOnce: Set<String> = []
    private var requestCount = 0
    private var searches = 0
    private var refusedOperations = 0
    /// The web API input limit on search pages (Adobe, "API security": off by default, 300
    /// when on); nil: off.
    private var maximumPageSize: Int?
    private var rejected: [String] = []
    private var loopback = LoopbackServer()

    private struct Bulk {
        struct Operation {
            let sku: String
            let product: [String: Any]
            var status: BulkStatus
            var message: String
        }
        let store: String?
        var operations: [Operation]
        let started: Date
    }

    private enum BulkStatus: Int { case complete = 1, retriable = 2, failed = 3, open = 4, rejected = 5 }

    public init(store: FakeMagentoStore, integrationToken: String = "integration-token", adminUser: (String, String) = ("catalogd", "s3cret-pass")) throws {
        self.state = store
        self.integrationToken = integrationToken
        self.adminUser = adminUser
        self.document = try OpenAPIDocument(data: Data(contentsOf: Self.schemaFile))
    }

    /// The pinned schema subset, read from the repository.
    public static var schemaFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("adapters/magento/magento-2.4-rest.json")
    }

    public var url: String { "http://127.0.0.1:\(lock.withLock { loopback.port })" }
    public var store: FakeMagentoStore { lock.withLock { state } }
    public func updateStore(_ change: (inout FakeMagentoStore) -> Void) { lock.withLock { change(&state) } }
    public func setFaults(_ faults: FakeServerFaults) { lock.withLock { faultSettings = faults } }
    /// Share of bulk operations the consumer fails with status 2 (retriable) on their first run.
    public func setBulkRetriableRate(_ rate: Double) { lock.withLock { bulkRetriableRate = rate } }
    public func setConsumersRunning(_ running: Bool) { lock.withLock { consumersRunning = running } }
    /// Turns the input limit on search page sizes on (`Maximum SearchCriteria pageSize is N`).
    public func setMaximumPageSize(_ limit: Int?) { lock.withLock { maximumPageSize = limit } }
    /// Bulk operations the consumer ended failed (3) or rejected (5).
    public var bulkOperationsRefused: Int { lock.withLock { refusedOperations } }
    /// Product searches answered so far.
    public var searchesAnswered: Int { lock.withLock { searches } }
    /// Admin tokens expire (4 h by default in Magento); this expires every token issued so far.
    public func expireAdminTokens() { lock.withLock { adminTokens.removeAll() } }
    public var requests: Int { lock.withLock { requestCount } }
    public var tokensIssued: Int { lock.withLock { issuedTokens } }
    /// Request bodies that failed schema validation, with the reasons: should stay empty.
    public var invalidRequests: [String] { lock.withLock { rejected } }

    public func start() async throws {
        let router = Router()
        for method in [HTTPRequest.Method.get, .put, .post] {
            router.on("**", method: method) { request, _ in try await self.handle(request) }
        }
        var server = LoopbackServer()
        await server.start(router, label: "fake-magento")
        lock.withLock { loopback = server }
    }

    public func stop() async {
        await lock.withLock { loopback }.stop()
    }

    private func handle(_ request: Request) async throws -> Response {
        var request = request
        let bodyBuffer = try await request.collectBody(upTo: 64 << 20)
        let fault = lock.withLock { () -> FakeServerFaults.Fault in
            requestCount += 1
            return faultSettings.roll(&random)
        }
        switch fault {
        case .down: return Self.text(503, "Service Unavailable")
        case .serverError(let status): return Self.text(status, "<html><body>\(status) Bad Gateway</body></html>")
        case .delay(let delay): try await Task.sleep(for: delay)
        case .none: break
        }
        // /rest[/<store>]/V1/… or /rest[/<store>]/async/bulk/V1/…
        var segments = request.uri.path.split(separator: "/").map(String.init)
        guard segments.first == "rest" else { return Self.error(404, "Request does not match any route.") }
        segments.removeFirst()
        var storeCode: String?
        if let first = segments.first, first != "V1", first != "async" {
            storeCode = first
            segments.removeFirst()
        }
        let path = "/" + segments.joined(separator: "/")
        guard let (operation, parameters) = document.operation(method: request.method.rawValue, path: path) else {
            return Self.error(404, "Request does not match any route.")
        }
        var body: JSON?
        var object: Any?
        if operation.body != nil {
            let data = Data(buffer: bodyBuffer)
            guard let decoded = try? JSONDecoder().decode(JSON.self, from: data), let parsed = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
                lock.withLock { rejected.append("\(operation.operationID): body is not JSON") }
                return Self.error(400, "Decoding error: %1", ["Syntax error"])
            }
            body = decoded
            object = parsed
            if let first = document.violations(of: decoded, for: operation).first {
                lock.withLock { rejected.append("\(operation.operationID): \(first)") }
                let (message, parameters) = first.magentoMessage
                return Self.json(400, ["message": message, "parameters": parameters.foundationObject])
            }
        }
        if operation.operationID == "integrationAdminTokenServiceV1CreateAdminAccessTokenPost" {
            return issueToken(body)
        }
        let authorization = request.headers[.authorization] ?? ""
        let authorized = lock.withLock { authorization == "Bearer \(integrationToken)" || adminTokens.contains(String(authorization.dropFirst("Bearer ".count))) }
        guard authorized else {
            return Self.json(401, ["message": "The consumer isn't authorized to access %resources.", "parameters": ["resources": "Magento_Catalog::products"]])
        }
        let query = Self.queryItems(request.uri.query ?? "")
        return lock.withLock {
            let response = dispatch(operation.operationID, parameters: parameters, query: query, store: storeCode, body: object)
            return faultSettings.failsAfterRunning(&random) ? Self.text(502, "<html><body>502 Bad Gateway</body></html>") : response
        }
    }

    private func issueToken(_ body: JSON?) -> Response {
        guard body?["username"]?.string == adminUser.username, body?["password"]?.string == adminUser.password else {
            return Self.error(401, "The account sign-in was incorrect or your account is disabled temporarily. Please wait and try again later.")
        }
        let token = lock.withLock { () -> String in
            issuedTokens += 1
            let token = "admin-token-\(issuedTokens)"
            adminTokens.insert(token)
            return token
        }
        return Self.json(200, token)
    }

    /// Called with the lock held.
    private func dispatch(_ operationID: String, parameters: [String: String], query: [String: String], store code: String?, body: Any?) -> Response {
        if code != nil, state.storeID(code) == nil {
            return Self.error(400, "The store that was requested wasn't found. Verify the store and try again.")
        }
        let store = state.storeID(code) ?? 0
        switch operationID {
        case "storeStoreRepositoryV1GetListGet":
            let admin: [String: Any] = ["id": 0, "code": "admin", "name": "Admin", "website_id": 0, "store_group_id": 0, "is_active": 1]
            return Self.json(200, [admin] + state.storeViews.map { ["id": $0.id, "code": $0.code, "name": $0.code.capitalized, "website_id": 1, "store_group_id": 1, "is_active": $0.active ? 1 : 0] })
        case "storeStoreConfigManagerV1GetStoreConfigsGet":
            return Self.json(200, state.storeViews.map { view -> [String: Any] in
                let base = "https://shop.example/"
                return [
                    "id": view.id, "code": view.code, "website_id": 1, "locale": view.locale, "base_currency_code": "EUR",
                    "default_display_currency_code": "EUR", "timezone": "Europe/Berlin", "weight_unit": "kgs",
                    "base_url": base, "base_link_url": base, "base_static_url": base + "static/", "base_media_url": base + "media/",
                    "secure_base_url": base, "secure_base_link_url": base, "secure_base_static_url": base + "static/", "secure_base_media_url": base + "media/",
                ]
            })
        case "catalogProductRepositoryV1GetGet":
            guard let product = state.products[parameters["sku"] ?? ""] else { return Self.productNotFound }
            return Self.json(200, state.representation(product, store: store))
        case "catalogProductRepositoryV1GetListGet":
            return search(query, store: store)
        case "catalogProductRepositoryV1SavePut":
            let product = (body as? [String: Any])?["product"] as? [String: Any] ?? [:]
            let sku = parameters["sku"] ?? ""
            switch state.save(sku: sku, product: product, store: code, bulk: false) {
            case .saved(let saved): return Self.json(200, state.representation(saved, store: store))
            case .notFound: return Self.productNotFound
            case .unknownStore: return Self.error(400, "The store that was requested wasn't found. Verify the store and try again.")
            case .urlKeyTaken: return Self.error(400, "URL key for specified store already exists.")
            case .missingAttribute(let name): return Self.error(400, "The \"%1\" attribute value is empty. Set the attribute and try again.", [name])
            }
        case "catalogProductRepositoryV1SavePost":
            let product = (body as? [String: Any])?["product"] as? [String: Any] ?? [:]
            switch state.create(product: product) {
            case .saved(let saved): return Self.json(200, state.representation(saved, store: 0))
            case .missingAttribute(let name): return Self.error(400, "The \"%1\" attribute value is empty. Set the attribute and try again.", [name])
            case .urlKeyTaken: return Self.error(400, "URL key for specified store already exists.")
            case .notFound, .unknownStore: return Self.error(400, "The product was unable to be saved. Please try again.")
            }
        case "asyncBulkCatalogProductRepositoryV1SavePutBySku":
            return acceptBulk(body as? [[String: Any]] ?? [], store: code)
        case "asynchronousOperationsBulkStatusV1GetBulkDetailedStatusGet":
            return bulkStatus(parameters["bulkUuid"] ?? "")
        default:
            return Self.error(404, "Request does not match any route.")
        }
    }

    private func search(_ query: [String: String], store: Int) -> Response {
        let prefix = "searchCriteria[filter_groups][0][filters][0]"
        let field = query["\(prefix)[field]"] ?? ""
        let value = query["\(prefix)[value]"] ?? ""
        let condition = query["\(prefix)[condition_type]"] ?? "eq"
        // With the input limits on, an absent pageSize is 20 and a larger one than allowed is
        // refused (Magento\Framework\Webapi\Validator\SearchCriteriaValidator); off, an absent
        // pageSize reads everything.
        let asked = query["searchCriteria[pageSize]"].flatMap { Int($0) }
        if let maximumPageSize, let asked, asked > maximumPageSize {
            return Self.error(400, "Maximum SearchCriteria pageSize is %max", ["max": "\(maximumPageSize)"])
        }
        searches += 1
        var matches = Array(state.products.values).sorted { $0.id < $1.id }
        switch (field, condition) {
        case ("", _): break
        case ("sku", "in"): let wanted = Set(value.split(separator: ",").map(String.init)); matches = matches.filter { wanted.contains($0.sku) }
        case ("sku", _): matches = matches.filter { $0.sku == value }
        case ("updated_at", "gt"), ("updated_at", "gteq"):
            // Magento compares the stored second-precision timestamp.
            let since = FakeMagentoStore.timestampFormatter.date(from: value) ?? .distantPast
            matches = matches.filter { product in
                let stored = product.updatedAt.timeIntervalSince1970.rounded(.down)
                return condition == "gt" ? stored > since.timeIntervalSince1970 : stored >= since.timeIntervalSince1970
            }
            if query["searchCriteria[sortOrders][0][field]"] == "updated_at" {
                matches.sort { ($0.updatedAt, $0.id) < ($1.updatedAt, $1.id) }
            }
        default:
            return Self.error(400, "\"%fieldName\" is not a valid search field.", ["fieldName": field])
        }
        let pageSize = asked ?? (maximumPageSize == nil ? max(matches.count, 1) : 20)
        // A page past the last is answered with the last page (the collection clamps it).
        let lastPage = max(1, (matches.count + pageSize - 1) / pageSize)
        let page = min(max(1, query["searchCriteria[currentPage]"].flatMap { Int($0) } ?? 1), lastPage)
        let items = matches.dropFirst((page - 1) * pageSize).prefix(pageSize).map { state.representation($0, store: store) }
        return Self.json(200, ["items": Array(items), "search_criteria": ["page_size": pageSize], "total_count": matches.count])
    }

    /// Adobe's bulk endpoints: a route parameter the route replaces with `by<Param>`
    /// (`products/bySku` for `products/{sku}`) is given in every item of the payload, at the
    /// top level (the schema in `adapters/magento` requires it, so an item without it is
    /// refused before this runs). The operation saves the product that route parameter names,
    /// as `PUT products/{sku}` would; a `sku` inside `product` does not pick the product.
    private func acceptBulk(_ entries: [[String: Any]], store: String?) -> Response {
        let uuid = UUID().uuidString.lowercased()
        let operations = entries.map { entry -> Bulk.Operation in
            let product = entry["product"] as? [String: Any] ?? [:]
            return Bulk.Operation(sku: entry["sku"] as? String ?? "", product: product, status: .open, message: "")
        }
        bulks[uuid] = Bulk(store: store, operations: operations, started: Date())
        let items = operations.indices.map { ["id": $0, "data_hash": UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased(), "status": "accepted"] as [String: Any] }
        return Self.json(202, ["bulk_uuid": uuid, "request_items": items, "errors": false])
    }

    /// The consumer runs when status is asked for: every open operation is processed.
    private func bulkStatus(_ uuid: String) -> Response {
        guard var bulk = bulks[uuid] else {
            return Self.error(404, "Bulk entity with UUID %1 is not found.", [uuid])
        }
        for index in bulk.operations.indices where consumersRunning && bulk.operations[index].status == .open {
            let operation = bulk.operations[index]
            let key = "\(bulk.store ?? "default")|\(operation.sku)"
            if !failedOnce.contains(key), Double.random(in: 0..<1, using: &random) < bulkRetriableRate {
                failedOnce.insert(key)
                bulk.operations[index].status = .retriable
                bulk.operations[index].message = "Something went wrong while processing the request."
                continue
            }
            switch state.save(sku: operation.sku, product: operation.product, store: bulk.store, bulk: true) {
            case .saved:
                bulk.operations[index].status = .complete
                bulk.operations[index].message = "Service execution success Magento\\Catalog\\Model\\ProductRepository\\Interceptor::save"
            case .notFound:
                bulk.operations[index].status = .failed
                bulk.operations[index].message = "The product that was requested doesn't exist. Verify the product and try again."
            case .unknownStore:
                bulk.operations[index].status = .rejected
                bulk.operations[index].message = "The store that was requested wasn't found. Verify the store and try again."
            case .urlKeyTaken:
                bulk.operations[index].status = .failed
                bulk.operations[index].message = "URL key for specified store already exists."
            case .missingAttribute(let name):
                bulk.operations[index].status = .failed
                bulk.operations[index].message = "The \"\(name)\" attribute value is empty. Set the attribute and try again."
            }
            if [.failed, .rejected].contains(bulk.operations[index].status) { refusedOperations += 1 }
        }
        bulks[uuid] = bulk
        let list = bulk.operations.enumerated().map { index, operation -> [String: Any] in
            [
                "id": index + 1, "topic_name": "async.magento.catalog.api.productrepositoryinterface.save.put",
                "status": operation.status.rawValue, "result_serialized_data": "", "result_message": operation.message,
                "error_code": operation.status == .complete ? 0 : 500,
            ]
        }
        return Self.json(200, [
            "operations_list": list, "user_type": 1, "bulk_id": uuid,
            "description": "Topic async.magento.catalog.api.productrepositoryinterface.save.put",
            "start_time": ISO8601DateFormatter().string(from: bulk.started), "user_id": 1, "operation_count": list.count,
        ])
    }

    /// A query string as PHP reads it: keys and values percent-decoded, `+` as a space.
    static func queryItems(_ query: String) -> [String: String] {
        func decode(_ text: Substring) -> String {
            text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(text)
        }
        var items: [String: String] = [:]
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            items[decode(parts[0])] = parts.count > 1 ? decode(parts[1]) : ""
        }
        return items
    }

    private static let productNotFound = error(404, "The product that was requested doesn't exist. Verify the product and try again.")

    private static func error(_ status: Int, _ message: String, _ parameters: Any? = nil) -> Response {
        var body: [String: Any] = ["message": message]
        if let parameters { body["parameters"] = parameters }
        return json(status, body)
    }

    private static func json(_ status: Int, _ object: Any) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.fragmentsAllowed, .sortedKeys])) ?? Data()
        return Response(status: .init(code: status), headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func text(_ status: Int, _ text: String) -> Response {
        Response(status: .init(code: status), headers: [.contentType: "text/html"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
