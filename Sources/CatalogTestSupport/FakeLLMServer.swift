import Foundation
public import Hummingbird
import NIOCore

/// A loopback server speaking the Anthropic Messages API (`POST /v1/messages`) and OpenAI Chat
/// Completions (`POST /v1/chat/completions`) as the real ones do: it validates each request's
/// headers and body and answers 400 with the API's error shape when they are wrong, returns
/// usage fields, and plays a script of behaviours (good copy, 429 with retry-after, 529,
/// 500, slow answers, malformed bodies) shared by both endpoints.
public final class FakeLLMServer: @unchecked Sendable {
    // @unchecked: `script`, `recorded` and `port` are guarded by `lock`.
    public enum Behavior: Sendable {
        case copy(String)
        /// An error in the API's shape; `retryAfter` seconds go in the header.
        case status(Int, retryAfter: Double? = nil)
        case slow(Duration, String)
        /// 200 with a body that is not JSON.
        case malformedJSON
    }

    public struct Recorded: Sendable {
        public let path: String
        public let headers: [String: String]
        public let body: String
        /// What the validation found wrong; empty for a well-formed request.
        public let problems: [String]
    }

    private let lock = NSLock()
    private var script: [Behavior]
    private let fallback: Behavior?
    private var recorded: [Recorded] = []
    private var loopback = LoopbackServer()

    /// Added to every answer, like a real model's generation time.
    private let latency: Duration
    private var arrivals: [ContinuousClock.Instant] = []

    public init(_ script: [Behavior], then fallback: Behavior? = nil, latency: Duration = .zero) {
        self.script = script
        self.fallback = fallback
        self.latency = latency
    }

    /// The most requests that arrived within any `window`: for checking rate limits.
    public func busiestWindow(_ window: Duration) -> Int {
        let times = lock.withLock { arrivals }
        var busiest = 0
        var start = 0
        for end in times.indices {
            while times[end] - times[start] >= window { start += 1 }
            busiest = max(busiest, end - start + 1)
        }
        return busiest
    }

    public var port: Int { lock.withLock { loopback.port } }
    /// For the Anthropic provider (which appends `/v1/messages`).
    public var anthropicBaseURL: String { "http://127.0.0.1:\(port)" }
    /// For an OpenAI-compatible provider (which appends `/chat/completions`).
    public var openAIBaseURL: String { "http://127.0.0.1:\(port)/v1" }
    public var requests: [Recorded] { lock.withLock { recorded } }

    public func start() async throws {
        let router = Router()
        router.post("/v1/messages") { request, _ in try await self.handle(request, api: .anthropic) }
        router.post("/v1/chat/completions") { request, _ in try await self.handle(request, api: .openAI) }
        var server = LoopbackServer()
        await server.start(router, label: "fake-llm")
        lock.withLock { loopback = server }
    }

    public func stop() async {
        await lock.withLock { loopback }.stop()
    }

    private enum API { case anthropic, openAI }

