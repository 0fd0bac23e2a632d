import CatalogCore
import CatalogGraphQL
import Foundation
import Hummingbird
import NIOCore

/// Bulk operations as Shopify runs them: `stagedUploadsCreate` hands out a form upload target,
/// the JSONL of variables is POSTed there as multipart/form-data, `bulkOperationRunMutation`
/// runs the mutation once per line (each line validated against the pinned schema, one bulk
/// mutation at a time per shop), `bulkOperationRunQuery` exports a connection as JSONL with
/// nested connections as separate lines carrying `__parentId`, and `currentBulkOperation`
/// reports the status and the result file's URL.
struct BulkState {
    struct Operation {
        let id: String
        let type: String
        var status: String
        var objectCount: Int
        let createdAt: Date
        var completedAt: Date?
        var errorCode: String?
    }

    var operations: [Operation] = []
    var stagedFiles: [String: Data] = [:]
    var results: [String: Data] = [:]
    var uploads = 0
    /// Per line of a bulk mutation: how many lines ran, for assertions.
    var mutationLines = 0
    /// Whether new bulk mutations are held RUNNING, and those held: the index of each
    /// operation with its mutation and lines, run on release.
    var holding = false
    var held: [(operation: Int, mutation: String, file: Data)] = []
}

extension FakeShopifyServer {
    public var bulkMutationLinesRun: Int { lock.withLock { bulk.mutationLines } }
    public var bulkOperationsStarted: Int { lock.withLock { bulk.operations.count } }
    public var bulkOperationsRunning: Int { lock.withLock { bulk.operations.filter { $0.status == "RUNNING" }.count } }

    /// From now on a bulk mutation stays RUNNING, none of its lines run, until
    /// `releaseBulkMutations()`: a real shop works through an operation for a while after
    /// creating it, and this lets a test act in that while.
    public func holdBulkMutations() {
        lock.withLock { bulk.holding = true }
    }

    /// Runs the held mutations' lines, completes their operations and holds no more.
    public func releaseBulkMutations() {
        lock.withLock {
            bulk.holding = false
            for held in bulk.held { complete(held.operation, lines: runMutation(held.mutation, lines: held.file)) }
            bulk.held = []
        }
    }

    /// Called with the lock held; nil for fields that are not about bulk operations.
    func bulkNode(_ field: Field, _ arguments: [String: JSON]) -> ResolvedNode? {
        switch field.name {
        case "stagedUploadsCreate":
            let inputs = arguments["input"]?.array ?? []
            let targets: [ResolvedNode] = inputs.map { input in
                bulk.uploads += 1
                let key = "tmp/shop/bulk/\(UUID().uuidString.lowercased())/\(input["filename"]?.string ?? "upload")"
                let parameters = [("Content-Type", input["mimeType"]?.string ?? "text/jsonl"), ("success_action_status", "201"), ("acl", "private"), ("key", key), ("policy", "fake-policy")]
                let url = lockedURL + "/staged-uploads"
                return .object("StagedMediaUploadTarget") { target, _ in
                    switch target.name {
                    case "url": .value(.string(url))
                    case "resourceUrl": .value(.string(url + "/" + key))
                    case "parameters":
                        .list(parameters.map { name, value in .object("StagedUploadParameter") { p, _ in .value(.string(p.name == "name" ? name : value)) } })
                    default: .value(.null)
                    }
                }
            }
            return shopState.payload("StagedUploadsCreatePayload", userErrors: [], extra: ["stagedTargets": .list(targets)])
        case "bulkOperationRunMutation":
            if bulk.operations.contains(where: { $0.type == "MUTATION" && ["CREATED", "RUNNING"].contains($0.status) }) {
                return shopState.payload("BulkOperationRunMutationPayload", userErrors: [(nil, "A bulk mutation operation for this app and shop is already in progress.", "OPERATION_IN_PROGRESS")])
            }
            guard let path = arguments["stagedUploadPath"]?.string, let file = bulk.stagedFiles[path] else {
                return shopState.payload("BulkOperationRunMutationPayload", userErrors: [(["stagedUploadPath"], "The JSONL file could not be found. Try uploading the file again, and check that you've entered the URL correctly for the stagedUploadPath mutation argument.", "NO_SUCH_FILE")])
            }
            let mutation = arguments["mutation"]?.string ?? ""
            if case .failure(let failure) = Validator.validate(schema, document: mutation, variables: nil) {
                return shopState.payload("BulkOperationRunMutationPayload", userErrors: [(["mutation"], failure.messages.joined(separator: "; "), "INVALID_MUTATION")])
            }
            let operation = startOperation(type: "MUTATION")
            if bulk.holding {
                bulk.held.append((operation, mutation, file))
            } else {
                complete(operation, lines: runMutation(mutation, lines: file))
            }
            return shopState.payload("BulkOperationRunMutationPayload", userErrors: [], extra: ["bulkOperation": operationNode(bulk.operations[operation])])
        case "bulkOperationRunQuery":
            if bulk.operations.contains(where: { $0.type == "QUERY" && ["CREATED", "RUNNING"].contains($0.status) }) {
                return shopState.payload("BulkOperationRunQueryPayload", userErrors: [(nil, "A bulk query operation for this app and shop is already in progress.", "OPERATION_IN_PROGRESS")])
            }
            let query = arguments["query"]?.string ?? ""
            guard case .success(let request) = Validator.validate(schema, document: query, variables: nil) else {
                return shopState.payload("BulkOperationRunQueryPayload", userErrors: [(["query"], "Invalid bulk query", "INVALID")])
            }
            let operation = startOperation(type: "QUERY")
            complete(operation, lines: runQuery(request))
            return shopState.payload("BulkOperationRunQueryPayload", userErrors: [], extra: ["bulkOperation": operationNode(bulk.operations[operation])])
        case "currentBulkOperation":
            let type = arguments["type"]?.string ?? "QUERY"
            guard let operation = bulk.operations.last(where: { $0.type == type }) else { return .value(.null) }
            return operationNode(operation)
        default:
            return nil
        }
    }

