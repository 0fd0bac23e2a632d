public import CatalogCore
import Foundation

/// A transport between an adapter and its fake that lets every request reach the fake (so the
/// fake's state changes as it would) and, for a seeded share of them, garbles the response on
/// the way back: cut short, one byte flipped, an HTML error page with status 200, an empty
/// body, a JSON value of the wrong type, or a key removed. What a broken proxy or gateway
/// does; an adapter must turn each into an error or a manual-queue reason, never a crash, and
/// never report a write as landed unless it did.
public final class GarblingTransport: HTTPTransport, @unchecked Sendable {
    // @unchecked: state is guarded by `lock`.
    private let lock = NSLock()
    private var random: SeededGenerator
    private let upstream: any HTTPTransport
    private let rate: Double
    private var counts: [String: Int] = [:]

    public init(_ upstream: any HTTPTransport, rate: Double, seed: UInt64) {
        self.upstream = upstream
        self.rate = rate
        random = SeededGenerator(seed: seed)
    }

    /// How many responses were garbled, by kind.
    public var garbled: [String: Int] { lock.withLock { counts } }

    public func send(_ request: HTTPRequestSpec) async throws -> HTTPResponseSpec {
        var response = try await upstream.send(request)
        let (roll, kind, position) = lock.withLock { () -> (Double, Int, Int) in
            (Double.random(in: 0..<1, using: &random), Int.random(in: 0..<6, using: &random), Int.random(in: 0..<Int.max, using: &random))
        }
        guard roll < rate else { return response }
        let name: String
        switch kind {
        case 0:
            name = "truncated"
            response.body = Array(response.body.prefix(response.body.isEmpty ? 0 : position % response.body.count))
        case 1:
            name = "flipped byte"
            if !response.body.isEmpty { response.body[position % response.body.count] ^= 0x5A }
        case 2:
            name = "html page"
            response.body = Array("<html><body><h1>502 Bad Gateway</h1></body></html>".utf8)
            response.headers = [("Content-Type", "text/html")]
        case 3:
            name = "empty body"
            response.body = []
        case 4:
            name = "wrong type"
            response.body = Array(#"["not", "the", "object", 1]"#.utf8)
        default:
            name = "key removed"
            response.body = Self.removingAKey(response.body, position: position)
        }
        lock.withLock { counts[name, default: 0] += 1 }
        return response
    }

    /// The JSON object with one of its keys (at any depth) taken out, chosen by `position`.
    static func removingAKey(_ body: [UInt8], position: Int) -> [UInt8] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(body)) else { return body }
        var paths: [[String]] = []
        func collect(_ value: Any, _ path: [String]) {
            guard let dictionary = value as? [String: Any] else { return }
            for (key, child) in dictionary {
                paths.append(path + [key])
                collect(child, path + [key])
            }
        }
        collect(object, [])
        guard !paths.isEmpty else { return body }
        let victim = paths.sorted { $0.joined(separator: ".") < $1.joined(separator: ".") }[position % paths.count]
        func remove(_ value: Any, _ path: ArraySlice<String>) -> Any {
            guard var dictionary = value as? [String: Any], let key = path.first else { return value }
            if path.count == 1 {
                dictionary[key] = nil
            } else if let child = dictionary[key] {
                dictionary[key] = remove(child, path.dropFirst())
            }
            return dictionary
        }
        return (try? JSONSerialization.data(withJSONObject: remove(object, victim[...]))).map(Array.init) ?? body
    }
}

/// Publishes `items` the way the outbox does (a thrown push is tried again next round) until
/// each is settled or `rounds` run out, checking every `.published` against the shop:
/// `landed` reads back what the shop shows for an item's title.
public struct SettledPublishing: Sendable {
    /// Items still throwing after the last round.
    public var unsettled: [PublishItem] = []
    /// "SKU locale: reason" for each item handed to a person.
    public var manual: [String] = []
    /// Items reported published whose title the shop does not show.
    public var falseClaims: [String] = []

    public static func run(
        _ target: any CommerceTarget, items: [PublishItem], rounds: Int = 30, landed: (PublishItem) -> String?
    ) async -> SettledPublishing {
        var result = SettledPublishing()
        var waiting = items
        for _ in 0..<rounds where !waiting.isEmpty {
            var next: [PublishItem] = []
            for item in waiting {
                let label = "\(item.copy.sku) \(item.copy.locale)"
                do {
                    switch try await target.publish(item) {
                    case .published, .publishedWithNote:
                        let shown = landed(item)
                        if shown != item.copy.title { result.falseClaims.append("\(label): the shop shows \(shown ?? "nothing")") }
                    case .needsManualHandling(let reason), .keptShopCopy(let reason), .conflict(let reason, _):
                        result.manual.append("\(label): \(reason)")
                    }
                } catch {
                    next.append(item)
                }
            }
            waiting = next
        }
        result.unsettled = waiting
        return result
    }
}
