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
    /// The JSON object the answer must be, where the API can hold the model to a schema.
    public var output: StructuredOutput?

    public init(model: String, system: String, prompt: String, maxOutputTokens: Int = 1_200, imageURLs: [String] = [], output: StructuredOutput? = nil) {
        self.model = model
        self.system = system
        self.prompt = prompt
        self.maxOutputTokens = maxOutputTokens
        self.imageURLs = imageURLs
        self.output = output
    }
}

/// An answer's shape as a JSON Schema: sent as OpenAI's `response_format` (`json_schema`,
/// strict) and as Anthropic's one forced tool, whose input is the answer.
public struct StructuredOutput: Hashable, Sendable {
    /// `^[a-zA-Z0-9_-]{1,64}$`, as both APIs require of schema and tool names.
    public var name: String
    public var description: String
    /// An object schema in the subset both APIs' strict modes accept: every property
    /// required, `additionalProperties: false`.
    public var schema: JSON

    public init(name: String, description: String, schema: JSON) {
        self.name = name
        self.description = description
        self.schema = schema
    }
}

/// Tokens a call consumed, as the provider reported them.
public struct TokenUsage: Hashable, Sendable {
    public var input: Int
    public var output: Int

    public init(input: Int, output: Int) {
        self.input = input
        self.output = output
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
        /// The answer stopped at the output limit (`finish_reason` / `stop_reason`), cut off.
        case truncated
    }

    public let kind: Kind
    /// The provider's `retry-after`, when it sent one.
    public let retryAfter: Duration?
    public let message: String
    /// What the failed call consumed, when the provider said: charged as a failed call.
    public let usage: TokenUsage?

    public init(_ kind: Kind, _ message: String, retryAfter: Duration? = nil, usage: TokenUsage? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
        self.usage = usage
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
