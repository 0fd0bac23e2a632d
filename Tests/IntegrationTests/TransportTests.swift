import CatalogCore
import CatalogHTTP
import CatalogTestSupport
import Foundation
import Testing

/// The one HTTP transport every adapter and provider uses.
@Suite struct TransportTests {
    /// Issue 27: a refused connection cost the request's whole timeout (30 s for a shop)
    /// because AsyncHTTPClient retried the connection until its deadline. It fails at once, as
    /// a failed connection (which the adapters may retry: nothing was sent). With a 60 s connect
    /// timeout, an answer within 20 s can only be the refusal itself (it takes milliseconds).
    @Test func aRefusedConnectionFailsAtOnce() async throws {
        let transport = AsyncHTTPTransport(connectTimeout: .seconds(60))
        let port = LoopbackPort.closed()
        let outcome = await withTaskGroup(of: String?.self) { group in
            group.addTask {
                do {
                    _ = try await transport.send(HTTPRequestSpec(url: "http://127.0.0.1:\(port)/rest/all/V1/store/storeViews", timeout: .seconds(120)))
                    return "a closed port answered"
                } catch {
                    return InCallRetry.nothingWasSent(error) ? nil : "not a failed connection: \(error)"
                }
            }
            group.addTask {
                try? await Task.sleep(for: .seconds(20))
                return "still connecting after 20 s"
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
        #expect(outcome == nil, "\(outcome ?? "")")
        try await transport.shutdown()
    }
}
