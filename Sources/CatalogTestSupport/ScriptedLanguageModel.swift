import CatalogCore
public import CatalogPipeline
import Foundation

/// A language model that answers from a script, one entry per call, and records every request:
/// for unit tests of the agents' recovery rules. (The HTTP path is tested against the fake
/// provider servers.)
public final class ScriptedLanguageModel: LanguageModel, @unchecked Sendable {
    // @unchecked: `script` and `requests` are only touched under `lock`.
    public enum Answer: Sendable {
        case text(String)
        case failure(ProviderFailure)
        /// Answers after `delay` (longer than the caller's timeout: a timeout).
        case slow(Duration, String)
    }

    public let provider: String
    public let supportsVision: Bool
    private let lock = NSLock()
    private var script: [Answer]
    private var fallback: Answer?
    private var recorded: [ModelRequest] = []
    /// What a `slow` answer waits on (nil: wall-clock time).
    private let clock: ManualClock?

    /// `then`: the answer once the script is used up (nil: `unavailable`).
    public init(provider: String = "scripted", vision: Bool = false, _ script: [Answer], then fallback: Answer? = nil, clock: ManualClock? = nil) {
        self.provider = provider
        self.supportsVision = vision
        self.script = script
        self.fallback = fallback
        self.clock = clock
    }

    public var requests: [ModelRequest] { lock.withLock { recorded } }

    public func complete(_ request: ModelRequest) async throws -> ModelResponse {
        let answer: Answer? = lock.withLock {
            recorded.append(request)
            return script.isEmpty ? fallback : script.removeFirst()
        }
        switch answer {
        case .text(let text)?:
            return ModelResponse(text: text, inputTokens: request.prompt.count / 4, outputTokens: text.count / 4, model: request.model)
        case .failure(let failure)?:
            throw failure
        case .slow(let delay, let text)?:
            if let clock { try await clock.sleep(for: delay) } else { try await Task.sleep(for: delay) }
            return ModelResponse(text: text, inputTokens: request.prompt.count / 4, outputTokens: text.count / 4, model: request.model)
        case nil:
            throw ProviderFailure(.unavailable, "script exhausted")
        }
    }

    /// A copy payload as the prompts ask for it.
    public static func copy(title: String, body: String, metaTitle: String, metaDescription: String, keywords: [String] = []) -> String {
        let object: [String: Any] = ["title": title, "body_html": body, "meta_title": metaTitle, "meta_description": metaDescription, "keywords": keywords]
        return String(decoding: try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
