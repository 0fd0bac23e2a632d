import Foundation
import Hummingbird
import NIOCore

/// A loopback server speaking the Anthropic Messages API (`POST /v1/messages`) and OpenAI Chat
/// Completions (`POST /v1/chat/completions`) as the real ones do: it validates each request's
/// headers and body and answers 400 with the API's error shape when they are wrong, returns
/// usage fields, and plays a script of behaviours (good copy, 429 with retry-after, 529,
/// 500, slow answers, malformed bodies, answers cut off at max_tokens) shared by both endpoints.
/// Structured output is checked as the APIs document it: OpenAI's `response_format`
/// `json_schema` (a name of `[a-zA-Z0-9_-]{1,64}`; in strict mode every object property
/// required and `additionalProperties: false`), Anthropic's `tools` and `tool_choice` (a
/// forced tool must be one of the tools); a forced tool is answered with a `tool_use` block.
public final class FakeLLMServer: @unchecked Sendable {
    // @unchecked: `script`, `recorded` and `port` are guarded by `lock`.
    public enum Behavior: Sendable {
        case copy(String)
        /// An error in the API's shape; `retryAfter` seconds go in the header.
        case status(Int, retryAfter: Double? = nil)
        case slow(Duration, String)
        /// 200 with a body that is not JSON.
        case malformedJSON
        /// The answer stops at the output limit halfway through the text: `finish_reason`
        /// `length` / `stop_reason` `max_tokens`, with the tokens it used.
        case truncated(String)
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
        let tool = api == .anthropic ? Self.forcedTool(body) : nil
        switch behavior ?? .status(503) {
        case .copy(let text):
            return Self.success(api, text: text, tool: tool, model: model, inputTokens: body.count / 4)
        case .slow(let delay, let text):
            try await Task.sleep(for: delay)
            return Self.success(api, text: text, tool: tool, model: model, inputTokens: body.count / 4)
        case .truncated(let text):
            return Self.success(api, text: String(text.prefix(text.count / 2)), tool: tool, model: model, inputTokens: body.count / 4, truncated: true)
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

    /// The tool a request makes the model call (`tool_choice` of type `tool`), if any.
    private static func forcedTool(_ body: String) -> String? {
        let object = (try? JSONSerialization.jsonObject(with: Data(body.utf8))) as? [String: Any]
        guard let choice = object?["tool_choice"] as? [String: Any], choice["type"] as? String == "tool" else { return nil }
        return choice["name"] as? String
    }

    private static func success(_ api: API, text: String, tool: String?, model: String, inputTokens: Int, truncated: Bool = false) -> Response {
        let output = max(1, text.count / 4)
        switch api {
        case .anthropic:
            var content: [[String: Any]] = [["type": "text", "text": text]]
            if let tool {
                // The model's text becomes the tool call's input; cut off, the input is
                // whatever parsed so far, which here is nothing.
                let input = truncated ? [:] : ((try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] ?? ["text": text])
                content = [["type": "tool_use", "id": "toolu_fake", "name": tool, "input": input]]
            }
            return json(200, [
                "id": "msg_fake", "type": "message", "role": "assistant", "model": model,
                "content": content, "stop_reason": truncated ? "max_tokens" : (tool == nil ? "end_turn" : "tool_use"), "stop_sequence": NSNull(),
                "usage": ["input_tokens": inputTokens, "output_tokens": output],
            ])
        case .openAI:
            return json(200, [
                "id": "chatcmpl-fake", "object": "chat.completion", "created": Int(Date().timeIntervalSince1970), "model": model,
                "choices": [["index": 0, "message": ["role": "assistant", "content": text], "finish_reason": truncated ? "length" : "stop"]],
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
        var names: [String] = []
        if let tools = object["tools"] {
            guard let tools = tools as? [[String: Any]] else { return problems + ["tools: must be an array of tools"] }
            for (index, tool) in tools.enumerated() {
                let name = tool["name"] as? String ?? ""
                if !validName(name) { problems.append("tools.\(index).name: must match ^[a-zA-Z0-9_-]{1,64}$") }
                names.append(name)
                if (tool["input_schema"] as? [String: Any])?["type"] as? String != "object" { problems.append("tools.\(index).input_schema: must be a JSON Schema of type object") }
            }
        }
        if let choice = object["tool_choice"] {
            let choice = choice as? [String: Any] ?? [:]
            switch choice["type"] as? String {
            case "auto", "any", "none": break
            case "tool":
                if !names.contains(choice["name"] as? String ?? "") { problems.append("tool_choice.name: must name one of the tools") }
            default: problems.append("tool_choice.type: must be auto, any, tool or none")
            }
        }
        return problems
    }

    /// Tool and schema names as both APIs accept them.
    public static func validName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 64 && name.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "_" || $0 == "-") }
    }

    /// Strict mode's rules for a schema: every object lists all its properties as required
    /// and forbids others; problems are reported with their path.
    public static func strictSchemaProblems(_ schema: Any, path: String) -> [String] {
        guard let schema = schema as? [String: Any] else { return ["\(path): must be an object"] }
        var problems: [String] = []
        if schema["type"] as? String == "object" {
            let properties = schema["properties"] as? [String: Any] ?? [:]
            if Set(schema["required"] as? [String] ?? []) != Set(properties.keys) { problems.append("\(path).required: strict mode requires every property") }
            if schema["additionalProperties"] as? Bool != false { problems.append("\(path).additionalProperties: strict mode requires false") }
            for (key, property) in properties { problems += strictSchemaProblems(property, path: "\(path).properties.\(key)") }
        }
        if let items = schema["items"] { problems += strictSchemaProblems(items, path: "\(path).items") }
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
        if let format = object["response_format"] {
            let format = format as? [String: Any] ?? [:]
            switch format["type"] as? String {
            case "text", "json_object": break
            case "json_schema":
                guard let spec = format["json_schema"] as? [String: Any] else { problems.append("response_format.json_schema: required"); break }
                if !validName(spec["name"] as? String ?? "") { problems.append("response_format.json_schema.name: must match ^[a-zA-Z0-9_-]{1,64}$") }
                if spec["strict"] as? Bool == true, let schema = spec["schema"] {
                    problems += strictSchemaProblems(schema, path: "response_format.json_schema.schema")
                }
            default: problems.append("response_format.type: must be text, json_object or json_schema")
            }
        }
        return problems
    }
}
