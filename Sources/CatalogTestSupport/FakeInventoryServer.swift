import CatalogCore
public import Foundation
import Hummingbird
import NIOCore

/// A loopback inventory feed: serves a JSON body with an ETag and Last-Modified, answers 304 to
/// a matching If-None-Match, and can fail the way real feeds do (500s, a body cut off mid-way,
/// a slow answer).
public final class FakeInventoryServer: @unchecked Sendable {
    // @unchecked: state is guarded by `lock`.
    public enum Mode: Sendable {
        case normal
        case status(Int)
        /// Sends only the first half of the body, with a 200.
        case truncated
        case slow(Duration)
    }

    private let lock = NSLock()
    private var body: Data
    private var mode = Mode.normal
    private var served: [(ifNoneMatch: String?, status: Int)] = []
    private var loopback = LoopbackServer()

    public init(body: String) {
        self.body = Data(body.utf8)
    }

    public var url: String { "http://127.0.0.1:\(lock.withLock { loopback.port })/stock.json" }
    public func setBody(_ text: String) { setBody(Data(text.utf8)) }
    /// Raw bytes, for bodies that are not UTF-8.
    public func setBody(_ bytes: Data) { lock.withLock { body = bytes } }
    public func setMode(_ newMode: Mode) { lock.withLock { mode = newMode } }
    /// Each request's If-None-Match and the status it got.
    public var requests: [(ifNoneMatch: String?, status: Int)] { lock.withLock { served } }

    public func start() async throws {
        let router = Router()
        router.get("/stock.json") { request, _ in try await self.handle(request) }
        var server = LoopbackServer()
        await server.start(router, label: "fake-inventory")
        lock.withLock { loopback = server }
    }

    public func stop() async {
        await lock.withLock { loopback }.stop()
    }

    private func handle(_ request: Request) async throws -> Response {
        let (body, mode) = lock.withLock { (self.body, self.mode) }
        let etag = "\"\(ContentHash(of: body).hex.prefix(16))\""
        let ifNoneMatch = request.headers[.ifNoneMatch]
        func answer(_ status: Int, _ payload: Data) -> Response {
            lock.withLock { served.append((ifNoneMatch, status)) }
            var headers: HTTPFields = [.contentType: "application/json", .eTag: etag]
            headers[.lastModified] = "Sun, 29 Nov 2026 10:00:00 GMT"
            return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: payload)))
        }
        switch mode {
        case .status(let code): return answer(code, Data("{\"error\": \"internal\"}".utf8))
        case .truncated: return answer(200, body.prefix(body.count / 2))
        case .slow(let delay): try await Task.sleep(for: delay)
        case .normal: break
        }
        if ifNoneMatch == etag { return answer(304, Data()) }
        return answer(200, body)
    }
}
