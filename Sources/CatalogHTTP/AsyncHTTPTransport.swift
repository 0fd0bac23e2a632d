import AsyncHTTPClient
public import CatalogCore
import NIOCore
import NIOHTTP1

/// Every outbound call catalogd makes, through one AsyncHTTPClient: pooled connections,
/// per-request timeouts, bodies of bounded size.
public final class AsyncHTTPTransport: HTTPTransport {
    private let client: HTTPClient
    /// Responses larger than this are refused rather than buffered.
    private let maximumBodyBytes: Int

    /// - Parameters:
    ///   - followRedirects: false hands a 3xx back to the caller (to read its headers).
    ///   - connectTimeout: how long a connection may take to open, apart from the request's own
    ///     timeout, so an unreachable host is noticed in seconds.
    public init(maximumBodyBytes: Int = 16 << 20, followRedirects: Bool = true, connectTimeout: Duration = .seconds(3)) {
        var configuration = HTTPClient.Configuration()
        if !followRedirects { configuration.redirectConfiguration = .disallow }
        configuration.timeout = .init(connect: Self.timeAmount(connectTimeout), read: .seconds(120))
        configuration.decompression = .enabled(limit: .ratio(20))
        // The default of 8 connections per host would cap provider concurrency below the
        // pipeline's (16 runs in flight with providers).
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        // A refused connection fails the request at once: AsyncHTTPClient's default retries the
        // connection until the connect timeout (a closed port cost a shop's whole 30 s). The
        // adapters retry a failed connection themselves, briefly (`InCallRetry`).
        configuration.connectionPool.retryConnectionEstablishment = false
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.maximumBodyBytes = maximumBodyBytes
    }

    public func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseSpec {
        var outgoing = HTTPClientRequest(url: request.url)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for header in request.headers { outgoing.headers.add(name: header.name, value: header.value) }
        if let body = request.body { outgoing.body = .bytes(body) }
        do {
            let response = try await client.execute(outgoing, timeout: Self.timeAmount(request.timeout))
            let body = try await response.body.collect(upTo: maximumBodyBytes)
            return HTTPResponseSpec(
                status: Int(response.status.code),
                headers: response.headers.map { ($0.name, $0.value) },
                body: Array(body.readableBytesView)
            )
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw HTTPTransportError(.timeout, "\(error)")
        } catch let error as HTTPClientError {
            throw HTTPTransportError(.other, "\(error)")
        } catch let error as HTTPTransportError {
            throw error
        } catch {
            // Connection refused and resets surface as NIO channel errors.
            throw HTTPTransportError(.connectionFailed, "\(error)")
        }
    }

    private static func timeAmount(_ duration: Duration) -> TimeAmount {
        .nanoseconds(duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000)
    }

    /// Closes pooled connections; call once at shutdown.
    public func shutdown() async throws {
        try await client.shutdown()
    }
}

extension AsyncHTTPTransport {
    /// Runs `body` with a transport of its own, shut down after it whether `body` threw or
    /// not: what a one-off command (a dry run, an export's lookup) needs.
    public static func using<T: Sendable>(_ body: (AsyncHTTPTransport) async throws -> T) async throws -> T {
        let transport = AsyncHTTPTransport()
        do {
            let result = try await body(transport)
            try await transport.shutdown()
            return result
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }
}