    /// Records a RUNNING operation and returns its index. Unless mutations are held, its work
    /// runs and completes it at once, so its status reads COMPLETED from the first poll on.
    private func startOperation(type: String) -> Int {
        let id = "gid://shopify/BulkOperation/\(bulk.operations.count + 1)"
        bulk.operations.append(BulkState.Operation(id: id, type: type, status: "RUNNING", objectCount: 0, createdAt: Date()))
        return bulk.operations.count - 1
    }

    /// Completes an operation with its result file.
    private func complete(_ index: Int, lines: [JSON]) {
        var data = Data()
        for line in lines {
            data.append((try? JSONEncoder().encode(line)) ?? Data())
            data.append(0x0A)
        }
        bulk.results[String(index + 1)] = data
        bulk.operations[index].status = "COMPLETED"
        bulk.operations[index].objectCount = lines.count
        bulk.operations[index].completedAt = Date()
    }

    private func runMutation(_ mutation: String, lines file: Data) -> [JSON] {
        var results: [JSON] = []
        for (number, line) in file.split(separator: 0x0A, omittingEmptySubsequences: true).enumerated() {
            bulk.mutationLines += 1
            guard case .object(let variables)? = try? JSONDecoder().decode(JSON.self, from: Data(line)) else {
                results.append(.object(["errors": .array([.object(["message": .string("Invalid JSON on line \(number + 1)")])]), "__lineNumber": .int(number)]))
                continue
            }
            switch Validator.validate(schema, document: mutation, variables: variables) {
            case .failure(let failure):
                rejected.append("bulk line \(number): " + failure.messages.joined(separator: "; "))
                results.append(.object(["errors": .array(failure.messages.map { .object(["message": .string($0)]) }), "__lineNumber": .int(number)]))
            case .success(let request):
                var data: [String: JSON] = [:]
                for case .field(let field) in request.operation.selections {
                    data[field.responseKey] = shopState.resolveMutation(field, field.argumentValues(request.variables)).project(field.selections, request: request)
                }
                results.append(.object(["data": .object(data), "__lineNumber": .int(number)]))
            }
        }
        return results
    }