    private func handle(_ request: Request, api: API) async throws -> Response {
        var request = request
        let buffer = try await request.collectBody(upTo: 4 << 20)
        let body = String(buffer: buffer)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        let problems = api == .anthropic ? Self.validateAnthropic(headers, body) : Self.validateOpenAI(headers, body)
        let behavior: Behavior? = lock.withLock {
            arrivals.append(ContinuousClock.now)
            recorded.append(Recorded(path: request.uri.path, headers: headers, body: body, problems: problems))
            guard problems.isEmpty else { return nil }
            return script.isEmpty ? fallback : script.removeFirst()
        }
        guard problems.isEmpty else {
            return Self.error(api, status: 400, message: problems.joined(separator: "; "), retryAfter: nil)
        }
        let model = ((try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any])?["model"] as? String ?? "unknown"
        if latency > .zero { try await Task.sleep(for: latency) }
        switch behavior ?? .status(503) {
        case .copy(let text):
            return Self.success(api, text: text, model: model, inputTokens: body.count / 4)
        case .slow(let delay, let text):
            try await Task.sleep(for: delay)
            return Self.success(api, text: text, model: model, inputTokens: body.count / 4)
        case .status(let status, let retryAfter):
            return Self.error(api, status: status, message: "scripted failure", retryAfter: retryAfter)
        case .malformedJSON:
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: "{\"id\": \"msg_1\", \"content\": [")))
        }
    }

    private static func json(_ status: Int, _ object: [String: Any], extra: HTTPFields = [:]) -> Response {
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])) ?? Data()
        var headers = extra
        headers[.contentType] = "application/json"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    private static func success(_ api: API, text: String, model: String, inputTokens: Int) -> Response {
        let output = max(1, text.count / 4)
        switch api {
        case .anthropic:
            return json(200, [
                "id": "msg_fake", "type": "message", "role": "assistant", "model": model,
                "content": [["type": "text", "text": text]], "stop_reason": "end_turn", "stop_sequence": NSNull(),
                "usage": ["input_tokens": inputTokens, "output_tokens": output],
            ])
        case .openAI:
            return json(200, [
                "id": "chatcmpl-fake", "object": "chat.completion", "created": Int(Date().timeIntervalSince1970), "model": model,
                "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": "stop"]],
                "usage": ["prompt_tokens": inputTokens, "completion_tokens": output, "total_tokens": inputTokens + output],
            ])
        }
    }

    private static func error(_ api: API, status: Int, message: String, retryAfter: Double?) -> Response {
        var headers: HTTPFields = [:]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        switch api {
        case .anthropic:
            let type = switch status {
            case 400: "invalid_request_error"
            case 401: "authentication_error"
            case 429: "rate_limit_error"
            case 529: "overloaded_error"
            default: "api_error"
            }
            return json(status, ["type": "error", "error": ["type": type, "message": message]], extra: headers)
        case .openAI:
            let type = status == 429 ? "rate_limit_exceeded" : (status == 400 ? "invalid_request_error" : "server_error")
            return json(status, ["error": ["message": message, "type": type, "param": NSNull(), "code": NSNull()]], extra: headers)
        }
    }

    static func validateAnthropic(_ headers: [String: String], _ body: String) -> [String] {
        var problems: [String] = []
        if headers["x-api-key"]?.isEmpty ?? true { problems.append("x-api-key header missing") }
        if headers["anthropic-version"] != "2023-06-01" { problems.append("anthropic-version must be 2023-06-01") }
        if headers["content-type"]?.hasPrefix("application/json") != true { problems.append("content-type must be application/json") }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else {
            return problems + ["body is not a JSON object"]
        }
        if (object["model"] as? String)?.isEmpty ?? true { problems.append("model: a non-empty string is required") }
        if (object["max_tokens"] as? Int).map({ $0 < 1 }) ?? true { problems.append("max_tokens: a positive integer is required") }
        if let system = object["system"], !(system is String) { problems.append("system: must be a string") }
        guard let messages = object["messages"] as? [[String: Any]], !messages.isEmpty else {
            return problems + ["messages: a non-empty array is required"]
        }
        for (index, message) in messages.enumerated() {
            guard ["user", "assistant"].contains(message["role"] as? String ?? "") else {
                problems.append("messages.\(index).role: must be user or assistant"); continue
            }
            if let blocks = message["content"] as? [[String: Any]] {
                for block in blocks where !["text", "image"].contains(block["type"] as? String ?? "") {
                    problems.append("messages.\(index).content: unknown block type \(block["type"] ?? "nil")")
                }
            } else if !(message["content"] is String) {
                problems.append("messages.\(index).content: must be a string or an array of blocks")
            }
        }
        if let first = messages.first, first["role"] as? String != "user" { problems.append("messages: the first message must be from the user") }
        return problems
    }

    static func validateOpenAI(_ headers: [String: String], _ body: String) -> [String] {
        var problems: [String] = []
        if let authorization = headers["authorization"], !authorization.hasPrefix("Bearer ") { problems.append("authorization must be a Bearer token") }
        if headers["content-type"]?.hasPrefix("application/json") != true { problems.append("content-type must be application/json") }
        guard let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any] else {
            return problems + ["body is not a JSON object"]
        }
        if (object["model"] as? String)?.isEmpty ?? true { problems.append("model: a non-empty string is required") }
        if let maxTokens = object["max_tokens"], (maxTokens as? Int).map({ $0 < 1 }) ?? true { problems.append("max_tokens: must be a positive integer") }
        guard let messages = object["messages"] as? [[String: Any]], !messages.isEmpty else {
            return problems + ["messages: a non-empty array is required"]
        }
        for (index, message) in messages.enumerated() {
            guard ["system", "user", "assistant", "developer"].contains(message["role"] as? String ?? "") else {
                problems.append("messages[\(index)].role: invalid"); continue
            }
            if !(message["content"] is String) && !(message["content"] is [[String: Any]]) {
                problems.append("messages[\(index)].content: must be a string or an array of parts")
            }
        }
        return problems
    }
}
