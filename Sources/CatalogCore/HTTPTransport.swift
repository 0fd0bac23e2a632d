/// An outbound HTTP request, as the adapters (LLM providers, CMS clients, inventory feeds)
/// describe it; the transport module sends it.
public struct HTTPRequestSpec: Sendable {
    public var method: String
    public var url: String
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]?
    public var timeout: Duration

    public init(method: String = "GET", url: String, headers: [(name: String, value: String)] = [], body: [UInt8]? = nil, timeout: Duration = .seconds(30)) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
    }
}

public struct HTTPResponseSpec: Sendable {
    public var status: Int
    /// Header names lowercased.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers.map { ($0.name.lowercased(), $0.value) }
        self.body = body
    }

    public func header(_ name: String) -> String? {
        let lowercased = name.lowercased()
        return headers.first { $0.name == lowercased }?.value
    }

    /// A response as it is kept in a file: a status line (`HTTP/1.1 200 OK`), header lines, an
    /// empty line, then the body byte for byte. Nil when the head is not of that form. The
    /// response corpus and the response fuzzers read answers this way.
    public init?(recorded bytes: [UInt8]) {
        var lines: [Substring] = []
        var start = 0
        var bodyStart: Int?
        for index in bytes.indices where bytes[index] == UInt8(ascii: "\n") {
            var line = Substring(String(decoding: bytes[start..<index], as: UTF8.self))
            if line.hasSuffix("\r") { line = line.dropLast() }
            start = index + 1
            if line.isEmpty {
                bodyStart = start
                break
            }
            lines.append(line)
        }
        guard let bodyStart, let statusLine = lines.first else { return nil }
        let parts = statusLine.split(separator: " ")
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]), (100...999).contains(status) else { return nil }
        var headers: [(name: String, value: String)] = []
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: ":") else { return nil }
            headers.append((String(line[..<colon]), String(line[line.index(after: colon)...].drop { $0 == " " })))
        }
        self.init(status: status, headers: headers, body: Array(bytes[bodyStart...]))
    }

    /// The start of the body as one line of text for an error message: at most `limit` bytes,
    /// whitespace runs (newlines of pretty-printed JSON, HTML indentation) folded to one space,
    /// and invalid UTF-8 shown as U+FFFD.
    public func bodyExcerpt(_ limit: Int = 200) -> String {
        let text = String(decoding: body.prefix(limit), as: UTF8.self)
        return text.split(whereSeparator: \.isWhitespace).joined(separator: " ") + (body.count > limit ? "…" : "")
    }

    /// `Retry-After` in seconds when it is a plain delay, capped at `limit` so a broken or
    /// hostile header cannot stall a client for hours (or trap on `inf`). Nil when absent,
    /// negative, not a number, or an HTTP date (which neither Shopify nor the model APIs send).
    public func retryAfter(limit: Double = 300) -> Double? {
        guard let text = header("Retry-After")?.filter({ !$0.isWhitespace }), let seconds = Double(text), seconds.isFinite, seconds >= 0 else {
            return nil
        }
        return min(seconds, limit)
    }
}

/// Why a request got no HTTP response at all.
public struct HTTPTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Hashable, Sendable { case timeout, connectionFailed = "connection-failed", other }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind.rawValue): \(message)" }
}

/// Sends HTTP requests. Conformers: the AsyncHTTPClient transport, and test doubles.
public protocol HTTPTransport: Sendable {
    /// Throws `HTTPTransportError` when no response arrived.
    func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseSpec
}