    /// Exports the query's top-level connection as JSONL, one object per line, nested
    /// connections' nodes on lines of their own with `__parentId`.
    private func runQuery(_ request: ValidatedRequest) -> [JSON] {
        var lines: [JSON] = []
        for case .field(let field) in request.operation.selections {
            var arguments = field.argumentValues(request.variables)
            arguments["first"] = .int(Int(Int32.max))
            let result = shopState.resolveQuery(field, arguments).project(field.selections, request: request)
            for node in Self.connectionNodes(result) { Self.flatten(node, parent: nil, into: &lines) }
        }
        return lines
    }

    private static func connectionNodes(_ connection: JSON) -> [JSON] {
        if let edges = connection["edges"]?.array { return edges.compactMap { $0["node"] } }
        return connection["nodes"]?.array ?? []
    }

    private static func flatten(_ node: JSON, parent: String?, into lines: inout [JSON]) {
        guard case .object(var members) = node else { return }
        var children: [JSON] = []
        for (key, value) in members {
            if case .object(let inner) = value, inner["edges"] != nil || inner["nodes"] != nil {
                children += connectionNodes(value)
                members[key] = nil
            }
        }
        if let parent { members["__parentId"] = .string(parent) }
        lines.append(.object(members))
        for child in children { flatten(child, parent: node["id"]?.string, into: &lines) }
    }

    private func operationNode(_ operation: BulkState.Operation) -> ResolvedNode {
        let base = lockedURL
        let number = operation.id.split(separator: "/").last.map(String.init) ?? ""
        return .object("BulkOperation") { field, _ in
            switch field.name {
            case "id": .value(.string(operation.id))
            case "status": .value(.string(operation.status))
            case "type": .value(.string(operation.type))
            case "errorCode": .value(operation.errorCode.map(JSON.string) ?? .null)
            case "objectCount": .value(.string(String(operation.objectCount)))
            case "url": .value(operation.status == "COMPLETED" && operation.objectCount > 0 ? .string("\(base)/bulk-results/\(number)") : .null)
            case "partialDataUrl": .value(.null)
            case "createdAt": .value(.string(ISO8601DateFormatter().string(from: operation.createdAt)))
            case "completedAt": .value(operation.completedAt.map { .string(ISO8601DateFormatter().string(from: $0)) } ?? .null)
            default: .value(.null)
            }
        }
    }

    /// The staged upload: an S3-style form POST (fields, then the file as the last part).
    func receiveUpload(_ request: Request) async throws -> Response {
        var request = request
        let body = Data(buffer: try await request.collectBody(upTo: 256 << 20))
        guard let contentType = request.headers[.contentType], let boundary = contentType.components(separatedBy: "boundary=").last,
              contentType.hasPrefix("multipart/form-data"), let parts = Self.multipart(body, boundary: boundary),
              let key = parts.first(where: { $0.name == "key" }).map({ String(decoding: $0.data, as: UTF8.self) }),
              let file = parts.first(where: { $0.name == "file" })
        else {
            return Response(status: .badRequest, body: .init(byteBuffer: ByteBuffer(string: "<Error><Code>MalformedPOSTRequest</Code></Error>")))
        }
        lock.withLock { bulk.stagedFiles[key] = file.data }
        return Response(status: .created, body: .init(byteBuffer: ByteBuffer(string: "<PostResponse><Key>\(key)</Key></PostResponse>")))
    }

    func bulkResult(_ id: String) -> Response {
        guard let data = lock.withLock({ bulk.results[id] }) else { return Response(status: .notFound) }
        return Response(status: .ok, headers: [.contentType: "application/jsonl"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func multipart(_ body: Data, boundary: String) -> [(name: String, data: Data)]? {
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [(String, Data)] = []
        var chunks: [Data] = []
        var rest = body[...]
        while let range = rest.range(of: delimiter) {
            chunks.append(Data(rest[rest.startIndex..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        for chunk in chunks.dropFirst() {
            guard let split = chunk.range(of: Data("\r\n\r\n".utf8)) else { continue }
            let headers = String(decoding: chunk[chunk.startIndex..<split.lowerBound], as: UTF8.self)
            guard let nameStart = headers.range(of: "name=\"") else { continue }
            let name = String(headers[nameStart.upperBound...].prefix { $0 != "\"" })
            var data = Data(chunk[split.upperBound...])
            if data.suffix(2) == Data("\r\n".utf8) { data.removeLast(2) }
            parts.append((name, data))
        }
        return parts.isEmpty ? nil : parts
    }
}
