import CatalogCore
import CatalogHTTP
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// The one HTTP transport every adapter and provider uses.
@Suite struct TransportTests {
    /// A loopback port nothing listens on: bound, then closed.
    static func closedPort() throws -> Int {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
        }
        try #require(bound)
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Issue 27: a refused connection cost the request's whole timeout (30 s for a shop)
    /// because AsyncHTTPClient retried the connection until its deadline. It fails at once, as
    /// a failed connection (which the adapters may retry: nothing was sent). With a 60 s connect
    /// timeout, an answer within 20 s can only be the refusal itself (it takes milliseconds).
    @Test func aRefusedConnectionFailsAtOnce() async throws {
        let transport = AsyncHTTPTransport(connectTimeout: .seconds(60))
        let port = try Self.closedPort()
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
