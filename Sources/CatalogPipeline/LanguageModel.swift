public import CatalogCore

/// One request to a language model: the Anthropic and OpenAI-compatible adapters translate it
/// into their wire formats.
public struct ModelRequest: Hashable, Sendable {
    public var model: String
    public var system: String
    public var prompt: String
    public var maxOutputTokens: Int
    /// Product images for providers with vision input.
    public var imageURLs: [String]

    public init(model: String, system: String, prompt: String, maxOutputTokens: Int = 1_200, imageURLs: [String] = []) {
        self.model = model
        self.system = system
        self.prompt = prompt
        self.maxOutputTokens = maxOutputTokens
        self.imageURLs = imageURLs
    }
}

public struct ModelResponse: Hashable, Sendable {
    public var text: String
    public var inputTokens: Int
    public var outputTokens: Int
    public var model: String

    public init(text: String, inputTokens: Int, outputTokens: Int, model: String) {
        self.text = text
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.model = model
    }
}

/// Why a provider call failed, in the terms failover decides on.
public struct ProviderFailure: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable {
        case timeout, rateLimited = "rate-limited", overloaded, serverError = "server-error"
        case malformedResponse = "malformed-response", unavailable, rejected
    }

    public let kind: Kind
    /// The provider's `retry-after`, when it sent one.
    public let retryAfter: Duration?
    public let message: String

    public init(_ kind: Kind, _ message: String, retryAfter: Duration? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// A language model provider. Conformers: the Anthropic Messages and OpenAI-compatible Chat
/// Completions adapters, and scripted fakes in tests.
public protocol LanguageModel: Sendable {
    /// `anthropic`, `openai-compatible`: names the provider in traces, the ledger and metrics.
    var provider: String { get }
    var supportsVision: Bool { get }
    /// Throws `ProviderFailure` for everything failover should act on.
    func complete(_ request: ModelRequest) async throws -> ModelResponse
}

/// Price per million tokens, from the configuration's price table.
public struct ModelPrice: Hashable, Sendable {
    public var inputPerMillion: Double
    public var outputPerMillion: Double

    public init(inputPerMillion: Double, outputPerMillion: Double) {
        self.inputPerMillion = inputPerMillion
        self.outputPerMillion = outputPerMillion
    }

    public func cost(input: Int, output: Int) -> Double {
        (Double(input) * inputPerMillion + Double(output) * outputPerMillion) / 1_000_000
    }
}

/// One model a route may use: the provider, the model name and what it costs.
public struct ModelOption: Sendable {
    public var model: any LanguageModel
    public var name: String
    public var price: ModelPrice

    public init(model: any LanguageModel, name: String, price: ModelPrice) {
        self.model = model
        self.name = name
        self.price = price
    }

    public var label: String { "\(model.provider)/\(name)" }

    /// The version of the prompts the executor and translation agent send: part of every
    /// LLM generator's identity, bumped when they change.
    public static let promptVersion = 1

    /// The generator this model is, in the registry and on every piece of copy it writes:
    /// provider + model + prompt version.
    public var generator: GeneratorIdentity {
        GeneratorIdentity(name: "llm:\(label)", version: "\(Self.promptVersion).0.0")
    }
}
