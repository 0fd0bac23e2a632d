import CatalogCore
import CatalogPipeline
import CatalogTestSupport
import Testing

/// The model API answers in Tests/Fixtures/responses/{anthropic,openai-compatible}, each with
/// the exact reading the provider must make of it: text and token usage, or the failure kind
/// failover acts on, with its retry-after.
@Suite struct ModelResponseCorpusTests {
    static let anthropic: [String: String] = [
        "absurd-tokens.http": "failed: malformed-response: anthropic: the response has no usable usage.input_tokens and usage.output_tokens",
        "array-body.http": "failed: malformed-response: anthropic: the response body is not a JSON object",
        "boolean-tokens.http": "failed: malformed-response: anthropic: the response has no usable usage.input_tokens and usage.output_tokens",
        "error-in-200.http": "failed: server-error: anthropic answered an error with status 200: Internal server error",
        "fractional-tokens.http": "failed: malformed-response: anthropic: the response has no usable usage.input_tokens and usage.output_tokens",
        "html-page-200.http": "failed: malformed-response: anthropic: the response body is not a JSON object",
        "invalid-request-400.http": "failed: rejected: anthropic answered 400: max_tokens: Field required",
        "message.http": "text 65 characters, 412 in, 96 out, model claude-sonnet-4-5",
        "negative-tokens.http": "failed: malformed-response: anthropic: the response has no usable usage.input_tokens and usage.output_tokens",
        "no-content.http": "failed: malformed-response: anthropic: the response has no content array",
        "no-usage.http": "failed: malformed-response: anthropic: the response has no usable usage.input_tokens and usage.output_tokens",
        "overloaded-529.http": "failed: overloaded: anthropic answered 529: Overloaded (retry after 7.0 seconds)",
        "rate-limited-429.http": "failed: rate-limited: anthropic answered 429: Number of request tokens has exceeded your per-minute rate limit (retry after 30.0 seconds)",
        "refusal.http": "failed: rejected: anthropic: the answer was refused or filtered (refusal)",
        "retry-after-a-day-429.http": "failed: rate-limited: anthropic answered 429: Rate limited (retry after 300.0 seconds)",
        // `nan` (or `inf`) once trapped converting to a Duration.
        "retry-after-not-a-number-429.http": "failed: rate-limited: anthropic answered 429: Rate limited",
        "string-tokens.http": "failed: malformed-response: anthropic: the response has no usable usage.input_tokens and usage.output_tokens",
        "tool-use-only.http": "failed: malformed-response: anthropic: the response has no text (stop_reason tool_use)",
        "truncated.http": "failed: malformed-response: anthropic: the response body is not a JSON object",
    ]
    static let openAICompatible: [String: String] = [
        "busy-503.http": "failed: server-error: openai-compatible answered 503: server busy, try again",
        "chat-completion.http": "text 27 characters, 380 in, 41 out, model gpt-4o-mini-2024-07-18",
        "context-length-400.http": "failed: rejected: openai-compatible answered 400: This model's maximum context length is 8192 tokens. However, your messages resulted in 9120 tokens.",
        "deep-nesting.http": "failed: malformed-response: openai-compatible: the response body is not a JSON object",
        "empty-choices.http": "failed: malformed-response: openai-compatible: the response has no choices[0].message",
        "error-in-200.http": "failed: server-error: openai-compatible answered an error with status 200: The server had an error while processing your request.",
        "gateway-timeout-504.http": "failed: timeout: openai-compatible answered 504: <html><body>504 Gateway Time-out</body></html>",
        "negative-usage.http": "failed: malformed-response: openai-compatible: usage.prompt_tokens is not a whole, non-negative number",
        // Stopped at max_tokens: cut off, whatever it holds (issue 25).
        "no-content-length.http": "failed: truncated: openai-compatible: the answer stopped at max_tokens (1200) and is cut off",
        // No usage at all: four characters a token, as the ledger documents.
        "no-usage-llama-cpp.http": "text 27 characters, 9 in, 6 out, model llama-3.1-8b-instruct",
        "refusal.http": "failed: rejected: openai-compatible: the model refused: I can't help with that request.",
        "truncated.http": "failed: malformed-response: openai-compatible: the response body is not a JSON object",
    ]

    @Test func everyRecordedAnthropicAnswerReadsAsExpected() throws {
        let differences = try ResponseCorpus.differences(api: "anthropic", expected: Self.anthropic) { _, response in ModelAnswerReader.read(response, provider: "anthropic") }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }

    @Test func everyRecordedOpenAICompatibleAnswerReadsAsExpected() throws {
        let differences = try ResponseCorpus.differences(api: "openai-compatible", expected: Self.openAICompatible) { _, response in ModelAnswerReader.read(response, provider: "openai-compatible") }
        #expect(differences.isEmpty, "\(differences.joined(separator: "\n"))")
    }
}
