public import CatalogCore
import CatalogGraphQL
public import Foundation
import Hummingbird
import NIOCore

/// A loopback Shopify Admin GraphQL endpoint that behaves like the real one where catalogd
/// depends on it: access-token auth, `/admin/api/<version>/graphql.json` with the
/// `X-Shopify-API-Version` header naming the version actually served (the oldest supported one
/// when the requested version is gone), every request validated against the pinned schema in
/// `adapters/shopify/`, a leaky cost bucket (requested cost checked, THROTTLED with HTTP 200
/// when it does not fit, `extensions.cost.throttleStatus` on every answer, the 1,000-point
/// single-query limit), userErrors from the mutations, and injected faults.
public final class FakeShopifyServer: @unchecked Sendable {
    // @unchecked: all mutable state is guarded by `lock`.
    public typealias Faults = FakeServerFaults

    public struct Bucket: Sendable {
        public var maximum: Double
        public var restoreRate: Double

        /// Shopify's Standard plan: 1,000 points, 100 restored per second.
        public static let standard = Bucket(maximum: 1000, restoreRate: 100)

        public init(maximum: Double, restoreRate: Double) {
            self.maximum = maximum
            self.restoreRate = restoreRate
        }
    }

    public let accessToken: String
    let schema: Schema
    let lock = NSLock()
    var shopState: FakeShopifyShop
    private var supported: [String]
    private var faultSettings = Faults()
    private var random = SeededGenerator(seed: 7)
    private let bucket: Bucket
    private var level: Double
    private let time: Timekeeper
    private var levelAt: Duration
    private var throttledAt: [Duration] = []
    private var requestCount = 0
    private var pointsSpent: Double = 0
    var rejected: [String] = []
    private var loopback = LoopbackServer()
    /// The base URL; for use with the lock held.
    var lockedURL: String { "http://127.0.0.1:\(loopback.port)" }
    var bulk = BulkState()

    public init(shop: FakeShopifyShop, accessToken: String = "shpat_test", bucket: Bucket = .standard, supportedVersions: [String] = ["2026-10"], time: Timekeeper = .continuous) throws {
        self.time = time
        self.levelAt = time.now
        self.shopState = shop
        self.accessToken = accessToken
        self.bucket = bucket
        self.level = bucket.maximum
        self.supported = supportedVersions
        self.schema = try Schema(sdl: String(contentsOf: Self.schemaFile, encoding: .utf8))
    }

    /// The pinned schema subset, read from the repository.
    public static var schemaFile: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("adapters/shopify/admin-2026-10.graphql")
    }

    public var url: String { "http://127.0.0.1:\(lock.withLock { loopback.port })" }
    public var shop: FakeShopifyShop { lock.withLock { shopState } }
    public func updateShop(_ change: (inout FakeShopifyShop) -> Void) { lock.withLock { change(&shopState) } }
    public func setFaults(_ faults: Faults) { lock.withLock { faultSettings = faults } }
    /// Simulates Shopify retiring the version catalogd asks for.
    public func setSupportedVersions(_ versions: [String]) { lock.withLock { supported = versions } }
    /// When each THROTTLED answer went out, as time since the fake was made.
    public var throttledResponses: [Duration] { lock.withLock { throttledAt } }
    /// Time since the fake was made, on its clock.
    public var elapsed: Duration { time.now }
    public var requests: Int { lock.withLock { requestCount } }
    public var spentPoints: Double { lock.withLock { pointsSpent } }
    /// Requests that failed schema validation, with the reasons: should stay empty.
    public var invalidRequests: [String] { lock.withLock { rejected } }

    public func start() async throws {
        let router = Router()
        router.post("/admin/api/:version/graphql.json") { request, context in
            try await self.handle(request, version: context.parameters.get("version") ?? "")
        }
        router.post("/staged-uploads") { request, _ in try await self.receiveUpload(request) }
        router.get("/bulk-results/:id") { _, context in self.bulkResult(context.parameters.get("id") ?? "") }
        var server = LoopbackServer()
        await server.start(router, label: "fake-shopify")
        lock.withLock { loopback = server }
    }

    public func stop() async {
        await lock.withLock { loopback }.stop()
    }

    /// HTTPField.Name, reached through the collection Hummingbird re-exports.
    private static let versionHeader = HTTPFields.Element.Name("X-Shopify-API-Version")!
    private static let tokenHeader = HTTPFields.Element.Name("X-Shopify-Access-Token")!

    private func handle(_ request: Request, version: String) async throws -> Response {
        var request = request
        let body = try await request.collectBody(upTo: 10 << 20)
        let (fault, served) = lock.withLock { () -> (FakeServerFaults.Fault, String) in
            requestCount += 1
            let served = supported.contains(version) ? version : (supported.min() ?? version)
            return (faultSettings.roll(&random), served)
        }
        var headers: HTTPFields = [.contentType: "application/json"]
        headers[Self.versionHeader] = served
        switch fault {
        case .down: return Self.json(503, ["errors": .string("Service Unavailable")], headers: headers)
        case .serverError(let status): return Self.json(status, ["errors": .string("Internal error")], headers: headers)
        case .delay(let delay): try await Task.sleep(for: delay)
        case .none: break
        }
        guard request.headers[Self.tokenHeader] == accessToken else {
            return Self.json(401, ["errors": .string("[API] Invalid API key or access token (unrecognized login or wrong password)")], headers: headers)
        }
        guard request.headers[.contentType]?.hasPrefix("application/json") == true,
              let payload = try? JSONDecoder().decode(JSON.self, from: Data(buffer: body)),
              let query = payload["query"]?.string
        else {
            return Self.json(400, ["errors": .object(["query": .string("Required parameter missing or invalid")])], headers: headers)
        }
        var variables: [String: JSON] = [:]
        if case .object(let members) = payload["variables"] ?? .null { variables = members }
        let validated: ValidatedRequest
        switch Validator.validate(schema, document: query, operationName: payload["operationName"]?.string, variables: variables) {
        case .failure(let failure):
            lock.withLock { rejected.append(failure.errors.map(\.description).joined(separator: "; ")) }
            return Self.json(200, ["errors": .array(failure.errors.map(Self.errorJSON))], headers: headers)
        case .success(let request):
            validated = request
        }
        return lock.withLock {
            let response = run(validated, headers: headers)
            return faultSettings.failsAfterRunning(&random) ? Self.json(502, ["errors": .string("Bad Gateway")], headers: headers) : response
        }
    }

    /// Called with the lock held.
    private func run(_ request: ValidatedRequest, headers: HTTPFields) -> Response {
        let cost = requestedCost(request)
        if cost > 1000 {
            return Self.json(200, ["errors": .array([.object([
                "message": .string("Query cost is \(Int(cost)), which exceeds the single query max cost limit (1000)."),
                "extensions": .object(["code": .string("MAX_COST_EXCEEDED"), "cost": .int(Int(cost)), "maxCost": .int(1000)]),
            ])])], headers: headers)
        }
        let now = time.now
        level = min(bucket.maximum, level + bucket.restoreRate * (now - levelAt).seconds)
        levelAt = now
        guard level >= cost else {
            throttledAt.append(now)
            return Self.json(200, [
                "errors": .array([.object(["message": .string("Throttled"), "extensions": .object(["code": .string("THROTTLED"), "documentation": .string("https://shopify.dev/api/usage/rate-limits")])])]),
                "extensions": costExtension(requested: cost, actual: nil),
            ], headers: headers)
        }
        level -= cost
        pointsSpent += cost
        var data: [String: JSON] = [:]
        for case .field(let field) in request.operation.selections {
            let arguments = field.argumentValues(request.variables)
            let node = bulkNode(field, arguments)
                ?? (request.operation.kind == .mutation ? shopState.resolveMutation(field, arguments) : shopState.resolveQuery(field, arguments))
            data[field.responseKey] = node.project(field.selections, request: request)
        }
        return Self.json(200, ["data": .object(data), "extensions": costExtension(requested: cost, actual: cost)], headers: headers)
    }

    private func costExtension(requested: Double, actual: Double?) -> JSON {
        .object(["cost": .object([
            "requestedQueryCost": .int(Int(requested)),
            "actualQueryCost": actual.map { .int(Int($0)) } ?? .null,
            "throttleStatus": .object([
                "maximumAvailable": .double(bucket.maximum),
                "currentlyAvailable": .int(Int(level)),
                "restoreRate": .double(bucket.restoreRate),
            ]),
        ])])
    }

    /// Shopify's published cost model: scalars and enums 0, objects 1, connections 2 plus
    /// `first`/`last` times the cost of one node, mutations 10.
    func requestedCost(_ request: ValidatedRequest) -> Double {
        guard request.operation.kind == .query else {
            return Double(request.operation.selections.count * 10)
        }
        return cost(request.operation.selections, on: schema.queryType, request: request)
    }

    private func cost(_ selections: [Selection], on typeName: String, request: ValidatedRequest) -> Double {
        var total = 0.0
        for selection in selections {
            switch selection {
            case .field(let field):
                guard let definition = schema[typeName]?.fields[field.name], let type = schema[definition.type.namedType], type.isComposite else { continue }
                let children = cost(field.selections, on: type.name, request: request)
                if type.name.hasSuffix("Connection") {
                    let arguments = field.argumentValues(request.variables)
                    let size = Double(arguments["first"]?.int ?? arguments["last"]?.int ?? 0)
                    total += 2 + size * children
                } else {
                    total += 1 + children
                }
            case .inlineFragment(let condition, let children):
                total += cost(children, on: condition ?? typeName, request: request)
            case .fragmentSpread(let name):
                if let fragment = request.fragments[name] { total += cost(fragment.selections, on: fragment.typeCondition, request: request) }
            }
        }
        return total
    }

    private static func errorJSON(_ error: GraphQLError) -> JSON {
        var object: [String: JSON] = ["message": .string(error.message), "extensions": .object(["code": .string("undefinedField")])]
        if let line = error.line, let column = error.column {
            object["locations"] = .array([.object(["line": .int(line), "column": .int(column)])])
        }
        return .object(object)
    }

    static func json(_ status: Int, _ object: [String: JSON], headers: HTTPFields) -> Response {
        let data = (try? JSONEncoder().encode(JSON.object(object))) ?? Data()
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
